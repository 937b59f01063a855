"""Full-text search over chat messages: FTS5 trigram for 3+ characters, a bounded scan below that."""

from __future__ import annotations

from dataclasses import dataclass, field

from seller_assistant.core.i18n import t
from seller_assistant.store.connection import Store

# The trigram tokenizer indexes every 3-character window; a shorter query has no trigram to look up.
MIN_INDEXED_CHARS = 3


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
    mode: str  # 'fts' | 'substring'
    hits: list[Hit]
    note: str | None = None


def fts_phrase(query: str) -> str:
    """The query as one FTS5 string literal: quotes doubled, so AND/OR/NEAR/*/: in a shop's text
    are searched as the characters they are."""
    return '"' + query.replace('"', '""') + '"'


def search_messages(
    store: Store, shop_id: int, query: str, *, order_id: int | None = None, buyer: str | None = None,
    stage: str | None = None, since: int | None = None, until: int | None = None, sender_name: str | None = None,
    limit: int = 50, lang: str = "en",
) -> SearchResult:
    """Messages containing `query` (case-insensitive for Latin letters), newest first, with highlights.

    With the index, "newest" is by message id (import order), which FTS5 can walk backwards
    without sorting every match; a phrase in half a million messages still answers at once.
    """
    query = query.strip()
    where, params = ["m.shop_id = ?"], [shop_id]
    for column, value in (("m.order_id", order_id), ("m.buyer", buyer), ("m.stage", stage),
                          ("m.sender_name", sender_name)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if since is not None:
        where.append("m.sent_at >= ?")
        params.append(since)
    if until is not None:
        where.append("m.sent_at < ?")
        params.append(until)
    select = ("SELECT m.id, m.order_id, o.order_no, m.buyer, m.sender_name, m.sent_at, m.text, m.stage,"
              " m.sender_role FROM ")
    if not query:
        # Nothing typed yet: the newest messages (within the filters), so the page is never blank.
        sql = (select + "messages m LEFT JOIN orders o ON o.id = m.order_id"
               f" WHERE {' AND '.join(where)} ORDER BY m.sent_at DESC, m.id DESC LIMIT ?")
        rows = store.conn.execute(sql, [*params, limit]).fetchall()
        mode, note = "recent", None
    elif len(query) >= MIN_INDEXED_CHARS:
        sql = (select + "messages_fts f JOIN messages m ON m.id = f.rowid LEFT JOIN orders o ON o.id = m.order_id"
               f" WHERE messages_fts MATCH ? AND {' AND '.join(where)} ORDER BY f.rowid DESC LIMIT ?")
        rows = store.conn.execute(sql, [fts_phrase(query), *params, limit]).fetchall()
        mode, note = "fts", None
    else:
        # instr() is exact; a Latin query is matched case-insensitively like the trigram index does.
        if query.isascii() and query.lower() != query.upper():
            where.append("instr(lower(m.text), ?) > 0")
            params.append(query.lower())
        else:
            where.append("instr(m.text, ?) > 0")
            params.append(query)
        sql = (select + "messages m LEFT JOIN orders o ON o.id = m.order_id"
               f" WHERE {' AND '.join(where)} ORDER BY m.sent_at DESC, m.id DESC LIMIT ?")
        rows = store.conn.execute(sql, [*params, limit]).fetchall()
        mode = "substring"
        note = t("evidence.search_short", lang, query=query, limit=limit)
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
