"""The status line never runs under the clock: a long, several-line message (the morning summary)
shows its first line, cut with "…" to the room there is, and the whole text on hover."""

from __future__ import annotations

import pytest

from seller_assistant.ui.app import application, build_window

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def test_a_long_summary_is_cut_to_the_room_beside_the_clock(qtbot, store):
    application()
    window = build_window(store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    summary = "Good morning: today's risks: " + "8 late, 1 due to ship soon, " * 12 + "\nLast 7 days: 8.33 %"
    window.ctx.status_message.emit(summary)
    bar = window.statusBar()
    shown = bar.currentMessage()
    assert shown.startswith("Good morning") and shown.endswith("…")
    assert "Last 7 days" not in shown
    room = bar.width() - window.clock_label.width()
    assert bar.fontMetrics().horizontalAdvance(shown) < room
    assert bar.toolTip() == summary
