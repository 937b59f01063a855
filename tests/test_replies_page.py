"""The Replies page and reply panel: paste, pick, copy, log to evidence with its commitment."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from seller_assistant.store import chats, commitments, evidence
from seller_assistant.ui.app import application, build_window

from .conftest import NOW_EPOCH
from .typing_helpers import choose, click, type_text

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def window(qtbot, demo_store):
    application()
    win = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(win)
    win.resize(1280, 860)
    win.show()
    return win


def _urged_order(store) -> int:
    return store.conn.execute(
        "SELECT o.id FROM orders o JOIN work_orders w ON w.order_id = o.id WHERE w.answered_at IS NULL"
        " AND o.promised_ship_at > ? LIMIT 1",
        (NOW_EPOCH + 6 * 3600,),
    ).fetchone()[0]


def test_reply_requested_loads_the_order_and_its_latest_buyer_message(window, demo_store):
    order_id = _urged_order(demo_store)
    window.ctx.reply_requested.emit(order_id)
    page = window.pages["replies"]
    assert window.stack.currentWidget() is page
    assert page.panel.order_id == order_id
    assert "什么时候发货" in page.panel.message_edit.toPlainText()
    assert "催发货" in page.panel.intent_label.text() or "Urging" in page.panel.intent_label.text()


def type_message(qtbot, panel, text: str) -> None:
    panel.message_edit.clear()
    type_text(qtbot, panel.message_edit, text)


def logged_replies(store, order_id: int) -> list[dict]:
    return [m for m in chats.messages_for_order(store, order_id) if m["source"] == "reply"]


def test_paste_pick_copy_and_log_keeps_the_reply_and_its_promise(window, demo_store, qtbot):
    order_id = _urged_order(demo_store)
    page = window.show_page("replies")
    page.load_order(order_id)
    panel = page.panel
    type_message(qtbot, panel, "亲，到底什么时候发货？急用！")
    assert "什么时候发" in panel.reasons_label.text()
    # The top reply needs a ship time: the panel asks for it and will not copy a reply with a gap.
    ship_by = panel.facts_form.date_rows["new_date"][1]
    assert ship_by.isVisible() and ship_by.currentData() is None
    assert "【待填：发货时间】" in panel.editor.toPlainText()
    assert not panel.copy_button.isEnabled() and not panel.log_button.isEnabled()
    assert "发货时间" in panel.needs_label.text() or "ship-by" in panel.needs_label.text()

    choose(qtbot, ship_by)
    promised = ship_by.currentData()
    text = panel.editor.toPlainText()
    assert text and "{" not in text and "待填" not in text
    chosen_id = panel.selected_reply().template_id

    click(qtbot, panel.copy_button)
    assert QApplication.clipboard().text() == text

    click(qtbot, panel.log_button)
    assert panel.confirm_bar.isVisible()
    assert "permanent" in panel.confirm_label.text() or "永久" in panel.confirm_label.text()
    assert logged_replies(demo_store, order_id) == []  # nothing is sealed before the shop confirms
    click(qtbot, panel.confirm_button)
    sent = logged_replies(demo_store, order_id)
    assert [m["text"] for m in sent] == [text]
    assert sent[0]["template_id"] == chosen_id
    made = [
        c for c in commitments.commitments_for_order(demo_store, order_id) if c["message_id"] == sent[0]["id"]
    ]
    assert [(c["kind"], c["due_at"]) for c in made] == [("ship_by", promised)]


def _late_order(store) -> int:
    return store.conn.execute(
        "SELECT id FROM orders WHERE status = 'paid' AND shipped_at IS NULL AND promised_ship_at < ? "
        "AND refund_status IS NULL AND id NOT IN (SELECT order_id FROM help_events) LIMIT 1",
        (NOW_EPOCH - 3600,),
    ).fetchone()[0]


def test_a_late_orders_reply_is_copied_only_once_the_shop_gave_the_reason_and_says_only_that(
    window, demo_store, qtbot
):
    order_id = _late_order(demo_store)
    page = window.show_page("replies")
    page.load_order(order_id)
    panel = page.panel
    type_message(qtbot, panel, "还没发货吗")
    assert panel.selected_reply().template_id.startswith("cannot_ship")
    form = panel.facts_form
    assert form.reason_combo.isVisible() and form.reason_combo.currentData() is None
    choose(qtbot, form.date_rows["new_date"][1], 2)
    # The date alone is not enough: the reason is still a gap, and nothing can leave the panel.
    assert "【待填：延迟原因】" in panel.editor.toPlainText()
    assert not panel.copy_button.isEnabled() and not panel.log_button.isEnabled()
    assert "延迟原因" in panel.needs_label.text() or "reason for the delay" in panel.needs_label.text()

    choose(qtbot, form.reason_combo, 2)  # the second choice: waiting for the supplier
    assert form.reason_combo.currentData() == "waiting_supplier"
    text = panel.editor.toPlainText()
    assert "我们在等供应商到货" in text and panel.copy_button.isEnabled()
    for invented in ("缺货", "揽收", "定制", "待填", "{", "需要补充"):
        assert invented not in text
    click(qtbot, panel.log_button)
    click(qtbot, panel.confirm_button)
    assert QApplication.clipboard().text() == text
    logged = logged_replies(demo_store, order_id)
    assert [m["text"] for m in logged] == [text]
    # What reaches a dispute bundle is the sealed item in the order's chain: the same characters.
    sealed = [
        item
        for item in evidence.chain_for_order(demo_store, order_id)
        if item["item_type"] == "message" and item["item_id"] == logged[0]["id"]
    ]
    assert [item["content"]["text"] for item in sealed] == [text]


def test_the_shop_can_type_its_own_reason(window, demo_store, qtbot):
    page = window.show_page("replies")
    page.load_order(_late_order(demo_store))
    panel = page.panel
    type_message(qtbot, panel, "还没发货吗")
    form = panel.facts_form
    choose(qtbot, form.date_rows["new_date"][1])
    choose(qtbot, form.reason_combo, 5)  # "Other (type it)…"
    assert form.reason_other.isVisible()
    assert not panel.copy_button.isEnabled()  # an empty reason is no reason
    type_text(qtbot, form.reason_other, "仓库搬迁")
    assert "原因是仓库搬迁" in panel.editor.toPlainText() and panel.copy_button.isEnabled()


def test_shipping_the_order_with_its_reply_tab_open_changes_the_proposed_reply(window, demo_store, qtbot):
    order_id = _late_order(demo_store)
    window.ctx.order_requested.emit(order_id)
    detail = window.pages["orders"].detail
    tabs = detail.tabs
    reply_tab = tabs.indexOf(detail.reply)
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(reply_tab).center())
    panel = detail.reply
    assert panel.isVisible()
    type_message(qtbot, panel, "什么时候发货")
    assert panel.selected_reply().template_id.startswith("cannot_ship")

    click(qtbot, detail.buttons["ship"])
    dialog = detail.dialog
    dialog.tracking.clear()
    qtbot.keyClicks(dialog.tracking, "78812345678901")
    dialog.carrier.clear()
    type_text(qtbot, dialog.carrier, "中通快递")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))

    # Without touching the panel: it re-read the order, and proposes what is true now.
    assert (
        "无法按时发货" not in panel.situation_label.text()
        and "Cannot ship" not in panel.situation_label.text()
    )
    assert panel.selected_reply().template_id == "urge.already_shipped"
    assert "78812345678901" in panel.editor.toPlainText() and panel.copy_button.isEnabled()
    ids = [panel.reply_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.reply_list.count())]
    assert not [i for i in ids if i.startswith("cannot_ship")]


def test_a_threat_about_an_unshipped_order_gets_the_ship_time_and_the_apology(window, qtbot):
    page = window.show_page("replies")
    click(qtbot, page.no_order_button)
    panel = page.panel
    type_message(qtbot, panel, "怎么还不发货，再不发我就投诉了")
    assert not panel.copy_button.isEnabled()
    choose(qtbot, panel.facts_form.date_rows["new_date"][1])
    text = panel.editor.toPlainText()
    assert "抱歉" in text and "前发出" in text and "待填" not in text
    for offer in ("补发", "换货", "退货"):
        assert offer not in text  # the buyer has no goods to send back
    click(qtbot, panel.copy_button)
    assert QApplication.clipboard().text() == text
    assert not panel.log_button.isEnabled()  # no order: nothing to keep it on


def test_typing_a_forbidden_reply_warns_live(window):
    page = window.show_page("replies")
    page.load_order(None)
    page.panel.editor.setPlainText("物流的问题您自己联系快递吧")
    assert "自己联系" in page.panel.warnings_label.text()
    page.panel.editor.setPlainText("我们马上联系快递核实，今天给您回复")
    assert page.panel.warnings_label.text() == ""


def test_without_an_order_a_pasted_message_still_gets_replies_but_cannot_be_logged(window):
    page = window.show_page("replies")
    page.load_order(None)
    page.panel.set_message("The mug arrived broken")
    assert page.panel.reply_list.count() >= 1
    assert not page.panel.log_button.isEnabled()


def test_orders_to_answer_are_listed_and_the_most_urgent_is_opened(window, qtbot):
    page = window.show_page("replies")
    qtbot.waitUntil(lambda: page.order_list.count() >= 5)
    assert page.panel.order_id == page.order_list.item(0).data(Qt.ItemDataRole.UserRole)


def test_screenshot_of_the_replies_page(window, demo_store, tmp_path):
    window.ctx.reply_requested.emit(_urged_order(demo_store))
    path = tmp_path / "replies.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_template_editor_saves_the_shops_own_reply(window, demo_store, qtbot):
    from seller_assistant.store import replies
    from seller_assistant.ui.template_editor import TemplateEditor

    dialog = TemplateEditor(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.add_template()
    dialog.id_edit.setText("shop.gift_wrap")
    dialog.zh_edit.setPlainText("{buyer}您好，礼盒包装已经为您备注好了。")
    dialog.en_edit.setPlainText("Hi {buyer}, gift wrapping is noted for your order.")
    dialog.save()
    assert [t.id for t in replies.load_shop_templates(demo_store)] == ["shop.gift_wrap"]


def test_template_editor_shows_the_shops_words_and_saves_the_ids(window, demo_store, qtbot):
    from PySide6.QtCore import Qt

    from seller_assistant.core.changes import Changes
    from seller_assistant.store import replies, shops
    from seller_assistant.ui.template_editor import TemplateEditor

    # Chinese labels for the shop, written to the store directly: saving the language through the
    # window would (rightly) rebuild the window in Chinese, which is not what this test is about.
    shops.save_settings(demo_store, window.ctx.shop_id, window.ctx.settings.updated(language="zh"))
    window.ctx.notify_changed(Changes(settings=True))
    dialog = TemplateEditor(window.ctx, window)
    qtbot.addWidget(dialog)
    habits = [dialog.habit.itemText(i) for i in range(dialog.habit.count())]
    assert "积极沟通" in habits
    dialog.add_template()
    dialog.id_edit.setText("shop.urge_today")
    dialog.zh_edit.setPlainText("{buyer}您好，今天一定发出。")
    dialog.en_edit.setPlainText("Hi {buyer}, it ships today.")
    urge = next(
        dialog.intents.item(i)
        for i in range(dialog.intents.count())
        if dialog.intents.item(i).data(Qt.ItemDataRole.UserRole) == "urge_shipping"
    )
    assert urge.text() != "urge_shipping"
    urge.setCheckState(Qt.CheckState.Checked)
    dialog.save()
    saved = replies.load_shop_templates(demo_store)[0]
    assert "urge_shipping" in saved.intents and saved.habit in ("communicate", "negotiate", "act_fast")


def test_template_editor_refuses_an_unknown_placeholder(window, demo_store, qtbot):
    from seller_assistant.ui.template_editor import TemplateEditor

    dialog = TemplateEditor(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.add_template()
    dialog.zh_edit.setPlainText("{coupon}")
    dialog.en_edit.setPlainText("x")
    dialog.save()
    assert "unknown placeholder {coupon}" in dialog.error_label.text()


def test_template_editor_inserts_a_field_by_button_and_previews_it_on_a_real_order(window, demo_store, qtbot):
    from seller_assistant.core.changes import Changes
    from seller_assistant.store import replies, shops
    from seller_assistant.ui.template_editor import TemplateEditor

    # Chinese labels for the shop, written to the store directly: saving the language through the
    # window would (rightly) rebuild the window in Chinese, which is not what this test is about.
    shops.save_settings(demo_store, window.ctx.shop_id, window.ctx.settings.updated(language="zh"))
    window.ctx.notify_changed(Changes(settings=True))
    dialog = TemplateEditor(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, dialog.add_button)
    type_text(qtbot, dialog.id_edit, "shop.tracking_hello")
    type_text(qtbot, dialog.zh_edit, "您好")
    click(qtbot, dialog.field_bar.buttons["buyer"])  # named in the shop's language
    assert dialog.field_bar.buttons["buyer"].text() == "买家昵称"
    type_text(qtbot, dialog.zh_edit, "，单号是")
    click(qtbot, dialog.field_bar.buttons["tracking_no"])
    # The shop reads fields as labels, never as {placeholders}.
    assert dialog.zh_edit.toPlainText() == "您好【买家昵称】，单号是【快递单号】"

    order_id = dialog.preview.order_combo.currentData()
    order = demo_store.conn.execute(
        "SELECT buyer, tracking_no FROM orders WHERE id = ?", (order_id,)
    ).fetchone()
    shown = dialog.preview.zh.text()
    assert shown.startswith(f"您好{order[0]}，单号是")
    assert (order[1] or "") in shown and "{" not in shown and "【买家昵称】" not in shown

    qtbot.mouseClick(dialog.en_edit, Qt.MouseButton.LeftButton)
    type_text(qtbot, dialog.en_edit, "Hi ")
    click(qtbot, dialog.field_bar.buttons["buyer"])
    assert dialog.en_edit.toPlainText() == "Hi 【买家昵称】"
    assert dialog.preview.en.text() == f"Hi {order[0]}"

    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    saved = replies.load_shop_templates(demo_store)[0]
    assert (saved.zh, saved.en) == (
        "您好{buyer}，单号是{tracking_no}",
        "Hi {buyer}",
    )  # the file keeps its format


def test_template_editor_shows_a_copied_templates_fields_as_labels_and_the_gaps_in_its_preview(window, qtbot):
    from seller_assistant.core.changes import Changes
    from seller_assistant.store import shops
    from seller_assistant.ui.template_editor import TemplateEditor

    # Chinese labels for the shop, written to the store directly: saving the language through the
    # window would (rightly) rebuild the window in Chinese, which is not what this test is about.
    shops.save_settings(window.ctx.store, window.ctx.shop_id, window.ctx.settings.updated(language="zh"))
    window.ctx.notify_changed(Changes(settings=True))
    dialog = TemplateEditor(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    start = dialog.start_from
    choose(qtbot, start, start.findData("cannot_ship.tell_first"))
    click(qtbot, dialog.add_button)
    text = dialog.zh_edit.toPlainText()
    assert "【延迟原因】" in text and "【答应的发货时间】" in text and "{" not in text
    # Only the shop can give the reason: the preview shows it as the gap the reply panel will ask for.
    assert "【待填：延迟原因】" in dialog.preview.zh.text()


def test_the_orders_to_answer_are_read_off_the_gui_thread(qtbot, window, monkeypatch):
    """At a million orders this list took seconds to read: the page asks a worker, and the list
    (and the most urgent order in the panel) follow."""
    import threading

    from seller_assistant.store import replies

    threads: list[threading.Thread] = []
    real = replies.orders_needing_reply

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(replies, "orders_needing_reply", recording)
    page = window.show_page("replies")
    qtbot.waitUntil(lambda: page.order_list.count() > 0 and page.panel.order_id is not None, timeout=10_000)
    assert threads and all(thread is not threading.main_thread() for thread in threads)
    assert page.panel.order_id == page.order_list.item(0).data(Qt.ItemDataRole.UserRole)
