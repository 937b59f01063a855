#!/usr/bin/env python3
"""A search typed on a big store as the shop types it, wall clock to what the window shows.

    .venv/bin/python benchmarks/typing_latency.py orders STORE.db 小明 普洱茶 …
    .venv/bin/python benchmarks/typing_latency.py chats STORE.db 发货 琉璃 …

Orders: from Enter to the first page shown and to the full count ("1,000+ orders" until then).
Chats: from the search's start (the typing pause) to its first hits and to its last page. Each
with the longest gap of a 5 ms timer on the GUI thread and the GUI thread's own CPU time (on a
loaded machine a gap is mostly waiting for a core). Open a copy: opening may migrate the store."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.measures.gui_gaps import GapTimer, wait  # noqa: E402
from benchmarks.synthetic import NOW  # noqa: E402
from seller_assistant.store import open_store  # noqa: E402
from seller_assistant.ui.app import application  # noqa: E402
from seller_assistant.ui.context import AppContext  # noqa: E402
from seller_assistant.ui.pages.orders import OrdersPage  # noqa: E402
from seller_assistant.ui.search_panel import SearchPanel  # noqa: E402


def orders(path: Path, texts: list[str]) -> None:
    """The Orders page: Enter to the first page shown (`loaded`) and to the full count (`counted`)."""
    application()
    store = open_store(path)
    ctx = AppContext(store, fixed_now=NOW)
    page = OrdersPage(ctx)
    page.resize(1300, 700)
    page.show()
    wait(lambda: not page.model.loading)
    timer = GapTimer()
    for text in texts:
        events: dict[str, float] = {}

        def loaded(events=events) -> None:
            events.setdefault("loaded", time.perf_counter())

        def counted(events=events) -> None:
            events.setdefault("counted", time.perf_counter())

        page.model.loaded.connect(loaded)
        page.model.counted.connect(counted)
        started = timer.restart()
        cpu = time.thread_time()
        page.search.setText(text)
        page.search.returnPressed.emit()
        wait(lambda events=events: "loaded" in events and page.model.exact)
        wait(lambda: not page.model.page_pending(), 10)
        first = (events["loaded"] - started) * 1000
        full = (events.get("counted", events["loaded"]) - started) * 1000
        print(
            f"{text}: first page {first:.0f} ms, {page.count_label.text()} after {full:.0f} ms,"
            f" longest GUI-thread gap {timer.longest_ms():.0f} ms"
            f" (GUI-thread CPU in all: {(time.thread_time() - cpu) * 1000:.0f} ms)",
            flush=True,
        )
        page.model.loaded.disconnect(loaded)
        page.model.counted.disconnect(counted)
    timer.stop()
    page.model.wait()
    page.close()
    store.close()


def chats(path: Path, phrases: list[str]) -> None:
    """The Chats page's search box: the search's start (the typing pause) to its first hits and its last page."""
    application()
    store = open_store(path)
    panel = SearchPanel(AppContext(store, fixed_now=NOW))
    panel.resize(900, 700)
    panel.show()

    panel.run_search()  # the newest messages, as the page opens
    wait(lambda: panel.search_worker is None)
    timer = GapTimer()
    for phrase in phrases:
        shown: list[float] = []

        def first(shown=shown) -> None:
            shown.append(time.perf_counter())

        panel.model.modelReset.connect(first)
        cpu = time.thread_time()
        started = timer.restart()
        panel.query.setText(phrase)
        panel.run_search()
        wait(lambda phrase=phrase: panel.search_worker is None and panel.last_query == phrase)
        done = time.perf_counter()
        print(
            f"{phrase}: first hits {((shown[0] if shown else done) - started) * 1000:.0f} ms,"
            f" all {panel.model.rowCount()} after {(done - started) * 1000:.0f} ms,"
            f" longest GUI-thread gap {timer.longest_ms():.0f} ms"
            f" (GUI-thread CPU {(time.thread_time() - cpu) * 1000:.0f} ms)",
            flush=True,
        )
        panel.model.modelReset.disconnect(first)
    timer.stop()
    panel.cancel_search()
    store.close()


def main(argv: list[str]) -> int:
    page, path, texts = argv[0], Path(argv[1]), argv[2:]
    {"orders": orders, "chats": chats}[page](path, texts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
