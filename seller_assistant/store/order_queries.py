"""The Orders table's reads: filtered, sorted windows of orders and their counts, all in SQL."""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from seller_assistant.core.grams import bigram_words
from seller_assistant.store import dialect
from seller_assistant.store.connection import Store
from seller_assistant.store.order_pages import Segment, by_ids

FILTERS = ("all", "awaiting", "late", "due_soon", "shipped", "refunds", "events")
SORTS = ("deadline", "order_no", "buyer", "paid_at")

# Matches the partial index orders_awaiting_ship term by term, so SQLite can use it.
_AWAITING = "o.shipped_at IS NULL AND o.status = 'paid'"
# Matches the partial index orders_refunds (migration 014) word for word.
_REFUNDS = "(o.refund_status IS NOT NULL OR o.status = 'refunded')"

# The column each sort orders by (then by id, the same direction: one order in one place).
# Each walks an index: (shop_id, order_no) unique, orders_buyer, orders_paid_at.
_SORT_COLUMN = {"order_no": "order_no", "buyer": "buyer", "paid_at": "paid_at"}
# The rest after the awaiting ones, by rowid alone so the walk of orders_paid_at never reads a row.
_NOT_AWAITING = (
    "o.id NOT IN (SELECT id FROM orders WHERE shop_id = ? AND shipped_at IS NULL AND status = 'paid')"
)
# More candidates than this and a search is paged by walking the sort's index (OrderWindow._dense).
DENSE_SEARCH = 20_000
_NOT_AWAITING_ANY_SHOP = "o.id NOT IN (SELECT id FROM orders WHERE shipped_at IS NULL AND status = 'paid')"


@dataclass(frozen=True)
class OrderQuery:
    """What the user asked the table for: a state filter, a search text, a sort."""

    filter: str = "all"
    search: str = ""
    sort: str = "deadline"
    descending: bool = False


class OrderWindow:
    """The rows matching a query, counted once and read a window at a time.

    Sorting by deadline reads two segments one after the other: the orders still awaiting
    shipment in promise order (from the partial index orders_awaiting_ship), then all the others,
    newest payment first (from orders_paid_at). A window is then an index range read instead of a
    sort of the whole table, and it seeks from the nearest row already read (order_pages.Segment):
    the next page after the last row shown, the previous one before the first.

    A search, the refunds or the orders with help events match few rows: those are found first
    (a search by the bigram index of buyer and item, migration 014, or by order-number prefix; the
    others by their own index), only those rows are read and sorted, and their ids are kept in
    order (8 bytes each): that gives the count, and every later window is a lookup of 200 rowids."""

    def __init__(
        self, store: Store, shop_id: int | None, query: OrderQuery, now: int, lead_seconds: int
    ) -> None:
        """shop_id None: every shop's orders (a store with several shops, "All shops")."""
        self._store = store
        scan = _is_scan(query) and not self._dense(query)
        where, params = _filter_sql(shop_id, query, now, lead_seconds, scan, backend=store.backend)
        if query.sort in _SORT_COLUMN:
            plans = [(where, params, _SORT_COLUMN[query.sort], query.descending)]
        else:
            plans = [
                (f"{where} AND {_AWAITING}", params, "promised_ship_at", query.descending),
                (f"{where} AND {_NOT_AWAITING}", (*params, shop_id), "paid_at", True)
                if shop_id is not None
                else (f"{where} AND {_NOT_AWAITING_ANY_SHOP}", params, "paid_at", True),
            ]
        if scan:
            self._segments = []
            for plan in plans:
                ids = self._ids(*plan)
                self._segments.append(Segment(*plan, len(ids), ids))
        else:
            # A dense search is counted from its candidates (+shop_id: never a walk of the shop).
            dense = bool(query.search.strip())
            count_where, count_params = _filter_sql(
                shop_id, query, now, lead_seconds, dense, for_count=True, backend=store.backend
            )
            total = self._count(count_where, count_params)
            if len(plans) == 2:
                # Everything minus the awaiting ones: two index counts, no pass over the rows.
                awaiting_where, awaiting_params = (
                    _filter_sql(
                        shop_id, query, now, lead_seconds, False, for_count=True, backend=store.backend
                    )
                    if dense
                    else (count_where, count_params)
                )
                awaiting = self._count(f"{awaiting_where} AND {_AWAITING}", awaiting_params)
                counts = [awaiting, total - awaiting]
            else:
                counts = [total]
            self._segments = [Segment(*plan, n) for plan, n in zip(plans, counts, strict=True)]
        self.total = sum(segment.count for segment in self._segments)

    def _dense(self, query: OrderQuery) -> bool:
        """A search whose character pairs are in so many orders (a common syllable of names, a
        word of the best-selling item) that reading and sorting them all costs more than walking
        the sort's index and testing each row: then it is paged like an unfiltered sort."""
        words = bigram_words(query.search.strip()).split()
        if not words or query.filter != "all":
            return False
        backend = self._store.backend
        candidates = self._store.conn.execute(
            f"SELECT count(*) FROM ({dialect.order_pairs_sql(backend)} LIMIT ?) AS candidates",
            (dialect.order_pairs_param(backend, words), DENSE_SEARCH + 1),
        ).fetchone()[0]
        return candidates > DENSE_SEARCH

    def mark(self, store: Store | None = None, every: int = 5000, stop=lambda: False) -> bool:
        """Note where every `every`-th row of each big segment is (a walk of the index, done on
        the worker once the first page is shown): a page jumped to later is then sought from at
        most every/2 rows away instead of up to half the store. Stops early (False) when
        `stop()` says a page is wanted; calling again goes on where it stopped."""
        conn = (store or self._store).conn
        return all(segment.mark(conn, every, stop) for segment in self._segments)

    def use_store(self, store: Store) -> None:
        """Read further windows through `store` by default (SQLite connections belong to one
        thread): `rows(..., store=)` reads through another, e.g. a page worker's."""
        self._store = store

    def _count(self, where: str, params: tuple) -> int:
        return self._store.conn.execute(f"SELECT count(*) FROM orders o WHERE {where}", params).fetchone()[0]

    def _ids(self, where: str, params: tuple, column: str, descending: bool) -> array:
        # The unary + keeps SQLite off the sort's index: the matches are few, found by their own.
        # (PostgreSQL has no + for text, and its planner needs no such hint.)
        direction = "DESC" if descending else "ASC"
        nulls = dialect.nulls_as_sqlite(self._store.backend, not descending)
        plus = "" if self._store.shared else "+"
        cursor = self._store.conn.execute(
            f"SELECT o.id FROM orders o WHERE {where}"
            f" ORDER BY {plus}o.{column} {direction}{nulls}, {plus}o.id {direction}",
            params,
        )
        return array("q", (row[0] for row in cursor))

    def rows(self, offset: int, limit: int, store: Store | None = None) -> list[dict]:
        """Rows [offset, offset + limit) of the result, as plain dicts."""
        conn = (store or self._store).conn
        found: list[dict] = []
        for segment in self._segments:
            if limit <= 0:
                break
            if offset >= segment.count:
                offset -= segment.count
                continue
            batch = segment.read(conn, offset, limit)
            found += batch
            limit -= len(batch)
            offset = 0
        return found

    def rows_by_id(self, ids) -> list[dict]:
        """The current values of these orders (a few primary-key reads), for rows already shown."""
        return by_ids(self._store.conn, ids)


