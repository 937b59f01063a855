"""Replies state only facts the order or the shop supplied: gaps stay visible, offers follow the goods."""

from __future__ import annotations

import re

import pytest

from seller_assistant.core import playbook
from seller_assistant.core.clock import zone
from seller_assistant.core.suggest import format_time, suggest
from seller_assistant.store import orders, replies

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

TZ = zone("Asia/Shanghai")
HOUR = 3600
TEMPLATES = playbook.load_templates()
# One value per fact that no template could contain by chance: if it shows, it was supplied.
SUPPLIED = {name: f"«{name.upper()}»" for name in playbook.PLACEHOLDERS}
# What a template might be tempted to make up: a reason, a stock level, a deed done, a time span.
INVENTED = (
    "缺货",
    "没货",
    "库存",
    "没安排好",
    "出了点状况",
    "打包",
    "专人",
    "已经在",
    "确实不正常",
    "预计",
    "两三天",
    "今天",
    "明天",
    "小时",
    "天内",
    "stock",
    "being packed",
    "something came up",
    "already being",
    "already chasing",
    "does look wrong",
    "today",
    "tomorrow",
    " hour",
    " day",
    "arrive soon",
)
GOODS_REMEDIES = ("补发", "换货", "换新", "补寄", "退货", "reship", "replacement", "exchange", "return")


def _suggest(message, state=None, lang="zh", chosen=None):
    return suggest(
        message, state, now=NOW_EPOCH, tz=TZ, lang=lang, due_soon_lead_seconds=6 * HOUR, chosen=chosen
    )


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_template_states_no_fact_that_was_not_supplied(template, lang):
    used = set(template.placeholders(lang))
    complete = playbook.fill(template, lang, SUPPLIED)
    assert complete.text is not None and "{" not in complete.text
    for name in playbook.PLACEHOLDERS:
        without = {k: v for k, v in SUPPLIED.items() if k != name}
        reply = playbook.fill(template, lang, without)
        assert SUPPLIED[name] not in reply.draft
        if name not in used or name in playbook.SOFT_DEFAULTS:
            assert reply.text == reply.draft  # a fact it does not state (or a greeting) is no gap
            continue
        # The reply cannot be sent: it shows the gap in words, never a placeholder.
        assert reply.text is None and reply.needs == [name]
        assert playbook.gap(name, lang) in reply.draft and "{" not in reply.draft


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_a_template_invents_no_reason_date_or_deed_of_its_own(template):
    for lang in ("zh", "en"):
        words = re.sub(r"\{[a-z_]+\}", " ", template.text(lang)).lower()
        assert not re.search(r"\d", words), (template.id, lang)
        assert not [w for w in INVENTED if w in words], (template.id, lang)


def test_a_reason_is_stated_only_as_the_shop_gave_it():
    late = next(t for t in TEMPLATES if t.id == "cannot_ship.tell_first")
    facts = {**SUPPLIED, "reason": None}
    assert playbook.fill(late, "zh", facts).needs == ["reason"]
    chosen = _suggest("还没发货吗", chosen={"reason": "made_to_order"}).facts
    assert chosen["reason"] == "这款是定制的，需要制作时间"
    typed = _suggest("还没发货吗", chosen={"reason": "仓库盘点"}, lang="en").facts
    assert typed["reason"] == "仓库盘点"  # the shop's own words, as typed


def _unshipped_order(store, late: bool) -> int:
    op = "<" if late else ">"
    return store.conn.execute(
        f"SELECT id FROM orders WHERE status = 'paid' AND shipped_at IS NULL AND promised_ship_at {op} ? "
        "AND refund_status IS NULL AND id NOT IN (SELECT order_id FROM help_events) LIMIT 1",
        (NOW_EPOCH - HOUR if late else NOW_EPOCH + 12 * HOUR,),
    ).fetchone()[0]


