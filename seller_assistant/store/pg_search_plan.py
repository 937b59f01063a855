"""How a shared store reads a two-character chat search (PostgreSQL's side of search_plan).

The bigram index on PostgreSQL is a GIN index over chat_bigrams(text) (migration 007's twin). Its
planner has no statistics for a pair it never saw, assumes 0.5 % of the messages hold it, and so
walks the newest messages backwards testing chat_bigrams on each, expecting a page soon: for a pair
no message holds (琉璃, 投诉 in a shop without complaints) that is every message, ~33 µs each:
100 s at 2 M messages. A GIN index cannot hand out its matches newest first either, so neither
plan is right for every pair. Here the two are tried in the order that bounds the cost:

1. the newest WALK_ROWS messages within the filters, each tested with strpos (a common pair has a
   page of matches there: the page is those);
2. otherwise the index alone (bitmap scans only, exact bitmaps) for the ids of at most CAP matches:
   a rare pair's matches are all of them, and the page is their newest;
3. a pair with more matches than CAP, none of them recent: the walk, as before (rare in a shop).

A two-character query with no whitespace in it (search() strips it) is one pair, so "the text,
lower-cased, contains the query, lower-cased" is exactly "chat_bigrams(text) holds its word"."""

from __future__ import annotations

from seller_assistant.store.connection import Store

WALK_ROWS = 20_000  # ~10-20 ms of row reads, whatever the store's size
CAP = 20_000  # ids of a rare pair's matches fetched at most; more than that is a dense pair


def bigram_match(
    store: Store,
    word: list[str],
    query: str,
    where: list[str],
    params: list,
    before_id: int | None,
    limit: int,
) -> tuple[str, object]:
    """(condition on `m`, its one parameter) selecting a two-character search's page: the ids of
    the page when found, else the pair's test for the walk."""
    filters = " AND ".join(where)
    below = "" if before_id is None else f" AND m.id < {int(before_id)}"
    lowered = query.lower()
    conn = store.conn
    if len(lowered) == 2:
        recent = conn.execute(
            "SELECT m.id FROM (SELECT m.id, m.text FROM messages m"
            f" WHERE {filters}{below} ORDER BY m.id DESC LIMIT {WALK_ROWS}) m"
            f" WHERE strpos(lower(m.text), ?) > 0 ORDER BY m.id DESC LIMIT {int(limit)}",
            [*params, lowered],
        ).fetchall()
        if len(recent) == limit:
            return "m.id = ANY(?)", [row[0] for row in recent]
    with conn.transaction():
        # Only the index may answer (no walk, no scan testing every row), into exact bitmaps.
        conn.execute("SET LOCAL enable_seqscan = off")
        conn.execute("SET LOCAL enable_indexscan = off")
        conn.execute("SET LOCAL work_mem = '64MB'")
        ids = conn.execute(
            f"SELECT m.id FROM messages m WHERE chat_bigrams(m.text) @> ?::text[] AND {filters}{below} LIMIT {CAP}",
            [word, *params],
        ).fetchall()
    if len(ids) < CAP:
        return "m.id = ANY(?)", sorted((row[0] for row in ids), reverse=True)[:limit]
    return "chat_bigrams(m.text) @> ?::text[]", word