def _is_scan(query: OrderQuery) -> bool:
    """Queries that match few rows, found by their own index: a search, the orders with help
    events (the help rate: a per cent or two)."""
    return bool(query.search.strip()) or query.filter == "events"


def _filter_sql(
    shop_id: int | None,
    query: OrderQuery,
    now: int,
    lead_seconds: int,
    scan: bool,
    for_count: bool = False,
    backend: str = dialect.SQLITE,
) -> tuple[str, tuple]:
    # A scan: a straight pass over the table beats walking an index on shop_id (orders_buyer) and
    # fetching 200 000 rows in random order to test each.
    if shop_id is None:
        terms, params = ["1 = 1"], []
    else:
        terms = ["+o.shop_id = ?" if scan else "o.shop_id = ?"]
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
        terms.append(_REFUNDS)
    elif kind == "events" and shop_id is None:
        terms.append("o.id IN (SELECT order_id FROM help_events)")
    elif kind == "events":
        terms.append("o.id IN (SELECT order_id FROM help_events WHERE shop_id = ?)")
        params.append(shop_id)
    elif kind != "all":
        raise ValueError(f"unknown order filter {kind!r}")
    text = query.search.strip()
    if text:
        words = bigram_words(text).split()
        if words:
            # The candidates, by index: every order holding all the text's character pairs in its
            # buyer or item (migration 014), and the order numbers starting with it. The exact
            # test below then reads only those rows, never the whole table.
            shops_sql = "shop_id IN (SELECT id FROM shops)" if shop_id is None else "shop_id = ?"
            terms.append(
                f"o.id IN ({dialect.order_pairs_sql(backend)}"
                f" UNION ALL SELECT id FROM orders WHERE {shops_sql} AND order_no >= ? AND order_no < ?)"
            )
            params += [
                dialect.order_pairs_param(backend, words),
                *(() if shop_id is None else (shop_id,)),
                text,
                _after_prefix(text),
            ]
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
