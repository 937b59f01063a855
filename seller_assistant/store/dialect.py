"""Where SQLite and PostgreSQL differ, in one place: placeholders, INSERT OR IGNORE, the schema version, the catalogue.

The store's modules write SQL once, in the form SQLite takes (`?` placeholders, `INSERT OR IGNORE`).
On PostgreSQL every statement passes through `to_postgres` (cached: a statement is translated once);
on SQLite nothing is translated, so the embedded default pays nothing for the second backend.
Whatever both accept (ON CONFLICT … DO UPDATE, RETURNING, CTEs, window functions) is written as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

# The oldest PostgreSQL the tests run on; older servers are refused with this number in the sentence.
MIN_POSTGRES_VERSION = 13
# PostgreSQL has no PRAGMA user_version: the schema version is one row of this table.
VERSION_TABLE = "schema_version"

_URL_SCHEMES = ("postgresql://", "postgres://")
_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# SQLite's LIKE ignores the case of Latin letters; PostgreSQL's needs ILIKE for that. (Our SQL
# never has the word LIKE inside quoted text.)
_LIKE = re.compile(r"\s+LIKE\s+", re.IGNORECASE)
_INSTR = re.compile(r"\binstr\(", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)
_WORDS = {
    # SQLite's write-lock-up-front; PostgreSQL locks rows as it writes them.
    re.compile(r"^\s*BEGIN\s+IMMEDIATE\s*$", re.IGNORECASE): "BEGIN",
}


def is_url(location: object) -> bool:
    """A `postgresql://` (or `postgres://`) address rather than a SQLite file path."""
    return isinstance(location, str) and location.strip().lower().startswith(_URL_SCHEMES)


@lru_cache(maxsize=2048)
def to_postgres(sql: str) -> str:
    """The statement as PostgreSQL (via psycopg) takes it.

    `?` becomes `%s` and a literal `%` becomes `%%` (psycopg reads `%` everywhere, even inside
    quotes, once parameters are passed, and the store always passes them); question marks inside
    quoted text stay. `INSERT OR IGNORE INTO` becomes `INSERT INTO … ON CONFLICT DO NOTHING`, and LIKE
    becomes ILIKE (SQLite's LIKE ignores the case of Latin letters)."""
    for pattern, replacement in _WORDS.items():
        if pattern.match(sql):
            return replacement
    text = _LIKE.sub(" ILIKE ", _placeholders(sql)) if _LIKE.search(sql) else _placeholders(sql)
    text = _INSTR.sub("strpos(", text)  # the same arguments: (text, what to find)
    if _OR_IGNORE.match(text):
        text = _OR_IGNORE.sub("INSERT INTO", text, count=1)
        returning = _last_outside_quotes(text, _RETURNING)
        if returning is None:
            text = text.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
        else:
            text = text[:returning].rstrip() + " ON CONFLICT DO NOTHING " + text[returning:]
    return text


def _placeholders(sql: str) -> str:
    """`?` -> `%s`, `:name` -> `%(name)s` (a `::` cast stays), `%` -> `%%`, all outside quotes."""
    out: list[str] = []
    quote = ""
    i = 0
    while i < len(sql):
        char = sql[i]
        i += 1
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        elif char == ":" and (name := _NAME.match(sql, i)) and (i < 2 or sql[i - 2] != ":"):
            out.append(f"%({name.group()})s")
            i = name.end()
            continue
        out.append("%%" if char == "%" else char)
    return "".join(out)


def _last_outside_quotes(text: str, pattern: re.Pattern) -> int | None:
    found = None
    for match in pattern.finditer(text):
        if text[: match.start()].count("'") % 2 == 0:
            found = match.start()
    return found


def order_pairs_sql(backend: str) -> str:
    """The ids of orders whose buyer or item holds every search word of one parameter
    (`order_pairs_param`: character pairs, or one character): SQLite's FTS5 table of migrations
    014 and 020, PostgreSQL's GIN index of migration 024 (its twin of 020)."""
    if backend == POSTGRESQL:
        return "SELECT id FROM orders WHERE order_words(buyer, item_title) @> ?::text[]"
    return "SELECT rowid FROM orders_bigram WHERE orders_bigram MATCH ?"


def order_pairs_param(backend: str, words: list[str]) -> object:
    if backend == POSTGRESQL:
        return sorted(words)
    return " ".join(f'"{word}"' for word in sorted(words))


_ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def like_latin_case(backend: str, expression: str) -> str:
    """`expression LIKE ? ESCAPE '\\'` as SQLite means it: A-Z match a-z, every other letter only
    itself (an order search for ä does not find Ä on either backend). PostgreSQL's ILIKE, which a
    LIKE elsewhere becomes, folds every letter; here both sides fold A-Z alone, and `~~` (LIKE's
    operator, backslash its escape) stays as written."""
    if backend != POSTGRESQL:
        return f"{expression} LIKE ? ESCAPE '\\'"
    lower = _ASCII_UPPER.lower()
    return (
        f"translate({expression}, '{_ASCII_UPPER}', '{lower}') ~~ translate(?, '{_ASCII_UPPER}', '{lower}')"
    )


def messages_matching(backend: str, index: str) -> tuple[str, str, str]:
    """(FROM, condition with one parameter, the messages' id column in it) for a search by index:
    `index` "trigram" (3+ characters) or "bigram" (2). SQLite: the FTS5 tables of migrations 002
    and 007; PostgreSQL: pg-schema's GIN indexes on messages (pg_trgm under ILIKE, chat_bigrams)."""
    if backend == POSTGRESQL:
        if index == "trigram":
            return "messages m", "m.text ILIKE ? ESCAPE '\\'", "m.id"
        return "messages m", "chat_bigrams(m.text) @> ?::text[]", "m.id"
    if index == "trigram":
        return "messages_fts f JOIN messages m ON m.id = f.rowid", "messages_fts MATCH ?", "f.rowid"
    # `+ 0` makes the index match drive the join (each match then fetches its message by id),
    # never a walk of the shop's messages probing the index.
    return "messages_bigram b JOIN messages m ON m.id = b.rowid + 0", "messages_bigram MATCH ?", "b.rowid"


def messages_matching_param(backend: str, index: str, words: str) -> object:
    """The parameter of `messages_matching`'s condition for the typed text (trigram) or its one
    bigram word (bigram)."""
    if backend == POSTGRESQL:
        if index == "trigram":
            return "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return [words]
    return fts_phrase(words)


def fts_phrase(query: str) -> str:
    """The query as one FTS5 string literal: quotes doubled, so AND/OR/NEAR/*/: in a shop's text
    are searched as the characters they are."""
    return '"' + query.replace('"', '""') + '"'


def nulls_as_sqlite(backend: str, ascending: bool) -> str:
    """What to write after a sort key that may be NULL so both backends order NULLs alike.

    SQLite sorts NULL first ascending and last descending; PostgreSQL the other way round. Keyset
    paging (store/order_pages.py) depends on it. Nothing on SQLite: its plans stay as they were."""
    if backend != POSTGRESQL:
        return ""
    return " NULLS FIRST" if ascending else " NULLS LAST"


def backend_of(conn) -> str:
    """The backend behind a connection the store modules hold (sqlite3's has no `backend`)."""
    return getattr(conn, "backend", SQLITE)


def table_exists(conn, name: str) -> bool:
    return conn.execute(table_exists_sql(backend_of(conn)), (name,)).fetchone() is not None


def column_exists(conn, table: str, column: str) -> bool:
    """Whether `table` has `column` (a backup or a worker's store may predate a migration)."""
    if backend_of(conn) == POSTGRESQL:
        sql = (
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = ? AND column_name = ?"
        )
    else:
        sql = "SELECT 1 FROM pragma_table_info(?) WHERE name = ?"
    return conn.execute(sql, (table, column)).fetchone() is not None


def table_names(conn) -> set[str]:
    return {row[0] for row in conn.execute(table_names_sql(backend_of(conn)))}


def trigger_sql(conn, name: str) -> str | None:
    """The SQL that made a SQLite trigger, for a bulk load that sets it aside and puts it back.

    None on PostgreSQL: its triggers are never set aside (a shared store's other desks keep writing
    while one desk loads, and each trigger there is a function the store does not re-create)."""
    if backend_of(conn) == POSTGRESQL:
        return None
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
    ).fetchone()
    return None if row is None else row[0]


def table_exists_sql(backend: str) -> str:
    """One parameter, the table's name; a row back when the table exists."""
    if backend == POSTGRESQL:
        return "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = ?"
    return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"


def table_names_sql(backend: str) -> str:
    if backend == POSTGRESQL:
        return "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY 1"
    return "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"


def schema_version(conn, backend: str) -> int:
    """The number of the last migration applied (0 for a new, empty store)."""
    if backend == POSTGRESQL:
        if conn.execute(table_exists_sql(backend), (VERSION_TABLE,)).fetchone() is None:
            return 0
        row = conn.execute(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
        return int(row[0] or 0)
    return conn.execute("PRAGMA user_version").fetchone()[0]


def set_schema_version(conn, backend: str, number: int) -> None:
    """Record `number` as applied, inside the migration's own transaction."""
    if backend == POSTGRESQL:
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE}"
            " (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        conn.execute(f"INSERT INTO {VERSION_TABLE} (version) VALUES (?)", (number,))
        return
    conn.execute(f"PRAGMA user_version = {int(number)}")
