"""The Orders page: deadline sort, filters and search in SQL, the live countdown, the order detail's actions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from seller_assistant.core.deadlines import deadline_state
from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import orders
from seller_assistant.ui.app import application
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.order_table_model import COLUMN, DEADLINE_STATE_ROLE
from seller_assistant.ui.pages.orders import OrdersPage

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600


def make_page(qtbot, store) -> OrdersPage:
    application()
    ctx = AppContext(store, fixed_now=NOW_EPOCH)
    page = OrdersPage(ctx)
    page.ctx_keepalive = ctx
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    settle(qtbot, page)
    return page


def settle(qtbot, page: OrdersPage) -> None:
    """The table counts and reads off the GUI thread: wait until it shows the current query."""
    qtbot.waitUntil(lambda: not page.model.loading)


@pytest.fixture
def page(qtbot, demo_store):
    return make_page(qtbot, demo_store)


def late_order_nos(store) -> set[str]:
    rows = store.db.query("SELECT order_no, status, shipped_at, promised_ship_at FROM orders")
    return {
        r["order_no"]
        for r in rows
        if r["status"] == "paid"
        and r["shipped_at"] is None
        and deadline_state(r["promised_ship_at"], NOW_EPOCH, 6 * HOUR) == "late"
    }


def column_texts(page: OrdersPage, key: str) -> list[str]:
    """The column's text on every row, scrolling down to each page and waiting for it as a person
    would (pages are read off the GUI thread; their cells are empty until they arrive)."""
    from PySide6.QtTest import QTest

    model = page.model
    texts = []
    for row in range(model.rowCount()):
        for _ in range(2000):
            if model.order_row(row) is not None:
                break
            QTest.qWait(5)
        texts.append(model.index(row, COLUMN[key]).data())
    return texts


def choose_filter(qtbot, page: OrdersPage, key: str) -> None:
    page.filter.setCurrentIndex(page.filter.findData(key))
    settle(qtbot, page)


def search_now(qtbot, page: OrdersPage, text: str) -> None:
    """Type the text and press Enter (no pause for the debounce)."""
    page.search.setText(text)
    page.search.returnPressed.emit()
    settle(qtbot, page)


def test_sorted_by_deadline_the_late_orders_come_first(page, demo_store):
    late = late_order_nos(demo_store)
    assert late, "the demo shop has late orders"
    model = page.model
    assert model.rowCount() == 320
    first = [model.index(row, COLUMN["order_no"]).data() for row in range(len(late))]
    assert set(first) == late
    states = [model.index(row, 0).data(DEADLINE_STATE_ROLE) for row in range(len(late) + 1)]
    assert states[:-1] == ["late"] * len(late) and states[-1] != "late"
    countdown = model.index(0, COLUMN["countdown"])
    assert countdown.data().startswith("-")
    assert countdown.data(Qt.ItemDataRole.ForegroundRole).color().red() > 150


def test_late_filter_lists_exactly_the_late_orders(page, demo_store, qtbot):
    choose_filter(qtbot, page, "late")
    assert set(column_texts(page, "order_no")) == late_order_nos(demo_store)
    assert page.count_label.text() == f"{len(late_order_nos(demo_store))} orders"


def test_search_box_filters_by_buyer_after_a_pause(page, demo_store, qtbot):
    buyer = demo_store.db.execute("SELECT buyer FROM orders ORDER BY id LIMIT 1 OFFSET 40").fetchone()[0]
    expected = demo_store.db.execute(
        "SELECT count(*) FROM orders WHERE instr(buyer, ?) > 0 OR instr(item_title, ?) > 0", [buyer, buyer]
    ).fetchone()[0]
    for character in buyer:  # typed one character at a time, as the user would
        page.search.insert(character)
    assert page.model.rowCount() == 320  # debounced: nothing asked yet while typing
    qtbot.waitUntil(lambda: page.model.rowCount() == expected)
    assert all(buyer in name for name in column_texts(page, "buyer"))


def test_search_by_order_number_prefix(page, demo_store, qtbot):
    order_no = demo_store.db.execute("SELECT order_no FROM orders ORDER BY id LIMIT 1 OFFSET 100").fetchone()[
        0
    ]
    search_now(qtbot, page, order_no[:-2])
    texts = column_texts(page, "order_no")
    assert order_no in texts and all(t.startswith(order_no[:-2]) for t in texts)


def test_clicking_the_paid_header_sorts_newest_first_on_second_click(page, qtbot):
    header = page.table.horizontalHeader()
    header.sectionClicked.emit(COLUMN["paid"])
    settle(qtbot, page)
    ascending = column_texts(page, "paid")
    assert ascending == sorted(ascending)
    header.sectionClicked.emit(COLUMN["paid"])
    settle(qtbot, page)
    assert column_texts(page, "paid") == sorted(ascending, reverse=True)


def test_shipping_a_late_order_takes_it_off_the_late_filter(page, demo_store, qtbot):
    choose_filter(qtbot, page, "late")
    before = page.model.rowCount()
    index = page.model.index(0, 0)
    order_no = index.data()
    page.table.doubleClicked.emit(index)
    assert page.detail.isVisible() and order_no in page.detail.title.text()
    page.detail.buttons["ship"].click()
    dialog = page.detail.dialog
    dialog.tracking.setText("78812345678901")
    dialog.carrier.setText("中通快递")
    dialog.accept()
    qtbot.waitUntil(lambda: page.model.rowCount() == before - 1)
    assert order_no not in column_texts(page, "order_no")
    choose_filter(qtbot, page, "all")
    search_now(qtbot, page, order_no)
    assert page.model.index(0, COLUMN["countdown"]).data() == ""
    assert "78812345678901" in page.model.index(0, COLUMN["tracking"]).data()
    qtbot.waitUntil(lambda: not page.detail.timeline_loading)  # the timeline is read on a worker
    assert any(
        "78812345678901" in what for _, what in page.detail.timeline_entries(page.detail.order, NOW_EPOCH)
    )


def test_countdown_follows_the_clock_without_a_new_query(page):
    model = page.model
    first = model.index(4, COLUMN["countdown"]).data()
    window = model._window
    page.ctx_keepalive.set_now(NOW_EPOCH + 3 * HOUR)
    assert model._window is window
    assert model.index(4, COLUMN["countdown"]).data() != first


def test_order_requested_signal_opens_the_detail(page, demo_store):
    order = demo_store.db.execute("SELECT id, order_no FROM orders ORDER BY id LIMIT 1 OFFSET 7").fetchone()
    page.ctx_keepalive.order_requested.emit(order[0])
    assert page.detail.isVisible()
    assert page.detail.order_id == order[0]
    assert order[1] in page.detail.title.text()


def test_help_event_and_note_appear_in_the_timeline_and_the_events_column(page, qtbot):
    choose_filter(qtbot, page, "awaiting")
    order_id = page.model.order_id(0)
    page.show_order(order_id)
    page.detail.buttons["event"].click()
    dialog = page.detail.dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("complaint"))
    dialog.reason.setCurrentIndex(dialog.reason.findData("shipping"))
    dialog.note.setText("买家投诉未发货")
    dialog.accept()
    page.detail.buttons["note"].click()
    page.detail.dialog.text.setPlainText("已电话联系买家")
    page.detail.dialog.accept()
    qtbot.waitUntil(lambda: not page.detail.timeline_loading)
    whats = [what for _, what in page.detail.timeline_entries(page.detail.order, NOW_EPOCH)]
    assert any("Complaint" in w and "Shipping" in w and "买家投诉未发货" in w for w in whats)
    assert any("已电话联系买家" in w for w in whats)
    settle(qtbot, page)
    row = page.model.row_of(order_id)
    assert page.model.index(row, COLUMN["events"]).data() == "1"
    choose_filter(qtbot, page, "events")
    assert order_id in [page.model.order_id(r) for r in range(page.model.rowCount())]


def test_a_new_ship_by_promise_moves_the_deadline(page, qtbot):
    choose_filter(qtbot, page, "late")
    order_id = page.model.order_id(0)
    page.show_order(order_id)
    page.detail.buttons["commit"].click()
    dialog = page.detail.dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("ship_by"))
    dialog.due_at.set_epoch(NOW_EPOCH + 20 * HOUR)
    dialog.text.setText("答应买家明天发货")
    dialog.accept()
    settle(qtbot, page)
    assert order_id not in [page.model.order_id(r) for r in range(page.model.rowCount())]
    assert page.detail.order["promised_ship_at"] == NOW_EPOCH + 20 * HOUR


def test_buyer_name_with_markup_is_shown_as_text(qtbot, store):
    shop_id = store.db.execute("SELECT id FROM shops").fetchone()[0]
    record = OrderRecord(
        order_no="1234567890123456789", buyer="<b>x</b>", item_title="<i>杯子</i>", paid_at=NOW_EPOCH - HOUR
    )
    orders.insert_orders(store, shop_id, [record], 48, NOW_EPOCH, source="manual")
    page = make_page(qtbot, store)
    assert page.model.index(0, COLUMN["buyer"]).data() == "<b>x</b>"
    page.show_order(page.model.order_id(0))
    label = page.detail.fact_labels["buyer"]
    assert isinstance(label, QLabel)
    assert label.textFormat() == Qt.TextFormat.PlainText and label.text() == "<b>x</b>"


def test_opening_and_answering_an_urge_shows_both_in_the_timeline(page, qtbot):
    choose_filter(qtbot, page, "awaiting")
    page.show_order(page.model.order_id(page.model.rowCount() - 1))
    detail = page.detail
    detail.buttons["urge"].click()
    detail.dialog.note.setText("买家催发货")
    detail.dialog.accept()
    qtbot.waitUntil(detail.buttons["answer"].isEnabled)  # known once the worker read the urges
    detail.buttons["answer"].click()
    detail.dialog.answer.setText("今天17点前发出")
    detail.dialog.accept()
    qtbot.waitUntil(lambda: not detail.timeline_loading)
    whats = [what for _, what in detail.timeline_entries(detail.order, NOW_EPOCH)]
    assert any(w.startswith("Urge work order opened") for w in whats)
    assert any("今天17点前发出" in w for w in whats)
    assert not detail.buttons["answer"].isEnabled()


def test_export_evidence_button_opens_the_bundle_dialog_for_the_order(page):
    from seller_assistant.ui.export_dialog import ExportEvidenceDialog

    order_id = page.model.order_id(0)
    page.show_order(order_id)
    page.detail.export_button.click()
    dialog = page.detail.dialog
    assert isinstance(dialog, ExportEvidenceDialog) and dialog.order_id == order_id
    dialog.reject()


def test_the_rows_shown_stay_until_the_new_search_has_its_rows(page, demo_store, qtbot):
    order_no = demo_store.db.execute("SELECT order_no FROM orders ORDER BY id LIMIT 1 OFFSET 12").fetchone()[
        0
    ]
    page.search.setText(order_no)
    page.search.returnPressed.emit()
    assert page.model.loading and page.model.rowCount() == 320  # counted off the GUI thread
    with qtbot.waitSignal(page.model.loaded):
        pass
    assert column_texts(page, "order_no") == [order_no]
    assert page.count_label.text() == "1 orders"


def test_quick_changes_of_filter_end_on_the_last_one(page, demo_store, qtbot):
    for key in ("late", "shipped", "due_soon", "awaiting"):
        page.filter.setCurrentIndex(page.filter.findData(key))
    settle(qtbot, page)
    awaiting = demo_store.db.execute(
        "SELECT count(*) FROM orders WHERE status = 'paid' AND shipped_at IS NULL"
    ).fetchone()[0]
    assert page.model.rowCount() == awaiting
    assert page.count_label.text() == f"{awaiting} orders"


def test_a_search_matching_many_orders_reads_every_page_in_order(page, demo_store, qtbot):
    # A substring search is found by one scan; pages after the first are read by order id.
    text = demo_store.db.execute(
        "SELECT substr(order_no, 1, 2) AS prefix FROM orders GROUP BY prefix ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    paid = [
        row[0]
        for row in demo_store.db.execute(
            "SELECT paid_at FROM orders WHERE instr(item_title, ?) > 0 OR instr(buyer, ?) > 0 OR substr(order_no, 1, 2) = ?"
            " ORDER BY paid_at, id",
            [text, text, text],
        )
    ]
    assert len(paid) > page.model.PAGE_SIZE
    page.table.horizontalHeader().sectionClicked.emit(COLUMN["paid"])
    search_now(qtbot, page, text)
    model = page.model
    assert model.rowCount() == len(paid)
    shown = [shown_row(qtbot, page, row)["paid_at"] for row in range(model.rowCount())]
    assert shown == paid


def shown_row(qtbot, page: OrdersPage, row: int) -> dict:
    """Scroll the row into view and wait for its page: pages are read off the GUI thread, and the
    cells stay empty until they arrive."""
    page.table.scrollTo(page.model.index(row, 0))
    qtbot.waitUntil(lambda: page.model.order_row(row) is not None)
    return page.model.order_row(row)


def test_scrolling_to_the_bottom_and_back_shows_every_order_in_its_place(page, demo_store, qtbot):
    # The scroll bar dragged to the end, then back to the middle: each page arrives from the worker
    # and sits where the sort puts it (by order number here: the expected order is easy to state).
    numbers = [row[0] for row in demo_store.db.execute("SELECT order_no FROM orders ORDER BY order_no, id")]
    page.table.horizontalHeader().sectionClicked.emit(COLUMN["order_no"])
    settle(qtbot, page)
    bar = page.table.verticalScrollBar()
    for position in (bar.maximum(), bar.maximum() // 2, 0, bar.maximum()):
        bar.setValue(position)
        top = page.table.rowAt(0)
        qtbot.waitUntil(lambda top=top: page.table.model().index(top, COLUMN["order_no"]).data() is not None)
        assert page.table.model().index(top, COLUMN["order_no"]).data() == numbers[top]


def test_the_order_shows_where_its_deadline_came_from(qtbot, store, tmp_path):
    from seller_assistant.imports.orders import import_order_file
    from seller_assistant.store import shops
    from tests.builders import pdd_export

    rows = [
        pdd_export.order(
            "261123-318802771230561",
            支付时间="2026-11-23 09:00:00",
            拼单成功时间="2026-11-23 09:05:12",
            承诺发货时间="2026-11-25 08:30:00",
        )
    ]
    import_order_file(
        store,
        shops.require_shop(store),
        pdd_export.write_pdd_export(tmp_path / "pdd.csv", rows),
        now=NOW_EPOCH,
    )
    page = make_page(qtbot, store)
    page.show_order(page.model.order_id(0))
    promised = page.detail.fact_labels["promised"]

    assert promised.text().startswith("2026-11-25 08:30")
    assert "late by 30" in promised.text() and "stated by the platform" in promised.text()
    order_id = page.detail.order["id"]
    orders.set_promise_override(store, order_id, NOW_EPOCH + 5 * HOUR, NOW_EPOCH)
    page.show_order(order_id)
    assert "set by hand" in page.detail.fact_labels["promised"].text()


def test_typing_on_stops_the_search_it_replaces_inside_the_database_and_shows_the_newest(
    page, demo_store, qtbot, monkeypatch
):
    # The shop types the first digits of an order number and pauses: that search starts (here one
    # that would read for minutes, as a search over a million orders can); typing on must stop it
    # where it is inside SQLite (the table has one reading thread: else the newer search would
    # wait behind it) and show the order typed in full. On PostgreSQL the server cancels it.
    from seller_assistant.ui import order_table_model

    from .slow_sql import read_until_stopped

    order_no = demo_store.db.execute("SELECT order_no FROM orders ORDER BY id LIMIT 1 OFFSET 7").fetchone()[0]
    head = order_no[:4]
    started, stopped = [], []
    real_window = order_table_model.OrderWindow

    def window(store, shop_id, query, now, lead):
        started.append(query.search)
        if query.search == head:
            read_until_stopped(store.conn, stopped)
        return real_window(store, shop_id, query, now, lead)

    monkeypatch.setattr(order_table_model, "OrderWindow", window)
    page.search.setFocus()
    qtbot.keyClicks(page.search, head)
    qtbot.waitUntil(lambda: started == [head])  # after the pause in typing
    qtbot.keyClicks(page.search, order_no[4:])
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10_000)
    assert stopped == ["interrupted"]
    assert started == [head, order_no]
    assert column_texts(page, "order_no") == [order_no]
    assert page.count_label.text() == "1 orders"


def test_a_search_matching_very_many_orders_shows_its_first_page_then_the_full_count(
    page, demo_store, qtbot, monkeypatch
):
    # A million-order store in small: more than 20 matches is "very many", and only the first 25
    # are counted before the first page is shown ("25+ orders"); the rest are counted afterwards
    # and the table grows to hold them, each in its place.
    from seller_assistant.store import order_queries

    monkeypatch.setattr(order_queries, "DENSE_SEARCH", 20)
    monkeypatch.setattr(order_queries, "COUNT_CAP", 25)
    text = demo_store.db.execute(
        "SELECT substr(item_title, 1, 3) AS word FROM orders GROUP BY word ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    expected = [
        row[0]
        for row in demo_store.db.execute(
            "SELECT order_no FROM orders WHERE instr(item_title, ?) > 0 OR instr(buyer, ?) > 0 ORDER BY order_no, id",
            (text, text),
        )
    ]
    assert len(expected) > 25, "the demo shop must sell one item often"
    page.table.horizontalHeader().sectionClicked.emit(COLUMN["order_no"])
    settle(qtbot, page)
    labels = []
    page.model.loaded.connect(lambda: labels.append(page.count_label.text()))
    page.model.counted.connect(lambda: labels.append(page.count_label.text()))
    page.search.setFocus()
    for char in text:  # as a Chinese input method commits each character
        page.search.insert(char)
    with qtbot.waitSignal(page.model.counted, timeout=10_000):
        pass
    assert labels == ["25+ orders", f"{len(expected)} orders"]
    assert column_texts(page, "order_no") == expected


def test_a_search_typed_while_the_rows_are_being_marked_does_not_wait_for_the_marking(
    demo_store, qtbot, monkeypatch
):
    # Once a result is shown, the table's one reading thread notes where every 5 000th row is
    # (at a million orders a walk of the whole index: a good part of a second). A search typed
    # meanwhile stops that walk inside SQLite instead of waiting behind it (here the walk would
    # take minutes), and its result is shown.
    from seller_assistant.store.order_queries import OrderWindow

    from .slow_sql import read_until_stopped

    stopped = []
    real_mark = OrderWindow.mark

    def mark(window, store=None, every=5000, stop=lambda: False):
        if not stopped:
            read_until_stopped((store or window._store).conn, stopped)
        return real_mark(window, store, every, stop)

    monkeypatch.setattr(OrderWindow, "mark", mark)
    page = make_page(qtbot, demo_store)
    order_no = demo_store.db.execute("SELECT order_no FROM orders ORDER BY id LIMIT 1 OFFSET 3").fetchone()[0]
    page.search.setFocus()
    qtbot.keyClicks(page.search, order_no)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() == 1, timeout=10_000)
    assert column_texts(page, "order_no") == [order_no]
    assert stopped == ["interrupted"]
