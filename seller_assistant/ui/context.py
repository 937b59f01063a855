"""What every page shares: the open store, the shop, the clock, and the signals that keep pages fresh."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from seller_assistant.core.changes import Changes
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import Store, open_store, shops


class AppContext(QObject):
    """One per window. Pages read through `store` on the GUI thread (short queries only);
    workers open their own connection with `open_worker_store()`."""

    data_changed = Signal()  # something in the store changed (kept for listeners that read everything)
    changed = Signal(object)  # a Changes: what the write touched, so each view refreshes only for that
    settings_changed = Signal()
    tick = Signal()  # once a minute: countdowns move, deadlines cross
    order_requested = Signal(int)  # show this order (order id)
    reply_requested = Signal(int)  # propose a reply for this order
    status_message = Signal(str)

    def __init__(self, store: Store, fixed_now: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._fixed_now = fixed_now
        self._settings: ShopSettings | None = None
        self._shop_settings: dict[int, ShopSettings] = {}  # other shops of the store, read when shown
        self._timer = QTimer(self)
        self._timer.setInterval(60_000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    @property
    def db_path(self) -> Path:
        return self.store.path

    @property
    def location(self) -> str:
        """What opens this store again on another thread: its file, or a shared store's address."""
        return self.store.location

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def shop_id(self) -> int:
        return shops.require_shop(self.store)

    @property
    def settings(self) -> ShopSettings:
        if self._settings is None:
            self._settings = shops.load_settings(self.store, self.shop_id)
        return self._settings

    def settings_for(self, shop_id: int | None) -> ShopSettings:
        """The settings of the shop an order belongs to (its time zone, marketplace, lead times, staff
        name): a store with several shops shows each order in its own shop's terms."""
        if shop_id is None or shop_id == self.shop_id:
            return self.settings
        if shop_id not in self._shop_settings:
            self._shop_settings[shop_id] = shops.load_settings(self.store, shop_id)
        return self._shop_settings[shop_id]

    def save_settings(self, settings: ShopSettings) -> None:
        shops.save_settings(self.store, self.shop_id, settings)
        self._settings = settings
        self._shop_settings.clear()
        self.settings_changed.emit()
        self.data_changed.emit()

    @property
    def fixed_now(self) -> int | None:
        """The instant tests and `--now` pin the window to; None: the real clock."""
        return self._fixed_now

    def now(self) -> int:
        """Epoch seconds: the real clock, or the instant the app was started with (--now, tests)."""
        return self._fixed_now if self._fixed_now is not None else int(time.time())

    def stop_clock(self) -> None:
        """The window closed for good: no more minute ticks asking a store that is about to close."""
        self._timer.stop()

    def set_now(self, epoch: int | None) -> None:
        """Tests and --now move the clock; pages see it on the next tick."""
        self._fixed_now = epoch
        self.tick.emit()

    def open_worker_store(self) -> Store:
        return open_store(self.location, read_only=self.read_only, migrate=False)

    def notify_changed(self, changes: Changes | None = None) -> None:
        """Tell the views what a write changed (everything, when not said)."""
        changes = Changes.everything() if changes is None else changes
        if changes.settings or changes.shops:
            self._settings = None
            self._shop_settings.clear()
        self.changed.emit(changes)
        self.data_changed.emit()

    def subscribe(
        self, receiver: QObject, wants: Callable[[Changes], bool], slot: Callable[[], object]
    ) -> None:
        """Call `slot()` after every change that `wants` accepts, for as long as `receiver` lives."""
        self.changed.connect(_ChangeFilter(receiver, wants, slot).on_change)


class _ChangeFilter(QObject):
    """A child of the receiver: Qt drops the connection when the receiver is destroyed."""

    def __init__(
        self, receiver: QObject, wants: Callable[[Changes], bool], slot: Callable[[], object]
    ) -> None:
        super().__init__(receiver)
        self._wants, self._slot = wants, slot

    @Slot(object)
    def on_change(self, changes: Changes) -> None:
        if self._wants(changes):
            self._slot()
