"""The Chats page of a store with a Taobao shop in Shanghai and an Amazon shop in Los Angeles: the user
picks a shop on the page, and what is pasted or imported there is filed under that shop in its time
zone; the unlinked list and the search show that shop's messages only."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel

from seller_assistant.core.clock import format_local, zone
from seller_assistant.core.orders import OrderRecord
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import chats, orders, shops
from seller_assistant.ui.app import application, build_window

from .conftest import NOW_EPOCH
from .typing_helpers import choose, click, type_text

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600
LOS_ANGELES = "America/Los_Angeles"
AMAZON_ORDER = "114-3941689-8772232"

# Qianniu's copy layout (docs FORMATS.md "Chat copies"): a 消息对象 line, then "nickname (time):" headers and
# the staff as "shop:staff", one conversation per buyer. Times are the shop's wall clock, so they mean Los Angeles time here.
PASTED = """================================================================
消息对象:jane_d
================================================================
jane_d (2026-11-24 10:00:00):
Where is order 114-3941689-8772232? I want a refund
Maple Goods:Sam (2026-11-24 10:05:00):
It ships today, sorry for the wait
================================================================
消息对象:tom_k
================================================================
tom_k (2026-11-24 11:00:00):
Do you ship to Canada? No refund needed
"""


def la_epoch(text: str) -> int:
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=ZoneInfo(LOS_ANGELES)).timestamp())


@pytest.fixture
def two_shops(store):
    taobao = shops.require_shop(store)
    amazon = shops.create_shop(
        store,
        ShopSettings(name="Maple Goods", platform="amazon", timezone=LOS_ANGELES, staff_name="Sam"),
        NOW_EPOCH,
    )
    orders.insert_orders(
        store,
        amazon,
        [OrderRecord(order_no=AMAZON_ORDER, buyer="jane_d", paid_at=NOW_EPOCH - 5 * HOUR)],
        48,
        NOW_EPOCH,
        "manual",
    )
    # The Taobao shop's own message tied to no order, with the same word the Amazon chat uses.
    taobao_message = chats.add_message(
        store,
        taobao,
        order_id=None,
        buyer="路人甲",
        sender_role="buyer",
        sender_name="路人甲",
        sent_at=NOW_EPOCH - 600,
        text="refund 退款什么时候到",
        source="manual",
        now=NOW_EPOCH,
    )
    return store, taobao, amazon, taobao_message


@pytest.fixture
def page(qtbot, two_shops):
    application()
    window = build_window(two_shops[0], fixed_now=NOW_EPOCH)
    window.show()
    window.ctx.save_settings(window.ctx.settings.updated(language="en"))
    yield window.show_page("chats")
    for dialog in window.findChildren(QDialog):
        dialog.close()
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def pick_amazon(qtbot, page) -> None:
    assert page.shop_filter.isVisible() and page.shop_filter.currentText().startswith("测试小店")
    choose(qtbot, page.shop_filter)  # one step down: the second shop
    assert page.shop_filter.currentText() == "Maple Goods · Amazon"


def pick_first(qtbot, page) -> None:
    page.shop_filter.setFocus()
    qtbot.keyClick(page.shop_filter, Qt.Key.Key_Up)
    assert page.shop_filter.currentText().startswith("测试小店")


def unlinked_texts(qtbot, page) -> list[str]:
    bar = page.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert page.tabs.currentWidget() is page.unlinked
    qtbot.waitUntil(lambda: page.unlinked.loader.idle, timeout=5000)  # read on a worker
    return page.unlinked.lines()


def stored(store, amazon) -> list[tuple]:
    return store.conn.execute(
        "SELECT shop_id, order_id IS NOT NULL, sender_name, sent_at, text FROM messages"
        " WHERE shop_id = ? ORDER BY sent_at",
        (amazon,),
    ).fetchall()


def test_a_chat_pasted_into_the_picked_second_shop_is_its_own_in_its_zone(qtbot, page, two_shops):
    store, taobao, amazon, taobao_message = two_shops
    assert page.ctx.shop_id == taobao  # the window opened on the Taobao shop
    pick_amazon(qtbot, page)
    click(qtbot, page.paste_button)
    dialog = page.paste_dialog
    assert any(
        "(shop Maple Goods)" in label.text() for label in dialog.findChildren(QLabel)
    )  # where it files
    QApplication.clipboard().setText(PASTED)
    qtbot.mouseClick(dialog.text.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.text, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "3 new" in dialog.preview_label.text(), timeout=3000)
    click(qtbot, dialog.import_button)
    assert "3 new" in dialog.result_label.text()

    # Filed under the Amazon shop, read as Los Angeles time (Shanghai would be 16 hours earlier).
    rows = stored(store, amazon)
    assert [(r[0], r[3]) for r in rows] == [
        (amazon, la_epoch("2026-11-24 10:00:00")),
        (amazon, la_epoch("2026-11-24 10:05:00")),
        (amazon, la_epoch("2026-11-24 11:00:00")),
    ]
    assert [r[1] for r in rows] == [True, True, False]  # the order it names (and its buyer's) vs. none
    assert store.conn.execute("SELECT COUNT(*) FROM messages WHERE shop_id = ?", (taobao,)).fetchone()[0] == 1

    # The unlinked list is the Amazon shop's: tom_k's question, in Los Angeles time; not 路人甲's.
    click(qtbot, dialog.close_button)
    items = unlinked_texts(qtbot, page)
    assert len(items) == 1 and "tom_k" in items[0] and "路人甲" not in items[0]
    assert items[0].startswith(format_local(la_epoch("2026-11-24 11:00:00"), zone(LOS_ANGELES)))
    assert page.tabs.tabText(1).endswith("(1)")

    # Back on the Taobao shop: its own unlinked message only.
    pick_first(qtbot, page)
    items = unlinked_texts(qtbot, page)
    assert len(items) == 1 and "路人甲" in items[0]


def test_search_on_the_picked_shop_finds_only_its_messages(qtbot, page, two_shops):
    store, taobao, amazon, taobao_message = two_shops
    pick_amazon(qtbot, page)
    click(qtbot, page.paste_button)
    QApplication.clipboard().setText(PASTED)
    page.paste_dialog.text.setFocus()
    qtbot.keyClick(page.paste_dialog.text, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "3 new" in page.paste_dialog.preview_label.text(), timeout=3000)
    click(qtbot, page.paste_dialog.import_button)
    click(qtbot, page.paste_dialog.close_button)

    search = page.search
    type_text(qtbot, search.query, "refund")
    qtbot.waitUntil(lambda: search.last_query == "refund" and search.search_worker is None, timeout=5000)
    hits = search.last_result.hits
    assert len(hits) == 2  # jane_d's and tom_k's, not the Taobao shop's "refund 退款…"
    assert {chats.get_message(store, hit.message_id)["shop_id"] for hit in hits} == {amazon}
    assert taobao_message not in {hit.message_id for hit in hits}
    shown = search.model.index(0).data(search.model.HTML_ROLE)
    assert format_local(hits[0].sent_at, zone(LOS_ANGELES)) in shown

    # The same phrase on the Taobao shop finds its own message only (typed in Chinese this time).
    pick_first(qtbot, page)
    search.query.clear()
    type_text(qtbot, search.query, "退款")
    qtbot.waitUntil(lambda: search.last_query == "退款" and search.search_worker is None, timeout=5000)
    assert [hit.message_id for hit in search.last_result.hits] == [taobao_message]


def test_a_chat_file_imported_on_the_picked_shop_is_filed_under_it(
    qtbot, page, two_shops, tmp_path, monkeypatch
):
    store, taobao, amazon, _ = two_shops
    # The house chat CSV (time, sender, text with optional buyer/order columns, importers/chat_csv.py), as
    # a shop's own tool writes it; not a marketplace's format.
    path = tmp_path / "amazon_messages.csv"
    path.write_text(
        "time,sender,buyer,text\r\n2026-11-25 09:30:00,ann_b,ann_b,Is this dishwasher safe?\r\n",
        encoding="utf-8",
    )
    # The system file dialog cannot be clicked from a test: it answers with the file a person picks.
    titles = []
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        lambda parent, title, *rest: (titles.append(title), (str(path), ""))[1],
    )
    pick_amazon(qtbot, page)
    click(qtbot, page.import_button)
    assert titles == ["Import chat record (shop Maple Goods)"]
    qtbot.waitUntil(lambda: page.last_report != "", timeout=10000)
    assert "1 new" in page.last_report
    assert stored(store, amazon) == [
        (amazon, 0, "ann_b", la_epoch("2026-11-25 09:30:00"), "Is this dishwasher safe?")
    ]
    items = unlinked_texts(qtbot, page)
    assert len(items) == 1 and "ann_b" in items[0]
