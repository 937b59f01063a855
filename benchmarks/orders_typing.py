#!/usr/bin/env python3
"""The Orders page on a big store, as the shop uses it: each search typed (Enter), the wall time
until its first page is shown (`loaded`) and until its full count is in (`counted`), with the
longest gap of a 5 ms timer on the GUI thread meanwhile and the GUI thread's CPU time (on a
loaded machine a gap is mostly waiting for a core).

    .venv/bin/python benchmarks/orders_typing.py STORE.db 小明 普洱茶 …

Open a copy: opening may migrate the store."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from benchmarks.synthetic import NOW  # noqa: E402
from seller_assistant.store import open_store  # noqa: E402
from seller_assistant.ui.app import application  # noqa: E402
from seller_assistant.ui.context import AppContext  # noqa: E402
from seller_assistant.ui.pages.orders import OrdersPage  # noqa: E402


def _wait(condition, limit_s: float = 300) -> None:
    end = time.time() + limit_s
    while not condition() and time.time() < end:
        QTest.qWait(1)


def main(argv: list[str]) -> int:
    path, texts = Path(argv[0]), argv[1:]
    application()
    store = open_store(path)
    ctx = AppContext(store, fixed_now=NOW)
    page = OrdersPage(ctx)
    page.resize(1300, 700)
    page.show()
    _wait(lambda: not page.model.loading)
    gaps, last = [], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    for text in texts:
        events: dict[str, float] = {}

        def loaded(events=events) -> None:
            events.setdefault("loaded", time.perf_counter())

        def counted(events=events) -> None:
            events.setdefault("counted", time.perf_counter())

        page.model.loaded.connect(loaded)
        page.model.counted.connect(counted)
        gaps.clear()
        last[0] = started = time.perf_counter()
        cpu = time.thread_time()
        page.search.setText(text)
        page.search.returnPressed.emit()
        _wait(lambda events=events: "loaded" in events and page.model.exact)
        _wait(lambda: not page.model.page_pending(), 10)
        first = (events["loaded"] - started) * 1000
        full = (events.get("counted", events["loaded"]) - started) * 1000
        print(
            f"{text}: first page {first:.0f} ms, {page.count_label.text()} after {full:.0f} ms,"
            f" longest GUI-thread gap {max(gaps, default=0) * 1000:.0f} ms"
            f" (GUI-thread CPU in all: {(time.thread_time() - cpu) * 1000:.0f} ms)",
            flush=True,
        )
        page.model.loaded.disconnect(loaded)
        page.model.counted.disconnect(counted)
    timer.stop()
    page.model.wait()
    page.close()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
