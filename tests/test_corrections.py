"""Corrections, never rewrites: a withdrawn message or reply, and a message moved to another order.

The chain keeps every item; a sealed correction names the message and the shop's reason, and the
bundle (chat.txt, chat.html, report.pdf) shows it struck through while `verify` still passes.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QStyleOptionViewItem

from seller_assistant.store import corrections, evidence, orders, replies, shops
from seller_assistant.ui.app import application
from seller_assistant.ui.bubble_delegate import MARGIN, PAD
from seller_assistant.ui.chat_view import OrderChatWidget
from seller_assistant.ui.context import AppContext

from .bundle_fixtures import CRACK_LINE, ORDER_NO, add_disputed_order
from .conftest import NOW_EPOCH
from .qt_cleanup import release_on_gui_thread
from .typing_helpers import type_text

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

REASON = "发错订单了，应发给另一位买家"


def _bundle(cli, tmp_path, order_no=ORDER_NO, name="dispute.zip") -> dict[str, bytes]:
    path = tmp_path / name
    result = cli("export-evidence", order_no, "--out", str(path))
    assert result.code == 0, result.err
    verified = cli("verify", str(path))
    assert verified.code == 0, verified.out
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def order(store):
    return add_disputed_order(store)


@pytest.fixture
def widget(qtbot, store, order):
    application()
    ctx = AppContext(store, fixed_now=NOW_EPOCH)
    chat = OrderChatWidget(ctx)
    qtbot.addWidget(chat)
    chat.resize(900, 600)
    chat.show()
    chat.set_order(order.order_id)
    yield chat
    release_on_gui_thread(ctx)


def _withdraw_by_clicks(qtbot, widget, predicate, reason: str) -> dict:
    row = next(r for r in widget.view.rows() if r.kind == "message" and predicate(r.message))
    widget.view.select_message(row.message["id"])
    menu = widget.view.build_menu(row)
    next(a for a in menu.actions() if a.text() == "Withdraw…").trigger()
    dialog = widget.conversation_actions.dialog
    assert not dialog.ok_button.isEnabled()  # no reason, no withdrawal
    type_text(qtbot, dialog.reason, reason)  # as the input method commits Chinese
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    return row.message


def test_withdrawing_a_message_by_clicks_shows_it_struck_through_and_verify_passes(
    qtbot, cli, store, widget, tmp_path
):
    _withdraw_by_clicks(qtbot, widget, lambda m: m["text"] == CRACK_LINE, REASON)
    members = _bundle(cli, tmp_path)
    chat = members["chat.txt"].decode("utf-8")
    assert f"【店铺已撤回此消息，原因：{REASON}】\n{CRACK_LINE}" in chat  # still there, marked
    page = members["chat.html"].decode("utf-8")
    assert f"<del>{CRACK_LINE}</del>" in page and REASON in page
    pdf = _pdf_text(members["report.pdf"])
    assert REASON in pdf and CRACK_LINE in pdf
    assert cli("verify").code == 0


def test_withdrawing_a_logged_reply_from_the_order_chat(qtbot, cli, store, order, widget, tmp_path):
    shop_id = shops.require_shop(store)
    reply_id = replies.log_reply(
        store,
        shop_id,
        order.order_id,
        text="亲，商品缺货，给您退款可以吗？",
        template_id=None,
        sender_name="小美",
        now=NOW_EPOCH,
    )
    widget.set_order(order.order_id)
    _withdraw_by_clicks(qtbot, widget, lambda m: m["id"] == reply_id, "缺货不是事实，回复发错了")
    chat = _bundle(cli, tmp_path)["chat.txt"].decode("utf-8")
    assert "【店铺已撤回此消息，原因：缺货不是事实，回复发错了】\n亲，商品缺货" in chat


def test_a_withdrawal_is_a_sealed_item_and_the_chain_keeps_the_message(store, order):
    shop_id = shops.require_shop(store)
    before = evidence.chain_for_order(store, order.order_id)
    message_id = store.conn.execute("SELECT id FROM messages WHERE text = ?", (CRACK_LINE,)).fetchone()[0]
    corrections.withdraw(store, shop_id, message_id, REASON, NOW_EPOCH)
    after = evidence.chain_for_order(store, order.order_id)
    assert after[: len(before)] == before
    assert after[-1]["item_type"] == "correction"
    assert after[-1]["content"]["message_id"] == message_id and after[-1]["content"]["reason"] == REASON
    with pytest.raises(Exception, match="already withdrawn"):
        corrections.withdraw(store, shop_id, message_id, "again", NOW_EPOCH)
    with pytest.raises(Exception, match="reason"):
        corrections.withdraw(store, shop_id, message_id, "  ", NOW_EPOCH)


def test_a_moved_message_is_sealed_on_both_chains_and_the_first_bundle_lists_it(cli, store, order, tmp_path):
    from seller_assistant.core.orders import OrderRecord

    shop_id = shops.require_shop(store)
    other_no = "3901234567890000002"
    orders.insert_orders(
        store,
        shop_id,
        [
            OrderRecord(
                order_no=other_no,
                buyer="甜甜兔兔",
                paid_at=NOW_EPOCH - 3600,
                created_at=NOW_EPOCH - 3700,
                item_title="青瓷杯",
            )
        ],
        48,
        NOW_EPOCH,
        source="manual",
    )
    other = orders.find_order(store, shop_id, other_no)["id"]
    message_id = store.conn.execute("SELECT id FROM messages WHERE text = ?", (CRACK_LINE,)).fetchone()[0]
    corrections.move_to_order(store, shop_id, [message_id], other, NOW_EPOCH)
    for chain in (evidence.chain_for_order(store, order.order_id), evidence.chain_for_order(store, other)):
        moved = [i for i in chain if i["item_type"] == "correction"]
        assert moved and moved[-1]["content"]["to_order_no"] == other_no
    first = _bundle(cli, tmp_path)["chat.txt"].decode("utf-8")
    assert f"【此消息已改挂到订单 {other_no}（仍保留在本订单证据链中）】\n{CRACK_LINE}" in first
    second = _bundle(cli, tmp_path, other_no, "other.zip")["chat.txt"].decode("utf-8")
    assert CRACK_LINE in second
    assert cli("verify").code == 0


# ---- the window strikes it through, as the bundles do -------------------------------------


def _index_of(view, text: str):
    model = view.model()
    for number, row in enumerate(view.rows()):
        if row.kind == "message" and row.message["text"] == text:
            return model.index(number)
    raise AssertionError(f"{text!r} is not in the conversation")


def _right_click_and_choose(qtbot, view, index, label: str) -> None:
    """Right-click inside the bubble (buyers' bubbles sit on the left) and click `label` in the menu."""
    view.scrollTo(index)
    rect = view.visualRect(index)
    where = QPoint(rect.left() + MARGIN + PAD + 10, rect.center().y())
    chosen = []

    def click_in_menu():
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu), "no context menu opened"
        action = next(a for a in menu.actions() if a.text() == label)
        chosen.append(action.text())
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    QTimer.singleShot(200, click_in_menu)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=where)
    # QTest's click reaches the widget without the window system, which is what turns a right
    # click into a context-menu request: send that request as the system does.
    QApplication.sendEvent(
        view.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, view.viewport().mapToGlobal(where)),
    )
    qtbot.waitUntil(lambda: chosen == [label])


