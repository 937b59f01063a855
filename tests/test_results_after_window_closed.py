"""A background job that finishes after its window closed must not surface an error in the window
(or test) that runs next: its answer has nowhere to go and is dropped."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QLabel

from seller_assistant.ui import workers

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


class _Context(QObject):
    status_message = Signal(str)


def test_a_result_arriving_after_its_window_closed_is_dropped(qtbot):
    context = _Context()
    label = QLabel("waiting")
    release = threading.Event()
    heard: list[str] = []

    def job(_job):
        release.wait(10)
        return "done"

    def finished(result):
        heard.append(result)
        label.setText(result)  # the window is gone by now
        context.status_message.emit(result)

    workers.start(job, finished)
    label.deleteLater()
    context.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(label) and not shiboken6.isValid(context))
    release.set()
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.waitUntil(lambda: heard == ["done"])  # delivered, and the RuntimeError went nowhere


def test_other_errors_in_a_result_still_surface(qtbot):
    def finished(_result):
        raise RuntimeError("a real bug")

    with qtbot.captureExceptions() as raised:
        workers.start(lambda _job: 1, finished)
        QThreadPool.globalInstance().waitForDone(10_000)
        qtbot.waitUntil(lambda: len(raised) == 1)
    assert "a real bug" in str(raised[0][1])


def test_a_result_arriving_after_its_store_closed_is_dropped(qtbot, demo_store):
    """File › Open store closes the old store while the old window's reads may still be running:
    their answers read the closed store and are dropped, not raised into the new window."""
    from seller_assistant.store import replies

    release = threading.Event()
    heard: list[str] = []

    def finished(order_id):
        heard.append("delivered")
        replies.order_state(demo_store, order_id)  # the old window's read of its store

    with qtbot.captureExceptions() as raised:
        workers.start(lambda _job: release.wait(10) and 1, finished)
        demo_store.close()
        release.set()
        QThreadPool.globalInstance().waitForDone(10_000)
        qtbot.waitUntil(lambda: heard == ["delivered"])
    assert raised == []
