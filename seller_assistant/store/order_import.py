"""The import upsert: many orders keyed by (shop, order number), batched, in the caller's transaction.

Existing orders are read in batches of a few hundred numbers (never one SELECT per row), merged in
Python, and written with one executemany for the new orders and one for the changed ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from seller_assistant.core.grams import order_words
from seller_assistant.store import import_runs, pg_locks
from seller_assistant.store.connection import Store
from seller_assistant.store.order_search import indexed_after, words_given

_LOOKUP_BATCH = 900  # under SQLite's default limit of 999 bound parameters
_WRITE_BATCH = 5000
_NOT_NULL_TEXT = ("buyer", "item_title")


def upsert_imported_orders(
    store: Store,
    shop_id: int,
    columns: Sequence[str],
    rows: list[tuple],
    now: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Insert new orders and update changed ones; returns (inserted, updated). Call inside store.write().

    `columns` starts with order_no; each row is a tuple in that order, order numbers unique.
    """
    conn = store.conn
    assert conn.in_transaction, "upsert_imported_orders must run inside store.write()"
    assert columns[0] == "order_no"
    total = len(rows) * 2 or 1
    pg_locks.lock_new_orders(conn, shop_id)
    existing = _existing(conn, shop_id, columns, [row[0] for row in rows], progress, total)
    merge = _Merger(columns)
    new_rows: list[tuple] = []
    changed: list[tuple] = []
    for row in rows:
        old = existing.get(row[0])
        if old is None:
            new_rows.append(merge.fresh(row))
        else:
            merged = merge.merged(row, old)
            if merged is not None:
                changed.append((*merged, now, old[0]))

    insert, update = _statements(columns)
    done = len(rows)
    with indexed_after(conn, len(new_rows)):  # the search index of buyer and item: once, at the end
        for start in range(0, len(new_rows), _WRITE_BATCH):
            conn.executemany(insert, ((shop_id, *row, now) for row in new_rows[start : start + _WRITE_BATCH]))
            done += min(_WRITE_BATCH, len(new_rows) - start)
            if progress is not None:
                progress(done, total)
    for start in range(0, len(changed), _WRITE_BATCH):
        conn.executemany(update, changed[start : start + _WRITE_BATCH])
        done += min(_WRITE_BATCH, len(changed) - start)
        if progress is not None:
            progress(done, total)
    return len(new_rows), len(changed)


def _statements(columns: Sequence[str]) -> tuple[str, str]:
    """The INSERT of a new order (shop, columns, updated_at) and the UPDATE of a stored one (columns after the number, updated_at, id)."""
    names = ", ".join(columns)
    insert = (
        f"INSERT INTO orders (shop_id, {names}, source, updated_at)"
        f" VALUES (?, {', '.join('?' * len(columns))}, 'import', ?)"
    )
    update = f"UPDATE orders SET {', '.join(f'{c} = ?' for c in columns[1:])}, updated_at = ? WHERE id = ?"
    return insert, update


def _existing(conn, shop_id, columns, numbers, progress, total) -> dict[str, tuple]:
    """order_no -> (id, *columns, shipped_at_as_stored, promise_override_at) for numbers already stored."""
    # A shared store: another desk may ship one of these orders between this read and the write
    # after it, which would then put back the unshipped values read here. Locking the rows read makes
    # that desk's shipment wait for this import (or this import wait for it), never be undone.
    # NO KEY UPDATE: a desk adding a message to the order (its foreign key) is not held up.
    select = (
        f"SELECT order_no, id, {', '.join(columns[1:])}, promise_override_at FROM orders"
        " WHERE shop_id = ? AND order_no IN ({})" + pg_locks.rows_to_update(conn)
    )
    found: dict[str, tuple] = {}
    for start in range(0, len(numbers), _LOOKUP_BATCH):
        batch = numbers[start : start + _LOOKUP_BATCH]
        for row in conn.execute(select.format(", ".join("?" * len(batch))), (shop_id, *batch)):
            found[row[0]] = row[1:]
        if progress is not None and start % (_LOOKUP_BATCH * 10) == 0:
            progress(start, total)
    return found


