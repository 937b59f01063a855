"""The shop picker pages share: hidden while the store has one shop (today's look), else "All shops"
(where the page can show them together) and each shop by name and marketplace."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QWidget

from seller_assistant.store import shops
from seller_assistant.ui.context import AppContext

PLATFORM_NAMES = {
    "taobao": "淘宝 Taobao",
    "tmall": "天猫 Tmall",
    "jd": "京东 JD",
    "pinduoduo": "拼多多 Pinduoduo",
    "douyin": "抖音 Douyin",
    "amazon": "Amazon",
    "ebay": "eBay",
    "other": "Other",
}


class ShopFilter(QComboBox):
    shop_chosen = Signal(object)  # a shop id, or None for all shops

    def __init__(
        self,
        ctx: AppContext,
        with_all: bool = True,
        parent: QWidget | None = None,
        objectName: str = "shop_filter",
    ) -> None:  # noqa: N803 - Qt's keyword
        super().__init__(parent, objectName=objectName)
        self.ctx = ctx
        self.with_all = with_all
        self.names: dict[int, str] = {}
        self._entries: list[tuple[int, str]] = []
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(self._changed)
        self.reload()
        ctx.data_changed.connect(self.reload)

    @Slot()
    def reload(self) -> None:
        """Re-read the shops (one was added or renamed), keeping the choice."""
        chosen = self.currentData() if self.count() else None
        every = shops.list_shops(self.ctx.store)
        entries = [
            (shop.id, f"{shop.name} · {PLATFORM_NAMES.get(shop.platform, shop.platform)}") for shop in every
        ]
        if self.count() and entries == self._entries:
            # Most changes are not to shops (an order shipped here or on another desk): rebuilding
            # the list then would close the pop-up under the shop's pointer and lose its pick.
            return
        self._entries = entries
        self.names = {shop.id: shop.name for shop in every}
        self.blockSignals(True)
        self.clear()
        if self.with_all:
            self.addItem(self.tr("All shops"), None)
        for shop_id, label in entries:
            self.addItem(label, shop_id)
        index = self.findData(chosen) if chosen is not None else -1
        self.setCurrentIndex(index if index >= 0 else 0)
        self.blockSignals(False)
        self.setVisible(len(every) > 1)

    def several(self) -> bool:
        return len(self.names) > 1

    def shop_id(self) -> int | None:
        """The chosen shop; None means all shops (only offered where a page can show them together)."""
        return self.currentData()

    @Slot(int)
    def _changed(self, _index: int) -> None:
        self.shop_chosen.emit(self.currentData())
