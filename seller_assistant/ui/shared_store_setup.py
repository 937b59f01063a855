"""Settings › Shared store: this desk's person, and the address of the shop's PostgreSQL store, checked in words.

What is typed here belongs to this desk (ui/desk_settings.py), never to the store every desk reads.
The password is used for the check as typed and, on "Use this store", kept in the system keyring or
the user's .pgpass (store/pg_passwords.py); never in settings, the address or a log. The check runs on
a worker (store/pg_check.py) and its outcome is said here in the window's language.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.store import pg_check
from seller_assistant.ui import desk_settings, workers
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.widgets import heading, plain_label

_README_SECTION = "Several desks, one store"  # the README's heading, in English in both languages


class SharedStoreSetup(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._checked: tuple[str, bool] | None = None  # (address, usable) of the last check
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(self.tr("Shared store (several desks)")))
        layout.addWidget(
            plain_label(
                self.tr(
                    "Who works at this desk is recorded with everything they seal and do. It is kept on "
                    "this computer, so each desk of a shared store names its own person; when it is empty, "
                    "the shop's \u201cYour name in chats\u201d is used."
                )
            )
        )
        desk_row = QHBoxLayout()
        self.desk_staff = QLineEdit(objectName="desk_staff")
        self.desk_staff.setText(desk_settings.staff_name())
        self.save_desk_button = QPushButton(self.tr("Save name"), objectName="save_desk_staff")
        self.save_desk_button.clicked.connect(self.save_desk_staff)
        desk_row.addWidget(self.desk_staff, 1)
        desk_row.addWidget(self.save_desk_button)
        form = QFormLayout()
        form.addRow(self.tr("Who works at this desk"), desk_row)
        layout.addLayout(form)
        layout.addWidget(
            plain_label(
                fill(
                    self.tr(
                        "A shop with several computers keeps its store in a PostgreSQL database on one PC or a "
                        "NAS (see the README: {section}). Enter where it is, check the "
                        "connection, then use it."
                    ),
                    section=_README_SECTION,
                )
            )
        )
        known = desk_settings.shared_store_fields()
        form = QFormLayout()
        self.host = QLineEdit(known["host"], objectName="shared_host")
        self.host.setPlaceholderText(
            fill(
                self.tr("the server's name or address, e.g. {name} or {ip}"),
                name="shop-pc",
                ip="192.168.1.20",
            )
        )
        form.addRow(self.tr("Server"), self.host)
        self.port = QLineEdit(known["port"], objectName="shared_port")
        self.port.setPlaceholderText("5432")
        form.addRow(self.tr("Port"), self.port)
        self.database = QLineEdit(known["database"], objectName="shared_database")
        form.addRow(self.tr("Database"), self.database)
        self.user = QLineEdit(known["user"], objectName="shared_user")
        form.addRow(self.tr("User"), self.user)
        self.password = QLineEdit(objectName="shared_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            fill(self.tr("empty: the one kept in {pgpass} or the keyring"), pgpass=".pgpass")
        )
        form.addRow(self.tr("Password"), self.password)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.check_button = QPushButton(self.tr("Check connection"), objectName="check_shared")
        self.check_button.clicked.connect(self.check)
        self.use_button = QPushButton(self.tr("Use this store"), objectName="use_shared")
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.use_button)
        layout.addLayout(buttons)
        self.result = plain_label()
        self.result.setObjectName("shared_result")
        layout.addWidget(self.result)
        for field in (self.host, self.port, self.database, self.user, self.password):
            field.textChanged.connect(self._fields_changed)

    def address(self) -> str:
        return pg_check.shared_address(
            self.host.text(), self.port.text(), self.database.text(), self.user.text()
        )

    @Slot()
    def save_desk_staff(self) -> None:
        self.ctx.set_desk_staff(self.desk_staff.text())
        name = self.desk_staff.text().strip()
        self.ctx.status_message.emit(
            fill(self.tr("This desk now records its work as {name}."), name=name)
            if name
            else self.tr("This desk has no name of its own now: the shop's staff name is recorded.")
        )

    @Slot()
    def _fields_changed(self) -> None:
        self._checked = None  # a check says something about the address it checked, no other
        self.use_button.setEnabled(False)

    @Slot()
    def check(self) -> None:
        missing = [
            label
            for field, label in (
                (self.host, self.tr("the server")),
                (self.database, self.tr("the database")),
                (self.user, self.tr("the user")),
            )
            if not field.text().strip()
        ]
        if missing:
            self.result.setText(fill(self.tr("Enter {missing} first."), missing=", ".join(missing)))
            return
        if not self.port.text().strip().isdigit() and self.port.text().strip():
            self.result.setText(self.tr("The port is a number, e.g. 5432."))
            return
        address, password = self.address(), self.password.text() or None
        self.check_button.setEnabled(False)
        self.use_button.setEnabled(False)
        self.result.setText(self.tr("Checking the connection…"))
        workers.start(
            lambda _job: pg_check.check_shared_store(address, password),
            on_finished=self._show_check,
            on_failed=self._check_failed,
        )

    def _show_check(self, check: pg_check.SharedStoreCheck) -> None:
        self.check_button.setEnabled(True)
        self._checked = (self.address(), check.usable)
        self.result.setText(self.describe(check))
        self.use_button.setEnabled(check.usable and not self.ctx.read_only)

    def _check_failed(self, message: str) -> None:
        self.check_button.setEnabled(True)
        self.result.setText(message)

    @Slot()
    def use(self) -> None:
        """Switch this window to the checked store, as File › Open store does."""
        if self._checked is None or self._checked[0] != self.address() or not self._checked[1]:
            return
        address = self.address()
        if self.password.text():
            from seller_assistant.store.pg_passwords import remember_password

            remember_password(address, self.password.text())
            self.password.clear()
        desk_settings.set_shared_store_fields(
            {
                "host": self.host.text(),
                "port": self.port.text(),
                "database": self.database.text(),
                "user": self.user.text(),
            }
        )
        window = self.window()
        if hasattr(window, "store_requested"):
            window.store_requested.emit(address)

    def describe(self, check: pg_check.SharedStoreCheck) -> str:
        """The check's outcome in plain words: what is wrong and what to do about it."""
        v = {
            "address": check.address,
            "section": _README_SECTION,
            "pgpass": ".pgpass",
            "hba": "pg_hba.conf",
            "command": f"seller-assistant move-store --to {check.address}",
            "grant": f"GRANT {check.values.get('desk_role', '')} TO {check.values.get('user', '')};",
            **check.values,
        }
        words = {
            pg_check.READY: self.tr(
                "Connected to {address}: the shop's store is there (shops: {shops}) and {user} may work "
                "in it. Press \u201cUse this store\u201d."
            ),
            pg_check.EMPTY: self.tr(
                "Connected to {address}, but the database holds no store yet. Move this shop's store "
                "into it first ({command}), then use it."
            ),
            pg_check.UNREACHABLE: self.tr(
                "The server {address} cannot be reached. Is the PC or NAS on, PostgreSQL running, the "
                "server's name and port right, and does its firewall let this computer in?"
            ),
            pg_check.NO_PASSWORD: self.tr(
                "The server asks for the password of {user}, and none was given: type it in the "
                "Password field (it will be kept in this computer's keyring or {pgpass}, never in the "
                "settings)."
            ),
            pg_check.WRONG_PASSWORD: self.tr(
                "The server refused the password for {user}. Check the password (and Caps Lock)."
            ),
            pg_check.NO_ROLE: self.tr(
                "The server has no user {user}. Check the name, or ask whoever set up the server to "
                "create it (README: {section})."
            ),
            pg_check.NOT_ALLOWED: self.tr(
                "The server does not let {user} in from this computer. Whoever set up the server adds "
                "this network to its {hba} (README: {section})."
            ),
            pg_check.NO_DATABASE: self.tr(
                "The server has no database {database}. Check its name, or create it as the README "
                "says ({section})."
            ),
            pg_check.NOT_EMPTY: self.tr(
                "The database {database} already holds {count} tables that are not a Seller Assistant "
                "store ({tables}). Use an empty database of its own for the shop."
            ),
            pg_check.TOO_OLD: self.tr(
                "The store in {database} is from an older Seller Assistant (schema {version}, this app "
                "has {latest}). Whoever owns it must open it once with this version to upgrade it; "
                "then every desk can use it."
            )
            if not check.values.get("owner")
            else self.tr(
                "The store in {database} is from an older Seller Assistant (schema {version}, this app "
                "has {latest}). You own it: using it upgrades it for every desk (update the other "
                "desks' app too)."
            ),
            pg_check.TOO_NEW: self.tr(
                "The store in {database} was written by a newer Seller Assistant (schema {version}, "
                "this app knows {latest}). Update the app on this computer first."
            ),
            pg_check.NO_PRIVILEGES: self.tr(
                "{user} may not read and write the store's tables. Whoever set up the server makes "
                "{user} a member of {desk_role} ({grant})."
            ),
            pg_check.CANNOT_CREATE: self.tr(
                "The database {database} is empty, and {user} may not create the store's tables in "
                "it. Move the store in as the database's owner (README: {section})."
            ),
            pg_check.SERVER_TOO_OLD: self.tr(
                "The server runs PostgreSQL {server}; Seller Assistant needs PostgreSQL {needed} or newer."
            ),
            pg_check.BAD_ADDRESS: self.tr(
                "Enter the server, the database and the user (no password in them)."
            ),
        }
        return fill(words.get(check.outcome, check.outcome), **v)
