"""The order's Chat tab: paste a Qianniu record, drop files and screenshots, see evidence and its seal."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import attachments, chats, orders, shops
from seller_assistant.ui.app import application
from seller_assistant.ui.chat_view import OrderChatWidget
from seller_assistant.ui.context import AppContext

from .conftest import NOW_EPOCH
from .qt_cleanup import release_on_gui_thread

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

ORDER_NO = "3901234567890123456"
PAID_AT = NOW_EPOCH - 5 * 86400  # 2026-11-20 09:00 Shanghai

# As Qianniu writes it: a separator, the buyer header, a date line, headers "nickname (time):",
# a staff nickname "shop:staff", a message over two lines, a system notice (kept as metadata).
QIANNIU_RECORD = """================================================================
消息对象:甜甜兔兔
================================================================
甜甜兔兔 (2026-11-20 08:40:00):
在吗？青瓷杯有现货吗
测试小店:小美 (2026-11-20 08:41:10):
亲，在的~
现货充足，48小时内发货哦
系统消息 (2026-11-20 08:42:00):
小美已接入会话
甜甜兔兔 (2026-11-20 08:45:00):
好的，那我拍了
"""


@pytest.fixture
def order_id(store):
    shop_id = shops.require_shop(store)
    orders.insert_orders(
        store,
        shop_id,
        [
            OrderRecord(
                order_no=ORDER_NO,
                buyer="甜甜兔兔",
                paid_at=PAID_AT,
                created_at=PAID_AT - 60,
                item_title="青瓷杯",
            )
        ],
        48,
        NOW_EPOCH,
        source="manual",
    )
    return orders.find_order(store, shop_id, ORDER_NO)["id"]


@pytest.fixture
def widget(qtbot, store, order_id):
    application()
    ctx = AppContext(store, fixed_now=NOW_EPOCH)
    chat = OrderChatWidget(ctx)
    qtbot.addWidget(chat)
    chat.resize(900, 600)
    chat.show()
    chat.set_order(order_id)
    yield chat
    release_on_gui_thread(ctx)


def texts_in_view(chat: OrderChatWidget) -> list[str]:
    return [row.message["text"] for row in chat.view.rows() if row.kind == "message"]


def png_file(path, colour="#c04040"):
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path), "PNG")
    return path


def drop(chat: OrderChatWidget, mime: QMimeData) -> QDropEvent:
    event = QDropEvent(
        QPointF(40, 40),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    chat.dropEvent(event)
    return event


def paste_with_keys(qtbot, dialog) -> None:
    """Click into the text box and press Ctrl+V, as a shop does."""
    qtbot.mouseClick(dialog.text.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.text, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_v_in_the_empty_paste_dialog_then_seal_keeps_each_message_once(qtbot, widget):
    QApplication.clipboard().setText(QIANNIU_RECORD)
    dialog = widget.open_paste_dialog()
    assert dialog.text.toPlainText() == ""  # the dialog never fills itself: Ctrl+V would double it
    assert not dialog.import_button.isEnabled()
    paste_with_keys(qtbot, dialog)
    assert dialog.text.toPlainText() == QIANNIU_RECORD
    qtbot.waitUntil(
        lambda: "3 new, 0 already stored, 0 repeated" in dialog.preview_label.text(), timeout=3000
    )
    assert texts_in_view(widget) == []  # nothing is sealed before the shop says so
    assert dialog.import_button.text() == "Seal 3 new messages (permanent)"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "3 new" in dialog.result_label.text()
    assert texts_in_view(widget) == [
        "在吗？青瓷杯有现货吗",
        "亲，在的~\n现货充足，48小时内发货哦",
        "好的，那我拍了",
    ]
    sides = [row.side for row in widget.view.rows() if row.kind == "message"]
    assert sides == ["left", "right", "left"]  # buyer left, staff right
    separators = [row.stage for row in widget.view.rows() if row.kind == "separator"]
    assert separators == ["pre_sale"]  # all before payment


def test_a_record_pasted_twice_shows_the_repeats_and_seals_each_message_once(qtbot, widget):
    QApplication.clipboard().setText(QIANNIU_RECORD)
    dialog = widget.open_paste_dialog()
    paste_with_keys(qtbot, dialog)
    qtbot.keyClick(dialog.text, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.text.toPlainText().count("好的，那我拍了") == 2
    qtbot.waitUntil(
        lambda: "3 new, 0 already stored, 3 repeated" in dialog.preview_label.text(), timeout=3000
    )
    marks = [dialog.preview_list.item(row).text().split("]")[0] for row in range(dialog.preview_list.count())]
    assert marks == ["[new"] * 3 + ["[repeated"] * 3
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(texts_in_view(widget)) == 3


def test_read_receipts_and_notices_show_beside_the_message_not_in_it(qtbot, widget):
    record = QIANNIU_RECORD.replace(
        "现货充足，48小时内发货哦\n", "现货充足，48小时内发货哦\n已读\n对方撤回了一条消息\n"
    )
    dialog = widget.open_paste_dialog()
    dialog.text.setPlainText(record)
    dialog.import_button.click()  # check
    dialog.import_button.click()  # seal
    staff = next(
        row for row in widget.view.rows() if row.kind == "message" and row.message["sender_role"] == "staff"
    )
    assert staff.message["text"] == "亲，在的~\n现货充足，48小时内发货哦"
    index = widget.view.conversation.index(widget.view.conversation.row_of_message(staff.message["id"]))
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Read by the other side" in tip and "Notice: 对方撤回了一条消息" in tip


def test_a_message_written_over_two_lines_is_shown_over_two_lines(qtbot, widget):
    from PySide6.QtWidgets import QStyleOptionViewItem

    dialog = widget.open_paste_dialog()
    dialog.text.setPlainText(QIANNIU_RECORD)
    dialog.import_button.click()  # check
    dialog.import_button.click()  # seal
    staff = next(
        row for row in widget.view.rows() if row.kind == "message" and row.message["sender_role"] == "staff"
    )
    option = QStyleOptionViewItem()
    option.initFrom(widget.view)
    _header, text, *_rest = widget.view.itemDelegate()._parts(staff, option, widget.view.conversation)
    assert text[0].lineCount() == 2  # 亲，在的~ / 现货充足，48小时内发货哦


def test_the_clipboard_button_replaces_the_text_instead_of_adding_to_it(qtbot, widget):
    QApplication.clipboard().setText(QIANNIU_RECORD)
    dialog = widget.open_paste_dialog()
    qtbot.mouseClick(dialog.paste_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.paste_button, Qt.MouseButton.LeftButton)
    assert dialog.text.toPlainText() == QIANNIU_RECORD


def test_pasting_a_stored_record_again_offers_nothing_to_seal(qtbot, widget):
    dialog = widget.open_paste_dialog()
    dialog.text.setPlainText(QIANNIU_RECORD)
    dialog.import_button.click()  # check
    dialog.import_button.click()  # seal
    assert "3 new" in dialog.result_label.text()
    again = widget.open_paste_dialog()
    again.text.setPlainText(QIANNIU_RECORD)
    qtbot.waitUntil(lambda: "0 new, 3 already stored" in again.preview_label.text(), timeout=3000)
    assert not again.import_button.isEnabled()
    assert len(texts_in_view(widget)) == 3


def test_pasting_text_that_is_no_chat_says_so_and_stores_nothing(qtbot, widget):
    dialog = widget.open_paste_dialog()
    dialog.text.setPlainText("hello, this is not a chat record")
    qtbot.waitUntil(lambda: "nothing was imported" in dialog.preview_label.text(), timeout=3000)
    assert not dialog.import_button.isEnabled()
    assert texts_in_view(widget) == []


def test_dropped_image_is_kept_as_evidence_and_shown_as_a_thumbnail(widget, store, order_id, tmp_path):
    photo = png_file(tmp_path / "裂纹照片.png")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    event = drop(widget, mime)
    assert event.isAccepted()
    kept = attachments.attachments_for_order(store, order_id)
    assert [a["original_name"] for a in kept] == ["裂纹照片.png"]
    assert attachments.attachment_file(store, kept[0]["sha256"]).read_bytes() == photo.read_bytes()
    rows = [row for row in widget.view.rows() if row.kind == "attachment"]
    assert len(rows) == 1
    thumbnail = widget.view.conversation.thumbnail(rows[0])
    assert isinstance(thumbnail, QPixmap) and not thumbnail.isNull()
    assert max(thumbnail.width(), thumbnail.height()) <= 96  # small in the conversation
    assert "1 file kept" in widget.result_label.text()


def test_clicking_a_thumbnail_opens_the_image(widget, qtbot, tmp_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png_file(tmp_path / "快递单.png")))])
    drop(widget, mime)
    number = next(i for i, row in enumerate(widget.view.rows()) if row.kind == "attachment")
    rect = widget.view.visualRect(widget.view.conversation.index(number))
    QTest.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    viewer = widget.conversation_actions.viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.windowTitle() == "快递单.png"
    assert viewer.image.pixmap().width() == 320  # the full image, not the thumbnail
    viewer.close()


def test_dropped_screenshot_pixels_are_kept_as_a_png(widget, store, order_id):
    image = QImage(50, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#3060c0"))
    mime = QMimeData()
    mime.setImageData(image)
    drop(widget, mime)
    kept = attachments.attachments_for_order(store, order_id)
    assert len(kept) == 1
    assert kept[0]["media_type"] == "image/png"
    assert kept[0]["original_name"].startswith("screenshot-")


def test_dropped_chat_export_is_imported_into_the_order(widget, qtbot, tmp_path):
    export = tmp_path / "甜甜兔兔.txt"
    export.write_bytes(QIANNIU_RECORD.encode("gbk"))  # Qianniu on Windows writes GBK
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(export))])
    drop(widget, mime)
    qtbot.waitUntil(lambda: len(texts_in_view(widget)) == 3, timeout=5000)
    assert texts_in_view(widget)[0] == "在吗？青瓷杯有现货吗"
    assert "3 new" in widget.result_label.text()


def test_chat_text_with_markup_is_shown_literally(widget, store, order_id):
    hostile = "<script>alert(1)</script> <b>粗体</b> &amp;"
    chats.add_message(
        store,
        shops.require_shop(store),
        order_id=order_id,
        buyer="甜甜兔兔",
        sender_role="buyer",
        sender_name="甜甜兔兔",
        sent_at=NOW_EPOCH - 60,
        text=hostile,
        source="manual",
        now=NOW_EPOCH,
    )
    widget.ctx.notify_changed()
    index = widget.view.conversation.index(1)  # row 0 is the stage separator
    assert index.data(Qt.ItemDataRole.DisplayRole) == hostile
    widget.view.grab()  # painting it as plain text must not fail


def test_checklist_and_chain_status_follow_the_evidence(widget):
    marks = widget.completeness_marks()
    assert marks == {
        "pre_sale_chat": False,
        "agreement": False,
        "shipping_proof": False,
        "delivery_chat": False,
        "after_sale_chat": False,
    }
    assert widget.chain_label.text() == "Nothing sealed yet for this order."
    dialog = widget.open_paste_dialog()
    dialog.text.setPlainText(QIANNIU_RECORD)
    dialog.import_button.click()  # check
    dialog.import_button.click()  # seal
    staff_message = next(
        row.message
        for row in widget.view.rows()
        if row.kind == "message" and row.message["sender_role"] == "staff"
    )
    widget.conversation_actions.record_agreement(staff_message, "delivery_date", "48小时内发货")
    marks = widget.completeness_marks()
    assert marks["pre_sale_chat"] and marks["agreement"]
    assert not marks["shipping_proof"]
    assert widget.chain_label.text().startswith("Sealed: 4 items")  # three messages and the agreement
    agreed = next(row for row in widget.view.rows() if row.kind == "message" and row.agreements)
    assert agreed.message["id"] == staff_message["id"]


def test_context_menu_sets_the_stage(widget):
    dialog = widget.open_paste_dialog()
    dialog.text.setPlainText(QIANNIU_RECORD)
    dialog.import_button.click()  # check
    dialog.import_button.click()  # seal
    last = [row for row in widget.view.rows() if row.kind == "message"][-1]
    widget.view.select_message(last.message["id"])  # a right-click selects the row under it
    menu = widget.view.build_menu(last)
    stage_menu = next(action.menu() for action in menu.actions() if action.menu())
    after_sale = next(action for action in stage_menu.actions() if action.text() == "After-sale")
    after_sale.trigger()
    separators = [row.stage for row in widget.view.rows() if row.kind == "separator"]
    assert separators == ["pre_sale", "after_sale"]
    assert widget.view.selected_messages()[0]["id"] == last.message["id"]  # the selection stays
