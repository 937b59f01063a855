"""The Orders table's reads: filtered, sorted windows of orders and their counts, all in SQL."""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

from seller_assistant.store.connection import Store

FILTERS = ("all", "awaiting", "late", "due_soon", "shipped", "refunds", "events")
SORTS = ("deadline", "order_no", "buyer", "paid_at")

# Matches the partial index orders_awaiting_ship term by term, so SQLite can use it.
_AWAITING = "o.shipped_at IS NULL AND o.status = 'paid'"

_COLUMNS = """o.id, o.shop_id, o.order_no, o.buyer, o.item_title, o.amount_cents, o.paid_at, o.promised_ship_at,
    o.shipped_at, o.status, o.refund_status, o.logistics_status, o.tracking_no, o.carrier,
    (SELECT count(*) FROM help_events e WHERE e.order_id = o.id) AS events"""

# Each sort walks an index: (shop_id, order_no) unique, orders_buyer, orders_paid_at.
_SORT_SQL = {
    "order_no": "{p}o.order_no {d}, {p}o.id {d}",  # id: one order in the same place both ways
    "buyer": "{p}o.buyer {d}, {p}o.id {d}",
    "paid_at": "{p}o.paid_at {d}, {p}o.id {d}",
}
# The rest after the awaiting ones, by rowid alone so the walk of orders_paid_at never reads a row.
_NOT_AWAITING = (
    "o.id NOT IN (SELECT id FROM orders WHERE shop_id = ? AND shipped_at IS NULL AND status = 'paid')"
)
_NOT_AWAITING_ANY_SHOP = "o.id NOT IN (SELECT id FROM orders WHERE shipped_at IS NULL AND status = 'paid')"


@dataclass(frozen=True)
class OrderQuery:
    """What the user asked the table for: a state filter, a search text, a sort."""

    filter: str = "all"
    search: str = ""
    sort: str = "deadline"
    descending: bool = False


@dataclass(frozen=True)
class _Segment:
    where: str
    params: tuple
    order_by: str
    count: int
    ids: array | None = None  # every match's id in order, when the segment was found by a scan


class OrderWindow:
    """The rows matching a query, counted once and read a window at a time.

    Sorting by deadline reads two segments one after the other: the orders still awaiting
    shipment in promise order (from the partial index orders_awaiting_ship), then all the others,
    newest payment first (from orders_paid_at). A window is then an index range read instead of a
    sort of the whole table.

    A search or a rare filter matches few rows: there one scan of the table and a sort of the
    matches beats walking an index past rows that do not match, so the shop and ORDER BY terms get
    a unary + that keeps SQLite off the indexes. That scan keeps the ids of the matches, in order
    (8 bytes each): it gives the count, and every later window is a lookup of 200 rowids instead of
    the whole scan again with an OFFSET."""

    def __init__(self, store: Store, shop_id: int | None, query: OrderQuery, now: int, lead_seconds: int) -> None:
        """shop_id None: every shop's orders (a store with several shops, "All shops")."""
        self._store = store
        where, params = _filter_sql(shop_id, query, now, lead_seconds)
        direction = "DESC" if query.descending else "ASC"
        scan = _is_scan(query)
        plus = "+" if scan else ""
        if query.sort in _SORT_SQL:
            plans = [(where, params, _SORT_SQL[query.sort].format(p=plus, d=direction))]
        else:
            plans = [
                (f"{where} AND {_AWAITING}", params, f"o.promised_ship_at {direction}, o.id {direction}"),
                (f"{where} AND {_NOT_AWAITING}", (*params, shop_id), f"{plus}o.paid_at DESC, {plus}o.id DESC")
                if shop_id is not None else
                (f"{where} AND {_NOT_AWAITING_ANY_SHOP}", params, f"{plus}o.paid_at DESC, {plus}o.id DESC"),
            ]
        if scan:
            found = [self._ids(*plan) for plan in plans]
            self._segments = [_Segment(*plan, len(ids), ids) for plan, ids in zip(plans, found, strict=True)]
        else:
            count_where, count_params = _filter_sql(shop_id, query, now, lead_seconds, for_count=True)
            total = self._count(count_where, count_params)
            if len(plans) == 2:
                # Everything minus the awaiting ones: two index counts, no pass over the rows.
                awaiting = self._count(f"{count_where} AND {_AWAITING}", count_params)
                counts = [awaiting, total - awaiting]
            else:
                counts = [total]
            self._segments = [_Segment(*plan, n) for plan, n in zip(plans, counts, strict=True)]
        self.total = sum(segment.count for segment in self._segments)

    def use_store(self, store: Store) -> None:
        """Read further windows through `store`: a window counted on a worker's connection is
        then paged on the GUI thread's own (SQLite connections belong to one thread)."""
        self._store = store

    def _count(self, where: str, params: tuple) -> int:
        return self._store.conn.execute(f"SELECT count(*) FROM orders o WHERE {where}", params).fetchone()[0]

    def _ids(self, where: str, params: tuple, order_by: str) -> array:
        cursor = self._store.conn.execute(f"SELECT o.id FROM orders o WHERE {where} ORDER BY {order_by}", params)
        return array("q", (row[0] for row in cursor))

    def rows(self, offset: int, limit: int) -> list[dict]:
        """Rows [offset, offset + limit) of the result, as plain dicts."""
        found: list[dict] = []
        for segment in self._segments:
            if limit <= 0:
                break
            if offset >= segment.count:
                offset -= segment.count
                continue
            if segment.ids is not None:
                batch = self._by_ids(segment.ids[offset:offset + limit])
            elif offset > segment.count // 2:
                # Past the middle, walk the index from the other end: the last page of a million
                # orders skips 0 rows instead of 999 800.
                take = min(limit, segment.count - offset)
                batch = self._dicts(
                    f"SELECT {_COLUMNS} FROM orders o WHERE {segment.where} ORDER BY {_reversed(segment.order_by)}"
                    " LIMIT ? OFFSET ?",
                    (*segment.params, take, segment.count - offset - take),
                )[::-1]
            else:
                batch = self._dicts(
                    f"SELECT {_COLUMNS} FROM orders o WHERE {segment.where} ORDER BY {segment.order_by}"
                    " LIMIT ? OFFSET ?",
                    (*segment.params, limit, offset),
                )
            found += batch
            limit -= len(batch)
            offset = 0
        return found

    def rows_by_id(self, ids) -> list[dict]:
        """The current values of these orders (a few primary-key reads), for rows already shown."""
        return self._by_ids(array("q", ids))

    def _by_ids(self, ids: array) -> list[dict]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        by_id = {row["id"]: row for row in self._dicts(f"SELECT {_COLUMNS} FROM orders o WHERE o.id IN ({marks})",
                                                        tuple(ids))}
        # An order deleted since the count is skipped; the next reload counts again.
        return [by_id[order_id] for order_id in ids if order_id in by_id]

    def _dicts(self, sql: str, params: tuple) -> list[dict]:
        cursor = self._store.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]


