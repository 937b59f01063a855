"""The Replies page and reply panel: paste, pick, copy, log to evidence with its commitment."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from seller_assistant.store import chats, commitments
from seller_assistant.ui.app import application, build_window

from .conftest import NOW_EPOCH


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
        " AND o.promised_ship_at > ? LIMIT 1", (NOW_EPOCH + 6 * 3600,)).fetchone()[0]


def test_reply_requested_loads_the_order_and_its_latest_buyer_message(window, demo_store):
    order_id = _urged_order(demo_store)
    window.ctx.reply_requested.emit(order_id)
    page = window.pages["replies"]
    assert window.stack.currentWidget() is page
    assert page.panel.order_id == order_id
    assert "什么时候发货" in page.panel.message_edit.toPlainText()
    assert "催发货" in page.panel.intent_label.text() or "Urging" in page.panel.intent_label.text()


def test_paste_pick_copy_and_log_keeps_the_reply_and_its_promise(window, demo_store, qtbot):
    order_id = _urged_order(demo_store)
    page = window.show_page("replies")
    page.load_order(order_id)
    panel = page.panel
    panel.message_edit.setPlainText("亲，到底什么时候发货？急用！")
    assert "什么时候发" in panel.reasons_label.text()
    assert panel.new_date_edit.isVisible()  # the top reply needs a ship date: the panel asks for it
    panel.use_dates_button.click()
    panel.reply_list.setCurrentRow(0)
    text = panel.editor.toPlainText()
    assert text and "{" not in text
    promised = panel.new_date_edit.dateTime().toSecsSinceEpoch()
    chosen_id = panel.selected_reply().template_id

    panel.copy_button.click()
    assert QApplication.clipboard().text() == text

    panel.log_button.click()
    sent = [m for m in chats.messages_for_order(demo_store, order_id) if m["source"] == "reply"]
    assert [m["text"] for m in sent] == [text]
    assert sent[0]["template_id"] == chosen_id
    made = [c for c in commitments.commitments_for_order(demo_store, order_id) if c["message_id"] == sent[0]["id"]]
    assert [(c["kind"], c["due_at"]) for c in made] == [("ship_by", promised)]


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
    window.pages["replies"].panel.use_dates_button.click()
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

    from seller_assistant.store import replies
    from seller_assistant.ui.template_editor import TemplateEditor

    window.ctx.save_settings(window.ctx.settings.updated(language="zh"))
    dialog = TemplateEditor(window.ctx, window)
    qtbot.addWidget(dialog)
    habits = [dialog.habit.itemText(i) for i in range(dialog.habit.count())]
    assert "积极沟通" in habits
    dialog.add_template()
    dialog.id_edit.setText("shop.urge_today")
    dialog.zh_edit.setPlainText("{buyer}您好，今天一定发出。")
    dialog.en_edit.setPlainText("Hi {buyer}, it ships today.")
    urge = next(dialog.intents.item(i) for i in range(dialog.intents.count())
                if dialog.intents.item(i).data(Qt.ItemDataRole.UserRole) == "urge_shipping")
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
