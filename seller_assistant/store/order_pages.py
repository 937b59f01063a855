"""Reading a page of a sorted run of orders by keyset: seek on (sort key, id) from the nearest row
already read, never an OFFSET walk from the start of a million orders.

A segment is one index range in one order (`key` then the order id, both the same direction). A
page is read from whichever known row is closest: the row just before it (scrolling down: after
its key), just after it (scrolling up: before its key, read backwards), or either end of the
segment. The rest of the distance, if any, is skipped inside the index (a jump of the scroll bar),
so the cost is the distance from the nearest known row, not from the top.

NULL keys (an unpaid order has no payment time) sort first ascending and last descending, as
SQLite does; a row-value comparison never matches a NULL, so the NULL rows are their own piece.
"""

from __future__ import annotations

import sqlite3
from array import array
from dataclasses import dataclass, field

from seller_assistant.store import dialect

ROW_COLUMNS = """o.id, o.shop_id, o.order_no, o.buyer, o.item_title, o.amount_cents, o.paid_at, o.promised_ship_at,
    o.shipped_at, o.status, o.refund_status, o.logistics_status, o.tracking_no, o.carrier,
    (SELECT count(*) FROM help_events e WHERE e.order_id = o.id) AS events"""


@dataclass
class Segment:
    """Rows matching `where`, ordered by `column` (a row's dict key) then id, ascending or not.

    `ids` holds every match's id in order when the segment was found by a scan (a search, a rare
    filter): a page is then a lookup of its ids. Otherwise pages are keyset reads of the index.
    `known` maps a position in the segment to the (key, id) of the row there, for every page's
    first and last row read so far: the places a later read can seek from."""

    where: str
    params: tuple
    column: str
    descending: bool
    count: int
    ids: array | None = None
    exact: bool = True  # False: `count` is a lower bound (counted in full later), no reading from the end
    known: dict[int, tuple] = field(default_factory=dict)
    _marked: tuple[int, tuple | None] = (-1, None)  # how far mark() got: position, anchor

    @property
    def order_by(self) -> str:
        return _order_by(self.column, not self.descending)

    def read(self, conn: sqlite3.Connection, start: int, limit: int) -> list[dict]:
        """Rows [start, start + limit) of the segment."""
        limit = min(limit, self.count - start)
        if limit <= 0:
            return []
        if self.ids is not None:
            return by_ids(conn, self.ids[start : start + limit])
        end = start + limit
        # (skip, anchor, forward): from the top, from the bottom, or from a known row either side.
        options = [(start, None, True)]
        if self.exact:
            options.append((self.count - end, None, False))
        for position, anchor in self.known.items():
            if position < start:
                options.append((start - position - 1, anchor, True))
            elif position >= end:
                options.append((position - end, anchor, False))
        skip, anchor, forward = min(options, key=lambda option: option[0])
        rows = self._seek(conn, anchor, forward, skip, limit)
        if not forward:
            rows.reverse()
        if rows:
            self.known[start] = (rows[0][self.column], rows[0]["id"])
            self.known[start + len(rows) - 1] = (rows[-1][self.column], rows[-1]["id"])
        return rows

    def mark(self, conn: sqlite3.Connection, every: int, stop=lambda: False) -> bool:
        """Remember the key of every `every`-th row (each step skips inside the index from the
        last mark: one walk of the segment in all). Returns False when `stop()` said to stop
        early (a page is wanted); a later call goes on from the last mark."""
        if self.ids is not None or self.count <= 2 * every:
            return True
        position, anchor = self._marked
        while position + every < self.count:
            if stop():
                return False
            rows = self._seek(conn, anchor, True, every - 1, 1, f"o.id, o.{self.column}")
            if not rows:
                break
            position += every
            anchor = (rows[0][self.column], rows[0]["id"])
            self.known[position] = anchor
            self._marked = (position, anchor)
        return True

    def _seek(
        self, conn, anchor: tuple | None, forward: bool, skip: int, take: int, columns: str = ROW_COLUMNS
    ) -> list[dict]:
        ascending = forward != self.descending
        found: list[dict] = []
        for where, params, order_by in self._pieces(anchor, ascending, dialect.backend_of(conn)):
            if take <= 0:
                break
            sql = f"SELECT {columns} FROM orders o WHERE {self.where} AND {where} ORDER BY {order_by}"
            batch = dicts(conn, f"{sql} LIMIT ? OFFSET ?", (*self.params, *params, take, skip))
            if not batch and skip:
                # The skip reaches past this piece (rare: only a NULL piece is ever a second one).
                skip -= conn.execute(
                    f"SELECT count(*) FROM orders o WHERE {self.where} AND {where}", (*self.params, *params)
                ).fetchone()[0]
                skip = max(skip, 0)
                continue
            skip = 0
            found += batch
            take -= len(batch)
        return found

    def _pieces(
        self, anchor: tuple | None, ascending: bool, backend: str = dialect.SQLITE
    ) -> list[tuple[str, tuple, str]]:
        """The index ranges after `anchor` in this direction, in order (None: the whole segment)."""
        column, order_by = f"o.{self.column}", _order_by(self.column, ascending, backend)
        by_id = "o.id ASC" if ascending else "o.id DESC"
        if anchor is None:
            return [("1 = 1", (), order_by)]
        key, order_id = anchor
        if key is None:
            nulls = (f"{column} IS NULL AND o.id {'>' if ascending else '<'} ?", (order_id,), by_id)
            return [nulls, (f"{column} IS NOT NULL", (), order_by)] if ascending else [nulls]
        after = (f"({column}, o.id) {'>' if ascending else '<'} (?, ?)", (key, order_id), order_by)
        return [after] if ascending else [after, (f"{column} IS NULL", (), by_id)]


def _order_by(column: str, ascending: bool, backend: str = dialect.SQLITE) -> str:
    direction = "ASC" if ascending else "DESC"
    return f"o.{column} {direction}{dialect.nulls_as_sqlite(backend, ascending)}, o.id {direction}"


def by_ids(conn: sqlite3.Connection, ids) -> list[dict]:
    """These orders' rows in the order given (an order deleted meanwhile is left out)."""
    ids = tuple(ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    found = {
        row["id"]: row
        for row in dicts(conn, f"SELECT {ROW_COLUMNS} FROM orders o WHERE o.id IN ({marks})", ids)
    }
    return [found[order_id] for order_id in ids if order_id in found]


def dicts(conn: sqlite3.Connection, sql: str, params: tuple) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
