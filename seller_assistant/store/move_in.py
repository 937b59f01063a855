"""Moving a SQLite store into an empty PostgreSQL database: every table, its attachments, verified, or nothing.

`move_store` reads the store file read-only (one read transaction: a consistent copy even while a
window writes to it) and never changes it. On the server it works in ONE transaction: the schema
(the migrations), every table by COPY with its own ids, the identities moved past them, then the
check — the row count of every table, every evidence chain verified by the app's own verify on the
server's side (which re-hashes every attachment in the shared folder) — and only then COMMIT.
Anything that fails or is cancelled rolls the whole transaction back, so the database is as empty as
before, and the attachment files this move added to the shared folder are removed again.

Attachments: the code base keeps them as files (store/attachments.py), never in the database; a
shared store's files live in the folder every desk names (paths.shared_attachments_dir).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.chain_report import StoreVerifyReport
from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message, os_problem
from seller_assistant.store import attachments, chain_verify, dialect, migrations, pg_copy
from seller_assistant.store.connection import Store, connect

# (stage, done, total): stage is "attachments", "copy" (rows), "indexes" or "verify" (items).
Progress = Callable[[str, int, int], None]


class MoveCancelled(UserError):
    """The shop pressed Cancel; nothing was kept."""


@dataclass
class MoveReport:
    source: Path
    target: str  # the server's address, never a password
    rows: dict[str, int] = field(default_factory=dict)  # per table, as counted on the server
    attachment_files: int = 0
    attachments_dir: Path | None = None
    verified: StoreVerifyReport | None = None

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def move_store(
    source: Path | str,
    url: str,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> MoveReport:
    """Copy the store file `source` into the empty PostgreSQL database at `url` and verify it there."""
    if dialect.is_url(source):
        raise UserError(
            "Moving copies a store file into PostgreSQL; the store given is already a shared store ({source}). Give the store file with --db.",
            source=source,
        )
    if not dialect.is_url(url):
        raise UserError(
            "Give the PostgreSQL database to move into as postgresql://USER@HOST/DATABASE, not {url}.",
            url=url,
        )
    source_path = Path(source).expanduser()
    if not source_path.is_file():
        raise UserError("There is no store at {path}.", path=source_path)
    lite = connect(source_path, read_only=True)
    try:
        _check_source(lite)
        target = connect(url)
        try:
            _check_target_empty(target)
            return _move(lite, target, progress or _quiet, cancelled or _never)
        finally:
            target.close()
    finally:
        lite.close()


def _check_source(lite: Store) -> None:
    version = migrations.current_version(lite)
    latest = migrations.latest_version(dialect.SQLITE)
    if version == 0:
        raise UserError(
            "{path} is not a Seller Assistant store (it has no schema); nothing was moved.", path=lite.path
        )
    migrations.check_not_newer(lite)
    if version < latest:
        raise UserError(
            "The store {path} has schema version {version}, and a shared store is made at version {latest}: open the store once with this version of Seller Assistant (it upgrades it, after a backup), then move it. Nothing was moved.",
            path=lite.path,
            version=version,
            latest=latest,
        )
    if migrations.latest_version(dialect.POSTGRESQL) != latest:
        raise UserError(
            "This Seller Assistant makes shared stores at schema version {shared}, but store files at "
            "{latest}; it cannot move one into the other. Nothing was moved.",
            shared=migrations.latest_version(dialect.POSTGRESQL),
            latest=latest,
        )


def _check_target_empty(target: Store) -> None:
    """An empty database (no tables), or one the app made at this schema version holding no rows."""
    tables = sorted(dialect.table_names(target.conn))
    if not tables:
        return
    where = _address(target)
    if dialect.VERSION_TABLE not in tables:
        raise UserError(
            "The database {where} is not empty: it holds tables that are not a Seller Assistant store "
            "({tables}). Move into a new, empty database (createdb); nothing was changed.",
            where=where,
            tables=_some(tables),
        )
    version = dialect.schema_version(target.conn, target.backend)
    latest = migrations.latest_version(dialect.POSTGRESQL)
    if version != latest:
        raise UserError(
            "The database {where} already holds a Seller Assistant store of schema version {version}; this version of the app moves stores at version {latest}. Move into a new, empty database; nothing was changed.",
            where=where,
            version=version,
            latest=latest,
        )
    raw = target.conn.raw
    counts = {
        t: raw.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        for t in tables
        if t != dialect.VERSION_TABLE
    }
    filled = sorted((t for t, n in counts.items() if n), key=lambda t: (t not in _FIRST, _FIRST.get(t, 0), t))
    if filled:
        raise UserError(
            "The database {where} is not empty: it already holds a store with data ({tables}). Moving "
            "never mixes two stores; move into a new, empty database. Nothing was changed.",
            where=where,
            tables=_some([Message("{table}: {count} rows", table=t, count=counts[t]) for t in filled]),
        )


# What a shop recognises first when told what a database already holds.
_FIRST = {"shops": 0, "orders": 1, "messages": 2, "help_events": 3}


def _move(lite: Store, target: Store, progress: Progress, cancelled: Callable[[], bool]) -> MoveReport:
    report = MoveReport(lite.path, _address(target))
    lite.conn.execute("BEGIN")  # one snapshot of the store file for everything read below
    added: list[Path] = []
    try:
        tables = _source_tables(lite)
        counts = {t: lite.conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        report.attachment_files, report.attachments_dir = _copy_attachments(
            lite, target, added, progress, cancelled
        )
        raw = target.conn.raw
        with target.conn.transaction():
            raw.execute("SET LOCAL maintenance_work_mem = '256MB'")  # the index builds after COPY
            migrations.migrate(target)
            _check_same_tables(raw, tables, report.target)
            aside = pg_copy.set_aside(raw)
            # The orders counted by day (order_days, migration 022) come copied with the other
            # tables; its trigger would count every copied order a second time on top of them.
            raw.execute("ALTER TABLE orders DISABLE TRIGGER order_days_insert_delete")
            # The reply limits counted per quarter (migration 026 seeds them) come with the file's.
            raw.execute("DELETE FROM reply_limits")
            _copy_tables(lite, raw, counts, progress, cancelled)
            raw.execute("ALTER TABLE orders ENABLE TRIGGER order_days_insert_delete")
            aside.restore(raw, lambda done, total: progress("indexes", done, total))
            pg_copy.move_identities_past_ids(raw)
            report.rows = pg_copy.row_counts(raw, tables)
            _check_counts(counts, report.rows, report.target)
            raw.execute("ANALYZE")  # the first queries on the new store get real plans
            report.verified = chain_verify.verify_store(
                target, lambda done, total: progress("verify", done, total), here=True
            )
            if not report.verified.ok:
                first = report.verified.problems[0]
                raise UserError(
                    "After copying, {count} evidence chain(s) did not verify on the server (first: {chain}, "
                    "item {seq}: {problem}).",
                    count=len(report.verified.problems),
                    chain=first.chain_key,
                    seq=first.seq,
                    problem=first.message,
                )
            if cancelled():
                raise MoveCancelled("Moving was cancelled")
    except BaseException as exc:
        for path in added:  # files this move put into the shared folder; earlier ones stay
            path.unlink(missing_ok=True)
        if isinstance(exc, UserError):
            raise type(exc)("{problem} {left}", problem=_sentence(exc), left=_left_empty(target)) from exc
        if getattr(exc, "sqlstate", None) == "42501":  # insufficient_privilege: not the database's owner
            raise UserError(
                "The role you connected as may not create the store's tables in {target} ({problem}); move "
                "the store as the database's owner (docs/SHARED_STORE.md: seller_assistant_owner). {left}",
                target=report.target,
                problem=str(exc).splitlines()[0],
                left=_left_empty(target),
            ) from exc
        if isinstance(exc, Exception):
            raise UserError(
                "Moving the store failed: {problem}. {left}", problem=exc, left=_left_empty(target)
            ) from exc
        raise
    finally:
        if lite.conn.in_transaction:
            lite.conn.execute("ROLLBACK")  # ends the read; nothing was written to the file
    return report


def _source_tables(lite: Store) -> list[str]:
    """The store file's own tables: not SQLite's, not the full-text indexes (virtual tables and the
    tables they keep; PostgreSQL indexes those columns itself)."""
    rows = lite.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    return [
        name
        for name, _sql in rows
        if name not in virtual and not any(name.startswith(v + "_") for v in virtual)
    ]


def _check_same_tables(raw, tables: list[str], where: str) -> None:
    made = set(_pg_tables(raw)) - {dialect.VERSION_TABLE}
    if made != set(tables):
        raise UserError(
            "The schema made in {where} differs from the store file's: tables only in the file "
            "{in_file}, only on the server {on_server}.",
            where=where,
            in_file=sorted(set(tables) - made),
            on_server=sorted(made - set(tables)),
        )


def _pg_tables(raw) -> list[str]:
    return [row[0] for row in raw.execute(dialect.table_names_sql(dialect.POSTGRESQL))]


def _copy_tables(lite: Store, raw, counts: dict[str, int], progress: Progress, cancelled) -> None:
    total = sum(counts.values())
    done = 0

    def moved(rows: int) -> None:
        nonlocal done
        done += rows
        progress("copy", done, total)
        if cancelled():
            raise MoveCancelled("Moving was cancelled")

    progress("copy", 0, total)
    for table in counts:
        columns = pg_copy.columns_of(raw, table)
        source_columns = [row[1] for row in lite.conn.execute(f'PRAGMA table_info("{table}")')]
        if sorted(columns) != sorted(source_columns):
            raise UserError(
                "The table {table} has other columns on the server ({on_server}) than in the store file "
                "({in_file}).",
                table=table,
                on_server=", ".join(columns),
                in_file=", ".join(source_columns),
            )
        names = ", ".join(f'"{c}"' for c in columns)
        cursor = lite.conn.execute(f'SELECT {names} FROM "{table}"')
        pg_copy.copy_rows(raw, table, columns, _batches(cursor), moved)


def _batches(cursor) -> Iterator[list]:
    while batch := cursor.fetchmany(pg_copy.BATCH_ROWS):
        yield batch


def _copy_attachments(
    lite: Store, target: Store, added: list[Path], progress: Progress, cancelled
) -> tuple[int, Path | None]:
    """Every attachment file into the shared folder, each checked against its SHA-256 first."""
    hashes = [row[0] for row in lite.conn.execute("SELECT DISTINCT sha256 FROM attachments ORDER BY 1")]
    if not hashes:
        return 0, None
    folder = target.attachments_dir  # refused in words when no shared folder is named
    for done, sha in enumerate(hashes, 1):
        source_file = paths.attachments_dir(lite.path) / sha[:2] / sha
        try:
            data = source_file.read_bytes()
        except OSError as exc:
            raise UserError(
                "The attachment file {source_file} cannot be read ({problem}); check the store with 'seller-assistant verify'",
                source_file=source_file,
                problem=os_problem(exc),
            ) from None
        if hashlib.sha256(data).hexdigest() != sha:
            raise UserError(
                "The attachment file {source_file} does not match its SHA-256 (it was changed or damaged); check the store with 'seller-assistant verify'",
                source_file=source_file,
            )
        destination = attachments.attachment_file(target, sha)
        if not destination.exists():
            attachments.write_content_file(target, sha, data)
            added.append(destination)
        progress("attachments", done, len(hashes))
        if cancelled():
            raise MoveCancelled("Moving was cancelled")
    return len(hashes), folder


def _check_counts(expected: dict[str, int], found: dict[str, int], where: str) -> None:
    wrong = [
        Message("{table} {found} of {expected}", table=t, found=found.get(t), expected=n)
        for t, n in expected.items()
        if found.get(t) != n
    ]
    if wrong:
        raise UserError(
            "After copying, {where} does not hold every row: {wrong}.",
            where=where,
            wrong=_some(wrong, len(wrong)),
        )


def _left_empty(target: Store) -> Message:
    return Message(
        "Nothing was kept: the database {address} is as empty as before, and the store file was not changed.",
        address=_address(target),
    )


def _address(target: Store) -> str:
    """The server's address as it may be shown: never a password (store/pg_connection.py)."""
    from seller_assistant.store.pg_connection import safe_address

    return safe_address(target.location)


def _sentence(problem: UserError) -> UserError | Message:
    """The refusal as a whole sentence: one that ends without a full stop gets one."""
    return (
        problem if str(problem).strip().endswith((".", "?", "!")) else Message("{problem}.", problem=problem)
    )


def _some(names: list, shown: int = 5) -> Message:
    listed = ", ".join(str(name) for name in names[:shown])
    if len(names) > shown:
        return Message("{names} and {count} more", names=listed, count=len(names) - shown)
    return Message("{names}", names=listed)


def _quiet(stage: str, done: int, total: int) -> None:
    pass


def _never() -> bool:
    return False
