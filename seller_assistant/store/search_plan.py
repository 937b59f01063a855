"""Which side of a filtered chat search to read first: the text's index, or the filter's (issue 20).

A search walks the text's matches newest first and tests each row against the Chats page's
filters. When a filter excludes nearly all of them (a stage or a staff name few messages have, a
few days long ago, a small shop beside a big one) that walk read millions of rows to say "none":
9 s at 10 M messages. Here both sides are counted, at most PROBE_ROWS each (an index range, no
row read), and the filter's side is read first when it is the smaller: its messages by its index,
each tested for the text. Both over PROBE_ROWS: the walk, as before (profile_notes.md).

The row test must find exactly what the index finds. For a text with no letter case (Chinese,
digits, punctuation: nothing the trigram index's folding or the bigram index's lower() changes,
nothing a cased character folds into) that is `instr(text, query)`; a text with letters keeps
the walk, whose index folds case as no SQL function here does."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from seller_assistant.store import dialect
from seller_assistant.store.connection import Store

# Either side with fewer entries than this is read whole; ~5-30 ms of row reads at 10 M messages.
PROBE_ROWS = 5000
# A date range of at most this many messages bounds the walk by its ids: one pass over that range
# of messages_sent, ~130 ns a message (65 ms CPU at most; 30 days of a 10 M-message shop: 35 ms).
WINDOW_ROWS = 500_000


@dataclass(frozen=True)
class FilterSide:
    """The ids of the messages one filter admits, from that filter's own index."""

    ids_sql: str
    params: tuple


def caseless(query: str) -> bool:
    """No character of `query` has a letter case or is a combining mark: a substring test on the
    stored text then finds what either index finds (see the module's docstring)."""
    return all(char.lower() == char == char.upper() and not unicodedata.combining(char) for char in query)


def filter_sides(
    shop_id: int,
    *,
    stage: str | None,
    sender_name: str | None,
    since: int | None,
    until: int | None,
    before_id: int | None,
    several_shops: bool = True,
) -> list[FilterSide]:
    """Each filter's messages as an index range (migration 019: stage, sender; 002/015: the shop
    and its dates; the shop alone only when the store holds others). `before_id`: the next page
    of a search, ids below the last one shown."""
    below = "" if before_id is None else f" AND id < {int(before_id)}"
    sides = []
    if stage is not None:
        sides.append(
            FilterSide(
                f"SELECT id FROM messages INDEXED BY messages_stage WHERE shop_id = ? AND stage = ?{below}",
                (shop_id, stage),
            )
        )
    if sender_name is not None:
        # The staff's (and any sender not named as the conversation's buyer) by messages_sender;
        # messages sent under the buyer's own name by messages_buyer. The two never overlap.
        sides.append(
            FilterSide(
                "SELECT id FROM messages INDEXED BY messages_sender"
                f" WHERE shop_id = ? AND sender_name = ? AND sender_name <> buyer{below}"
                " UNION ALL SELECT id FROM messages INDEXED BY messages_buyer"
                f" WHERE shop_id = ? AND buyer = ? AND sender_name = ?{below}",
                (shop_id, sender_name, shop_id, sender_name, sender_name),
            )
        )
    dates, params = "", [shop_id]
    if since is not None:
        dates += " AND sent_at >= ?"
        params.append(since)
    if until is not None:
        dates += " AND sent_at < ?"
        params.append(until)
    if dates or several_shops:
        sides.append(
            FilterSide(
                f"SELECT id FROM messages INDEXED BY messages_sent WHERE shop_id = ?{dates}{below}",
                tuple(params),
            )
        )
    return sides


@dataclass(frozen=True)
class Plan:
    """How to read a filtered search: `side` first (its ids, each row tested for the text), or the
    walk of the text's matches, within `window` (the lowest and highest id of a date range) if set."""

    side: FilterSide | None = None
    window: tuple[int, int] | None = None


WALK = Plan()


def choose(
    store: Store,
    text_sql: str,
    text_param: object,
    sides: list[FilterSide],
    before_id: int | None,
    dates: tuple[int, int | None, int | None] | None = None,
) -> Plan:
    """The cheaper way to read a filtered search (SQLite; PostgreSQL's planner weighs both sides
    itself). `text_sql`: the text index's matching rowids (one parameter); `dates`: (shop, since,
    until) when the search has a date filter."""
    if store.backend != dialect.SQLITE or (not sides and dates is None):
        return WALK  # nothing narrows the walk (a plain search pays no count)
    conn = store.conn
    below = "" if before_id is None else f" AND rowid < {int(before_id)}"
    text_count = _capped(conn, f"{text_sql}{below}", (text_param,), PROBE_ROWS)
    best, best_count = None, text_count
    for side in sides:
        count = _capped(conn, side.ids_sql, side.params, PROBE_ROWS)
        if count < best_count:
            best, best_count = side, count
    if best is not None:
        return Plan(side=best)
    if dates is not None and text_count >= PROBE_ROWS:
        return Plan(window=_id_window(conn, *dates))
    return WALK


def _id_window(conn, shop_id: int, since: int | None, until: int | None) -> tuple[int, int] | None:
    """The lowest and highest id of the shop's messages in the date range, when it holds at most
    WINDOW_ROWS (one pass over that range of messages_sent, no row read). Ids follow import order,
    which mostly follows time: the walk of the text's matches between them then meets few matches
    outside the range (a range a year back no longer passes every newer match first)."""
    terms, params = ["shop_id = ?"], [shop_id]
    if since is not None:
        terms.append("sent_at >= ?")
        params.append(since)
    if until is not None:
        terms.append("sent_at < ?")
        params.append(until)
    low, high, count = conn.execute(
        "SELECT min(id), max(id), count(*) FROM (SELECT id FROM messages INDEXED BY messages_sent"
        f" WHERE {' AND '.join(terms)} LIMIT {WINDOW_ROWS + 1})",
        params,
    ).fetchone()
    if count == 0:
        return (0, -1)  # an empty range: nothing to walk
    return None if count > WINDOW_ROWS else (low, high)


def _capped(conn, sql: str, params: tuple, cap: int) -> int:
    return conn.execute(f"SELECT count(*) FROM ({sql} LIMIT {cap})", params).fetchone()[0]
