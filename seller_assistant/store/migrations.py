"""Numbered schema migrations, recorded in PRAGMA user_version.

Each file `migrations/NNN_topic.sql` moves the schema from version NNN-1 to NNN. Files are never
edited once released: a change is a new file. A store whose user_version is above the newest
file was written by a newer app and is refused untouched.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from seller_assistant.core.errors import StoreTooNewError
from seller_assistant.store import migration_steps
from seller_assistant.store.connection import Store

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def available() -> list[tuple[int, Path]]:
    found = []
    for path in sorted(MIGRATIONS_DIR.iterdir()):
        match = _NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    numbers = [n for n, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migration files must be numbered 001, 002, … without gaps: {numbers}")
    return found


def latest_version() -> int:
    return len(available())


def current_version(store: Store) -> int:
    return store.conn.execute("PRAGMA user_version").fetchone()[0]


def check_not_newer(store: Store) -> int:
    version = current_version(store)
    if version > latest_version():
        raise StoreTooNewError(
            f"The store {store.path} was written by a newer Seller Assistant (schema {version}, "
            f"this version knows {latest_version()}); update the app to open it. Nothing was changed."
        )
    return version


def migrate(store: Store, target: int | None = None) -> int:
    """Apply pending migrations up to `target` (default: all), each in one transaction with its
    version bump, so a crash leaves the store at the last whole version. The backup taken before
    an upgrade is store/opening.py's: this module stays below backup and verification."""
    version = check_not_newer(store)
    target = latest_version() if target is None else target
    pending = [(n, p) for n, p in available() if version < n <= target]
    for number, path in pending:
        script = path.read_text(encoding="utf-8")
        conn = store.conn
        # executescript would COMMIT first; run statements one by one inside our transaction so
        # a crash mid-migration leaves the previous version intact.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                conn.execute(statement)
            step = migration_steps.STEPS.get(path.stem.split("_", 1)[1])
            if step is not None:
                step(conn)
            conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return current_version(store)


def _statements(script: str) -> list[str]:
    """Split a migration into statements; triggers (BEGIN … END;) stay whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
