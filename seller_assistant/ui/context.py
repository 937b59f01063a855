"""What every page shares: the open store, the shop, the clock, and the signals that keep pages fresh."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from seller_assistant.core.changes import Changes
from seller_assistant.core.errors import UserError
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import Store, live, open_store, shops


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
        if not store.staff:  # who works at this desk is recorded with what they seal and do
            from seller_assistant.ui import desk_settings

            store.staff = desk_settings.staff_name()
        self.store = store
        self._fixed_now = fixed_now
        self._settings: ShopSettings | None = None
        self._shop_settings: dict[int, ShopSettings] = {}  # other shops of the store, read when shown
        self._timer = QTimer(self)
        self._timer.setInterval(60_000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.live = None
        if store.shared:
            # The window tells the other desks itself, with what it changed (notify_changed); its
            # store's writes do not announce "some change" on top. The desks' changes come in here.
            store.announces_writes = False
            from seller_assistant.ui.live_updates import LiveUpdates

            self.live = LiveUpdates(self, store.location)

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

    def set_desk_staff(self, name: str) -> None:
        """Who works at this desk from now on (kept on this PC: ui/desk_settings.py)."""
        from seller_assistant.ui import desk_settings

        desk_settings.set_staff_name(name)
        self.store.staff = desk_settings.staff_name()
        self.settings_changed.emit()

    def save_settings(self, settings: ShopSettings) -> None:
        shops.save_settings(self.store, self.shop_id, settings)
        self._settings = settings
        self._shop_settings.clear()
        self.settings_changed.emit()
        self.data_changed.emit()
        self._tell_other_desks(Changes(settings=True))

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
        if self.live is not None:
            self.live.stop()

    def set_now(self, epoch: int | None) -> None:
        """Tests and --now move the clock; pages see it on the next tick."""
        self._fixed_now = epoch
        self.tick.emit()

    def open_worker_store(self) -> Store:
        return open_window_store(self.location, self.read_only, self.store.desk, self.store.staff)

    def notify_changed(self, changes: Changes | None = None) -> None:
        """Tell the views what a write changed (everything, when not said), and the other desks."""
        changes = Changes.everything() if changes is None else changes
        self.receive_changes(changes)
        self._tell_other_desks(changes)

    def receive_changes(self, changes: Changes) -> None:
        """Refresh the views for a change made here or, on a shared store, at another desk."""
        if changes.settings or changes.shops:
            self._settings = None
            self._shop_settings.clear()
        self.changed.emit(changes)
        self.data_changed.emit()

    def reconnect_if_lost(self) -> None:
        """The server is back after a restart: the window's own connection went with it, so open
        a new one (the same desk) in its place; pages read through `ctx.store` and find it there."""
        if not live.connection_lost(self.store):
            return
        old = self.store
        try:
            self.store = open_window_store(old.location, old.read_only, old.desk, old.staff)
        except UserError:
            return  # gone again: the listener says so and calls back when it is back
        old.close()

    def _tell_other_desks(self, changes: Changes) -> None:
        if not self.store.shared or self.read_only:
            return
        try:
            live.announce(self.store, changes)
        except UserError:
            pass  # the server is away: the listener says so once, and the desks read all again after

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


def open_window_store(location: str | Path, read_only: bool, desk: str, staff: str = "") -> Store:
    """A worker's own connection for a window: the window's desk and its staff member, and on a
    shared store its writes leave telling the other desks to the window (which does, with what
    changed, when the job ends)."""
    store = open_store(location, read_only=read_only, migrate=False)
    store.desk, store.announces_writes, store.staff = desk, False, staff
    return store
