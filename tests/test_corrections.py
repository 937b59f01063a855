"""Corrections, never rewrites: a withdrawn message or reply, and a message moved to another order.

The chain keeps every item; a sealed correction names the message and the shop's reason, and the
bundle (chat.txt, chat.html, report.pdf) shows it struck through while `verify` still passes.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from seller_assistant.store import corrections, evidence, orders, replies, shops
from seller_assistant.ui.app import application
from seller_assistant.ui.chat_view import OrderChatWidget
from seller_assistant.ui.context import AppContext

from .bundle_fixtures import CRACK_LINE, ORDER_NO, add_disputed_order
from .conftest import NOW_EPOCH
from .qt_cleanup import release_on_gui_thread
from .typing_helpers import type_text

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


def test_withdrawing_a_message_by_clicks_shows_it_struck_through_and_verify_passes(qtbot, cli, store, widget,
                                                                                   tmp_path):
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
    reply_id = replies.log_reply(store, shop_id, order.order_id, text="亲，商品缺货，给您退款可以吗？",
                                 template_id=None, sender_name="小美", now=NOW_EPOCH)
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
    assert after[:len(before)] == before
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
    orders.insert_orders(store, shop_id, [OrderRecord(order_no=other_no, buyer="甜甜兔兔", paid_at=NOW_EPOCH - 3600,
                                                      created_at=NOW_EPOCH - 3700, item_title="青瓷杯")],
                         48, NOW_EPOCH, source="manual")
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
