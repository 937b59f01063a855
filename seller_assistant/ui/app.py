"""Starting the window: application object, language, the store (offering the demo when empty)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from seller_assistant import APP_ID, APP_NAME
from seller_assistant.core.errors import UserError
from seller_assistant.core.leftovers import remove_leftovers
from seller_assistant.store import Store, import_runs, open_store, shops
from seller_assistant.ui import gc_guard
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import choose_language, install_translator
from seller_assistant.ui.icons import app_icon
from seller_assistant.ui.single_instance import InstanceGuard


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(APP_ID)
    QCoreApplication.setApplicationName(APP_NAME)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # the tray may keep running; MainWindow quits explicitly
    gc_guard.install(app)
    return app


def build_window(store: Store, fixed_now: int | None = None):
    """The main window on an open store that has a shop (tests build it this way too)."""
    from seller_assistant.ui.main_window import MainWindow
    from seller_assistant.ui.tray import create_tray

    ctx = AppContext(store, fixed_now)
    window = MainWindow(ctx)
    window.tray = create_tray(window)
    return window


def run_gui(cli_ctx) -> int:
    app = application()
    guard = InstanceGuard(cli_ctx.db_path)
    read_only = False
    if guard.other_instance_running():
        choice = _ask_about_other_instance(cli_ctx.db_path)
        if choice == "switch":
            guard.ask_other_to_show()
            return 0
        if choice != "read_only":
            return 0
        read_only = True
    try:
        store = open_store(cli_ctx.db_path, read_only=read_only)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    if not read_only:
        remove_leftovers(cli_ctx.db_path)  # side files of an export a crash cut short
        try:
            import_runs.finish_pending(store)  # an import killed while storing its last rows
        except UserError as exc:
            QMessageBox.warning(None, APP_NAME, str(exc))
    if shops.current_shop_id(store) is None and not _first_start(cli_ctx, store):
        return 0
    settings = shops.load_settings(store, shops.require_shop(store))
    install_translator(app, choose_language(settings.language))
    fixed_now = cli_ctx.now_epoch if cli_ctx.now_text else None
    window = build_window(store, fixed_now)
    _open_windows[:] = [window]
    if not read_only:
        guard.listen()
        guard.show_requested.connect(lambda: _bring_to_front(_open_windows[0]))
    window.show()
    window.backups.backup_if_due()  # the automatic daily backup, off the GUI thread
    return app.exec()


def _ask_about_other_instance(db_path: Path) -> str:
    box = QMessageBox()
    box.setWindowTitle(APP_NAME)
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(
        QCoreApplication.translate(
            "App", "This store is already open in another Seller Assistant window:\n%1"
        ).replace("%1", str(db_path))
    )
    switch = box.addButton(QCoreApplication.translate("App", "Switch to that window"), QMessageBox.ButtonRole.AcceptRole)
    read_only = box.addButton(QCoreApplication.translate("App", "Open read-only"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is switch:
        return "switch"
    if box.clickedButton() is read_only:
        return "read_only"
    return "cancel"


def _bring_to_front(window) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()


def _first_start(cli_ctx, store: Store) -> bool:
    """No shop yet: offer the demo shop, or an empty shop of one's own. False: the user quit."""
    box = QMessageBox()
    box.setWindowTitle(APP_NAME)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(
        "欢迎使用 Seller Assistant！这个数据库还没有店铺。\n"
        "Welcome! This store has no shop yet.\n\n"
        f"{store.path}"
    )
    demo = box.addButton("看看演示店铺 / Try the demo shop", QMessageBox.ButtonRole.AcceptRole)
    own = box.addButton("开我自己的店 / Start my own shop", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is demo:
        from seller_assistant.cli.demo import ensure_demo

        ensure_demo(cli_ctx)
        return True
    if box.clickedButton() is own:
        from seller_assistant.core.settings import ShopSettings

        shops.create_shop(store, ShopSettings(), cli_ctx.now_epoch)
        return True
    return False


def reopen_on_store(window, path: str) -> None:
    """File › Open store: replace the window with one on another store."""
    try:
        store = open_store(Path(path))
        shops.require_shop(store)
    except UserError as exc:
        QMessageBox.warning(window, APP_NAME, str(exc))
        return
    new_window = build_window(store)
    new_window.show()
    old_store = window.ctx.store
    window._quitting = True
    window.hide()
    if window.tray is not None:
        window.tray.hide()
    window.deleteLater()
    old_store.close()
    _open_windows[:] = [new_window]


# Python owns top-level windows: keep the current one referenced so it is not collected.
_open_windows: list = []
