"""The order's history names who did each thing (issue 18), in the window's timeline in both
languages and in the `history` command: a refund or logistics flag set by hand, a ship-by time set by
hand, and the chat messages, agreements and attachments sealed into the order's chain."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from seller_assistant.store import open_store, orders, shops
from seller_assistant.ui import desk_settings
from seller_assistant.ui.app import application, build_window
from seller_assistant.ui.i18n import install_translator

from .bundle_fixtures import add_disputed_order
from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def desk_person():
    """This desk's person is 阿伟 (the packing desk); none is left for the next test."""
    application()
    desk_settings.forget_for_tests()
    desk_settings.set_staff_name("阿伟")
    yield "阿伟"
    desk_settings.forget_for_tests()


@pytest.fixture
def chinese(qapp):
    app = application()
    installed = install_translator(app, "zh")
    yield
    for translator in installed:
        app.removeTranslator(translator)


def _texts(detail) -> list[str]:
    return [detail.timeline.topLevelItem(i).text(1) for i in range(detail.timeline.topLevelItemCount())]


def _detail(qtbot, store, order_id: int):
    window = build_window(store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("orders")
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 0)
    page.show_order(order_id)
    qtbot.waitUntil(lambda: page.detail.timeline.topLevelItemCount() > 0)
    return page.detail


def _first_awaiting(store) -> tuple[int, str]:
    return tuple(
        store.conn.execute(
            "SELECT id, order_no FROM orders WHERE shipped_at IS NULL AND status = 'paid'"
            " ORDER BY promised_ship_at LIMIT 1"
        ).fetchone()
    )


def test_flags_set_by_hand_name_who_set_them_in_the_timeline_and_the_history(
    qtbot, demo_store, desk_person, cli
):
    order_id, order_no = _first_awaiting(demo_store)
    detail = _detail(qtbot, demo_store, order_id)
    assert not any("by hand" in text for text in _texts(detail))
    qtbot.mouseClick(detail.buttons["refund"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(detail.buttons["logistics"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Logistics exception flagged by hand — by 阿伟" in _texts(detail))
    assert "Refund request flagged by hand — by 阿伟" in _texts(detail)

    # Another desk, another person: the command line names who flagged it on this one.
    result = cli("--as", "小美", "history", order_no)
    assert result.code == 0, result.err
    assert "Refund request flagged by hand (by 阿伟)" in result.out
    assert "Logistics exception flagged by hand (by 阿伟)" in result.out


def test_a_ship_by_time_set_by_hand_and_given_back_names_who(qtbot, demo_store, chinese):
    order_id, _ = _first_awaiting(demo_store)
    demo_store.staff = "阿伟"
    orders.set_promise_override(demo_store, order_id, NOW_EPOCH + 3 * 86400, NOW_EPOCH)
    demo_store.staff = "小美"
    orders.set_promise_override(demo_store, order_id, None, NOW_EPOCH + 60)
    shop_id = shops.require_shop(demo_store)  # a Chinese shop: its window and its words in Chinese
    shops.save_settings(demo_store, shop_id, shops.load_settings(demo_store, shop_id).updated(language="zh"))
    detail = _detail(qtbot, demo_store, order_id)
    texts = _texts(detail)
    assert "发货期限手动改为：2026-11-28 09:00（经办：阿伟）" in texts
    assert "发货期限改回按店铺规则计算（经办：小美）" in texts


def test_what_was_sealed_into_the_order_names_who_sealed_it(qtbot, store, desk_person):
    store.staff = "小美"  # the chat desk pasted the chat, recorded the agreement, added the photo
    disputed = add_disputed_order(store)
    detail = _detail(qtbot, store, disputed.order_id)
    texts = _texts(detail)
    assert "6 chat messages sealed — by 小美" in texts
    assert "Agreement recorded: 同意补偿10元，买家保留杯子 — by 小美" in texts
    assert "Attachment added: ../../裂纹照片.png — by 小美" in texts  # the name as it came
    assert any(text.startswith("Shipped") and text.endswith("— by 小美") for text in texts)


def _set_stage_from_the_chat_tab(qtbot, detail, stage_text: str) -> int:
    """Right-click the order's last chat message on its Chat tab and choose a stage, as a person does."""
    detail.tabs.setCurrentWidget(detail.chat)
    view = detail.chat.view
    qtbot.waitUntil(lambda: any(row.kind == "message" for row in view.rows()))
    last = [row for row in view.rows() if row.kind == "message"][-1]
    view.select_message(last.message["id"])
    menu = view.build_menu(last)
    stage_menu = next(action.menu() for action in menu.actions() if action.menu())
    next(action for action in stage_menu.actions() if action.text() == stage_text).trigger()
    return last.message["id"]


def test_a_messages_stage_set_by_hand_names_who_set_it(qtbot, store, cli):
    store.staff = "小美"  # the chat desk sealed the chat
    disputed = add_disputed_order(store)
    store.staff = "阿伟"  # the packing desk's person corrects a message's stage
    detail = _detail(qtbot, store, disputed.order_id)
    assert not any(text.startswith("Stage of chat message") for text in _texts(detail))
    message_id = _set_stage_from_the_chat_tab(qtbot, detail, "Pre-sale")
    expected = f"Stage of chat message {message_id} set by hand: pre-sale — by 阿伟"
    qtbot.waitUntil(lambda: expected in _texts(detail))
    # The same stage chosen again changes nothing, and records nothing.
    _set_stage_from_the_chat_tab(qtbot, detail, "Pre-sale")
    rows = store.conn.execute(
        "SELECT count(*) FROM order_edits WHERE order_id = ? AND field = 'message_stage'",
        (disputed.order_id,),
    ).fetchone()[0]
    assert rows == 1
    order_no = store.conn.execute(
        "SELECT order_no FROM orders WHERE id = ?", (disputed.order_id,)
    ).fetchone()[0]
    result = cli("history", order_no)
    assert result.code == 0, result.err
    assert f"Stage of chat message {message_id} set by hand: pre-sale (by 阿伟)" in result.out


def test_in_chinese_the_sealed_items_name_who_sealed_them(qtbot, store, chinese):
    store.staff = "小美"
    disputed = add_disputed_order(store)
    texts = _texts(_detail(qtbot, store, disputed.order_id))
    assert "封存 6 条聊天消息（经办：小美）" in texts
    assert "记录约定：同意补偿10元，买家保留杯子（经办：小美）" in texts
    assert "添加附件：../../裂纹照片.png（经办：小美）" in texts


def test_a_promise_made_at_one_desk_and_marked_kept_at_another_names_both(qtbot, demo_store, cli):
    order_id, order_no = _first_awaiting(demo_store)
    demo_store.close()  # the command line works on the store as another desk would
    assert cli("--as", "小美", "promise", order_no, "--report-back", "2026-11-26T10:00").code == 0
    assert cli("--as", "阿伟", "promise", order_no, "--kept").code == 0
    reopened = open_store(demo_store.location)
    try:
        texts = _texts(_detail(qtbot, reopened, order_id))
        assert any(t.startswith("Promised the buyer: report back") and t.endswith("— by 小美") for t in texts)
        assert "Promise kept — by 阿伟" in texts
    finally:
        reopened.close()
