"""Keeping a shared store's password where libpq and the store look for it: the system keyring, else .pgpass.

Never in the app's settings, the address, or a log. The keyring (the `keyring` package, when
installed: Windows Credential Manager, macOS Keychain, Secret Service) is asked first by
store/pg_connection.py; without it the password goes to the user's password file, which libpq reads
by itself: PGPASSFILE, else ~/.pgpass (Windows: %APPDATA%\\postgresql\\pgpass.conf), readable only
by the user (libpq ignores a .pgpass others can read).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from psycopg import conninfo

from seller_assistant.store.pg_connection import KEYRING_SERVICE, keyring_key


def pgpass_path() -> Path:
    if os.environ.get("PGPASSFILE"):
        return Path(os.environ["PGPASSFILE"])
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def remember_password(url: str, password: str) -> str:
    """Keep `password` for the store at `url`; where it went ("keyring" or the file's path)."""
    params = conninfo.conninfo_to_dict(url)
    try:
        import keyring  # optional: not a dependency
    except ImportError:
        keyring = None
    if keyring is not None:
        try:
            keyring.set_password(KEYRING_SERVICE, keyring_key(params), password)
            return "keyring"
        except Exception:  # noqa: BLE001 - no usable keyring backend: the password file still works
            pass
    path = pgpass_path()
    fields = [
        params.get("host") or "localhost",
        params.get("port") or "5432",
        params["dbname"],
        params.get("user") or _login_name(),
    ]
    prefix = ":".join(_escape(value) for value in fields) + ":"
    kept = []
    if path.is_file():
        kept = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(prefix)]
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created readable by the user only, before the password is written into it.
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write("\n".join([*kept, prefix + _escape(password)]) + "\n")
    return str(path)


def _escape(value: str) -> str:
    """.pgpass fields: a colon or a backslash inside a field is written with a backslash before it."""
    return value.replace("\\", "\\\\").replace(":", "\\:")


def _login_name() -> str:
    import getpass

    return getpass.getuser()
