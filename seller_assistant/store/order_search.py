"""The Orders table's search index (migration 014) kept in step with a bulk insert of orders.

Its insert trigger costs ~40 µs an order (a trigger program, a call of order_words, one FTS5
row); one INSERT … SELECT of the new orders after the rows are in costs ~10 µs. So a big insert
drops the trigger inside the caller's transaction, indexes the new ids at the end and puts the
trigger back: a crash or an error rolls all three back with the rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import count

from seller_assistant.store import dialect

BULK_ROWS = 1000  # fewer new orders than this go through the trigger, one by one
_TRIGGER = "orders_bigram_insert"
_INDEX_GIVEN = "INSERT INTO orders_bigram (rowid, grams) VALUES (?, ?)"
_INDEX_NEW = (
    "INSERT INTO orders_bigram (rowid, grams)"
    " SELECT id, order_words(buyer, item_title) FROM orders WHERE id > ?"
)


@contextmanager
def indexed_after(conn: sqlite3.Connection, new_rows: int) -> Iterator[None]:
    """Insert orders inside this block; they are added to the search index once, at its end.
    Call inside a write transaction."""
    trigger = dialect.trigger_sql(conn, _TRIGGER)
    if trigger is None or new_rows < BULK_ROWS:
        yield
        return
    assert conn.in_transaction, "indexed_after must run inside a write transaction"
    # New rowids are above the largest one now (INTEGER PRIMARY KEY without AUTOINCREMENT).
    before = conn.execute("SELECT coalesce(max(id), 0) FROM orders").fetchone()[0]
    conn.execute(f"DROP TRIGGER {_TRIGGER}")
    yield
    conn.execute(_INDEX_NEW, (before,))
    conn.execute(trigger)


@contextmanager
def words_given(conn: sqlite3.Connection) -> Iterator[Callable[[int, list[str]], None]]:
    """Insert orders inside this block and give their search index words (core/grams.order_words
    of buyer and item title, made beside the rows: a parsing worker's, imports/order_pipeline.py)
    with the id of the first of them, by the function this yields. SQLite only, inside a write
    transaction; the insert trigger is set aside meanwhile and put back at the end."""
    trigger = dialect.trigger_sql(conn, _TRIGGER)
    assert trigger is not None and conn.in_transaction, "words_given: SQLite, inside a write transaction"
    conn.execute(f"DROP TRIGGER {_TRIGGER}")

    def index(first_id: int, words: list[str]) -> None:
        conn.executemany(_INDEX_GIVEN, zip(count(first_id), words))

    yield index
    conn.execute(trigger)
