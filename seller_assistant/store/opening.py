"""Opening the store the app and the commands use: connect, refuse a newer schema, back up, migrate.

Above connection, migrations and backup, so none of them (nor verification, which a backup runs)
needs to import this back.
"""

from __future__ import annotations

from pathlib import Path

from seller_assistant.store import backup, backup_wal, migrations
from seller_assistant.store.connection import Store, connect, enable_wal


def open_store(path: Path | str | None = None, *, read_only: bool = False, migrate: bool = True) -> Store:
    """Open (creating if needed) the store at `path` and bring its schema up to date."""
    store = connect(path, read_only=read_only)
    try:
        version = migrations.check_not_newer(store)
        if not read_only:
            if not store.shared:  # a shared store's server keeps its own write-ahead log
                enable_wal(store.conn)  # after the version check: switching journal mode writes to the file
            if migrate:
                if 0 < version < migrations.latest_version(store.backend):
                    # An upgrade rewrites the schema: keep the store as it was, verified, before touching it.
                    if store.shared:
                        from seller_assistant.store import pg_backup  # psycopg only for a shared store

                        pg_backup.backup_before_upgrade(store)
                    else:
                        backup.backup_store(store.conn, store.path, "pre-migration")
                migrations.migrate(store)
                if not store.shared:  # its commits bypass Store.write, which checkpoints after a commit
                    backup_wal.checkpoint_if_due(store.conn, store.path)
    except BaseException:
        store.close()
        raise
    return store
