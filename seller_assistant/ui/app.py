"""Starting the window: application object, language, the store (offering the demo when empty)."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from seller_assistant import APP_ID, APP_NAME, paths
from seller_assistant.activity_log import get_logger, start_logging
from seller_assistant.core.errors import UserError
from seller_assistant.core.leftovers import remove_leftovers
from seller_assistant.store import Store, open_store, pending_imports, shops
from seller_assistant.store.demo import ensure_demo
from seller_assistant.store.dialect import is_url
from seller_assistant.ui import gc_guard
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import choose_language, current_language, fill, use_language
from seller_assistant.ui.icons import app_icon
from seller_assistant.ui.single_instance import InstanceGuard
from seller_assistant.ui.welcome import WelcomeDialog


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
    from seller_assistant.ui.window_opening import WindowOpening

    ctx = AppContext(store, fixed_now)
    window = MainWindow(ctx)
    window.store_requested.connect(partial(reopen_on_store, window))
    window.language_requested.connect(partial(switch_language, window))
    window.leave_demo_requested.connect(partial(leave_demo, window))
    # Painted first as it is; the Today page, the tray and its notifier, then the other pages' code
    # follow in turns of the event loop (ui/window_opening.py).
    window.opening = WindowOpening(window)
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
        store = open_store(cli_ctx.location, read_only=read_only)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    if not read_only:
        # Side files of an export or attachment copy a crash cut short.
        remove_leftovers(cli_ctx.db_path, attachments=store.attachments_dir_if_named)
        try:
            pending_imports.finish_pending(store)  # an import killed while storing its last rows
        except UserError as exc:
            QMessageBox.warning(None, APP_NAME, str(exc))
    start_logging(cli_ctx.db_path)
    get_logger("ui").info("window opened on %s%s", cli_ctx.db_path.name, " (read-only)" if read_only else "")
    first_start = shops.current_shop_id(store) is None
    if first_start:
        store = _welcome(cli_ctx, store)
        if store is None:
            return 0
    settings = shops.load_settings(store, shops.require_shop(store))
    use_language(app, choose_language(settings.language))
    fixed_now = cli_ctx.now_epoch if cli_ctx.now_text else None
    window = build_window(store, fixed_now)
    _open_windows[:] = [window]
    if not read_only:
        guard.listen()
        guard.show_requested.connect(lambda: _bring_to_front(_open_windows[0]))
    window.show()
    if first_start and not window.ctx.settings.demo:
        window.start_first_import()  # a new shop's next step: its orders
    window.backups.backup_if_due()  # the automatic daily backup, off the GUI thread
    window.anchors.anchor_if_due()  # the daily timestamp, only if the shop switched it on
    return app.exec()


def _ask_about_other_instance(db_path: Path) -> str:
    box = QMessageBox()
    box.setWindowTitle(APP_NAME)
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(
        fill(
            QCoreApplication.translate(
                "App", "This store is already open in another Seller Assistant window:\n{store}"
            ),
            store=db_path,
        )
    )
    switch = box.addButton(
        QCoreApplication.translate("App", "Switch to that window"), QMessageBox.ButtonRole.AcceptRole
    )
    read_only = box.addButton(
        QCoreApplication.translate("App", "Open read-only"), QMessageBox.ButtonRole.ActionRole
    )
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


def _welcome(cli_ctx, store: Store) -> Store | None:
    """No shop yet: the demo (in a store of its own) or the shop's own, set up now. None: quit."""
    dialog = WelcomeDialog(str(store.path))
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
        store.close()
        return None
    if dialog.choice.kind == "demo":
        store.close()
        return open_demo_store(cli_ctx.now_epoch)
    shops.create_shop(store, dialog.choice.settings, cli_ctx.now_epoch)
    get_logger("ui").info("shop created on first start (%s)", dialog.choice.settings.platform)
    return store


def open_demo_store(now: int) -> Store:
    """The demo shop's own store, seeded on first use; the shop's real store is never touched."""
    path = paths.demo_db_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    store = open_store(path)
    ensure_demo(store, now)
    return store


def leave_demo(window) -> None:
    """Back from the demo to the shop's own store (set up first if it has no shop yet)."""
    path = paths.default_db_path()
    try:
        store = open_store(path)
    except UserError as exc:
        QMessageBox.warning(window, APP_NAME, str(exc))
        return
    try:
        if shops.current_shop_id(store) is None:
            dialog = WelcomeDialog(str(path), window, offer_demo=False)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
                return
            shops.create_shop(store, dialog.choice.settings, window.ctx.now())
    finally:
        store.close()
    reopen_on_store(window, str(path))


def reopen_on_store(window, path: str):
    """File › Open store: replace the window with one on another store (None: it could not open)."""
    try:
        store = open_store(path if is_url(path) else Path(path))
        shops.require_shop(store)
    except UserError as exc:
        QMessageBox.warning(window, APP_NAME, str(exc))
        return None
    return _replace_window(window, store, close_old_store=True)


def _replace_window(window, store: Store, close_old_store: bool):
    """A new window on `store` where the old one was; the old one goes (with its store, if asked)."""
    window._save_state()  # the new window opens where this one was
    new_window = build_window(store, window.ctx.fixed_now)
    new_window.show()
    old_store = window.ctx.store
    window._quitting = True
    window.hide()
    if window.tray is not None:
        window.tray.hide()
    window.deleteLater()
    if close_old_store:
        old_store.close()
    _open_windows[:] = [new_window]
    return new_window


def switch_language(window, language: str | None) -> None:
    """One language per window, switched live: the choice is saved, the translators swapped and the
    window rebuilt on the same store, on the page it showed (no restart, nothing half-translated)."""
    ctx = window.ctx
    if not ctx.read_only and ctx.settings.language != language:
        ctx.save_settings(ctx.settings.updated(language=language))
    wanted = choose_language(language)
    if wanted == current_language():
        return
    use_language(application(), wanted)
    get_logger("ui").info("language switched to %s", wanted)
    page = window.current_page_key()
    # The same store, kept open: nothing to reopen, nothing that could fail half-way.
    new_window = _replace_window(window, ctx.store, close_old_store=False)
    if page:
        new_window.show_page(page)


# Python owns top-level windows: keep the current one referenced so it is not collected.
_open_windows: list = []
