"""A query that runs until the app stops it inside the database: a stand-in for a search over a store of a
million orders or ten million messages, which a demo store answers too fast to be replaced."""

from __future__ import annotations

import sqlite3

# A count to 300 million: a minute or more on either backend, unless the app stops it.
_ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300000000) SELECT count(*) FROM n"


def read_until_stopped(conn: sqlite3.Connection, stopped: list[str]) -> None:
    """Run the long query on `conn`; note the message when it is interrupted (SQLite's; on PostgreSQL
    the server's cancel, said as SQLite says it by store/pg_connection.py), and raise it on."""
    try:
        conn.execute(_ENDLESS).fetchone()
    except sqlite3.OperationalError as exc:
        stopped.append(str(exc))
        raise
