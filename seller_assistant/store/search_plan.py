"""Which side of a filtered chat search to read first: the text's index, or the filter's (issue 20).

A search walks the text's matches newest first and tests each row against the Chats page's
filters. When a filter excludes nearly all of them (a stage or a staff name few messages have, a
few days long ago, a small shop beside a big one) that walk read millions of rows to say "none":
9 s at 10 M messages. Here both sides are counted, at most PROBE_ROWS each (an index range, no
row read), and the filter's side is read first when it is the smaller: its messages by its index,
each tested for the text.

The row test must find exactly what the index finds. For a text with no letter case (Chinese,
digits, punctuation: nothing the trigram index's folding or the bigram index's lower() changes,
nothing a cased character folds into) that is `instr(text, query)`.

Both sides large (a common word under a filter holding most messages: a busy shop's staff, a year
of chats): the newest BOUNDED_WALK matches of the text are walked first, and a frequent pair finds
its page there; only when it does not are the sides counted further (DEEP_ROWS) and the rest read
from the smaller one (profile_notes.md, "filtered Chats searches at scale"); a date range's id
window comes from message_days (migration 027), whatever the range's length.

Under a staff name, the staff's copy of the text's pairs in the bigram index (027) is one more
side: a word the staff never write (什么, written only by buyers) has no entry there, and the answer
is empty without reading a row (profile_notes.md, "filtered Chats searches, the tail").

Latin letters: the trigram index folds case with SQLite's own table and the bigram index with
Python's lower(). For a text whose characters are ASCII or caseless the row test is still exact:
SQL's lower() folds ASCII, and the few other characters either index folds into ASCII (FOLDED_INTO_
ASCII, checked against both by tests/test_search_plan.py) are replaced first."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from seller_assistant.core.grams import STAFF_PREFIX, bigram_word
from seller_assistant.store import dialect
from seller_assistant.store.connection import Store

# Either side with fewer entries than this is read whole; ~5-30 ms of row reads at 10 M messages.
PROBE_ROWS = 5000
# Both sides larger: the newest this many of the text's matches are walked first (~2-20 µs CPU
# each at 10 M messages, the rows read at random), when the newest was sent within the dates.
BOUNDED_WALK = 1000
# Not a page among them: each side is counted up to this (index entries only, ~50-100 ns each),
# and the smaller one read for the rest.
DEEP_ROWS = 50_000
# Characters beyond ASCII that an index's case folding turns into ASCII: SQLite's FTS5 table
# (trigram: KELVIN SIGN, LONG S) and Python's str.lower() (bigram: İ, KELVIN SIGN). Replaced in the
# row before SQL's lower() (ASCII only), a text of ASCII and caseless characters is found on the
# row exactly as by its index. tests/test_search_plan.py checks every code point against both.
FOLDED_INTO_ASCII = {
    "trigram": {"\u212a": "k", "\u017f": "s"},
    "bigram": {"\u0130": "i\u0307", "\u212a": "k"},
}


@dataclass(frozen=True)
class FilterSide:
    """The ids of the messages one filter admits, from that filter's own index."""

    ids_sql: str
    params: tuple


def caseless(query: str) -> bool:
    """No character of `query` has a letter case or is a combining mark: a substring test on the
    stored text then finds what either index finds (see the module's docstring)."""
    return all(char.lower() == char == char.upper() and not unicodedata.combining(char) for char in query)


def row_test(query: str, index: str) -> tuple[str, str] | None:
    """(condition on `m.text` with one parameter, the parameter) true of exactly the messages the
    text's index ("trigram" or "bigram") finds for `query`; None when no SQL test is (letters
    beyond ASCII, such as Ä: each index folds them its own way): the walk then."""
    if caseless(query):
        return "instr(m.text, ?) > 0", query
    if not all(char.isascii() or caseless(char) for char in query):
        return None
    text = "m.text"
    for char, folded in FOLDED_INTO_ASCII[index].items():
        text = f"replace({text}, '{char}', '{folded}')"
    return f"instr(lower({text}), ?) > 0", query.lower()


def only_staff(store: Store, shop_id: int, sender_name: str) -> bool:
    """Whether no message of the shop was sent under `sender_name` in its buyer's own conversation:
    every one then has the staff's copy of its pairs in the bigram index (migration 027; on
    PostgreSQL, is in the staff's side of its GIN index, migration 028)."""
    indexed = " INDEXED BY messages_buyer" if store.backend == dialect.SQLITE else ""
    as_buyer = store.conn.execute(
        f"SELECT 1 FROM messages{indexed} WHERE shop_id = ? AND buyer = ? AND sender_name = ? LIMIT 1",
        (shop_id, sender_name, sender_name),
    ).fetchone()
    return as_buyer is None


def staff_pairs(query: str, index: str) -> str | None:
    """An FTS5 query of messages_bigram holding every message of the staff's side that the text's
    index finds for `query` (exactly, for the bigram index; a few more, for the trigram index):
    the staff's copy of each of its pairs, with the characters the row test reads as a pair's
    letter (LONG S as s). None when the text has no pair outside whitespace. A pair the staff
    never wrote has no entry at all: the answer is then empty at once."""
    lowered = query.lower()
    terms = set()
    for first, second in zip(lowered, lowered[1:], strict=False):
        if first.isspace() or second.isspace():
            continue  # the index holds no pair across whitespace
        words = sorted(
            {
                STAFF_PREFIX + bigram_word(a + b)
                for a in _read_as(first, index)
                for b in _read_as(second, index)
            }
        )
        terms.add(words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")")
    return " AND ".join(sorted(terms)) or None


