"""Bulk-loading a PostgreSQL store's tables: COPY, indexes and foreign keys set aside and rebuilt, identities moved on.

Used by store/move_in.py inside its one transaction. COPY streams rows (psycopg's copy API) instead of
an INSERT per row; indexes and foreign keys are dropped first and made again after the load, because
building a GIN index (search) or checking a foreign key once over a whole table is many times faster
than keeping them up row by row, and the transaction hides the table without them from everyone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

BATCH_ROWS = 5_000


@dataclass
class SetAside:
    """What `set_aside` dropped, as the statements that make it again."""

    indexes: list[str]
    foreign_keys: list[str]

    def restore(self, raw, progress: Callable[[int, int], None] | None = None) -> None:
        """Indexes first (a foreign key check reads the tables), then the keys, which PostgreSQL
        checks against every row as it adds them."""
        statements = self.indexes + self.foreign_keys
        for done, statement in enumerate(statements, 1):
            raw.execute(statement)
            if progress:
                progress(done, len(statements))


def set_aside(raw) -> SetAside:
    """Drop every foreign key and every index that backs no primary key or unique constraint."""
    keys = raw.execute(
        "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid)"
        " FROM pg_constraint WHERE contype = 'f' AND connamespace = to_regnamespace(current_schema())"
        " ORDER BY conrelid::regclass::text, conname"
    ).fetchall()
    for table, name, _definition in keys:
        raw.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    indexes = raw.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
        " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
        " WHERE c.relnamespace = to_regnamespace(current_schema())"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid"
        "                 AND k.contype IN ('p', 'u', 'x'))"
        " ORDER BY 1"
    ).fetchall()
    for name, _definition in indexes:
        raw.execute(f"DROP INDEX {name}")
    return SetAside(
        [definition for _name, definition in indexes],
        [f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}" for table, name, definition in keys],
    )


def columns_of(raw, table: str) -> list[str]:
    rows = raw.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
        (table,),
    ).fetchall()
    return [row[0] for row in rows]


def copy_rows(
    raw,
    table: str,
    columns: Sequence[str],
    batches: Iterable[Sequence[Sequence]],
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """COPY the rows (given in batches) into `table`; how many went in."""
    names = ", ".join(_quoted(c) for c in columns)
    count = 0
    with raw.cursor() as cursor, cursor.copy(f"COPY {_quoted(table)} ({names}) FROM STDIN") as copy:
        for batch in batches:
            for row in batch:
                copy.write_row(row)
            count += len(batch)
            if on_batch:
                on_batch(len(batch))
    return count


def move_identities_past_ids(raw) -> None:
    """Every identity column's next value after the largest id copied in: the ids came with the
    rows (chains name them), so without this the next insert would be given id 1 and collide."""
    identities = raw.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY 1"
    ).fetchall()
    for table, column in identities:
        raw.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, %s), coalesce(max({_quoted(column)}), 0) + 1, false)"
            f" FROM {_quoted(table)}",
            (_quoted(table), column),
        )


def row_counts(raw, tables: Iterable[str]) -> dict[str, int]:
    return {t: raw.execute(f"SELECT count(*) FROM {_quoted(t)}").fetchone()[0] for t in tables}


def _quoted(name: str) -> str:
    """A table or column name of our own schema, quoted: some (text, key, at) are words of SQL."""
    return '"' + name.replace('"', '""') + '"'
