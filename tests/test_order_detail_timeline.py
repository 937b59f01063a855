"""The order detail's timeline is read on a worker (store/timeline.py, the same read as the evidence
bundle's) and shown when it arrives; the minute tick re-renders relative times without reading."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from seller_assistant.store import orders, timeline
from seller_assistant.ui.app import application, build_window

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def _open(qtbot, store, order_id: int):
    application()
    window = build_window(store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("orders")
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 0)
    page.show_order(order_id)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.timeline.topLevelItemCount() > 0)
    return page, detail


def _timeline_texts(detail) -> list[str]:
    return [detail.timeline.topLevelItem(i).text(1) for i in range(detail.timeline.topLevelItemCount())]


def _awaiting(store, late: bool) -> int:
    return store.conn.execute(
        "SELECT id FROM orders WHERE shipped_at IS NULL AND status = 'paid' AND promised_ship_at "
        + ("< ?" if late else "> ?")
        + " ORDER BY promised_ship_at LIMIT 1",
        (NOW_EPOCH,),
    ).fetchone()[0]


def test_shipping_from_the_detail_shows_the_shipment_in_its_timeline(qtbot, demo_store):
    page, detail = _open(qtbot, demo_store, _awaiting(demo_store, late=True))
    assert any(t.startswith("Ship promise missed") for t in _timeline_texts(detail))
    assert not any("75312345678901" in t for t in _timeline_texts(detail))

    qtbot.mouseClick(detail.buttons["ship"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    qtbot.keyClicks(dialog.tracking, "75312345678901")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: any("75312345678901" in t for t in _timeline_texts(detail)))
    shipped = [t for t in _timeline_texts(detail) if "75312345678901" in t]
    assert shipped[0].startswith("Shipped") and "late" in shipped[0]
    assert not any(t.startswith("Ship promise missed") for t in _timeline_texts(detail))


def test_the_detail_reads_its_timeline_off_the_gui_thread(qtbot, demo_store, monkeypatch):
    threads: list[threading.Thread] = []
    real = timeline.timeline_rows

    def recording(store, order_id):
        threads.append(threading.current_thread())
        return real(store, order_id)

    monkeypatch.setattr(timeline, "timeline_rows", recording)
    page, detail = _open(qtbot, demo_store, _awaiting(demo_store, late=True))
    qtbot.waitUntil(lambda: not detail.timeline_loading)
    assert threads, "the timeline was never read"
    assert all(thread is not threading.main_thread() for thread in threads)


def test_the_minute_tick_moves_relative_times_without_reading_the_store(qtbot, demo_store, monkeypatch):
    order_id = _awaiting(demo_store, late=False)
    promised = orders.get_order(demo_store, order_id)["promised_ship_at"]
    page, detail = _open(qtbot, demo_store, order_id)
    qtbot.waitUntil(lambda: not detail.timeline_loading)
    assert not any(t.startswith("Ship promise missed") for t in _timeline_texts(detail))
    reads: list[str] = []
    real_rows, real_order = timeline.timeline_rows, orders.get_order
    monkeypatch.setattr(timeline, "timeline_rows", lambda *a: (reads.append("timeline"), real_rows(*a))[1])
    monkeypatch.setattr(orders, "get_order", lambda *a: (reads.append("order"), real_order(*a))[1])

    page.ctx.set_now(promised + 60)  # a tick after the promise passed, nothing written meanwhile

    assert any(t.startswith("Ship promise missed") for t in _timeline_texts(detail))
    assert "late by" in detail.fact_labels["promised"].text()
    assert reads == []
