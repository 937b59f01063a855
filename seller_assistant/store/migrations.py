"""Numbered schema migrations, recorded in PRAGMA user_version (on PostgreSQL: the schema_version table).

Each file `migrations/NNN_topic.sql` moves the schema from version NNN-1 to NNN. Files are never
edited once released: a change is a new file. A store whose user_version is above the newest
file was written by a newer app and is refused untouched. A shared store takes the files of
`migrations_pg/`, numbered as SQLite's: the same number is the same schema on both.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from seller_assistant.core.errors import StoreTooNewError
from seller_assistant.store import dialect, migration_steps
from seller_assistant.store.connection import Store

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
PG_MIGRATIONS_DIR = Path(__file__).parent / "migrations_pg"
_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def available(backend: str = dialect.SQLITE) -> list[tuple[int, Path]]:
    folder = PG_MIGRATIONS_DIR if backend == dialect.POSTGRESQL else MIGRATIONS_DIR
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        match = _NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    numbers = [n for n, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migration files must be numbered 001, 002, … without gaps: {numbers}")
    return found


def latest_version(backend: str = dialect.SQLITE) -> int:
    return len(available(backend))


def current_version(store: Store) -> int:
    return dialect.schema_version(store.conn, store.backend)


def check_not_newer(store: Store) -> int:
    version = current_version(store)
    latest = latest_version(store.backend)
    if version > latest:
        raise StoreTooNewError(
            "The store {location} was written by a newer Seller Assistant (schema {version}, this "
            "version knows {latest}); update the app to open it. Nothing was changed.",
            location=store.location,
            version=version,
            latest=latest,
        )
    return version


def migrate(store: Store, target: int | None = None) -> int:
    """Apply pending migrations up to `target` (default: all), each in one transaction with its
    version bump, so a crash leaves the store at the last whole version. The backup taken before
    an upgrade is store/opening.py's: this module stays below backup and verification."""
    version = check_not_newer(store)
    target = latest_version(store.backend) if target is None else target
    pending = [(n, p) for n, p in available(store.backend) if version < n <= target]
    if store.shared:
        return _migrate_shared(store, pending)
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


def _migrate_shared(store: Store, pending: list[tuple[int, Path]]) -> int:
    """PostgreSQL: each file in one transaction with its version row. A file is sent whole (psycopg
    runs several statements in one call when no parameters are given), so dollar-quoted function
    bodies need no splitting. The lock keeps two desks that open an old store at once from both
    migrating it: the second waits, then finds nothing left to do."""
    from seller_assistant.store.pg_privileges import grant_desk_privileges

    raw = store.conn.raw
    applied = False
    for number, path in pending:
        with store.conn.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(18)")  # 18: this number, any constant does
            if dialect.schema_version(store.conn, store.backend) >= number:
                continue
            raw.execute(path.read_text(encoding="utf-8"))
            # A shared store made by an older app holds data to convert as an old SQLite store does
            # (fingerprints by today's rule, the head log's first entry): the same Python step.
            step = migration_steps.STEPS.get(path.stem.split("_", 1)[1])
            if step is not None:
                step(store.conn)
            dialect.set_schema_version(store.conn, store.backend, number)
            applied = True
    if applied:  # the owner just upgraded: the desks' role gets its privileges on the new tables too
        with store.conn.transaction():
            grant_desk_privileges(raw)
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
