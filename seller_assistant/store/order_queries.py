"""The Orders table's reads: filtered, sorted windows of orders and their counts, all in SQL."""

from __future__ import annotations

import unicodedata
from array import array
from dataclasses import dataclass

from seller_assistant.core.grams import BIGRAM_CHARS, bigram_word, char_word, search_words
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
# More candidates than this and a search is paged by walking the sort's index (OrderWindow._many).
DENSE_SEARCH = 20_000
# A dense search that the pair index cannot count exactly shows its first page with this many
# counted ("1,000+ orders"); the full count follows from a worker.
COUNT_CAP = 1_000
# A dense search first tests this many of the shop's orders for its first COUNT_CAP matches.
QUICK_ROWS = 20_000
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
        # False while `total` is only a lower bound (a dense search, counted later: count_all)
        self.exact = True
        self._count_sql: tuple[str, tuple] | None = None
        # A search whose character pairs are in very many orders (a common syllable of names, a
        # word of the best-selling item): the pair index's list is long, so the rows are found by
        # the state filter's own small index (awaiting, refunds…) tested row by row, or, with no
        # such filter, by walking the sort's index testing each row (paged like a plain sort).
        many = self._many(query)
        dense = many and query.filter in ("all", "shipped")
        scan = _is_scan(query) and not dense
        where, params = _filter_sql(
            shop_id, query, now, lead_seconds, scan, pairs=not many, backend=store.backend
        )
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
            self._count_sql = _filter_sql(
                shop_id, query, now, lead_seconds, dense, for_count=True, backend=store.backend
            )
            if dense:
                quick = _filter_sql(
                    shop_id,
                    query,
                    now,
                    lead_seconds,
                    True,
                    for_count=True,
                    pairs=False,
                    backend=store.backend,
                )
                total, self.exact = self._first_count(shop_id, query, quick)
            else:
                total = self._count(*self._count_sql)
            if len(plans) == 2:
                # Everything minus the awaiting ones: two index counts, no pass over the rows.
                awaiting_where, awaiting_params = (
                    _filter_sql(
                        shop_id,
                        query,
                        now,
                        lead_seconds,
                        False,
                        for_count=True,
                        pairs=False,
                        backend=store.backend,
                    )
                    if dense
                    else self._count_sql
                )
                awaiting = self._count(f"{awaiting_where} AND {_AWAITING}", awaiting_params)
                counts = [awaiting, max(total - awaiting, 0)]
            else:
                counts = [total]
            self._segments = [Segment(*plan, n) for plan, n in zip(plans, counts, strict=True)]
            self._segments[-1].exact = self.exact
        self.total = sum(segment.count for segment in self._segments)

    def _many(self, query: OrderQuery) -> bool:
        """Are the search's character pairs in more than DENSE_SEARCH orders? Then reading and
        sorting them all costs more than testing the rows another index gives in order."""
        backend = self._store.backend
        words = search_words(query.search.strip())
        if not words:
            return False
        candidates = self._store.conn.execute(
            f"SELECT count(*) FROM ({dialect.order_pairs_sql(backend)} LIMIT ?) AS candidates",
            (dialect.order_pairs_param(backend, words), DENSE_SEARCH + 1),
        ).fetchone()[0]
        return candidates > DENSE_SEARCH

    def _first_count(
        self, shop_id: int | None, query: OrderQuery, quick: tuple[str, tuple]
    ) -> tuple[int, bool]:
        """(count, exact) of a dense search before its first page: from the pair index alone when
        that is exact, else the first COUNT_CAP matches (the rest are counted after the first page
        is shown: counting every match reads each candidate row, 0.1-0.2 s at a million orders)."""
        counted = (
            _index_count(self._store.conn, shop_id, query.search.strip()) if query.filter == "all" else None
        )
        if counted is not None:
            return counted, True
        # A text in more than 1 order in 20 (a digit: 65 % of a million; 普洱茶 12 %) has its first
        # COUNT_CAP matches among the shop's first QUICK_ROWS rows: testing those beats reading the
        # index's list of every match into a temporary table (88 ms at a million orders for "1").
        # (+shop_id: a pass in rowid order, pages read one after the other, not an index walk.)
        shop_term, shop_params = ("", ()) if shop_id is None else (" WHERE +shop_id = ?", (shop_id,))
        where, params = quick
        first = self._store.conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM (SELECT * FROM orders{shop_term} LIMIT {QUICK_ROWS}) AS o"
            f" WHERE {where} LIMIT ?) AS capped",
            (*shop_params, *params, COUNT_CAP + 1),
        ).fetchone()[0]
        if first > COUNT_CAP:
            return COUNT_CAP, False
        where, params = self._count_sql
        capped = self._store.conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM orders o WHERE {where} LIMIT ?) AS capped",
            (*params, COUNT_CAP + 1),
        ).fetchone()[0]
        return min(capped, COUNT_CAP), capped <= COUNT_CAP

    def count_all(self, store: Store | None = None) -> int:
        """Every match counted (a worker's job after the first page is shown, when not `exact`)."""
        if self._count_sql is None or self.exact:
            return self.total
        where, params = self._count_sql
        conn = (store or self._store).conn
        return conn.execute(f"SELECT count(*) FROM orders o WHERE {where}", params).fetchone()[0]

    def complete(self, total: int) -> None:
        """The full count is in: the last segment (the rows after the first ones) grows to it."""
        last = self._segments[-1]
        last.count = max(total - sum(segment.count for segment in self._segments[:-1]), last.count)
        last.exact = self.exact = True
        self.total = sum(segment.count for segment in self._segments)

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


