"""The main window: a sidebar of pages, menus, status bar; remembers its geometry between runs."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from seller_assistant import APP_NAME, __version__
from seller_assistant.activity_log import log_folder
from seller_assistant.core.clock import format_local
from seller_assistant.ui import theme
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.first_paint import after_first_paint
from seller_assistant.ui.i18n import choose_language, fill
from seller_assistant.ui.icons import app_icon, page_icon
from seller_assistant.ui.lazy_pages import LazyPages


class MainWindow(QMainWindow):
    # What only the application can do (replace this window), asked for by signal so the window
    # never imports the module that builds it: ui/app.py connects these in build_window.
    store_requested = Signal(str)  # reopen on this store file
    language_requested = Signal(object)  # "zh" | "en" | None (follow the system)
    leave_demo_requested = Signal()
    # What the tray's notifier raised (title, text), shown by the tray or else the status bar: the
    # notifier comes a few turns after the window (ui/window_opening.py), this signal with it.
    notification = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("MainWindow")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(QSize(960, 620))
        self._quitting = False
        self._built_language = choose_language(ctx.settings.language)  # what this window was built in
        self._batch_export: QAction | None = None

        self.sidebar = QListWidget(objectName="sidebar")
        self.sidebar.setFixedWidth(170)
        self.sidebar.setSpacing(2)
        self.sidebar.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget(objectName="pages")
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        if ctx.settings.demo:
            right.addWidget(self._demo_banner())
        right.addWidget(self.stack, 1)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)
        self._add_pages()
        # Today's placeholder shows first; the page itself is built after the first paint
        # (ui/window_opening.py), like the tray and its notifier.
        self.sidebar.setCurrentRow(0)
        self.sidebar.currentRowChanged.connect(self._show_page)
        self.tray = None
        self.notifier = None
        self.opening = None  # ui/window_opening.py, set by build_window

        from seller_assistant.ui.backup_actions import BackupController

        self.backups = BackupController(self)
        from seller_assistant.ui.anchor_actions import AnchorController

        self.anchors = AnchorController(self)
        self._build_menus()
        self.clock_label = QLabel()
        self.statusBar().addPermanentWidget(self.clock_label)
        ctx.status_message.connect(self._show_status)
        ctx.tick.connect(self._update_status)
        ctx.subscribe(self, lambda c: c.settings or c.shops, self._update_status)
        ctx.settings_changed.connect(self._language_setting_changed, Qt.ConnectionType.QueuedConnection)
        ctx.order_requested.connect(lambda order_id: self._page_requested("orders", "show_order", order_id))
        ctx.reply_requested.connect(lambda order_id: self._page_requested("replies", "load_order", order_id))
        self._update_status()
        self._restore_state()

    # -- pages -------------------------------------------------------------------------------

    def _add_pages(self) -> None:
        from seller_assistant.ui.pages import page_specs

        specs = page_specs()
        # Pages are built the first time they are shown (or asked for: `window.pages[key]`).
        self.pages = LazyPages(self.ctx, self, self.stack, specs)
        self._shown_pages: set[str] = set()  # pages that have been on screen (painted)
        for spec in specs:
            item = QListWidgetItem(page_icon(spec.key), spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(160, 38))
            self.sidebar.addItem(item)

    @Slot(int)
    def _show_page(self, row: int) -> None:
        item = self.sidebar.item(row)
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        page = self.pages[key]
        self.stack.setCurrentWidget(page)
        if hasattr(page, "on_shown"):
            # A page shown for the first time starts its reads after its first paint (ui/first_paint.py).
            after_first_paint(page, page.on_shown, painted=key in self._shown_pages)
        self._shown_pages.add(key)

    def show_page(self, key: str) -> QWidget:
        self.sidebar.setCurrentRow(self.pages.index_of(key))
        return self.pages[key]

    def _page_requested(self, key: str, method: str, order_id: int) -> None:
        """Today's "open" and "reply" buttons. A page built just now missed the signal it listens
        to (it connected during the emit), so it is handed the order here."""
        if not self.pages.is_built(key):
            getattr(self.pages[key], method)(order_id)
        self.show_page(key)

    def _demo_banner(self) -> QWidget:
        """On every page of the demo: these orders are invented, and the way back is one click."""
        banner = QFrame(objectName="demoBanner")
        banner.setStyleSheet(
            f"#demoBanner {{ background: {theme.css_colour('banner')}; "
            f"border-bottom: 1px solid {theme.css_colour('banner_edge')}; }}"
        )
        row = QHBoxLayout(banner)
        row.setContentsMargins(12, 6, 12, 6)
        text = QLabel(
            self.tr(
                "Demo shop: every order, buyer and chat here is invented. Nothing you do here "
                "touches your own shop."
            )
        )
        text.setWordWrap(True)
        row.addWidget(text, 1)
        self.leave_demo_button = QPushButton(self.tr("Back to my shop"), objectName="leaveDemo")
        self.leave_demo_button.clicked.connect(self._leave_demo)
        row.addWidget(self.leave_demo_button)
        return banner

    @Slot()
    def _leave_demo(self) -> None:
        self.leave_demo_requested.emit()

    def _show_status(self, text: str) -> None:
        """A status line never runs under the clock: its first line, cut with "…" to the room there is;
        the whole text (the morning summary's several lines) on hover."""
        bar = self.statusBar()
        room = bar.width() - self.clock_label.sizeHint().width() - 40
        first = text.splitlines()[0] if text else ""
        bar.showMessage(bar.fontMetrics().elidedText(first, Qt.TextElideMode.ElideRight, max(room, 80)), 8000)
        bar.setToolTip(text)

    def start_first_import(self) -> None:
        """File › Import › Orders…: a new shop's first step, and Ctrl+I."""
        self.show_page("orders")
        self.pages.trigger_menu_entry("orders", "import_actions", 0)

    def _add_action(self, menu, text: str, slot, shortcut=None) -> QAction:
        """One menu entry: text, what it does, and its key (the window's menus are built from these)."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _focus_search(self) -> None:
        page = self.show_page("chats")
        page.tabs.setCurrentWidget(page.search)
        page.search.query.setFocus()
        page.search.query.selectAll()

    # -- menus -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        open_action = QAction(self.tr("&Open store…"), self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._open_store)
        file_menu.addAction(open_action)
        shared_action = QAction(self.tr("Open &shared store…"), self)
        shared_action.triggered.connect(self._open_shared_store)
        file_menu.addAction(shared_action)
        move_action = QAction(self.tr("&Move to a shared store…"), self)
        move_action.setObjectName("move_to_shared_store")
        move_action.triggered.connect(self.open_move_store)
        # A store file moves into PostgreSQL; a shared store is already there.
        move_action.setEnabled(not self.ctx.store.shared)
        file_menu.addAction(move_action)
        import_menu = file_menu.addMenu(self.tr("&Import"))
        self.pages.add_menu_entries("import_actions", import_menu)
        import_menu.setEnabled(not import_menu.isEmpty())
        self.pages.add_menu_entries("file_actions", file_menu)
        # The export dialog's module pulls in the bundle and PDF code: imported when first used.
        batch = QAction(
            QCoreApplication.translate("BatchExport", "Export bundles for all open disputes…"), self
        )
        batch.setObjectName("batch_export_evidence")
        batch.triggered.connect(self._export_open_disputes)
        file_menu.addAction(batch)
        verify = QAction(self.tr("&Verify evidence bundle…"), self)
        verify.setObjectName("verify_evidence_bundle")
        verify.triggered.connect(self.open_verify_bundle)
        file_menu.addAction(verify)
        file_menu.addSeparator()
        for action in self.backups.actions():
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.quit)
        file_menu.addAction(quit_action)

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for number in range(min(self.sidebar.count(), 9)):
            page_action = QAction(self.sidebar.item(number).text(), self)
            page_action.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
            page_action.triggered.connect(partial(self.sidebar.setCurrentRow, number))
            go_menu.addAction(page_action)
        go_menu.addSeparator()
        self._add_action(
            go_menu, self.tr("&Search chats…"), self._focus_search, QKeySequence.StandardKey.Find
        )
        import_orders = self._add_action(
            go_menu, self.tr("&Import orders…"), self.start_first_import, QKeySequence("Ctrl+I")
        )
        import_orders.setEnabled(not self.ctx.read_only)
        if self.ctx.settings.demo:
            leave = QAction(self.tr("Back to my shop"), self)
            leave.triggered.connect(self._leave_demo)
            file_menu.insertAction(file_menu.actions()[1], leave)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        # Named in both languages: whoever cannot read the current one still finds the way out.
        language_menu = help_menu.addMenu("语言 / &Language")
        for label, code in (("简体中文", "zh"), ("English", "en")):
            choice = QAction(label, self, checkable=True)
            choice.setChecked(choose_language(self.ctx.settings.language) == code)
            choice.triggered.connect(partial(self._switch_language, code))
            language_menu.addAction(choice)
        help_menu.addSeparator()
        self._add_action(
            help_menu, self.tr("User &guide"), self._show_guide, QKeySequence.StandardKey.HelpContents
        )
        about = QAction(self.tr("&About Seller Assistant"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)
        show_log = QAction(self.tr("Show &log folder"), self)
        show_log.triggered.connect(self._show_log_folder)
        help_menu.addAction(show_log)

    @Slot()
    def open_verify_bundle(self):
        """File › Verify evidence bundle…: the dialog (kept reachable for tests)."""
        from seller_assistant.ui.export_dialog import default_folder
        from seller_assistant.ui.i18n import choose_language
        from seller_assistant.ui.verify_bundle_dialog import VerifyBundleDialog

        self.verify_dialog = VerifyBundleDialog(
            choose_language(self.ctx.settings.language), self, default_folder()
        )
        self.verify_dialog.open()
        return self.verify_dialog

    def _export_open_disputes(self) -> None:
        if self._batch_export is None:
            from seller_assistant.ui.export_dialog import batch_export_action

            self._batch_export = batch_export_action(self.ctx, self)
        self._batch_export.trigger()

    @Slot()
    def _open_store(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open store"),
            str(self.ctx.db_path.parent),
            self.tr("Seller Assistant store (*.db)"),
        )
        if not path:
            return
        self.store_requested.emit(path)

    @Slot()
    def open_move_store(self):
        """File › Move to a shared store…: the dialog (kept reachable for tests)."""
        from seller_assistant.ui.move_store_dialog import MoveStoreDialog

        self.move_dialog = MoveStoreDialog(self.ctx.store.path, self)
        self.move_dialog.open_requested.connect(self.store_requested)
        self.move_dialog.open()
        return self.move_dialog

    @Slot()
    def _open_shared_store(self) -> None:
        """A store on a PostgreSQL server several desks share: its address, never its password."""
        address, accepted = QInputDialog.getText(
            self,
            self.tr("Open shared store"),
            fill(
                self.tr(
                    "Address of the shop's shared store, e.g. {example}\n"
                    "(the password goes in your {pgpass} file, not here):"
                ),
                example="postgresql://anna@shop-pc/shop",
                pgpass=".pgpass",
            ),
            text=self.ctx.store.location if self.ctx.store.shared else "postgresql://",
        )
        address = address.strip()
        if accepted and address and address != "postgresql://":
            self.store_requested.emit(address)

    def _switch_language(self, language: str) -> None:
        self.language_requested.emit(language)

    @Slot()
    def _language_setting_changed(self) -> None:
        """The Settings page saved another language: this window follows it now, not after a restart."""
        if choose_language(self.ctx.settings.language) != self._built_language:
            self._switch_language(self.ctx.settings.language)

    def current_page_key(self) -> str | None:
        item = self.sidebar.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    @Slot()
    def _show_guide(self) -> None:
        from seller_assistant.ui.user_guide import UserGuideDialog

        UserGuideDialog(self.ctx.settings.report_language(), self).exec()

    @Slot()
    def _show_log_folder(self) -> None:
        """The activity log beside the store: what to send whoever helps the shop."""
        folder = log_folder(self.ctx.db_path)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @Slot()
    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Seller Assistant"),
            fill(
                self.tr(
                    "{app} {version}\n\nKeeps a small shop's platform help rate down: ship on time or tell the buyer "
                    "first, answer every urge, keep evidence, never stall a refund.\n\nYour data stays on this "
                    "computer: {store}"
                ),
                app=APP_NAME,
                version=__version__,
                store=self.ctx.db_path,
            ),
        )

    # -- status and state --------------------------------------------------------------------

    @Slot()
    def _update_status(self) -> None:
        settings = self.ctx.settings
        when = format_local(self.ctx.now(), settings.tz())
        suffix = self.tr(" (read-only)") if self.ctx.read_only else ""
        demo = self.tr("[DEMO] ") if settings.demo else ""
        self.setWindowTitle(f"{demo}{settings.name} — {APP_NAME}{suffix}")
        self.clock_label.setText(f"{settings.timezone}  {when}")

    def _restore_state(self) -> None:
        state = QSettings()
        geometry = state.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 760)
        # The page is not restored: the day's risks (Today) are always the first thing seen.

    def _save_state(self) -> None:
        state = QSettings()
        state.setValue("window/geometry", self.saveGeometry())

    def quit(self) -> None:
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._save_state()
        tray = getattr(self, "tray", None)
        if (
            not self._quitting
            and tray is not None
            and tray.isVisible()
            and self.ctx.settings.minimize_to_tray
        ):
            # Keep watching deadlines from the tray; Quit from the tray menu ends the app.
            self.hide()
            event.ignore()
            return
        event.accept()
        self.ctx.stop_clock()
        if self.opening is not None:
            self.opening.stop()
        from PySide6.QtWidgets import QApplication

        QApplication.quit()
