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
