"""Playbook templates: valid, guarded, filled with the order's real facts, asking for missing ones."""

from __future__ import annotations

import re

import pytest

from seller_assistant.core import playbook, reply_guard
from seller_assistant.core.clock import zone
from seller_assistant.core.errors import UserError
from seller_assistant.core.suggest import suggest
from seller_assistant.store import replies

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

TZ = zone("Asia/Shanghai")
HOUR = 3600


def _suggest(state, message=None, lang="zh", chosen=None):
    return suggest(
        message, state, now=NOW_EPOCH, tz=TZ, lang=lang, due_soon_lead_seconds=6 * HOUR, chosen=chosen
    )


def test_shipped_templates_are_valid_and_break_no_rule_of_the_guidance():
    templates = playbook.load_templates()
    assert len(templates) >= 20
    for template in templates:
        for lang in ("zh", "en"):
            assert not reply_guard.check(template.text(lang)), (template.id, lang)
    habits = {t.habit for t in templates}
    assert habits == set(playbook.HABITS)


@pytest.mark.parametrize(
    "situation",
    [
        "cannot_ship_in_time",
        "urge_received",
        "logistics_normal_perishable",
        "logistics_abnormal",
        "after_sales_chat",
        "refund_requested",
        "dispute_open",
    ],
)
def test_every_situation_has_templates_in_both_languages(situation):
    fitting = [t for t in playbook.load_templates() if situation in t.situations]
    assert len(fitting) >= 2
    assert all(t.zh and t.en for t in fitting)


def test_every_reply_for_a_demo_order_has_its_real_facts_and_no_placeholder(demo_store):
    chosen = {"new_date": NOW_EPOCH + 8 * HOUR, "report_back_at": NOW_EPOCH + 3 * HOUR}
    order_ids = [row["id"] for row in replies.orders_needing_reply(demo_store, 1, NOW_EPOCH, 6 * HOUR)]
    assert order_ids
    seen = 0
    for order_id in order_ids:
        state = replies.order_state(demo_store, order_id)
        for lang in ("zh", "en"):
            for reply in _suggest(state, lang=lang, chosen=chosen).replies:
                if reply.text is None:
                    assert reply.needs  # it says what it needs instead
                    continue
                seen += 1
                assert not re.search(r"\{[a-z_]+\}", reply.text), reply.text
                used = playbook._fields(
                    next(t for t in playbook.load_templates() if t.id == reply.template_id).text(lang)
                )
                if "order_no" in used:
                    assert state.order["order_no"] in reply.text
                if "buyer" in used:
                    assert state.order["buyer"] in reply.text
    assert seen > 10


def test_cannot_ship_reply_offers_refund_with_the_order_amount(demo_store):
    order_id = next(
        r["id"]
        for r in replies.orders_needing_reply(demo_store, 1, NOW_EPOCH, 6 * HOUR)
        if r["reason"] == "cannot_ship_in_time"
    )
    state = replies.order_state(demo_store, order_id)
    result = _suggest(
        state, "还没发货吗", chosen={"new_date": NOW_EPOCH + 10 * HOUR, "reason": "waiting_supplier"}
    )
    assert result.situation.primary == "cannot_ship_in_time"
    cents = state.order["amount_cents"]
    amount = f"¥{cents // 100}.{cents % 100:02d}"
    texts = [r.text for r in result.replies if r.text]
    assert any(amount in text and "退款" in text for text in texts)
    assert any("11月25日 19:00" in text for text in texts)  # the new date, in the shop's time
    assert all("等供应商到货" in text for text in texts if "原因" in text)  # the reason the shop gave
    assert "record_commitment" in result.actions and "accept_refund" in result.actions


def test_a_missing_fact_is_asked_for_not_left_as_a_placeholder(demo_store):
    order_id = next(
        r["id"]
        for r in replies.orders_needing_reply(demo_store, 1, NOW_EPOCH, 6 * HOUR)
        if r["reason"] == "urge_received"
    )
    result = _suggest(replies.order_state(demo_store, order_id), "什么时候发货")
    waiting = [r for r in result.replies if r.text is None]
    assert waiting and all("new_date" in r.needs for r in waiting)
    assert all(r.to_json()["text"] is None for r in waiting)
    # The draft shows the gap in words the shop reads, never as a placeholder or a list of needs.
    assert all("【待填：发货时间】" in r.draft and "{" not in r.draft for r in waiting)


def test_logistics_reply_says_we_contact_the_courier_and_offers_options(demo_store):
    order_id = demo_store.conn.execute(
        "SELECT id FROM orders WHERE status = 'shipped' AND perishable = 0"
        " AND tracking_no IS NOT NULL LIMIT 1"
    ).fetchone()[0]
    state = replies.order_state(demo_store, order_id)
    result = _suggest(state, "物流三天没更新了", lang="en", chosen={"report_back_at": NOW_EPOCH + 4 * HOUR})
    assert result.situation.primary == "logistics_abnormal"
    best = result.replies[0].text
    assert state.order["tracking_no"] in best and "Nov 25, 13:00" in best
    assert "contact_courier_and_set_reminder" in result.actions


def test_bad_template_file_names_the_file_and_key(tmp_path):
    bad = tmp_path / "mine.replies.toml"
    bad.write_text(
        '[[template]]\nid = "x"\nhabit = "shout"\nintents = ["other"]\nzh = "好"\nen = "ok"\n',
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=r"mine.replies.toml.*\(x\).*'habit'"):
        playbook.read_template_file(bad)
    bad.write_text(
        '[[template]]\nid = "x"\nhabit = "communicate"\nintents = ["other"]\nzh = "{coupon}"\nen = "ok"\n',
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=r"unknown placeholder \{coupon\}"):
        playbook.read_template_file(bad)


def test_shop_templates_are_saved_beside_the_store_and_used(store):
    own = playbook.Template(
        id="shop.thanks",
        habit="communicate",
        zh="谢谢{buyer}，欢迎再来！",
        en="Thanks {buyer}, come again!",
        intents=("other",),
    )
    path = replies.save_shop_templates(store, [own])
    # Beside the store file; a shared store's in the shop's shared folder, where every desk reads it.
    assert path.parent == (store.attachments_dir.parent if store.shared else store.path.parent)
    assert [t.id for t in replies.load_shop_templates(store)] == ["shop.thanks"]
    assert any(t.id == "shop.thanks" for t in replies.all_templates(store))


def test_a_template_file_edited_by_hand_is_read_again(tmp_path):
    """Files are parsed once while they stay the same (the reply panel asks on every order it
    shows); a shop editing its file in a text editor sees the new text at the next order."""
    path = tmp_path / "shop.replies.toml"
    entry = '[[template]]\nid = "shop.thanks"\nhabit = "communicate"\nintents = ["other"]\nzh = "{zh}"\nen = "{en}"\n'
    path.write_text(entry.format(zh="谢谢", en="Thanks"), encoding="utf-8")
    assert [t.en for t in playbook.read_template_file(path)] == ["Thanks"]
    assert [t.en for t in playbook.read_template_file(path)] == ["Thanks"]
    path.write_text(entry.format(zh="谢谢，欢迎再来", en="Thanks, come again"), encoding="utf-8")
    assert [t.en for t in playbook.read_template_file(path)] == ["Thanks, come again"]
