"""Everything a store holds, to compare before and after: on SQLite the file's (kill_harness.snapshot),
on PostgreSQL the schema version and every table's rows read through the store's connection."""

from __future__ import annotations

from tests.builders.kill_harness import snapshot


def store_snapshot(store):
    if not store.shared:
        return snapshot(store.path)
    conn = store.conn
    version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    rows = {}
    for table in sorted(store.db.table_names()):
        rows[table] = frozenset(
            tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
            for row in conn.execute(f'SELECT * FROM "{table}"')
        )
    return version, rows
