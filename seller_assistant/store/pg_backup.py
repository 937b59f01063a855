"""Backups of a shared store (PostgreSQL): pg_dump, verified by restoring it into a scratch database.

Each backup is a folder `<stamp>-<kind>/` in the shared backups folder (paths.shared_backups_dir)
holding `store.dump` (pg_dump's custom format), a copy of the shared attachment folder and
`backup.json`: what the dump must hold (every table's rows, counted in the very snapshot pg_dump
read, via pg_export_snapshot), its SHA-256, the schema version and which desk made it. A backup
is kept only after its dump was restored into a scratch database and every evidence chain there
verified with the app's own verify, and every table's rows matched. The schedule is SQLite's:
one daily a calendar day, a weekly when the last is a week old (the daily's files hard-linked),
7 daily and 4 weekly kept.

One desk makes it: the backup holds a session advisory lock on the server (let go when the backup
ends or its desk's connection dies), and announces itself in its connection's application_name,
so another desk opening at the same moment is told who is making it instead of making a second.

Restoring goes into an EMPTY database only (never over a store other desks are using): the
backup's SHA-256 is checked, pg_restore loads it in one transaction, the desks' privileges are
granted, the attachments copied beside it, and the result verified (rows and every chain).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message
from seller_assistant.store import (
    backup,
    backup_folders,
    backup_verify,
    chain_verify,
    dialect,
    pg_connection,
    pg_privileges,
    pg_tools,
)
from seller_assistant.store.backup_folders import KINDS, WEEK, BackupInfo
from seller_assistant.store.connection import Store

# pg_advisory_lock(BACKUP_LOCK, 0), a session lock: pg_locks.py's key space (1801-1803 are the
# chains', the head log's and the message ids'); the migration runner uses a single-key lock.
BACKUP_LOCK = 1804
APP_NAME = "seller-assistant backup: "  # + who, for a desk that finds the lock taken
DUMP_NAME = "store.dump"
ATTACHMENTS = "store.attachments"  # as in a SQLite backup (paths.attachments_dir of store.db)
MANIFEST = "backup.json"
SCRATCH_PREFIX = "sa_check_"  # sa_check_<epoch>_<random>: a leftover of a killed backup is dropped later
SCRATCH_STALE_S = 6 * 3600


@dataclass(frozen=True)
class Outcome:
    made: list[BackupInfo]
    note: Message | None = None  # another desk's backup: being made now, or made today


def backups_root(url: str) -> Path:
    return paths.shared_backups_dir(pg_connection.database_name(url))


def list_backups(url: str) -> list[BackupInfo]:
    """Every complete backup of this shared store, newest first."""
    root = backups_root(url)
    found = []
    if root.is_dir():
        for folder in root.iterdir():
            stamp, _, kind = folder.name.partition("-")
            if folder.name.startswith(".") or not (folder / MANIFEST).is_file():
                continue
            try:
                created = int(datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp())
            except ValueError:
                continue
            if kind.split(".")[0] in KINDS:
                found.append(BackupInfo(folder, kind.split(".")[0], created))
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def manifest_of(info: BackupInfo) -> dict:
    try:
        manifest = json.loads((info.path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(
            "The backup {path} has no readable {manifest}; it cannot be used.",
            path=info.path,
            manifest=MANIFEST,
        ) from exc
    return manifest if isinstance(manifest, dict) else {}


def backup_if_due(store: Store, now: int | None = None) -> Outcome:
    """The automatic backup: made by this desk unless another desk is making it or made today's."""
    now = int(time.time()) if now is None else now
    with _one_desk(store) as holder:
        if holder is not None:
            return Outcome(
                [],
                Message(
                    "The shared store's backup is being made by {holder} right now.", holder=_desk(holder)
                ),
            )
        existing = list_backups(store.location)
        today = datetime.fromtimestamp(now).date()
        todays = [b for b in existing if b.kind == "daily" and _day(b) == today]
        made = [] if todays else [_make(store, "daily", now)]
        weeklies = [b for b in existing if b.kind == "weekly"]
        if not weeklies or now - weeklies[0].created_at >= WEEK:
            made.append(
                backup._link_backup(made[0] if made else todays[0], "weekly", now + (1 if made else 0))
            )
        prune(store.location)
    note = None
    if todays and not made:
        made_by = manifest_of(todays[0]).get("made_by", Message("another desk"))
        when = datetime.fromtimestamp(todays[0].created_at).strftime("%H:%M")
        note = Message(
            "Today's backup of the shared store was made by {made_by} at {when}.",
            made_by=_desk(made_by),
            when=when,
        )
    return Outcome(made, note)


