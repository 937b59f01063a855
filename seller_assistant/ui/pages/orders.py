"""The Orders page: every order in a virtual table (filter, search, sort in SQL), its detail beside it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.changes import Changes
from seller_assistant.store.order_queries import OrderQuery
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.import_runs_banner import InterruptedImportBar
from seller_assistant.ui.order_table_model import COLUMN, COLUMNS, OrderTableModel
from seller_assistant.ui.shop_filter import ShopFilter
from seller_assistant.ui.widgets import heading, plain_label

SEARCH_DELAY_MS = 300  # wait for a pause in typing before asking the store again


class OrdersPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Orders")))
        self.interrupted = InterruptedImportBar(ctx)  # an order import that was cut short
        layout.addWidget(self.interrupted)

        bar = QHBoxLayout()
        # Several shops: all of them, or one; hidden while the store has one shop.
        self.shop_filter = ShopFilter(ctx)
        bar.addWidget(self.shop_filter)
        self.filter = QComboBox(objectName="order_filter")
        for key, label in (
            ("all", self.tr("All orders")),
            ("awaiting", self.tr("Awaiting shipment")),
            ("late", self.tr("Late")),
            ("due_soon", self.tr("Due soon")),
            ("shipped", self.tr("Shipped")),
            ("refunds", self.tr("Refunds")),
            ("events", self.tr("With help events")),
        ):
            self.filter.addItem(label, key)
        self.filter.currentIndexChanged.connect(self._apply_query)
        bar.addWidget(self.filter)
        self.search = QLineEdit(objectName="order_search")
        self.search.setPlaceholderText(self.tr("Search order number, buyer or item"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_query)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._apply_query)
        bar.addWidget(self.search, 1)
        self.count_label = plain_label(word_wrap=False)
        bar.addWidget(self.count_label)
        self.import_button = QPushButton(self.tr("Import orders…"), objectName="import_orders")
        self.import_button.clicked.connect(self.open_import_dialog)
        bar.addWidget(self.import_button)
        self.bulk_ship_button = QPushButton(self.tr("Bulk ship…"), objectName="bulk_ship_button")
        self.bulk_ship_button.clicked.connect(self.open_bulk_ship)
        bar.addWidget(self.bulk_ship_button)
        layout.addLayout(bar)

        self.model = OrderTableModel(ctx, self)
        self.model.set_shop(self.shop_filter.shop_id() if self.shop_filter.several() else ctx.shop_id)
        self.model.loaded.connect(self._loaded)
        self.model.counted.connect(self._show_count)
        self.shop_filter.shop_chosen.connect(self._shop_chosen)
        self.table = QTableView(objectName="orders_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Uniform rows: the view never measures 200 000 rows to lay them out.
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        rows.hide()
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COLUMN["countdown"], Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._header_clicked)
        header.setStretchLastSection(True)
        # Wide enough for the longest countdown in Chinese ("-20小时59分") at any font size.
        countdown_width = self.fontMetrics().horizontalAdvance("-20小时59分") + 24
        for key, width in (
            ("order_no", 160),
            ("buyer", 110),
            ("item", 170),
            ("amount", 70),
            ("paid", 115),
            ("promised", 115),
            ("countdown", countdown_width),
            ("status", 120),
            ("tracking", 150),
        ):
            self.table.setColumnWidth(COLUMN[key], width)
        # What a shop scans first stays left of the fold, even with the order detail open beside it.
        for visual, key in enumerate(("order_no", "countdown", "status"), start=0):
            header.moveSection(header.visualIndex(COLUMN[key]), visual)
        self.table.setColumnHidden(COLUMN["shop"], not self.shop_filter.several())
        self.table.doubleClicked.connect(self._row_activated)
        self.table.activated.connect(self._row_activated)

        self._detail = None  # built when the first order is opened: it holds a whole reply panel
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        layout.addWidget(self.splitter, 1)

        self._import_action = QAction(self.tr("&Orders…"), self)
        self._import_action.triggered.connect(self.open_import_dialog)
        self._import_action.setEnabled(not ctx.read_only)
        self.import_button.setEnabled(not ctx.read_only)
        self._bulk_ship_action = QAction(self.tr("&Bulk ship…"), self)
        self._bulk_ship_action.triggered.connect(self.open_bulk_ship)
        self._bulk_ship_action.setEnabled(not ctx.read_only)
        self.bulk_ship_button.setEnabled(not ctx.read_only)

        self._stale = False
        self._keep_selected: int | None = None
        ctx.changed.connect(self._store_changed)
        ctx.order_requested.connect(self.show_order)

    # -- what the window asks of a page --------------------------------------------------------

    def import_actions(self) -> list[QAction]:
        return [self._import_action]

    def file_actions(self) -> list[QAction]:
        return [self._bulk_ship_action]

    def on_shown(self) -> None:
        if self._stale:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.on_shown()

    # -- query -----------------------------------------------------------------------------------

    @Slot(object)
    def _shop_chosen(self, shop_id: int | None) -> None:
        self.table.setColumnHidden(COLUMN["shop"], not self.shop_filter.several() or shop_id is not None)
        self.model.set_shop(shop_id)

    def current_query(self) -> OrderQuery:
        return self.model.query

    @Slot()
    def _apply_query(self) -> None:
        self._search_timer.stop()
        old = self.model.query
        self.model.set_query(
            OrderQuery(self.filter.currentData(), self.search.text().strip(), old.sort, old.descending)
        )

    @Slot(int)
    def _header_clicked(self, column: int) -> None:
        header = self.table.horizontalHeader()
        query = self.model.query
        if not self.model.is_sortable(column):
            # Sorting 200 000 rows by a column without an index would freeze the window.
            self._show_sort_indicator()
            self.ctx.status_message.emit(
                self.tr("This column cannot be sorted; sort by order, buyer, paid or deadline.")
            )
            return
        same = COLUMNS[column][1] == query.sort
        descending = not query.descending if same else False
        self.model.sort(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        header.setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        )

    def _show_sort_indicator(self) -> None:
        query = self.model.query
        column = (
            COLUMN["countdown"]
            if query.sort == "deadline"
            else next(number for number, (_key, sort) in enumerate(COLUMNS) if sort == query.sort)
        )
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(column, order)

    @Slot()
    def _loaded(self) -> None:
        """The model shows the current query's rows: count them, and keep the chosen order selected."""
        self._show_count()
        chosen, self._keep_selected = self._keep_selected, None
        row = self.model.row_of(chosen) if chosen is not None else None
        if row is not None:
            self.table.selectRow(row)

    @Slot()
    def _show_count(self) -> None:
        count = f"{self.model.rowCount():,}"
        if self.model.exact:
            self.count_label.setText(fill(self.tr("{count} orders"), count=count))
        else:  # the first page of a search matching very many: the rest are being counted
            self.count_label.setText(fill(self.tr("{count}+ orders"), count=count))

    # -- refresh and detail ------------------------------------------------------------------------

    @Slot()
    @Slot(object)
    def _store_changed(self, changes: Changes) -> None:
        """A write to a few orders re-reads just their rows; the list is counted again only when
        orders were added or removed, or the shown set may have changed (a state filter, a search)."""
        if not changes.touches_orders and not changes.needs_recount:
            return
        if changes.needs_recount or self.model.query.filter != "all" or self.model.query.search:
            self.refresh()
        else:
            self.model.refresh_orders(changes.orders)

    def refresh(self) -> None:
        """The store changed: count again and keep the chosen order selected if still listed."""
        if not self.isVisible():
            self._stale = True  # a hidden page re-reads when it is shown, not on every change
            return
        self.interrupted.reload()
        self._stale = False
        # The first page comes with the count, and a kept order is usually on it.
        self._keep_selected = self._detail.order_id if self._detail is not None else None
        self.model.reload()

    @Slot(QModelIndex)
    def _row_activated(self, index: QModelIndex) -> None:
        order_id = self.model.order_id(index.row())
        if order_id is not None:
            self.show_order(order_id)

    @property
    def detail(self):
        """The order detail beside the table, built the first time it is needed."""
        if self._detail is None:
            from seller_assistant.ui.order_detail import OrderDetail

            self._detail = OrderDetail(self.ctx, self)
            self._detail.hide()
            self.splitter.addWidget(self._detail)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
        return self._detail

    @Slot(int)
    def show_order(self, order_id: int) -> None:
        first_time = self.detail.isHidden()
        self.detail.set_order(order_id)
        self.detail.show()
        # Selection follows the action: the row shown in the detail, or none (never another order).
        row = self.model.row_of(order_id)
        if row is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(row)
        if first_time:
            width = max(self.splitter.width(), 900)
            self.splitter.setSizes([width * 3 // 5, width * 2 // 5])

    @Slot()
    def open_import_dialog(self) -> None:
        from seller_assistant.ui.import_dialog import ImportOrdersDialog

        dialog = ImportOrdersDialog(self.ctx, self, shop_id=self.shop_filter.shop_id())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def open_bulk_ship(self):
        """Orders › Bulk ship… and File › Bulk ship…: a list of order → tracking number shipped at once."""
        from seller_assistant.ui.bulk_ship_dialog import BulkShipDialog

        dialog = BulkShipDialog(self.ctx, self, shop_id=self.shop_filter.shop_id())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
