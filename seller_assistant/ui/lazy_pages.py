"""The window's pages, each built the first time it is asked for, so only the first page delays the start."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QStackedWidget, QWidget

from seller_assistant.ui import gc_guard, workers
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.pages import PageSpec

MENU_KINDS = ("import_actions", "file_actions")


@dataclass(frozen=True)
class _WarmUp:
    worker: workers.Worker
    done: threading.Event
    loads: Sequence[Callable[[], object]] | None  # None: the pages not built yet
    then: Callable[[], None] | None


def _settle_then(then: Callable[[], None] | None) -> None:
    """Every page's code is in: the startup heap is settled (ui/gc_guard.py), then `then`."""
    gc_guard.settle_startup()
    if then is not None:
        then()


class LazyPages(Mapping[str, QWidget]):
    """`pages[key]` builds the page on first use and puts it in the stack in place of an empty
    stand-in; `list(pages)` is every key, built or not. Building every page up front cost most of
    a second on a big store (imports, first queries) before the window could paint."""

    def __init__(
        self,
        ctx: AppContext,
        owner: QWidget,
        stack: QStackedWidget,
        specs: list[PageSpec],
        on_built: Callable[[str, QWidget], None] | None = None,
    ) -> None:
        self._ctx = ctx
        self._owner = owner
        self._stack = stack
        self._specs = {spec.key: spec for spec in specs}
        self._built: dict[str, QWidget] = {}
        self._stand_ins: dict[str, QWidget] = {}
        self._menu_entries: dict[tuple[str, str], list[tuple[QMenu, QAction]]] = {}
        self._on_built = on_built
        self._warming: _WarmUp | None = None
        for spec in specs:
            stand_in = spec.placeholder() if spec.placeholder is not None else QWidget()
            self._stand_ins[spec.key] = stand_in
            stack.addWidget(stand_in)

    # -- the mapping ---------------------------------------------------------------------------

    def __getitem__(self, key: str) -> QWidget:
        page = self._built.get(key)
        if page is None:
            if key not in self._specs:
                raise KeyError(key)
            page = self._build(self._specs[key])
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def is_built(self, key: str) -> bool:
        return key in self._built

    def index_of(self, key: str) -> int:
        return list(self._specs).index(key)

    # -- building ------------------------------------------------------------------------------

    def spec(self, key: str) -> PageSpec:
        return self._specs[key]

    def stand_in(self, key: str) -> QWidget | None:
        """What the page's place shows until it is built (None once it is)."""
        return self._stand_ins.get(key)

    def warm_up(
        self, loads: Sequence[Callable[[], object]] | None = None, then: Callable[[], None] | None = None
    ) -> workers.Worker:
        """Import on a worker what the GUI thread will need, then call `then` on the GUI thread.
        By default: the pages not built yet, and what they read on first use, while the shop looks at
        the first page (importing a page's modules on its first visit held the window for 50–250 ms);
        then the startup heap is settled before `then`.
        Only Python is loaded there; every widget is still made on the GUI thread."""
        asked, asked_then = loads, then
        if loads is None:
            loads, then = self._page_loads(), partial(_settle_then, then)
        done = threading.Event()

        def run(job: workers.Job) -> None:
            try:
                for load in loads:
                    if job.cancelled:
                        raise workers.Cancelled()  # `then` follows the warm-up started again instead
                    load()
                    gc_guard.set_aside_loaded()
            finally:
                done.set()

        worker = workers.start(run, lambda _result: then() if then is not None else None)
        self._warming = _WarmUp(worker, done, asked, asked_then)
        return worker

    def _page_loads(self) -> list[Callable[[], object]]:
        from seller_assistant.core.warm import warm_caches

        return [spec.load for key, spec in self._specs.items() if key not in self._built] + [warm_caches]

    def _settle_warm_up(self) -> _WarmUp | None:
        """A page wanted while the worker still imports: stop it after the module in hand and wait
        for that, so the GUI thread never imports a module the worker is half-way through. Returns
        the warm-up it stopped (to be started again), None if there was none or it had finished."""
        warming, self._warming = self._warming, None
        if warming is None or warming.done.is_set():
            return None
        warming.worker.job.cancel()
        warming.done.wait(10)
        return warming

    def build_in_background(self, key: str) -> QWidget:
        """Build the page now, without the busy cursor: the shop did not ask for it (ui/window_opening.py)."""
        return self[key] if key in self._built else self._build(self._specs[key], busy=False)

    def _build(self, spec: PageSpec, busy: bool = True) -> QWidget:
        interrupted = self._settle_warm_up()
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            page = spec.load()(self._ctx, self._owner)
        finally:
            if busy:
                QGuiApplication.restoreOverrideCursor()
        page.setObjectName(f"page_{spec.key}")
        self._built[spec.key] = page
        stand_in = self._stand_ins.pop(spec.key)
        index = self._stack.indexOf(stand_in)
        current = self._stack.currentWidget() is stand_in
        self._stack.insertWidget(index, page)
        if current:
            self._stack.setCurrentWidget(page)
        self._stack.removeWidget(stand_in)
        stand_in.deleteLater()
        self._swap_menu_entries(spec.key, page)
        if self._on_built is not None:
            self._on_built(spec.key, page)
        if interrupted is not None:
            # What it had still to load, and what was to follow (the window's opening: Today, the tray).
            self.warm_up(interrupted.loads, interrupted.then)
        return page

    # -- the File menu's entries for pages not built yet ----------------------------------------

    def add_menu_entries(self, kind: str, menu: QMenu) -> None:
        """Put every page's `kind` actions ("import_actions" or "file_actions") into `menu`: stand-ins
        that build the page when triggered, replaced by the page's own actions once it exists."""
        for spec in self._specs.values():
            if spec.key in self._built:
                for action in getattr(self._built[spec.key], kind, list)():
                    menu.addAction(action)
                continue
            entries = self._menu_entries.setdefault((spec.key, kind), [])
            for number, entry in enumerate(getattr(spec, kind)):
                action = QAction(entry.text, self._owner)
                action.setEnabled(not (entry.writes and self._ctx.read_only))
                action.triggered.connect(partial(self._trigger, spec.key, kind, number))
                menu.addAction(action)
                entries.append((menu, action))

    def trigger_menu_entry(self, key: str, kind: str, number: int) -> None:
        """Run a page's menu action (building the page first if needed), as the menu would."""
        self._trigger(key, kind, number)

    def _trigger(self, key: str, kind: str, number: int) -> None:
        actions = getattr(self[key], kind, list)()
        if number < len(actions):
            actions[number].trigger()

    def _swap_menu_entries(self, key: str, page: QWidget) -> None:
        for kind in MENU_KINDS:
            entries = self._menu_entries.pop((key, kind), [])
            if not entries:
                continue
            menu, first = entries[0]
            for action in getattr(page, kind, list)():
                menu.insertAction(first, action)
            for entry_menu, action in entries:
                entry_menu.removeAction(action)
                action.deleteLater()