def backup_now(store: Store, kind: str = "manual", now: int | None = None) -> BackupInfo:
    """One backup of `kind` now (File › Back up now, `backup`), unless another desk is making one."""
    if kind not in KINDS:
        raise ValueError(kind)
    now = int(time.time()) if now is None else now
    with _one_desk(store) as holder:
        if holder is not None:
            raise UserError(
                "A backup of the shared store is being made by {holder} right now; try again when it is done (nothing was changed).",
                holder=_desk(holder),
            )
        made = _make(store, kind, now)
        prune(store.location)
    return made


def backup_before_upgrade(store: Store) -> BackupInfo | None:
    """Before a migration rewrites a shared store's schema: a verified backup, as a SQLite store
    gets one, when this desk names a backups folder. Without one the upgrade goes on unbacked (a
    desk that never set a shared folder cannot keep backups at all); a backup that fails stops it."""
    try:
        backups_root(store.location)
    except UserError:
        return None
    return backup_now(store, "pre-migration")


class _one_desk:
    """The backup lock of the shared store: None when this desk holds it, else who holds it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.holding = False

    def __enter__(self) -> str | None:
        conn = self.store.conn
        # Named before the lock is taken: a desk that finds it taken a moment later reads who.
        conn.execute("SELECT set_config('application_name', ?, false)", (APP_NAME + _who(conn),))
        if conn.execute("SELECT pg_try_advisory_lock(?, 0)", (BACKUP_LOCK,)).fetchone()[0]:
            self.holding = True
            return None
        conn.execute("SELECT set_config('application_name', 'seller-assistant', false)")
        return _holder(conn) or Message("another desk")

    def __exit__(self, *exc: object) -> None:
        if self.holding and not self.store.conn.raw.closed:
            self.store.conn.execute("SELECT pg_advisory_unlock(?, 0)", (BACKUP_LOCK,)).fetchone()
            self.store.conn.execute("SELECT set_config('application_name', 'seller-assistant', false)")


def _who(conn) -> str:
    user = conn.execute("SELECT current_user").fetchone()[0]
    return f"{user} on {socket.gethostname()}"


def _desk(who: str | Message) -> str | Message:
    """'wei on PACKING-PC' (as _who writes it into a manifest and the lock's session) in the reader's words."""
    if isinstance(who, str) and " on " in who:
        user, host = who.rsplit(" on ", 1)
        return Message("{user} on {host}", user=user, host=host)
    return who


def _holder(conn) -> str | None:
    """Who holds the backup lock: pg_locks and pg_stat_activity's user and application name are
    visible to every role (the rest of another role's session is not)."""
    row = conn.execute(
        "SELECT a.application_name, a.usename FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        f" WHERE l.locktype = 'advisory' AND l.granted AND l.classid = {BACKUP_LOCK} AND l.objid = 0"
        " AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    ).fetchone()
    if row is None:
        return None
    name, user = row
    return name[len(APP_NAME) :] if name and name.startswith(APP_NAME) else user


def _day(info: BackupInfo):
    return datetime.fromtimestamp(info.created_at).date()


def _make(store: Store, kind: str, now: int) -> BackupInfo:
    """Dump the store in one snapshot, copy its attachments, verify in a scratch database, keep."""
    root = backups_root(store.location)
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%dT%H%M%SZ")
    final = backup_folders.free_name(root, f"{stamp}-{kind}")
    partial = root / f".partial-{final.name}-{os.getpid()}"
    major = store.conn.raw.info.server_version // 10000
    dump_tool = pg_tools.find_tool("pg_dump", major)
    restore_tool = pg_tools.find_tool("pg_restore", major)
    previous = next(iter(list_backups(store.location)), None)
    try:
        backup_folders.private_dir(root)
        backup_folders.private_dir(partial)
        manifest = _dump(store, dump_tool, partial / DUMP_NAME)
        manifest.update(made_by=_who(store.conn), made_at=now, kind=kind, pg_dump=dump_tool.version)
        try:
            attachments = store.attachments_dir
        except UserError:
            attachments = None  # no shared folder named on this desk: no attachment can have been added
        if attachments is not None and attachments.is_dir():
            backup._copy_attachments(attachments, partial / ATTACHMENTS, (previous, {}) if previous else None)
        problem = verify_dump(store, partial, manifest, restore_tool)
        if problem:
            raise UserError(
                "The backup of {location} did not verify ({problem}); it was not kept and the store itself is unchanged.",
                location=store.location,
                problem=problem,
            )
        with os.fdopen(os.open(partial / MANIFEST, os.O_CREAT | os.O_WRONLY, 0o600), "w") as out:
            out.write(json.dumps(manifest, indent=1) + "\n")
        os.replace(partial, final)  # last: a crash never leaves a half backup that looks complete
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise UserError(backup._backup_failure(exc, root)) from exc
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupInfo(final, kind, now)


def _dump(store: Store, tool: pg_tools.Tool, target: Path) -> dict:
    """pg_dump of one snapshot, and what that snapshot holds: every table's rows, the schema version,
    the head log's last entry. The snapshot's transaction stays open until pg_dump has read it."""
    conn = store.conn
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _counts(conn)
        manifest = {
            "schema_version": dialect.schema_version(conn, dialect.POSTGRESQL),
            "rows": counts,
            "head_log": _last_log_entry(conn, counts),
            "server_version": conn.raw.info.server_version,
        }
        with pg_tools.child_env(store.location) as env:
            pg_tools.run(
                tool,
                [
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={pg_tools.target(store.location)}",
                ],
                env,
                Message("Could not back up {location}", location=store.location),
            )
    os.chmod(target, 0o600)
    manifest["sha256"] = backup_verify.sha256_of(target)
    return manifest


def _counts(conn) -> dict[str, int]:
    return {
        name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for name in sorted(dialect.table_names(conn))
    }


def _last_log_entry(conn, counts: dict) -> list | None:
    if "head_log" not in counts:
        return None
    row = conn.execute("SELECT n, hash FROM head_log ORDER BY n DESC LIMIT 1").fetchone()
    return list(row) if row else None


def verify_dump(
    store: Store, folder: Path, manifest: dict, restore_tool: pg_tools.Tool | None = None
) -> Message | None:
    """None when the backup in `folder` restores into a scratch database on the store's server with
    exactly the rows its manifest names and every evidence chain verifying; else the problem."""
    dump = folder / DUMP_NAME
    if not dump.is_file():
        return Message("no dump in the backup")
    if backup_verify.sha256_of(dump) != manifest.get("sha256"):
        return Message(
            "{dump_name} is not the file that was written: its SHA-256 differs", dump_name=DUMP_NAME
        )
    if restore_tool is None:
        restore_tool = pg_tools.find_tool("pg_restore", store.conn.raw.info.server_version // 10000)
    scratch = _create_scratch(store)
    try:
        with pg_tools.child_env(store.location) as env:
            try:
                _restore(restore_tool, dump, pg_tools.target(store.location, scratch), env)
            except UserError as exc:
                return Message("the dump could not be read back: {problem}", problem=exc)
        checked = _open(pg_tools.target(store.location, scratch), folder / ATTACHMENTS)
        try:
            return _check(checked, manifest)
        finally:
            checked.close()
    finally:
        _drop(store, scratch)


def _restore(tool: pg_tools.Tool, dump: Path, conninfo: str, env: dict) -> None:
    # No owner and no privileges from the dump: the restoring role owns what it restores (roles of
    # the server the dump came from may not exist here); the desks' grants are the app's own.
    pg_tools.run(
        tool,
        [
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={conninfo}",
            str(dump),
        ],
        env,
        Message("pg_restore failed"),
    )


@dataclass
class _RestoredStore(Store):
    """A store restored from a backup, whose attachment files are those the backup carries."""

    files: Path | None = None

    @property
    def attachments_dir(self) -> Path:  # type: ignore[override]
        return self.files if self.files is not None else super().attachments_dir


def _open(conninfo: str, files: Path | None) -> _RestoredStore:
    conn = pg_connection.open_connection(conninfo)
    return _RestoredStore(
        pg_connection.PgDatabase(conn),  # type: ignore[arg-type]
        paths.shared_store_path(pg_connection.safe_address(conninfo)),
        backend=dialect.POSTGRESQL,
        location=pg_connection.safe_address(conninfo),
        files=files,
    )


def _check(restored: Store, manifest: dict) -> Message | None:
    """What the restored database holds against what the backup's manifest says it must."""
    version = dialect.schema_version(restored.conn, dialect.POSTGRESQL)
    if version != manifest.get("schema_version"):
        return Message(
            "schema version {version} where the backup recorded {recorded}",
            version=version,
            recorded=manifest.get("schema_version"),
        )
    counts = _counts(restored.conn)
    expected = manifest.get("rows", {})
    for table in sorted(set(counts) | set(expected)):
        if counts.get(table) != expected.get(table):
            return Message(
                "table {table} has {count} rows where the backup recorded {recorded}",
                table=table,
                count=counts.get(table, 0),
                recorded=expected.get(table, 0),
            )
    if "evidence_items" not in counts:
        return None
    if manifest.get("head_log") and _last_log_entry(restored.conn, counts) != manifest["head_log"]:
        return Message("the head log's last entry differs from the one the backup recorded")
    return backup_verify.chain_problem(chain_verify.verify_store(restored))


def _create_scratch(store: Store) -> str:
    """A new empty database on the store's server, with the store's encoding and locale (search
    folds case by the character type): restoring there proves the dump, never touching the store."""
    raw = store.conn.raw
    _drop_stale_scratch(store)
    collate, ctype = raw.execute(
        "SELECT datcollate, datctype FROM pg_database WHERE datname = current_database()"
    ).fetchone()
    name = f"{SCRATCH_PREFIX}{int(time.time())}_{secrets.token_hex(4)}"
    try:
        raw.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE {} LC_CTYPE {}").format(
                sql.Identifier(name), sql.Literal(collate), sql.Literal(ctype)
            )
        )
    except psycopg.errors.InsufficientPrivilege as exc:
        user = raw.execute("SELECT current_user").fetchone()[0]
        raise UserError(
            "A backup is checked by restoring it into a scratch database, and the role '{user}' may not create one on the server of {location}: ask whoever set up the server to run ALTER ROLE {user} CREATEDB; (docs/SHARED_STORE.md). No backup was kept.",
            user=user,
            location=store.location,
        ) from exc
    return name


def _drop(store: Store, name: str) -> None:
    store.conn.raw.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _drop_stale_scratch(store: Store) -> None:
    """Scratch databases of this role left by a backup killed half-way (older than a few hours)."""
    rows = store.conn.raw.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datdba = (SELECT oid FROM pg_roles"
        " WHERE rolname = current_user)",
        (SCRATCH_PREFIX + "%",),
    ).fetchall()
    for (name,) in rows:
        parts = name[len(SCRATCH_PREFIX) :].split("_")
        if parts[0].isdigit() and time.time() - int(parts[0]) > SCRATCH_STALE_S:
            try:
                _drop(store, name)
            except psycopg.Error:
                pass  # in use by someone: left for next time


def prune(url: str) -> list[Path]:
    """Keep the newest 7 daily and 4 weekly backups (5 of any other kind); drop half-made ones."""
    root = backups_root(url)
    removed = []
    if root.is_dir():
        for leftover in root.glob(".partial-*"):
            if time.time() - leftover.stat().st_mtime > 3600:
                shutil.rmtree(leftover, ignore_errors=True)
    return removed + backup_folders.drop_beyond_retention(list_backups(url))


def restore(info: BackupInfo, target_url: str) -> Message:
    """Restore `info` into the EMPTY database at `target_url`, then verify it there; what was done."""
    manifest = manifest_of(info)
    dump = info.path / DUMP_NAME
    if not dump.is_file() or backup_verify.sha256_of(dump) != manifest.get("sha256"):
        raise UserError(
            "The backup {label} is damaged ({dump_name} is missing or not the file that was written); nothing was restored.",
            label=info.label,
            dump_name=DUMP_NAME,
        )
    from seller_assistant.store.connection import connect

    target = connect(target_url)
    try:
        tables = dialect.table_names(target.conn)
        if tables:
            raise UserError(
                "The database {location} is not empty (it holds {count} tables); a backup is restored only "
                "into an empty database, never over a store: create one (createdb NAME "
                "-O seller_assistant_owner) and restore into it. Nothing was changed.",
                location=target.location,
                count=len(tables),
            )
        tool = pg_tools.find_tool("pg_restore", target.conn.raw.info.server_version // 10000)
        carried = info.path / ATTACHMENTS
        files = (
            target.attachments_dir if carried.is_dir() else None
        )  # no shared folder: said before restoring
        with pg_tools.child_env(target_url) as env:
            _restore(tool, dump, pg_tools.target(target_url), env)
        pg_privileges.grant_desk_privileges(target.conn.raw)
        if files is not None:
            shutil.copytree(carried, files, dirs_exist_ok=True)
        problem = _check(target, manifest)
    finally:
        target.close()
    if problem:
        raise UserError(
            "The backup {label} was restored into {location} but does not verify there ({problem}); do not use that database: drop it and restore another backup.",
            label=info.label,
            location=target.location,
            problem=problem,
        )
    return Message(
        "Restored {label} into {location}, verified (every table's rows, every evidence chain).",
        label=info.label,
        location=target.location,
    )
