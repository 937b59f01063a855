"""Full-text search over chat messages: FTS5 trigram for 3+ characters, the bigram index for 2, none for 1."""

from __future__ import annotations

from dataclasses import dataclass, field

from seller_assistant.core.grams import BIGRAM_CHARS, bigram_word
from seller_assistant.core.i18n import t
from seller_assistant.store import dialect, pg_search_plan, search_plan
from seller_assistant.store.connection import Store
from seller_assistant.store.dialect import fts_phrase  # noqa: F401 - tests build FTS5 queries with it

# The trigram tokenizer indexes every 3-character window; a 2-character query is looked up in the
# bigram index (migration 007); one character matches too much of any chat to be worth a search.
MIN_INDEXED_CHARS = 3
MIN_QUERY_CHARS = BIGRAM_CHARS


@dataclass(frozen=True)
class Hit:
    message_id: int
    order_id: int | None
    order_no: str | None
    buyer: str
    sender_name: str
    sent_at: int
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # [start, end) offsets into text
    stage: str | None = None
    sender_role: str = ""


@dataclass(frozen=True)
class SearchResult:
    mode: str  # 'recent' | 'fts' | 'bigram' | 'filtered' (one order's or buyer's, read) | 'too_short'
    hits: list[Hit]
    note: str | None = None


