"""One risk report per shop and minute for the whole window: Today and the tray notifier share it.

The window's `RiskReports` (one per AppContext) computes a report per scope (a shop id, or None for
all shops) on a BackgroundLoader, off the GUI thread, when a watcher first needs it, when a change
it shows arrives, and once a minute. Before the minute's reports it runs the upkeep that records
what time made true (store/upkeep.py: urges timed out, tracking checked); the report itself only
reads. Watchers get `ready(report)` for their scope, however many of them there are, each in a turn
of the event loop of its own: Today showing the report and the tray notifier weighing it took 20–30 ms
of the GUI thread together at 1 M orders, twice what either takes alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from seller_assistant.core.alerts import shops_report
from seller_assistant.core.changes import Changes
from seller_assistant.store import shops, upkeep
from seller_assistant.store.risk import risk_report
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.risk_worker import BackgroundLoader

Scope = int | None  # a shop id, or None: every shop of the store
_CLOSED = object()


def compute_report(store, shop_id: Scope, now: int, settings):
    """The report for one shop, or each shop's under its own marketplace's rules (ShopsReport)."""
    if shop_id is not None:
        return risk_report(store, shop_id, now)
    return shops_report(
        [(shop.name, risk_report(store, shop.id, now)) for shop in shops.list_shops(store)], now
    )


def _upkeep(store, _shop_id, now: int, _settings) -> int:
    return upkeep.record_due_everywhere(store, now)


def _relevant(changes: Changes) -> bool:
    return changes.touches_orders or changes.events or changes.settings or changes.shops


class RiskReports(QObject):
    """The window's risk reports. Use `RiskReports.of(ctx)`; watch with `watch(owner, scope, slot)`."""

    ready = Signal(object, object)  # (scope, report)
    failed = Signal(object, str)  # (scope, message)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self._loaders: dict[Scope, BackgroundLoader] = {}
        self._watchers: list[_Watcher] = []
        # Reports on their way to watchers, one watcher a turn. A zero-interval timer, not posted
        # calls: Qt delivers calls posted while it delivers in the same turn.
        self._deliveries: list[tuple[_Watcher, Scope, object]] = []
        self._delivery_timer = QTimer(self, interval=0)
        self._delivery_timer.timeout.connect(self._deliver_next)
        self._upkeep = BackgroundLoader(ctx, _upkeep, self)
        self._upkeep.ready.connect(self._upkept)
        self._upkeep.failed.connect(lambda _message: self.refresh())
        ctx.tick.connect(self.minute)
        ctx.subscribe(self, _relevant, self.refresh)
        self.minute()  # the window opens on a report of now, upkeep done

    @classmethod
    def of(cls, ctx: AppContext) -> RiskReports:
        found = ctx.findChild(RiskReports)
        return found if found is not None else cls(ctx)

    def loader(self, scope: Scope) -> BackgroundLoader:
        """The loader computing `scope`'s report (made on first use)."""
        if scope not in self._loaders:
            loader = BackgroundLoader(self.ctx, compute_report, self, shop=lambda: scope)
            loader.ready.connect(lambda report: self._arrived(scope, report))
            loader.failed.connect(lambda message: self.failed.emit(scope, message))
            self._loaders[scope] = loader
        return self._loaders[scope]

    def watch(
        self,
        owner: QObject,
        scope: Callable[[], Scope],
        slot: Callable[[object], object],
        on_failure: Callable[[str], object] | None = None,
    ) -> None:
        """Call `slot(report)` with every report of the scope `scope()` names at the time, for as
        long as `owner` lives; a report already computed is given at once, else one is asked for."""
        watcher = _Watcher(owner, scope, slot, on_failure)
        self._watchers.append(watcher)
        watcher.destroyed.connect(lambda: self._forget(watcher))
        self.failed.connect(watcher.on_failed)
        scope_now = watcher.current()
        if scope_now is not _CLOSED:
            self.ensure(scope_now, slot)

    def ensure(self, scope: Scope, deliver: Callable[[object], object]) -> None:
        """`deliver(report)` with the report of `scope` already computed; else compute one, unless
        one is on its way (its watchers get it)."""
        loader = self.loader(scope)
        if loader.last is not None and loader.idle:
            deliver(loader.last)
        elif loader.idle and self._upkeep.idle:  # else the upkeep's end asks for it
            loader.request()

    def _forget(self, watcher: _Watcher) -> None:
        if watcher in self._watchers:
            self._watchers.remove(watcher)
        self._deliveries = [entry for entry in self._deliveries if entry[0] is not watcher]

    def _arrived(self, scope: Scope, report) -> None:
        self.ready.emit(scope, report)
        # A report still waiting for a watcher is replaced by this newer one of the same scope.
        self._deliveries = [entry for entry in self._deliveries if entry[1] != scope]
        self._deliveries += [(watcher, scope, report) for watcher in self._watchers]
        self._deliver_next()  # the first watcher in this turn, the others in the turns that follow

    @Slot()
    def _deliver_next(self) -> None:
        if self._deliveries:
            watcher, scope, report = self._deliveries.pop(0)
            watcher.on_ready(scope, report)
        if self._deliveries:
            self._delivery_timer.start()
        else:
            self._delivery_timer.stop()

    @property
    def idle(self) -> bool:
        loaders_idle = all(loader.idle for loader in self._loaders.values())
        return self._upkeep.idle and loaders_idle and not self._deliveries

    @Slot()
    def refresh(self) -> None:
        """Compute again every scope someone watches (once each, however many watch it)."""
        for scope in {watcher.current() for watcher in list(self._watchers)} - {_CLOSED}:
            self.loader(scope).request()

    @Slot()
    def minute(self) -> None:
        """The minute's upkeep, then every watched report (at once when the store is read-only)."""
        if self.ctx.read_only:
            self.refresh()
        else:
            self._upkeep.request()

    @Slot(object)
    def _upkept(self, written: int) -> None:
        if written:  # new help events or tracking checks: everyone showing them hears it, reports included
            self.ctx.notify_changed(Changes(events=True))
        else:
            self.refresh()


class _Watcher(QObject):
    """A child of the watching page: Qt drops its connections when the page goes."""

    def __init__(
        self,
        owner: QObject,
        scope: Callable[[], Scope],
        slot: Callable[[object], object],
        on_failure: Callable[[str], object] | None,
    ) -> None:
        super().__init__(owner)
        self.scope, self._slot, self._on_failure = scope, slot, on_failure

    def current(self) -> Scope | object:
        try:
            return self.scope()
        except sqlite3.ProgrammingError:
            return _CLOSED  # the window closed its store (closing, File › Open store): nothing to show

    def on_ready(self, scope: Scope, report) -> None:
        if scope == self.current():
            self._slot(report)

    @Slot(object, str)
    def on_failed(self, scope: Scope, message: str) -> None:
        if self._on_failure is not None and scope == self.current():
            self._on_failure(message)
