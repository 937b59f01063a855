"""The orders table's model: a window onto the store's orders, read a page at a time from SQL."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush

from seller_assistant.core.clock import format_local, humanize_delta, zone
from seller_assistant.core.deadlines import DUE_SOON, LATE, deadline_state
from seller_assistant.core.orders import awaits_shipment
from seller_assistant.store.order_queries import OrderQuery, OrderWindow
from seller_assistant.store.shops import list_shops
from seller_assistant.ui import theme, workers
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import choose_language
from seller_assistant.ui.store_opener import worker_store_opener

# (key, sort key or None when the column is not backed by an index)
COLUMNS = (
    ("order_no", "order_no"),
    ("buyer", "buyer"),
    ("item", None),
    ("amount", None),
    ("paid", "paid_at"),
    ("promised", "deadline"),
    ("countdown", "deadline"),
    ("status", None),
    ("tracking", None),
    ("events", None),
    ("shop", None),  # shown only when the store has several shops
)
COLUMN = {key: number for number, (key, _sort) in enumerate(COLUMNS)}
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CELLS_KEPT = 2_000  # rows worked out and kept (a screenful is ~30; scrolling adds more)


class _Cells(NamedTuple):
    texts: tuple[str, ...]  # per column, as shown
    state: str | None  # LATE, DUE_SOON, or None


ORDER_ID_ROLE = Qt.ItemDataRole.UserRole
DEADLINE_STATE_ROLE = Qt.ItemDataRole.UserRole + 1
# The roles `data` answers: a repaint asks every visible cell for a dozen roles, and the others are
# turned away before the row is looked up (half of a repaint's GUI time at 1 M orders went there).
_ANSWERED_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        ORDER_ID_ROLE,
        DEADLINE_STATE_ROLE,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
    )
)


class OrderTableModel(QAbstractTableModel):
    """Knows how many rows match and keeps a few pages of them; never every order.

    A new filter, sort or store change is counted, with its first page, on a worker's own
    connection, and so is every later page: the window keeps answering meanwhile, whatever the
    size of the store. The rows shown stay until the result replaces them (`loaded`); a page not
    read yet shows empty cells until its rows arrive (a scroll bar dragged across a million rows
    asks for many pages: the newest request is read first, and older ones beyond a few are
    dropped, so the rows under the pointer come first).

    The countdown column is computed from promised_ship_at and the context's clock on each read,
    so a tick repaints it without a query."""

    PAGE_SIZE = 200
    CACHED_PAGES = 12
    WANTED_PAGES = 4  # page requests kept waiting; an older one is dropped (scrolled past)

    loaded = Signal()  # the count and first page of the current query are in
    counted = Signal()  # a result shown with a partial count ("1,000+") has its full count

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._query = OrderQuery()
        self._window: OrderWindow | None = None
        self._pages: OrderedDict[int, list[dict]] = OrderedDict()
        # One load at a time, on a pool of our own: its destructor waits for a running load, so
        # none outlives the model. Requests meanwhile fold into one more load after it.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._loading = False
        self._pending = False
        self._worker: workers.Worker | None = None
        # The full count of a search shown with a partial one runs beside the page reads, on a
        # pool of its own (a scroll never waits behind it); a reload cancels it inside SQLite.
        self._count_pool = QThreadPool(self)
        self._count_pool.setMaxThreadCount(1)
        self._count_worker: workers.Worker | None = None
        self._wanted: OrderedDict[int, None] = OrderedDict()  # pages asked for, newest last
        self._page_worker: workers.Worker | None = None
        self._generation = 0  # which window a page read belongs to (a reload replaces it)
        self._cells: dict[int, tuple[dict, _Cells]] = {}
        self._forget_cells()
        self._marking = False
        self._mark_worker: workers.Worker | None = None
        self._shop_id: int | None = ctx.shop_id  # None: every shop's orders ("All shops")
        self._shops: dict[int, tuple[str, object]] = {}  # id -> (name, zone): each order in its shop's zone
        self._use_settings(ctx.settings)
        self._headers = (
            self.tr("Order no."),
            self.tr("Buyer"),
            self.tr("Item"),
            self.tr("Amount"),
            self.tr("Paid"),
            self.tr("Promised ship"),
            self.tr("Time left"),
            self.tr("Status"),
            self.tr("Tracking"),
            self.tr("Events"),
            self.tr("Shop"),
        )
        self._status_names = {
            "awaiting_payment": self.tr("Awaiting payment"),
            "paid": self.tr("Awaiting shipment"),
            "shipped": self.tr("Shipped"),
            "completed": self.tr("Completed"),
            "refunded": self.tr("Refunded"),
            "closed": self.tr("Closed"),
        }
        self._refund_names = {
            "requested": self.tr("refund requested"),
            "agreed": self.tr("refund agreed"),
            "refunded": self.tr("refunded"),
            "rejected": self.tr("refund rejected"),
            "closed": self.tr("refund closed"),
        }
        ctx.tick.connect(self.refresh_countdowns)
        self.reload()

    # -- the query ---------------------------------------------------------------------------

    @property
    def query(self) -> OrderQuery:
        return self._query

    def set_shop(self, shop_id: int | None) -> None:
        """Show one shop's orders, or every shop's (None)."""
        if shop_id != self._shop_id:
            self._shop_id = shop_id
            self.reload()

    def set_query(self, query: OrderQuery) -> None:
        if query != self._query:
            self._query = query
            self.reload()

    @property
    def loading(self) -> bool:
        """A load is running or waiting: the rows shown may not match the query yet."""
        return self._loading or self._pending

    @property
    def exact(self) -> bool:
        """False while the rows shown are counted only in part (a dense search: "1,000+")."""
        return self._window is None or self._window.exact

    @Slot()
    def reload(self) -> None:
        """Count again and read the first page off the GUI thread (after a write, a filter or a
        sort change); `loaded` is emitted when the result is shown."""
        if self._count_worker is not None:
            self._count_worker.job.cancel()  # counts a result about to be replaced
            self._count_worker = None
        if self._mark_worker is not None:
            # Marking the old result walks its whole index (0.3-0.6 s CPU at a million orders)
            # on the one reading thread: the new search must not wait behind it.
            self._mark_worker.job.cancel()
        if self._loading:
            self._pending = True
            if self._worker is not None:
                self._worker.job.cancel()  # superseded: its result would be dropped anyway
            return
        self._loading, self._pending = True, False
        settings = self.ctx.settings
        self._shops = {shop.id: (shop.name, zone(shop.timezone)) for shop in list_shops(self.ctx.store)}
        # Only plain values go to the job: it must hold no Qt object (see store_opener).
        open_store, shop_id, now = worker_store_opener(self.ctx), self._shop_id, self.ctx.now()
        query, lead, page_size = self._query, int(settings.due_soon_lead_hours * 3600), self.PAGE_SIZE

        def load(job: workers.Job) -> tuple[OrderWindow, list[dict], object]:
            # A newer request stops this one inside SQLite at its next steps, not when it ends.
            with open_store() as store, workers.stopped_inside_sqlite(store.conn, job):
                window = OrderWindow(store, shop_id, query, now, lead)
                return window, window.rows(0, page_size), settings

        self._worker = workers.start(load, self._loaded, self._load_failed, pool=self._pool)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the running load and count are done (closing the window)."""
        for worker in (self._count_worker, self._mark_worker):
            if worker is not None:
                worker.job.cancel()
        return self._pool.waitForDone(msecs) and self._count_pool.waitForDone(msecs)

    @Slot(object)
    def _loaded(self, result: tuple[OrderWindow, list[dict], object]) -> None:
        self._loading, self._worker = False, None
        if self._pending:  # the query or the store changed meanwhile: this result is stale
            self.reload()
            return
        window, head, settings = result
        window.use_store(self.ctx.store)
        self.beginResetModel()
        self._use_settings(settings)
        self._window = window
        self._generation += 1
        self._wanted = OrderedDict()  # a new dict: a mark job of the old window reads the old one
        self._pages.clear()
        if head:
            self._pages[0] = head
        self.endResetModel()
        self.loaded.emit()
        self._mark(window)
        if not window.exact:
            self._count_all(window)

    def _count_all(self, window: OrderWindow) -> None:
        """Count every match of a result shown with its first COUNT_CAP counted; the rows past
        those are added to the table when the count is in (`counted`)."""
        open_store, generation = worker_store_opener(self.ctx), self._generation

        def count(job: workers.Job) -> tuple[int, int]:
            with open_store() as store, workers.stopped_inside_sqlite(store.conn, job):
                return generation, window.count_all(store)

        self._count_worker = workers.start(count, self._counted, self._count_failed, pool=self._count_pool)

    @Slot(object)
    def _counted(self, result: tuple[int, int]) -> None:
        generation, total = result
        self._count_worker = None
        if generation != self._generation or self._window is None or self._window.exact:
            return  # a newer result replaced the one counted
        shown = self._window.total
        if total > shown:
            self.beginInsertRows(QModelIndex(), shown, total - 1)
            self._window.complete(total)
            self.endInsertRows()
        else:
            self._window.complete(total)
        for number, page in list(self._pages.items()):
            if len(page) < self.PAGE_SIZE:
                self._want(number)  # it ended at the partial count: read it again, full
        self.counted.emit()
        self._mark(self._window)  # the marks go on past the rows counted first

    @Slot(str)
    def _count_failed(self, message: str) -> None:
        self._count_worker = None
        if message:
            self.ctx.status_message.emit(message)

    def _mark(self, window: OrderWindow | None) -> None:
        """Note every few thousandth row of the new result on the worker (a page jumped to with the
        scroll bar is then a short seek). It gives way to a page asked for meanwhile, and goes on
        after that page is read."""
        if window is None or self._window is not window or self._marking:
            return
        self._marking = True
        open_store, wanted = worker_store_opener(self.ctx), self._wanted

        def mark(job: workers.Job) -> tuple[OrderWindow, bool]:
            with open_store() as store, workers.stopped_inside_sqlite(store.conn, job):
                return window, window.mark(store, stop=lambda: bool(wanted) or job.cancelled)

        # Bound methods, not lambdas: Qt drops a deleted model's slots, never calls them.
        self._mark_worker = workers.start(mark, self._marked, self._mark_failed, pool=self._pool)

    @Slot(object)
    def _marked(self, result: tuple[OrderWindow, bool]) -> None:
        window, done = result
        self._marking, self._mark_worker = False, None
        self._read_next_page()
        if self.loading:
            return  # stopped for a new result: that one is marked once it is shown
        if not done or self._window is not window:
            self._mark(self._window)  # goes on (a window marked already returns at once)

    @Slot(str)
    def _mark_failed(self, _message: str) -> None:
        self._marking, self._mark_worker = False, None
        self._read_next_page()

    @Slot(str)
    def _load_failed(self, message: str) -> None:
        self._loading, self._worker = False, None
        if self._pending:
            self.reload()
            return
        if message:
            self.ctx.status_message.emit(message)
        self.loaded.emit()  # nothing new to show, but nothing is loading either

    def _use_settings(self, settings) -> None:
        self._forget_cells()  # zone, language, lead time and shop names go into the texts
        self._tz = settings.tz()
        self._lang = choose_language(settings.language)
        self._lead = int(settings.due_soon_lead_hours * 3600)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL; columns without an index behind them keep the current order."""
        sort_key = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None
        if sort_key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(OrderQuery(self._query.filter, self._query.search, sort_key, descending))

    @staticmethod
    def is_sortable(column: int) -> bool:
        return 0 <= column < len(COLUMNS) and COLUMNS[column][1] is not None

    # -- rows ----------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() or self._window is None:
            return 0
        return self._window.total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def order_row(self, row: int) -> dict | None:
        """The stored values of the order on `row`; None while its page is being read (it is
        asked for, and `dataChanged` says when its rows are in)."""
        if self._window is None or not 0 <= row < self._window.total:
            return None
        number, within = divmod(row, self.PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            self._want(number)
            return None
        self._pages.move_to_end(number)
        return page[within] if within < len(page) else None

    def _want(self, number: int) -> None:
        self._wanted[number] = None
        self._wanted.move_to_end(number)
        while len(self._wanted) > self.WANTED_PAGES:
            self._wanted.popitem(last=False)
        self._read_next_page()

    def _read_next_page(self) -> None:
        """Read the newest page asked for, on the model's worker: one read at a time (a load
        waits behind it, never more than one page read)."""
        if self._page_worker is not None or self._marking or not self._wanted or self._window is None:
            return  # a running mark job stops at its next step and reads the page then
        number, _ = self._wanted.popitem(last=True)
        window, generation, size = self._window, self._generation, self.PAGE_SIZE
        open_store = worker_store_opener(self.ctx)

        def read(_job: workers.Job) -> tuple[int, int, list[dict]]:
            store = open_store()
            try:
                return generation, number, window.rows(number * size, size, store=store)
            finally:
                store.close()

        self._page_worker = workers.start(read, self._page_read, self._page_failed, pool=self._pool)

    @Slot(str)
    def _page_failed(self, message: str) -> None:
        self._page_worker = None
        if message:
            self.ctx.status_message.emit(message)
        self._read_next_page()

    @Slot(object)
    def _page_read(self, result: tuple[int, int, list[dict]]) -> None:
        generation, number, rows = result
        self._page_worker = None
        if generation == self._generation:
            self._pages[number] = rows
            while len(self._pages) > self.CACHED_PAGES:
                self._pages.popitem(last=False)
            first = number * self.PAGE_SIZE
            last = min(first + len(rows), self.rowCount()) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self._read_next_page()

    def page_pending(self) -> bool:
        """A page read is running or waiting (tests and the benchmark wait for the rows)."""
        return self._page_worker is not None or bool(self._wanted)

    def order_id(self, row: int) -> int | None:
        order = self.order_row(row)
        return order["id"] if order else None

    def refresh_orders(self, order_ids) -> None:
        """Re-read the rows of these orders among the pages already read, without counting again:
        after shipping one order the table repaints one row, not 200 000."""
        if self._window is None:
            return
        wanted = set(order_ids)
        for number, page in self._pages.items():
            hits = [within for within, order in enumerate(page) if order["id"] in wanted]
            if not hits:
                continue
            fresh = {row["id"]: row for row in self._window.rows_by_id(page[within]["id"] for within in hits)}
            for within in hits:
                page[within] = fresh.get(page[within]["id"], page[within])
                row = number * self.PAGE_SIZE + within
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row_of(self, order_id: int) -> int | None:
        """The row showing `order_id` among the pages already read, if any."""
        for number, page in self._pages.items():
            for within, order in enumerate(page):
                if order["id"] == order_id:
                    return number * self.PAGE_SIZE + within
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        order = self.order_row(index.row())
        if order is None:
            return None
        if role == ORDER_ID_ROLE:
            return order["id"]
        cells = self._cells_of(order)
        if role == _DISPLAY:
            return cells.texts[index.column()]
        if role == DEADLINE_STATE_ROLE:
            return cells.state
        key = COLUMNS[index.column()][0]
        if role == _FOREGROUND and key in ("countdown", "promised"):
            return self._brushes.get(cells.state)
        if role == _BACKGROUND and key == "countdown":
            return self._brushes.get((cells.state, "background"))
        if role == _ALIGNMENT and key in ("amount", "events", "countdown"):
            return _RIGHT
        return None

    def _cells_of(self, order: dict) -> _Cells:
        """The row's texts and deadline state, worked out once per row and clock second: a repaint
        asks ~1 800 times (every visible cell, six roles), and working each answer out again
        (times formatted, the deadline's state, theme colours) held the first sort's repaint
        35–53 ms at 1 M orders. Kept with the row's own dict, so a row read again is worked out
        again; all forgotten when the clock moves on or the result is replaced."""
        now = self.ctx.now()
        if now != self._cells_now or len(self._cells) > _CELLS_KEPT:
            self._forget_cells(now)
        kept = self._cells.get(id(order))
        if kept is not None and kept[0] is order:
            return kept[1]
        state = self._state(order)
        cells = _Cells(tuple(self._text(order, key) for key, _sort in COLUMNS), state)
        self._cells[id(order)] = (order, cells)  # the dict is held: its id is not reused meanwhile
        return cells

    def _forget_cells(self, now: int | None = None) -> None:
        self._cells_now = now
        self._cells = {}
        self._brushes = {
            LATE: QBrush(theme.colour("late")),
            DUE_SOON: QBrush(theme.colour("due_soon")),
            (LATE, "background"): QBrush(theme.colour("late_background")),
            (DUE_SOON, "background"): QBrush(theme.colour("due_soon_background")),
        }

    def _state(self, order: dict) -> str | None:
        if not awaits_shipment(order["status"], order["shipped_at"]):
            return None
        return deadline_state(order["promised_ship_at"], self.ctx.now(), self._lead)

    def _text(self, order: dict, key: str) -> str:
        # Plain strings only: a view shows a str as text, never as markup.
        if key == "order_no":
            return order["order_no"]
        if key == "buyer":
            return order["buyer"] or ""
        if key == "item":
            return order["item_title"] or ""
        if key == "amount":
            cents = order["amount_cents"]
            return "" if cents is None else f"{Decimal(cents) / 100:.2f}"
        if key == "paid":
            return format_local(order["paid_at"], self._zone(order))
        if key == "promised":
            return format_local(order["promised_ship_at"], self._zone(order))
        if key == "countdown":
            if self._state(order) is None:
                return ""
            return humanize_delta(order["promised_ship_at"] - self.ctx.now(), self._lang)
        if key == "status":
            return self.status_text(order)
        if key == "tracking":
            return " ".join(part for part in (order["carrier"], order["tracking_no"]) if part)
        if key == "events":
            return str(order["events"]) if order["events"] else ""
        if key == "shop":
            return self._shops.get(order["shop_id"], ("", None))[0]
        return ""

    def _zone(self, order: dict):
        shop = self._shops.get(order["shop_id"])
        return shop[1] if shop else self._tz

    def status_text(self, order: dict) -> str:
        parts = [self._status_names.get(order["status"], order["status"])]
        if order["refund_status"]:
            parts.append(self._refund_names.get(order["refund_status"], order["refund_status"]))
        if order["logistics_status"] == "exception":
            parts.append(self.tr("logistics exception"))
        return " · ".join(parts)

    @Slot()
    def refresh_countdowns(self) -> None:
        """The clock moved: repaint the countdown column from cached values, no query."""
        if self.rowCount() == 0:
            return
        column = COLUMN["countdown"]
        self.dataChanged.emit(
            self.index(0, COLUMN["promised"]),
            self.index(self.rowCount() - 1, column),
            [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole],
        )
