"""How a shared store reads an indexed chat search (PostgreSQL's side of search_plan).

The text's indexes on PostgreSQL are GIN indexes: over chat_bigrams(text) for two characters
(migration 007's twin), pg_trgm under ILIKE for three or more. Its planner has no statistics for a
text it never saw, assumes 0.5 % of the messages hold it, and so walks the newest messages
backwards testing each, expecting a page soon: for a pair no message holds (琉璃, 投诉 in a shop
without complaints) that is every message, ~33 µs each: 100 s at 2 M messages. A GIN index cannot
hand out its matches newest first either, so neither plan is right for every text. Here the two
are tried in the order that bounds the cost:

1. the newest SHORT_WALK, then WALK_ROWS messages within the filters, each tested for the text (a
   common text has a page of matches there: the page is those; a filter holding fewer messages
   than that is read whole, and its matches are the answer);
2. otherwise the index alone (bitmap scans only, exact bitmaps) for the ids of at most CAP matches:
   a rare text's matches are all of them, and the page is their newest;
3. a text with more matches than CAP, none of them recent: the walk, as before (rare in a shop).

The filters are narrowed the way SQLite's plan (search_plan) narrows them (issue 20,
profile_notes.md, "filtered Chats searches on PostgreSQL"):
- a date range is also an id window from message_days (migration 027): the walk starts at the
  range's newest message, not at the shop's, however far back the range lies (`narrow`);
- a sender is also "on the staff's side, or in the buyer's own conversation" (`narrow`): a
  buyer's name as sender is read by messages_buyer, not by a scan of the shop;
- under a staff name (one never used as a buyer's), the staff's side of the bigram index
  (migration 028: the GIN index of the messages sent under any name but their buyer's) is asked
  for every pair of the text between the short and the long walk: a word the staff never write
  has no entry there, and the answer is empty without reading a row.

A two-character query with no whitespace in it (search() strips it) is one pair, so "the text,
lower-cased, contains the query, lower-cased" is exactly "chat_bigrams(text) holds its word"; for
three or more, ILIKE lower-cases both sides with the same lower() as chat_bigrams, so every
message it finds holds each pair of chat_bigrams(query): the staff's pairs are a superset, and
ILIKE itself decides."""

from __future__ import annotations

from seller_assistant.store import search_plan
from seller_assistant.store.connection import Store

SHORT_WALK = 2_000  # a common text's page is mostly among the newest few thousand (~1-3 ms)
WALK_ROWS = 20_000  # ~10-20 ms of row reads, whatever the store's size
CAP = 20_000  # ids of a rare text's matches fetched at most; more than that is a dense text


def narrow(
    store: Store,
    shop_id: int,
    where: list[str],
    params: list,
    since: int | None,
    until: int | None,
    sender_name: str | None,
) -> None:
    """Add to the filters (`where`, `params`) conditions they already imply, in the form
    PostgreSQL's indexes answer: a date range's id window, and a sender's two sides."""
    if since is not None or until is not None:
        where.append(id_window(store, shop_id, since, until))
    if sender_name is not None:
        # True of every message sent under the name (buyer is never NULL): as the staff's (the
        # partial index messages_sender, 019) or in its own conversation (messages_buyer). The
        # planner reads a rare sender's few messages by the two (a BitmapOr), not by a scan.
        where.append("(m.sender_name <> m.buyer OR m.buyer = ?)")
        params.append(sender_name)


def id_window(store: Store, shop_id: int, since: int | None, until: int | None) -> str:
    """A condition on `m` bounding the ids of the shop's messages sent in [since, until) (from
    message_days: a row a day, whatever the range's length); the row's own date is tested too."""
    low, high = search_plan.id_window(store.conn, shop_id, since, until)
    return f"m.id BETWEEN {int(low)} AND {int(high)}"


