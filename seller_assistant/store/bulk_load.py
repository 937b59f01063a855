"""Loading a shop's history in one go: the rows first, then the indexes (issue 20).

Inserting a row updates every index of its table, each at a random place in its B-tree; building
an index over rows already stored is one sort. So the first import of a shop's history (a new
store, or an import that dwarfs what is stored) drops the tables' secondary indexes, writes the
rows and builds the indexes again — all in the caller's write transaction, so a failure or a kill
rolls the schema back with the rows: the import is all there or not there at all, and no run is
left to undo or resume. UNIQUE constraints keep their indexes (they refuse duplicates as rows go in).

Other writers wait for that transaction (the window says so); everyday imports, a small share of
the store, are written as import runs in short steps instead (store/import_runs.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from seller_assistant.store.connection import Store

# An import is a shop's history, loaded this way, from this many rows and when the store holds at
# most a quarter as many of its kind: the index rebuild then costs less than what it saves.
BULK_MIN_ROWS = 20_000
DWARFS = 4


def dwarfs(store: Store, table: str, shop_id: int, rows: int) -> bool:
    """Whether `rows` new rows are a first load for `table` (see BULK_MIN_ROWS)."""
    if rows < BULK_MIN_ROWS:
        return False
    # Counted only up to what would still be dwarfed: a store of 10 M messages answers at once.
    enough = rows // DWARFS + 1
    stored = store.conn.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE shop_id = ? LIMIT ?) AS stored", (shop_id, enough)
    ).fetchone()[0]
    return stored * DWARFS <= rows


@contextmanager
def indexes_after_load(store: Store, tables: Sequence[str]) -> Iterator[None]:
    """Inside store.write(): the tables' secondary indexes dropped for the block, built again after it."""
    assert store.conn.in_transaction, "indexes_after_load must run inside store.write()"
    if store.shared:  # other desks read and write the same tables meanwhile: their indexes stay
        yield
        return
    marks = ", ".join("?" * len(tables))
    indexes = store.conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
        tuple(tables),
    ).fetchall()
    indexes = [(name, sql) for name, sql in indexes if not sql.lstrip().upper().startswith("CREATE UNIQUE")]
    for name, _sql in indexes:
        store.conn.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        store.conn.execute(sql)