def _reversed(order_by: str) -> str:
    """The same order read from its end (every sort ends in the unique id, so ties cannot swap)."""
    return re.sub(r"\b(ASC|DESC)\b", lambda m: "DESC" if m.group(1) == "ASC" else "ASC", order_by)


def _is_scan(query: OrderQuery) -> bool:
    """Queries no index narrows: a substring search, or the refunds (a few per cent of all orders)."""
    return bool(query.search.strip()) or query.filter == "refunds"


def _filter_sql(shop_id: int | None, query: OrderQuery, now: int, lead_seconds: int,
                for_count: bool = False) -> tuple[str, tuple]:
    # A scan: a straight pass over the table beats walking an index on shop_id (orders_buyer) and
    # fetching 200 000 rows in random order to test each.
    if shop_id is None:
        terms, params = ["1"], []
    else:
        terms = ["+o.shop_id = ?" if _is_scan(query) else "o.shop_id = ?"]
        params: list = [shop_id]
    kind = query.filter
    if kind == "awaiting":
        terms.append(_AWAITING)
    elif kind == "late":
        terms += [_AWAITING, "o.promised_ship_at < ?"]
        params.append(now)
    elif kind == "due_soon":
        terms += [_AWAITING, "o.promised_ship_at >= ?", "o.promised_ship_at <= ?"]
        params += [now, now + lead_seconds]
    elif kind == "shipped":
        # Counting reads the partial index orders_shipped_at alone; a window walks the sort's index.
        terms.append("o.shipped_at IS NOT NULL" if for_count else "+o.shipped_at IS NOT NULL")
    elif kind == "refunds":
        terms.append("(o.refund_status IS NOT NULL OR o.status = 'refunded')")
    elif kind == "events" and shop_id is None:
        terms.append("o.id IN (SELECT order_id FROM help_events)")
    elif kind == "events":
        terms.append("o.id IN (SELECT order_id FROM help_events WHERE shop_id = ?)")
        params.append(shop_id)
    elif kind != "all":
        raise ValueError(f"unknown order filter {kind!r}")
    text = query.search.strip()
    if text:
        # Order numbers by prefix (a range on the unique index); buyer and item by substring.
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        terms.append(
            "((o.order_no >= ? AND o.order_no < ?) OR o.buyer LIKE ? ESCAPE '\\'"
            " OR o.item_title LIKE ? ESCAPE '\\')"
        )
        params += [text, _after_prefix(text), pattern, pattern]
    return " AND ".join(terms), tuple(params)


def _after_prefix(text: str) -> str:
    """The smallest string greater than every string starting with `text`."""
    last = ord(text[-1])
    return text[:-1] + chr(last + 1) if last < 0x10FFFF else text + "\U0010ffff"


def order_timeline_rows(store: Store, order_id: int) -> dict[str, list[dict]]:
    """Everything that happened to one order, by kind, for the order detail's timeline."""

    def rows(sql: str) -> list[dict]:
        return list(store.db.query(sql, [order_id]))

    return {
        "commitments": rows("SELECT * FROM commitments WHERE order_id = ? ORDER BY made_at, id"),
        "work_orders": rows("SELECT * FROM work_orders WHERE order_id = ? ORDER BY opened_at, id"),
        "events": rows("SELECT * FROM help_events WHERE order_id = ? ORDER BY at, id"),
        "notes": rows("SELECT * FROM order_notes WHERE order_id = ? ORDER BY at, id"),
        "shipments": rows("SELECT * FROM shipments WHERE order_id = ? ORDER BY shipped_at, id"),
    }