@pytest.mark.parametrize(
    "message",
    [
        "东西坏了",
        "质量太差了",
        "我要退款",
        "怎么还不发货，再不发我就投诉了",
        "我要投诉",
        "物流怎么不动了",
        "和图片不一样",
    ],
)
def test_an_unshipped_order_is_never_offered_a_remedy_for_goods_the_buyer_does_not_have(demo_store, message):
    for late in (True, False):
        state = replies.order_state(demo_store, _unshipped_order(demo_store, late))
        result = _suggest(message, state, chosen={"new_date": NOW_EPOCH + 9 * HOUR, "reason": "out_of_stock"})
        assert result.replies, message
        for reply in result.replies:
            assert not [w for w in GOODS_REMEDIES if w in reply.draft], (message, reply.template_id)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_threat_about_an_unshipped_order_with_no_order_picked_gets_the_ship_time_and_the_apology(lang):
    result = _suggest("怎么还不发货，再不发我就投诉了", lang=lang)
    assert result.needs[:2] == ["escalation", "urge_shipping"]
    top = result.replies[0]
    apology = "抱歉" if lang == "zh" else "sorry"
    assert apology in top.draft and top.needs == ["new_date"]  # the ship time is asked for, not made up
    for reply in result.replies:
        assert not [w for w in GOODS_REMEDIES if w in reply.draft.lower()], reply.template_id
    ship_by = NOW_EPOCH + 30 * HOUR
    filled = _suggest("怎么还不发货，再不发我就投诉了", lang=lang, chosen={"new_date": ship_by}).replies[0]
    assert apology in filled.text and format_time(ship_by, TZ, lang) in filled.text


def test_with_no_order_and_nothing_said_about_the_goods_the_reply_asks_instead_of_offering():
    for message in ("我要投诉你们", "我要退款"):
        result = _suggest(message)
        assert result.replies, message
        for reply in result.replies:
            assert not [w for w in GOODS_REMEDIES if w in reply.draft], (message, reply.template_id)
            assert reply.template_id in {t.id for t in TEMPLATES if t.order_state in ("any", "unknown")}


def test_a_buyer_who_describes_the_goods_may_be_offered_a_remedy_without_an_order():
    result = _suggest("收到的杯子碎了")
    assert any("补发" in reply.draft for reply in result.replies)


def test_once_the_order_ships_the_same_message_gets_the_shipped_reply(demo_store):
    order_id = _unshipped_order(demo_store, late=True)
    before = _suggest("什么时候发货", replies.order_state(demo_store, order_id))
    assert before.situation.primary == "cannot_ship_in_time"
    orders.ship_order(demo_store, order_id, NOW_EPOCH - 60, "78812345678901", "中通快递", NOW_EPOCH)
    after = _suggest("什么时候发货", replies.order_state(demo_store, order_id))
    assert after.replies[0].template_id == "urge.already_shipped"
    assert "78812345678901" in after.replies[0].text
    assert not any(r.template_id.startswith("cannot_ship") for r in after.replies)


def test_a_promise_already_past_is_not_offered_again_as_the_ship_date(demo_store):
    from seller_assistant.store import commitments

    order_id = _unshipped_order(demo_store, late=True)
    commitments.add_commitment(
        demo_store,
        1,
        order_id,
        "ship_by",
        NOW_EPOCH - 2 * HOUR,
        NOW_EPOCH - 30 * HOUR,
        "agreed in chat",
        None,
    )
    result = _suggest("什么时候发货", replies.order_state(demo_store, order_id))
    assert "new_date" not in result.facts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_editor_shows_every_field_as_a_label_and_saves_it_back_unchanged(lang):
    for template in TEMPLATES:
        for text in (template.zh, template.en):
            shown = playbook.fields_as_labels(text, lang)
            assert "{" not in shown and "}" not in shown
            assert playbook.labels_as_fields(shown, lang) == text
    # The shop's own brackets are its text, not a field.
    assert playbook.labels_as_fields("【包邮】【买家昵称】", "zh") == "【包邮】{buyer}"


@pytest.mark.parametrize("late", [True, False])
def test_a_threat_on_an_unshipped_order_is_answered_with_the_ship_time_and_the_apology(demo_store, late):
    state = replies.order_state(demo_store, _unshipped_order(demo_store, late))
    ship_by = NOW_EPOCH + 9 * HOUR
    result = _suggest("再不发货我就投诉你们", state, chosen={"new_date": ship_by})
    assert "urge_received" in result.situation.all
    assert {"escalation", "urge_shipping"} <= set(result.needs)  # whichever the classifier puts first
    top = result.replies[0]
    assert "抱歉" in top.draft and format_time(ship_by, TZ, "zh") in top.draft