def search_messages(
    store: Store,
    shop_id: int,
    query: str,
    *,
    order_id: int | None = None,
    buyer: str | None = None,
    stage: str | None = None,
    since: int | None = None,
    until: int | None = None,
    sender_name: str | None = None,
    limit: int = 50,
    lang: str = "en",
    before_id: int | None = None,
) -> SearchResult:
    """Messages containing `query` (case-insensitive for Latin letters), newest first, with highlights.

    With the index, "newest" is by message id (import order), which FTS5 can walk backwards
    without sorting every match; a phrase in half a million messages still answers at once.
    `before_id` continues a search after the last hit shown (the next page, by the same walk).
    """
    query = query.strip()
    where, params = ["m.shop_id = ?"], [shop_id]
    for column, value in (
        ("m.order_id", order_id),
        ("m.buyer", buyer),
        ("m.stage", stage),
        ("m.sender_name", sender_name),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if since is not None:
        where.append("m.sent_at >= ?")
        params.append(since)
    if until is not None:
        where.append("m.sent_at < ?")
        params.append(until)
    select = (
        "SELECT m.id, m.order_id, o.order_no, m.buyer, m.sender_name, m.sent_at, m.text, m.stage,"
        " m.sender_role FROM "
    )
    if not query:
        # Nothing typed yet: the newest messages (within the filters), so the page is never blank.
        sql = (
            select + "messages m LEFT JOIN orders o ON o.id = m.order_id"
            f" WHERE {' AND '.join(where)} ORDER BY m.sent_at DESC, m.id DESC LIMIT ?"
        )
        rows = store.conn.execute(sql, [*params, limit]).fetchall()
        mode, note = "recent", None
    elif len(query) >= MIN_QUERY_CHARS and (order_id is not None or buyer is not None):
        # One order's or one buyer's messages are few: reading them (by their own index) beats
        # walking every match in the shop for the few that belong to them.
        if query.isascii() and query.lower() != query.upper():
            where.append("instr(lower(m.text), ?) > 0")
            params.append(query.lower())
        else:
            where.append("instr(m.text, ?) > 0")
            params.append(query)
        if before_id is not None:
            where.append(f"m.id < {int(before_id)}")
        sql = (
            select + "messages m LEFT JOIN orders o ON o.id = m.order_id"
            f" WHERE {' AND '.join(where)} ORDER BY m.id DESC LIMIT ?"
        )
        rows = store.conn.execute(sql, [*params, limit]).fetchall()
        mode, note = "filtered", None
    elif len(query) >= MIN_INDEXED_CHARS or len(query) == BIGRAM_CHARS:
        # 3+ characters: the trigram index; 2: both characters are one word of the bigram index.
        # Newest first is by id (import order), which the index walks without sorting every match.
        index = "trigram" if len(query) >= MIN_INDEXED_CHARS else "bigram"
        words = query if index == "trigram" else bigram_word(query)
        source, match, key = dialect.messages_matching(store.backend, index)
        param = dialect.messages_matching_param(store.backend, index, words)
        if store.backend == dialect.POSTGRESQL:
            pg_search_plan.narrow(store, shop_id, where, params, since, until, sender_name)
            match, param = pg_search_plan.page_match(
                store, shop_id, index, match, param, query, where, params, before_id, limit, sender_name
            )
        # A filter that admits fewer messages than the text matches is read first (search_plan);
        # a common text under a broad filter walks its newest matches first, then plans the rest.
        text_sql = (
            f"SELECT rowid FROM {'messages_fts' if index == 'trigram' else 'messages_bigram'} WHERE {match}"
        )
        test = search_plan.row_test(query, index)
        several_shops = store.conn.execute("SELECT count(*) > 1 FROM shops").fetchone()[0]
        dates = None if since is None and until is None else (shop_id, since, until)
        # Under a staff name, the staff's copy of the text's pairs in the bigram index: a word the
        # staff never write is answered without reading a row (migration 027).
        staff_text = (
            search_plan.staff_pairs(query, index)
            if store.backend == dialect.SQLITE
            and sender_name is not None
            and test
            and search_plan.only_staff(store, shop_id, sender_name)
            else None
        )
        rows, bounded, below = [], True, before_id
        while len(rows) < limit:
            sides = search_plan.filter_sides(
                shop_id,
                stage=stage,
                sender_name=sender_name,
                since=since,
                until=until,
                before_id=below,
                several_shops=several_shops,
                staff_text=staff_text,
            )
            plan = search_plan.choose(store, text_sql, param, sides if test else [], below, dates, bounded)
            page = "" if below is None else f" AND {key} < {int(below)}"
            if plan.window is not None:
                page += f" AND {key} BETWEEN {int(plan.window[0])} AND {int(plan.window[1])}"
            if plan.walk_from is not None:
                page += f" AND {key} >= {int(plan.walk_from)}"
            if plan.side is None:
                sql = (
                    select + f"{source} LEFT JOIN orders o ON o.id = m.order_id"
                    f" WHERE {match}{page} AND {' AND '.join(where)} ORDER BY {key} DESC LIMIT ?"
                )
                rows += store.conn.execute(sql, [param, *params, limit - len(rows)]).fetchall()
            else:
                # NOT INDEXED: the side's ids drive (rowid lookups), never a walk of the shop's index.
                sql = (
                    select + "messages m NOT INDEXED LEFT JOIN orders o ON o.id = m.order_id"
                    f" WHERE m.id IN ({plan.side.ids_sql}) AND {test[0]} AND {' AND '.join(where)}"
                    " ORDER BY m.id DESC LIMIT ?"
                )
                rows += store.conn.execute(
                    sql, [*plan.side.params, test[1], *params, limit - len(rows)]
                ).fetchall()
            if plan.walk_from is None:
                break
            bounded, below = False, plan.walk_from
        mode, note = ("fts" if index == "trigram" else "bigram"), None
    else:
        rows, mode = [], "too_short"
        note = t("evidence.search_one_char", lang, query=query)
    hits = [
        Hit(r[0], r[1], r[2], r[3], r[4], r[5], r[6], highlight_spans(r[6], query), r[7], r[8]) for r in rows
    ]
    return SearchResult(mode, hits, note)


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where `query` occurs in `text`, as [start, end) offsets (the GUI paints them; no HTML)."""
    if not query:
        return []
    haystack, needle = text, query
    lowered = text.lower()
    if len(lowered) == len(text):  # lower() kept every offset: safe to fold case like the index does
        haystack, needle = lowered, query.lower()
    spans, start = [], haystack.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = haystack.find(needle, start + len(needle))
    return spans


def count_messages(store: Store, shop_id: int) -> int:
    return store.conn.execute("SELECT count(*) FROM messages WHERE shop_id = ?", (shop_id,)).fetchone()[0]
