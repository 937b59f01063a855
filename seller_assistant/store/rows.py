"""Insert and upsert rows given as dicts, in SQL both backends take (RETURNING, ON CONFLICT … DO UPDATE).

What sqlite-utils' `db[table].insert/insert_all/upsert_all` did for the store, without a second
library on PostgreSQL. Table and column names come from our own code, never from a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def _connection(db):
    """`db` as `store.write()` gives it (a Database) or a connection: the connection."""
    return getattr(db, "conn", db)


def insert_row(db, table: str, row: Mapping) -> int:
    """Insert one row; its new id."""
    columns = list(row)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) RETURNING id"
    return _connection(db).execute(sql, [row[c] for c in columns]).fetchone()[0]


def insert_rows(db, table: str, rows: Sequence[Mapping]) -> None:
    """Insert rows that all have the same keys (the first row's)."""
    if not rows:
        return
    columns = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    _connection(db).executemany(sql, [[row[c] for c in columns] for row in rows])


def upsert_rows(db, table: str, rows: Sequence[Mapping], key: Sequence[str]) -> None:
    """Insert rows, or update the other columns of the row with the same `key` columns."""
    if not rows:
        return
    columns = list(rows[0])
    others = [c for c in columns if c not in key]
    action = "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in others) if others else "DO NOTHING"
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        f" ON CONFLICT ({', '.join(key)}) {action}"
    )
    _connection(db).executemany(sql, [[row[c] for c in columns] for row in rows])
