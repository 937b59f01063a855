"""What belongs to this desk (this PC's user), not to the store: who works here, and the shared store's address.

A shared store's settings are every desk's, so a desk's own person cannot live there: it is kept in
Qt's per-user settings (QSettings: the registry on Windows, ~/.config on Linux). The password of a
shared store is never kept here (store/pg_connection.py: .pgpass or the system keyring).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

_STAFF = "desk/staff_name"
_SHARED = "desk/shared_store"  # host, port, database, user: the address without its password
SHARED_FIELDS = ("host", "port", "database", "user")


def staff_name() -> str:
    """The staff member working at this desk, or "" (then the shop settings' staff name is used)."""
    value = QSettings().value(_STAFF, "")
    return value.strip() if isinstance(value, str) else ""


def set_staff_name(name: str) -> None:
    state = QSettings()
    if name.strip():
        state.setValue(_STAFF, name.strip())
    else:
        state.remove(_STAFF)


def shared_store_fields() -> dict[str, str]:
    """The shared store address last used on this desk, field by field ("" where unknown)."""
    state = QSettings()
    found = {}
    for name in SHARED_FIELDS:
        value = state.value(f"{_SHARED}/{name}", "")
        found[name] = value if isinstance(value, str) else str(value)
    return found


def set_shared_store_fields(fields: dict[str, str]) -> None:
    state = QSettings()
    for name in SHARED_FIELDS:
        state.setValue(f"{_SHARED}/{name}", fields.get(name, "").strip())


def forget_for_tests() -> None:
    """Tests share one per-user settings file: each starts and ends without a desk of its own."""
    state = QSettings()
    state.remove(_STAFF)
    state.remove(_SHARED)