class _Merger:
    """How a file's row meets what the store has.

    A file never erases: an empty cell keeps the stored value (a tracking number typed by hand, a
    refund flag set by hand). A file that still says 'paid' does not undo a shipment the shop
    recorded by hand. A hand-set promise (override) beats whatever the rules now say.
    """

    def __init__(self, columns: Sequence[str]):
        self.columns = tuple(columns)
        self.not_null = [i for i, c in enumerate(columns) if c in _NOT_NULL_TEXT]
        self.status = columns.index("status")
        self.shipped_at = columns.index("shipped_at")
        self.rule = columns.index("promise_rule")
        self.promise = columns.index("promised_ship_at")
        self.source = columns.index("promise_source") if "promise_source" in columns else None
        self.cancelled_by = columns.index("cancelled_by") if "cancelled_by" in columns else None

    def fresh(self, row: tuple) -> tuple:
        if any(row[i] is None for i in self.not_null):
            row = tuple("" if (i in self.not_null and v is None) else v for i, v in enumerate(row))
        return row

    def merged(self, row: tuple, old: tuple) -> tuple | None:
        """The values to write after the order number, or None when nothing would change."""
        # old = (id, *columns[1:], promise_override_at): column i of row is old[i].
        values = [new if new is not None else old[i] for i, new in enumerate(row)]
        old_shipped = old[self.shipped_at]
        if row[self.status] == "paid" and old_shipped is not None and row[self.shipped_at] is None:
            values[self.status] = old[self.status]
        if self.cancelled_by is not None and old[self.cancelled_by] == "buyer":
            # One report said the buyer asked to cancel; a later one that only says "Cancelled"
            # does not know better (Amazon does not count buyer-requested cancellations).
            values[self.cancelled_by] = "buyer"
        override = old[-1]
        if override is not None:
            values[self.rule], values[self.promise] = "override", override
            if self.source is not None:
                values[self.source] = "manual"
        if all(values[i] == old[i] for i in range(1, len(values))):
            return None
        return tuple(values[1:])


def upsert_order_items(store: Store, shop_id: int, items: dict[str, list[tuple]]) -> int:
    """Each order's items (order number -> [(item_key, title, sku, spec, quantity, price_cents,
    platform_status, refund_status)]), keyed by (order, item_key): importing again adds nothing.
    Call inside store.write(), after the orders are written; returns how many item lines were read."""
    conn = store.conn
    assert conn.in_transaction, "upsert_order_items must run inside store.write()"
    ids = _ids(conn, shop_id, list(items))
    rows = [
        (ids[number], *item) for number, order_items in items.items() if number in ids for item in order_items
    ]
    # An empty cell keeps what is stored, as for orders.
    conn.executemany(
        "INSERT INTO order_items (order_id, item_key, title, sku, spec, quantity, price_cents, platform_status,"
        " refund_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (order_id, item_key) DO UPDATE SET title = excluded.title,"
        " sku = coalesce(excluded.sku, order_items.sku), spec = coalesce(excluded.spec, order_items.spec),"
        " quantity = coalesce(excluded.quantity, order_items.quantity),"
        " price_cents = coalesce(excluded.price_cents, order_items.price_cents),"
        " platform_status = coalesce(excluded.platform_status, order_items.platform_status),"
        " refund_status = coalesce(excluded.refund_status, order_items.refund_status)",
        rows,
    )
    return len(rows)