def _read_as(char: str, index: str) -> set[str]:
    """The lower-cased characters of a text (as the bigram index lowers them) that the row test of
    `index` reads as `char`: itself, and any the index folds into it that str.lower() keeps."""
    return {char} | {source.lower() for source, folded in FOLDED_INTO_ASCII[index].items() if folded == char}


def filter_sides(
    shop_id: int,
    *,
    stage: str | None,
    sender_name: str | None,
    since: int | None,
    until: int | None,
    before_id: int | None,
    several_shops: bool = True,
    staff_text: str | None = None,
) -> list[FilterSide]:
    """Each filter's messages as an index range (migration 019: stage, sender; 002/015: the shop
    and its dates; the shop alone only when the store holds others). `before_id`: the next page
    of a search, ids below the last one shown. `staff_text` (staff_pairs): the text's pairs as
    the staff wrote them, from the bigram index alone (027). The date side, when any, comes last."""
    below = "" if before_id is None else f" AND id < {int(before_id)}"
    sides = []
    if staff_text is not None:
        sides.append(
            FilterSide(
                "SELECT rowid FROM messages_bigram WHERE messages_bigram MATCH ?"
                + ("" if before_id is None else f" AND rowid < {int(before_id)}"),
                (staff_text,),
            )
        )
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
    walk of the text's matches, within `window` (the lowest and highest id of a date range) if set.
    `walk_from`: walk only the matches with ids from this one up; too few hits there, and the
    rest (below it) is planned again, unbounded (`choose(..., bounded=False)`)."""

    side: FilterSide | None = None
    window: tuple[int, int] | None = None
    walk_from: int | None = None


WALK = Plan()


def choose(
    store: Store,
    text_sql: str,
    text_param: object,
    sides: list[FilterSide],
    before_id: int | None,
    dates: tuple[int, int | None, int | None] | None = None,
    bounded: bool = True,
) -> Plan:
    """The cheaper way to read a filtered search (SQLite; PostgreSQL's planner weighs both sides
    itself). `text_sql`: the text index's matching rowids (one parameter); `dates`: (shop, since,
    until) when the search has a date filter; `bounded`: a first walk of the newest matches may
    be planned (False once it was, and found too few)."""
    if store.backend != dialect.SQLITE or (not sides and dates is None):
        return WALK  # nothing narrows the walk (a plain search pays no count)
    conn = store.conn
    below = "" if before_id is None else f" AND rowid < {int(before_id)}"
    cap = PROBE_ROWS if bounded else DEEP_ROWS
    text_count = _capped(conn, f"{text_sql}{below}", (text_param,), cap)
    if not bounded and dates is not None:
        # A date range is read best by its id window (only the text's matches in it are read);
        # the other filters' sides still compete with the text.
        sides = sides[:-1]
    best, best_count = None, text_count
    for side in sides:
        count = _capped(conn, side.ids_sql, side.params, best_count)
        if count < best_count:
            best, best_count = side, count
    if best is not None:
        return Plan(side=best)
    if text_count < PROBE_ROWS:
        return WALK  # the text's few matches drive
    if bounded and _newest_in_range(conn, f"{text_sql}{below}", text_param, dates):
        # A common text under a broad filter mostly has a page among its newest matches.
        floor = conn.execute(
            f"{text_sql}{below} ORDER BY rowid DESC LIMIT 1 OFFSET {BOUNDED_WALK - 1}", (text_param,)
        ).fetchone()
        # Fewer matches than that: walking them all is the bounded walk.
        return WALK if floor is None else Plan(walk_from=floor[0])
    if bounded:
        return choose(store, text_sql, text_param, sides, before_id, dates, bounded=False)
    if dates is not None:
        return Plan(window=id_window(conn, *dates))
    return WALK


def _newest_in_range(conn, text_sql: str, text_param: object, dates) -> bool:
    """Whether the text's newest match was sent within the date range (always, without one): if
    not, its newest matches lie outside it (ids follow time, mostly) and walking them is waste."""
    if dates is None:
        return True
    _shop, since, until = dates
    row = conn.execute(
        f"SELECT sent_at FROM messages WHERE id = ({text_sql} ORDER BY rowid DESC LIMIT 1)", (text_param,)
    ).fetchone()
    return row is not None and (since is None or row[0] >= since) and (until is None or row[0] < until)


def id_window(conn, shop_id: int, since: int | None, until: int | None) -> tuple[int, int]:
    """Ids from the lowest to the highest of the shop's messages sent on the range's UTC days
    (migration 027's message_days: a row a day, whatever the range's length). Ids follow import
    order, which mostly follows time: the walk of the text's matches between them then meets few
    matches outside the range (a range a year back no longer passes every newer match first).
    The days at the edges may hold a few more messages: the walk tests each row's date."""
    terms, params = ["shop_id = ?"], [shop_id]
    if since is not None:
        terms.append("day >= ? / 86400")  # the same integer division as the table's, so never a day short
        params.append(int(since))
    if until is not None:
        terms.append("day <= (? - 1) / 86400")
        params.append(int(until))
    low, high = conn.execute(
        f"SELECT min(low_id), max(high_id) FROM message_days WHERE {' AND '.join(terms)}", params
    ).fetchone()
    return (0, -1) if low is None else (low, high)  # an empty range: nothing to walk


def _capped(conn, sql: str, params: tuple, cap: int) -> int:
    return conn.execute(f"SELECT count(*) FROM ({sql} LIMIT {cap})", params).fetchone()[0]
