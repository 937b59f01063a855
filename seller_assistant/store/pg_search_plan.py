"""How a shared store reads an indexed chat search (PostgreSQL's side of search_plan).

The text's indexes on PostgreSQL are GIN indexes: over chat_bigrams(text) for two characters
(migration 007's twin), pg_trgm under ILIKE for three or more. Its planner has no statistics for a
text it never saw, assumes 0.5 % of the messages hold it, and so walks the newest messages
backwards testing each, expecting a page soon: for a pair no message holds (琉璃, 投诉 in a shop
without complaints) that is every message, ~33 µs each: 100 s at 2 M messages. A GIN index cannot
hand out its matches newest first either, so neither plan is right for every text. Here the two
are tried in the order that bounds the cost:

1. the newest WALK_ROWS messages within the filters, each tested for the text (a common text has
   a page of matches there: the page is those);
2. otherwise the index alone (bitmap scans only, exact bitmaps) for the ids of at most CAP matches:
   a rare text's matches are all of them, and the page is their newest;
3. a text with more matches than CAP, none of them recent: the walk, as before (rare in a shop).

Two things narrow both steps the way SQLite's plan (search_plan) is narrowed (issue 20,
profile_notes.md "filtered Chats searches on PostgreSQL"):
- a date range is also an id window from message_days (migration 027): the walk starts at the
  range's newest message, not at the shop's, however far back the range lies;
- under a staff name (one never used as a buyer's), step 2 asks the staff's side of the bigram
  index (migration 028: the GIN index of the messages sent under any name but their buyer's) for
  every pair of the text: a word the staff never write has no entry there, and the answer is
  empty without reading a row.

A two-character query with no whitespace in it (search() strips it) is one pair, so "the text,
lower-cased, contains the query, lower-cased" is exactly "chat_bigrams(text) holds its word"; for
three or more, ILIKE lower-cases both sides with the same lower() as chat_bigrams, so every
message it finds holds each pair of chat_bigrams(query): the staff's pairs are a superset, and
ILIKE itself decides."""

from __future__ import annotations

from seller_assistant.store import search_plan
from seller_assistant.store.connection import Store

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
    conn = store.conn
    lowered = query.lower()
    if index == "trigram":
        walk_test, walk_param = "m.text ILIKE ? ESCAPE '\\'", param
    elif len(lowered) == 2:
        walk_test, walk_param = "strpos(lower(m.text), ?) > 0", lowered
    else:
        walk_test = None  # a pair whose lower() is longer (İ): the index alone knows it
    if walk_test is not None:
        with conn.transaction():
            # Planned for these values each time: the same statement is prepared after a few runs,
            # and a generic plan (any sender, any text) sorts a whole side instead of walking it.
            conn.execute("SET LOCAL plan_cache_mode = force_custom_plan")
            recent = conn.execute(
                "SELECT m.id FROM (SELECT m.id, m.text FROM messages m"
                f" WHERE {filters}{below} ORDER BY m.id DESC LIMIT {WALK_ROWS}) m"
                f" WHERE {walk_test} ORDER BY m.id DESC LIMIT {int(limit)}",
                [*params, walk_param],
            ).fetchall()
        if len(recent) == limit:
            return "m.id = ANY(?)", [row[0] for row in recent]
    staff = _staff_pairs(store, shop_id, query, sender_name)
    with conn.transaction():
        # Only the index may answer (no walk, no scan testing every row), into exact bitmaps.
        conn.execute("SET LOCAL enable_seqscan = off")
        conn.execute("SET LOCAL enable_indexscan = off")
        conn.execute("SET LOCAL work_mem = '64MB'")
        conn.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        if staff is not None:
            # The staff's side only (migration 028's partial index), then the text itself.
            ids = conn.execute(
                "SELECT m.id FROM messages m WHERE chat_bigrams(m.text) @> ?::text[] AND m.sender_name <> m.buyer"
                f" AND {match} AND {filters}{below} LIMIT {CAP}",
                [staff, param, *params],
            ).fetchall()
        else:
            ids = conn.execute(
                f"SELECT m.id FROM messages m WHERE {match} AND {filters}{below} LIMIT {CAP}",
                [param, *params],
            ).fetchall()
    if len(ids) < CAP:
        return "m.id = ANY(?)", sorted((row[0] for row in ids), reverse=True)[:limit]
    return match, param


def _staff_pairs(store: Store, shop_id: int, query: str, sender_name: str | None) -> list[str] | None:
    """The query's pairs as chat_bigrams makes them (PostgreSQL's own lower()), when the search is
    under a staff name that was never a buyer's (so every message under it is on the staff's side
    of migration 028's index) and the query has a pair outside whitespace; else None."""
    if sender_name is None or not search_plan.only_staff(store, shop_id, sender_name):
        return None
    pairs = store.conn.execute("SELECT chat_bigrams(?::text)", [query]).fetchone()[0]
    return list(pairs) or None
