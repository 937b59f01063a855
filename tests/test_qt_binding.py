"""The Qt binding must not leak references to None (PySide6 6.12.0 did: long sessions then abort)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QListWidgetItem


class _EmptyModel(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008 - Qt's names
        return 1

    def columnCount(self, parent=QModelIndex()):  # noqa: N802, B008
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


def _none_refs_lost(call, times: int = 500) -> int:
    before = sys.getrefcount(None)
    for _ in range(times):
        call()
    return before - sys.getrefcount(None)


def test_reading_empty_item_data_keeps_none_alive(qapp):
    combo = QComboBox()
    combo.addItem("Follow the system", None)
    item = QListWidgetItem("order")
    model = _EmptyModel()
    assert _none_refs_lost(combo.currentData) < 100
    assert _none_refs_lost(lambda: item.data(Qt.ItemDataRole.UserRole)) < 100
    assert _none_refs_lost(lambda: model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)) < 100