def test_withdrawing_by_clicks_strikes_the_message_through_with_its_reason(qtbot, widget, cli, tmp_path):
    """Right-click the bubble, click "Withdraw…", type the reason, click Withdraw: the message
    stays, struck through with the reason under it, and both verifies still pass."""
    view = widget.view
    index = _index_of(view, CRACK_LINE)
    assert not (index.data(Qt.ItemDataRole.FontRole) or view.font()).strikeOut()

    _right_click_and_choose(qtbot, view, index, "Withdraw…")
    dialog = widget.conversation_actions.dialog
    qtbot.waitUntil(dialog.isVisible)
    type_text(qtbot, dialog.reason, REASON)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    index = _index_of(view, CRACK_LINE)  # the view reloaded: the message is still there
    row = view.rows()[index.row()]
    assert index.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert REASON in index.data(Qt.ItemDataRole.AccessibleTextRole)
    # What the bubble paints: the text in a struck-out font, the reason on the line under it.
    option = QStyleOptionViewItem()
    option.font = view.font()
    _header, text, notes, _width, _height = view.itemDelegate()._parts(row, option, view.model())
    assert text[0].font().strikeOut()
    assert [n[0].text() for n in notes][0] == f"Withdrawn by the shop. Reason: {REASON}"
    others = [r for r in view.rows() if r.kind == "message" and r.message["text"] != CRACK_LINE]
    assert others and not any(r.message.get("withdrawn") for r in others)

    assert cli("verify").code == 0
    bundle = tmp_path / "dispute.zip"
    assert cli("export-evidence", ORDER_NO, "--out", str(bundle)).code == 0
    assert cli("verify", str(bundle)).code == 0


def test_the_buyer_conversation_on_the_chats_page_shows_the_withdrawal(qtbot, store, widget):
    """The Chats page's per-buyer view reads the same correction."""
    from seller_assistant.store import corrections, shops
    from seller_assistant.ui.pages.chats import BuyerConversation

    message_id = store.conn.execute("SELECT id FROM messages WHERE text = ?", (CRACK_LINE,)).fetchone()[0]
    corrections.withdraw(store, shops.require_shop(store), message_id, REASON, NOW_EPOCH)
    page = BuyerConversation(widget.ctx)
    qtbot.addWidget(page)
    page.set_buyer("甜甜兔兔")
    index = _index_of(page.view, CRACK_LINE)
    assert index.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert REASON in index.data(Qt.ItemDataRole.AccessibleTextRole)
