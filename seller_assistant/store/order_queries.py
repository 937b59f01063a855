"""The Orders table's reads: filtered, sorted windows of orders and their counts, all in SQL."""

from __future__ import annotations

from dataclasses import dataclass

from seller_assistant.store.connection import Store

HEAD_ROWS = 200  # the first window, read with the count when a search scans the table

FILTERS = ("all", "awaiting", "late", "due_soon", "shipped", "refunds", "events")
SORTS = ("deadline", "order_no", "buyer", "paid_at")

# Matches the partial index orders_awaiting_ship term by term, so SQLite can use it.
_AWAITING = "o.shipped_at IS NULL AND o.status = 'paid'"

_COLUMNS = """o.id, o.order_no, o.buyer, o.item_title, o.amount_cents, o.paid_at, o.promised_ship_at,
    o.shipped_at, o.status, o.refund_status, o.logistics_status, o.tracking_no, o.carrier,
    (SELECT count(*) FROM help_events e WHERE e.order_id = o.id) AS events"""

# Each sort walks an index: (shop_id, order_no) unique, orders_buyer, orders_paid_at.
_SORT_SQL = {
    "order_no": "{p}o.order_no {d}",
    "buyer": "{p}o.buyer {d}, {p}o.id {d}",
    "paid_at": "{p}o.paid_at {d}, {p}o.id {d}",
}
# The rest after the awaiting ones, by rowid alone so the walk of orders_paid_at never reads a row.
_NOT_AWAITING = (
    "o.id NOT IN (SELECT id FROM orders WHERE shop_id = ? AND shipped_at IS NULL AND status = 'paid')"
)


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


class OrderWindow:
    """The rows matching a query, counted once and read a window at a time.

    Sorting by deadline reads two segments one after the other: the orders still awaiting
    shipment in promise order (from the partial index orders_awaiting_ship), then all the others,
    newest payment first (from orders_paid_at). A window is then an index range read instead of a
    sort of the whole table. A search or a rare filter matches few rows: there one scan of the
    table and a sort of the matches beats walking an index past rows that do not match, so the
    ORDER BY terms get a unary + that keeps SQLite off the index."""

    def __init__(self, store: Store, shop_id: int, query: OrderQuery, now: int, lead_seconds: int) -> None:
        self._store = store
        self._heads: dict[int, list[dict]] = {}
        where, params = _filter_sql(shop_id, query, now, lead_seconds)
        direction = "DESC" if query.descending else "ASC"
        scan = bool(query.search.strip()) or query.filter == "refunds"
        plus = "+" if scan else ""
        if query.sort in _SORT_SQL:
            plans = [(where, params, _SORT_SQL[query.sort].format(p=plus, d=direction))]
        else:
            plans = [
                (f"{where} AND {_AWAITING}", params, f"o.promised_ship_at {direction}, o.id {direction}"),
                (f"{where} AND {_NOT_AWAITING}", (*params, shop_id), f"{plus}o.paid_at DESC, {plus}o.id DESC"),
            ]
        if scan:
            # One pass over the table yields both the count and the first window of the matches.
            counts = [self._count(w, p) for w, p, _ in plans[:-1]]
            last_count, head = self._count_with_head(*plans[-1])
            counts.append(last_count)
            self._heads[len(plans) - 1] = head
        elif len(plans) == 2:
            # Everything minus the awaiting ones: two index counts, no pass over the rows.
            total = self._count(where, params)
            awaiting = self._count(*plans[0][:2])
            counts = [awaiting, total - awaiting]
        else:
            counts = [self._count(where, params)]
        self._segments = [_Segment(w, p, order, n) for (w, p, order), n in zip(plans, counts, strict=True)]
        self.total = sum(counts)

    def _count(self, where: str, params: tuple) -> int:
        return self._store.conn.execute(f"SELECT count(*) FROM orders o WHERE {where}", params).fetchone()[0]

    def _count_with_head(self, where: str, params: tuple, order_by: str) -> tuple[int, list[dict]]:
        cursor = self._store.conn.execute(
            f"SELECT {_COLUMNS}, count(*) OVER () AS matches FROM orders o WHERE {where} ORDER BY {order_by}"
            " LIMIT ?",
            (*params, HEAD_ROWS),
        )
        names = [d[0] for d in cursor.description]
        head = [dict(zip(names, row, strict=True)) for row in cursor]
        return (head[0]["matches"] if head else 0), head

    def rows(self, offset: int, limit: int) -> list[dict]:
        """Rows [offset, offset + limit) of the result, as plain dicts."""
        found: list[dict] = []
        for number, segment in enumerate(self._segments):
            if limit <= 0:
                break
            if offset >= segment.count:
                offset -= segment.count
                continue
            head = self._heads.get(number, [])
            if offset + limit <= len(head) or len(head) == segment.count:
                batch = head[offset:offset + limit]
            else:
                cursor = self._store.conn.execute(
                    f"SELECT {_COLUMNS} FROM orders o WHERE {segment.where} ORDER BY {segment.order_by}"
                    " LIMIT ? OFFSET ?",
                    (*segment.params, limit, offset),
                )
                names = [d[0] for d in cursor.description]
                batch = [dict(zip(names, row, strict=True)) for row in cursor]
            found += batch
            limit -= len(batch)
            offset = 0
        return found


def _filter_sql(shop_id: int, query: OrderQuery, now: int, lead_seconds: int) -> tuple[str, tuple]:
    terms = ["o.shop_id = ?"]
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
        terms.append("+o.shipped_at IS NOT NULL")  # walk the sort index, not orders_shipped_at
    elif kind == "refunds":
        terms.append("(o.refund_status IS NOT NULL OR o.status = 'refunded')")
    elif kind == "events":
        terms.append("o.id IN (SELECT order_id FROM help_events WHERE shop_id = ?)")
        params.append(shop_id)
    elif kind != "all":
        raise ValueError(f"unknown order filter {kind!r}")
    text = query.search.strip()
    if text:
        # A substring test touches every row anyway: a straight table scan beats walking the
        # orders_buyer index (shop_id prefix) and fetching 200 000 rows in random order.
        terms[0] = "+o.shop_id = ?"
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