def order_items(store: Store, order_id: int) -> list[dict]:
    """An order's items in the order they were imported."""
    cursor = store.conn.execute(
        "SELECT item_key, title, sku, spec, quantity, price_cents, platform_status, refund_status"
        " FROM order_items WHERE order_id = ? ORDER BY id",
        (order_id,),
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


# Up to this many orders one transaction is short (~0.2 s); more are written as an import run
# (store/import_runs.py): staged, then published in short batches, so other writers are not kept waiting.
ONE_TRANSACTION_MAX = 3000


def write_in_steps(
    store: Store,
    shop_id: int,
    file: str,
    params: dict,
    columns: Sequence[str],
    rows: list[tuple],
    items: dict[str, list[tuple]],
    now: int,
    progress: Callable[[int, int], None] | None = None,
    run_id: int | None = None,
) -> tuple[int, dict[str, int]]:
    """Orders (and their items) as an import run: (run id, counts inserted/updated/items)."""
    staged = [[*row, [list(item) for item in items.get(row[0], ())]] for row in rows]
    step = 2000
    batches = (staged[start : start + step] for start in range(0, len(staged), step))
    return import_runs.run_import(
        store,
        shop_id,
        "orders",
        file,
        {**params, "columns": list(columns), "now": now},
        batches,
        publish_staged_orders,
        now,
        run_id=run_id,
        progress=progress,
        total=len(staged),
    )


def write_in_bulk(
    store: Store,
    shop_id: int,
    columns: Sequence[str],
    rows: list[tuple],
    items: dict[str, list[tuple]],
    now: int,
    progress: Callable[[int, int], None] | None = None,
    then: Callable[[], None] | None = None,
) -> dict[str, int]:
    """A shop's order history in one transaction, indexes built after the rows (store/bulk_load.py):
    counts inserted/updated/items. `then` writes more in the same transaction (the mapping used)."""
    from seller_assistant.store.bulk_load import indexes_after_load

    with store.write(), indexes_after_load(store, ("orders", "order_items")):
        inserted, updated = upsert_imported_orders(store, shop_id, columns, rows, now, progress)
        counts = {
            "inserted": inserted,
            "updated": updated,
            "items": upsert_order_items(store, shop_id, items),
        }
        if then is not None:
            then()
    return counts


def write_stream_in_bulk(
    store: Store,
    shop_id: int,
    columns: Sequence[str],
    chunks: Iterable[tuple[list[tuple], list[tuple], list[str]]],
    now: int,
    then: Callable[[], None] | None = None,
) -> dict[str, int]:
    """As write_in_bulk for a file of one line per order whose rows come a chunk at a time while
    it is still being read (imports/order_pipeline.py): each chunk's new orders are inserted as
    they come, in one transaction with the indexes built after the rows. SQLite only.

    `chunks` gives (orders not met before, orders met in an earlier chunk, the search index words
    of the first — core/grams.order_words of buyer and item title — or None to make them here). What is stored and counted is
    what write_in_bulk stores and counts for the same rows: a later line's values in the first
    line's place; orders the store held before merged at the end, as upsert_imported_orders does."""
    from seller_assistant.store.bulk_load import indexes_after_load

    with store.write(), indexes_after_load(store, ("orders", "order_items")):
        conn = store.conn
        insert, update = _statements(columns)
        merge = _Merger(columns)
        buyer, title = columns.index("buyer"), columns.index("item_title")
        stored: dict[str, tuple] = {}  # orders of the file the store held before: merged at the end
        rows_of_stored: dict[str, tuple] = {}
        again: dict[str, tuple] = {}  # orders inserted by this import that a later line replaces
        inserted = 0
        last_id = conn.execute("SELECT coalesce(max(id), 0) FROM orders").fetchone()[0]
        # A first history (the shop holds no order yet) has nothing to look up; orders this
        # import inserts and meets again come as `repeated`, never as new.
        held = conn.execute("SELECT 1 FROM orders WHERE shop_id = ? LIMIT 1", (shop_id,)).fetchone()
        with words_given(conn) as index:
            for new, repeated, words in chunks:
                if words is None:
                    words = [order_words(row[buyer], row[title]) for row in new]
                found = _existing(conn, shop_id, columns, [row[0] for row in new], None, 0) if held else {}
                if found:
                    stored.update(found)
                    rows_of_stored.update((row[0], row) for row in new if row[0] in found)
                    words = [w for row, w in zip(new, words, strict=True) if row[0] not in found]
                    new = [row for row in new if row[0] not in found]
                conn.executemany(insert, ((shop_id, *merge.fresh(row), now) for row in new))
                # New rowids follow the largest one (INTEGER PRIMARY KEY, no AUTOINCREMENT), one
                # writer in this transaction: checked, as the words are filed under them.
                first_id, last_id = last_id + 1, last_id + len(new)
                if new and conn.execute("SELECT max(id) FROM orders").fetchone()[0] != last_id:
                    raise RuntimeError("new orders' ids did not follow the largest one")
                index(first_id, words)
                inserted += len(new)
                for row in repeated:
                    (rows_of_stored if row[0] in rows_of_stored else again)[row[0]] = row
        changed = []
        for order_no, row in rows_of_stored.items():
            old = stored[order_no]
            merged = merge.merged(row, old)
            if merged is not None:
                changed.append((*merged, now, old[0]))
        conn.executemany(update, changed)
        # With the index trigger back: its update trigger replaces these orders' words.
        ids = _ids(conn, shop_id, list(again))
        conn.executemany(update, ((*merge.fresh(row)[1:], now, ids[row[0]]) for row in again.values()))
        if then is not None:
            then()
    return {"inserted": inserted, "updated": len(changed), "items": 0}


def _ids(conn, shop_id: int, numbers: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(numbers), _LOOKUP_BATCH):
        batch = numbers[start : start + _LOOKUP_BATCH]
        ids.update(
            conn.execute(
                f"SELECT order_no, id FROM orders WHERE shop_id = ? AND order_no IN ({', '.join('?' * len(batch))})",
                (shop_id, *batch),
            ).fetchall()
        )
    return ids


def publish_staged_orders(store: Store, run, rows: list[list]) -> dict[str, int]:
    """A batch of an import run's staged orders (row values, then the order's items) into the store."""
    orders = [tuple(row[:-1]) for row in rows]
    items = {row[0]: [tuple(item) for item in row[-1]] for row in rows if row[-1]}
    inserted, updated = upsert_imported_orders(
        store, run.shop_id, run.params["columns"], orders, int(run.params["now"])
    )
    return {"inserted": inserted, "updated": updated, "items": upsert_order_items(store, run.shop_id, items)}
