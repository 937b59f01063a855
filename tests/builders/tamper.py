"""Tampering with a store behind the app's back, as an attacker with the database file (or the tables' owner) could."""

from __future__ import annotations


def drop_trigger(store, name: str) -> None:
    """Take an append-only trigger off, on either backend (PostgreSQL's DROP TRIGGER names the table)."""
    if store.shared:
        (table,) = store.conn.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = ?", (name,)
        ).fetchone()
        store.conn.execute(f"DROP TRIGGER {name} ON {table}")
    else:
        store.conn.execute(f"DROP TRIGGER {name}")


def drop_all_triggers(store) -> None:
    """Every append-only trigger off, on either backend: the forger who owns the database."""
    if store.shared:
        found = store.conn.execute(
            "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
        ).fetchall()
        for name, table in found:
            store.conn.execute(f"DROP TRIGGER {name} ON {table}")
    else:
        for (name,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            store.conn.execute(f"DROP TRIGGER {name}")


def refused_errors(store) -> tuple[type[BaseException], ...]:
    """What the database raises when it refuses a change (an append-only trigger, a constraint)."""
    import sqlite3

    if store.shared:
        import psycopg

        return (psycopg.Error,)
    return (sqlite3.DatabaseError,)