def _index_count(conn, shop_id: int | None, text: str) -> int | None:
    """The exact count of a one- or two-character search from the index alone, without reading an
    order row, or None when the index cannot give it. Exact when: the text is one index word
    (a pair, or one character) that no case folding changes (Chinese: LIKE folds ASCII only, the index folds
    everything), and every indexed order is in the shop searched (the index spans all shops)."""
    caseless = all(
        not char.isascii() and char.lower() == char == char.upper() and not unicodedata.combining(char)
        for char in text
    )
    if len(text) not in (1, BIGRAM_CHARS) or not caseless or any(char.isspace() for char in text):
        return None
    backend = dialect.backend_of(conn)
    shop_term, shop_params = "1 = 1", ()
    if shop_id is not None:
        others = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM orders WHERE shop_id < ?) OR EXISTS (SELECT 1 FROM orders WHERE shop_id > ?)",
            (shop_id, shop_id),
        ).fetchone()[0]
        if others:
            return None
        shop_term, shop_params = "shop_id = ?", (shop_id,)
    word = bigram_word(text) if len(text) == BIGRAM_CHARS else char_word(text)
    in_index = conn.execute(
        f"SELECT count(*) FROM ({dialect.order_pairs_sql(backend)}) AS candidates",
        (dialect.order_pairs_param(backend, [word]),),
    ).fetchone()[0]
    # Order numbers starting with the text whose buyer and item do not hold it: a range of the
    # unique index, a handful of rows at most.
    pattern = _like_pattern(text)
    numbers_only = conn.execute(
        f"SELECT count(*) FROM orders WHERE {shop_term} AND order_no >= ? AND order_no < ?"
        " AND NOT (coalesce(buyer, '') LIKE ? ESCAPE '\\' OR coalesce(item_title, '') LIKE ? ESCAPE '\\')",
        (*shop_params, text, _after_prefix(text), pattern, pattern),
    ).fetchone()[0]
    return in_index + numbers_only


def _filter_sql(
    shop_id: int | None,
    query: OrderQuery,
    now: int,
    lead_seconds: int,
    scan: bool,
    for_count: bool = False,
    pairs: bool = True,
    backend: str = dialect.SQLITE,
) -> tuple[str, tuple]:
    """The WHERE clause and its parameters. `pairs`: find a search's candidates by the pair index
    (few orders hold its pairs); without, the exact test alone (another index gives the rows)."""
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
        words = search_words(text)
        if words and pairs:
            # The candidates, by index: every order holding all the text's character pairs in its
            # buyer or item (migration 014), and the order numbers starting with it. The exact
            # test below then reads only those rows, never the whole table.
            shops_sql = "shop_id IN (SELECT id FROM shops)" if shop_id is None else "shop_id = ?"
            candidates = (
                f"{dialect.order_pairs_sql(backend)}"
                f" UNION ALL SELECT id FROM orders WHERE {shops_sql} AND order_no >= ? AND order_no < ?"
            )
            # PostgreSQL: the candidates read once into an array whose ids are then sought by key.
            # As `IN (…)` its planner, guessing one order passes the other tests, re-ran the index
            # scan for every order that did: 37 times for 兔, 3.8 s at 200 000 orders.
            terms.append(
                f"o.id = ANY(ARRAY({candidates}))"
                if backend == dialect.POSTGRESQL
                else f"o.id IN ({candidates})"
            )
            params += [
                dialect.order_pairs_param(backend, words),
                *(() if shop_id is None else (shop_id,)),
                text,
                _after_prefix(text),
            ]
        # Order numbers by prefix (a range on the unique index); buyer and item by substring.
        pattern = _like_pattern(text)
        terms.append(
            f"((o.order_no >= ? AND o.order_no < ?) OR {dialect.like_latin_case(backend, 'o.buyer')}"
            f" OR {dialect.like_latin_case(backend, 'o.item_title')})"
        )
        params += [text, _after_prefix(text), pattern, pattern]
    return " AND ".join(terms), tuple(params)


def _like_pattern(text: str) -> str:
    """`text` anywhere, as a LIKE pattern for ESCAPE '\\' (a % or _ typed is searched as itself)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _after_prefix(text: str) -> str:
    """The smallest string greater than every string starting with `text`."""
    last = ord(text[-1])
    return text[:-1] + chr(last + 1) if last < 0x10FFFF else text + "\U0010ffff"
