"""Releasing a test's Qt objects on the GUI thread, before a later test's worker thread can."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent, QObject


def release_on_gui_thread(*objects: QObject) -> None:
    """Delete the objects (the widgets pytest-qt closed, the context and its timer) and collect the
    reference cycles now. Left to the garbage collector, they may be destroyed whenever it next
    runs, which can be inside a worker thread, where destroying a Qt object crashes."""
    for obj in objects:
        obj.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