def page_match(
    store: Store,
    shop_id: int,
    index: str,
    match: str,
    param: object,
    query: str,
    where: list[str],
    params: list,
    before_id: int | None,
    limit: int,
    sender_name: str | None = None,
) -> tuple[str, object]:
    """(condition on `m`, its one parameter) selecting a search's page: the ids of the page when
    found, else the text's own `match` for the walk. `index`: "bigram" or "trigram"; `match` and
    `param`: dialect.messages_matching's condition for it; `where`/`params`: the filters."""
    filters = " AND ".join(where)
    below = "" if before_id is None else f" AND m.id < {int(before_id)}"
    lowered = query.lower()
    if index == "trigram":
        test = ("m.text ILIKE ? ESCAPE '\\'", param)
    elif len(lowered) == 2:
        test = ("strpos(lower(m.text), ?) > 0", lowered)
    else:
        test = None  # a pair whose lower() is longer (İ): the index alone knows it
    # A short walk first (a common text's page), then the staff's side (a word they rarely or
    # never write: a few index entries), then the long walk, then the text's whole index.
    staff = _staff_pairs(store, shop_id, query, sender_name)
    for rows in (SHORT_WALK, WALK_ROWS):
        if test is not None:
            found = _walk(store, filters + below, params, test, rows, limit)
            if found is not None:
                return "m.id = ANY(?)", found
        if staff is not None and rows == SHORT_WALK:
            # The staff's side only (migration 028's partial index), then the text itself.
            ids = _probe(
                store,
                f"chat_bigrams(m.text) @> ?::text[] AND m.sender_name <> m.buyer AND {match} AND {filters}{below}",
                [staff, param, *params],
            )
            if ids is not None:
                return "m.id = ANY(?)", ids[:limit]
    ids = _probe(store, f"{match} AND {filters}{below}", [param, *params])
    return ("m.id = ANY(?)", ids[:limit]) if ids is not None else (match, param)


def _walk(
    store: Store, filters: str, params: list, test: tuple[str, object], rows: int, limit: int
) -> list | None:
    """The ids of the newest `limit` messages within the filters passing `test` among their newest
    `rows`; None when there are fewer and more messages lie beyond those rows (the walk did not
    read them all). Fewer than `rows` messages in all: their matches are all there is. The walk
    stops at the page's last match; the row numbered `rows` comes out as a mark that it went on."""
    with store.conn.transaction():
        # Planned for these values each time: the same statement is prepared after a few runs,
        # and a generic plan (any sender, any text) sorts a whole side instead of walking it.
        store.conn.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        walked = store.conn.execute(
            f"SELECT m.id, m.hit, m.n FROM (SELECT m.id, {test[0]} AS hit, row_number() OVER (ORDER BY m.id DESC) AS n"
            f" FROM messages m WHERE {filters} ORDER BY m.id DESC LIMIT {int(rows)}) m"
            f" WHERE m.hit OR m.n = {int(rows)} LIMIT {int(limit)}",
            [test[1], *params],  # the test's placeholder comes first in the statement
        ).fetchall()
    found = [row[0] for row in walked if row[1]]
    return found if len(found) == limit or not any(row[2] == rows for row in walked) else None


def _probe(store: Store, condition: str, params: list) -> list | None:
    """The ids of the messages passing `condition`, newest first, read by bitmap index scans
    alone; None when they are CAP or more (a dense text: the caller walks)."""
    with store.conn.transaction():
        # Only the index may answer (no walk, no scan testing every row), into exact bitmaps.
        store.conn.execute("SET LOCAL enable_seqscan = off")
        store.conn.execute("SET LOCAL enable_indexscan = off")
        store.conn.execute("SET LOCAL work_mem = '64MB'")
        store.conn.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        ids = store.conn.execute(
            f"SELECT m.id FROM messages m WHERE {condition} LIMIT {CAP}", params
        ).fetchall()
    return sorted((row[0] for row in ids), reverse=True) if len(ids) < CAP else None


def _staff_pairs(store: Store, shop_id: int, query: str, sender_name: str | None) -> list[str] | None:
    """The query's pairs as chat_bigrams makes them (PostgreSQL's own lower()), when the search is
    under a staff name that was never a buyer's (so every message under it is on the staff's side
    of migration 028's index) and the query has a pair outside whitespace; else None."""
    if sender_name is None or not search_plan.only_staff(store, shop_id, sender_name):
        return None
    pairs = store.conn.execute("SELECT chat_bigrams(?::text)", [query]).fetchone()[0]
    return list(pairs) or None
