"""Backups: SQLite's online backup API plus the attachment folder, verified after writing.

Each backup is a folder `<stamp>-<kind>/` in the store's backup folder holding the database and
a copy of its attachments, so one folder restores the whole store. Retention keeps the newest 7
daily and 4 weekly backups (and the newest 5 of every other kind: manual, pre-migration, pre-restore).
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.store import chain_verify, migrations
from seller_assistant.store.connection import connect, disk_is_full

KINDS = ("daily", "weekly", "manual", "pre-migration", "pre-restore")
KEEP = {"daily": 7, "weekly": 4}
KEEP_OTHER = 5
DB_NAME = "store.db"
WEEK = 7 * 86400


@dataclass(frozen=True)
class BackupInfo:
    path: Path  # the backup folder
    kind: str
    created_at: int

    @property
    def db_file(self) -> Path:
        return self.path / DB_NAME

    @property
    def label(self) -> str:
        when = datetime.fromtimestamp(self.created_at).strftime("%Y-%m-%d %H:%M")
        return f"{when} ({self.kind})"


def backup_store(conn: sqlite3.Connection, db_path: Path, kind: str, now: int | None = None) -> BackupInfo:
    """Copy the live store (consistent even while others write) and its attachments, then verify."""
    if kind not in KINDS:
        raise ValueError(kind)
    now = int(time.time()) if now is None else now
    root = paths.backups_dir(db_path)
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%dT%H%M%SZ")
    final = _free_name(root, f"{stamp}-{kind}")
    partial = root / f".partial-{final.name}-{os.getpid()}"
    try:
        _private_dir(root)
        _private_dir(partial)
        target = sqlite3.connect(partial / DB_NAME)
        try:
            conn.backup(target, pages=4096)  # in steps, so a writer elsewhere is not blocked long
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        os.chmod(partial / DB_NAME, 0o600)
        source_attachments = paths.attachments_dir(db_path)
        if source_attachments.is_dir():
            shutil.copytree(source_attachments, paths.attachments_dir(partial / DB_NAME))
        problem = verify_backup(partial)
        if problem:
            raise UserError(f"The backup in {final} did not verify ({problem}); the store itself is unchanged.")
        # Rename last: a crash never leaves a half backup that looks complete.
        os.replace(partial, final)
    except (OSError, sqlite3.Error) as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise UserError(_backup_failure(exc, root)) from exc
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    prune(db_path)
    return BackupInfo(final, kind, now)


def verify_backup(folder: Path) -> str | None:
    """None when the backup's database is intact and its evidence chains verify, else the problem."""
    db_file = folder / DB_NAME
    if not db_file.exists():
        return "no database in the backup"
    if not db_file.is_file():  # a pipe or a device would block SQLite's open or feed it zeros
        return "its database is not a regular file"
    conn = sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return f"not a database: {exc}"
    finally:
        conn.close()
    if result != "ok":
        return f"integrity check: {result}"
    return _verify_chains(folder)


def _verify_chains(folder: Path) -> str | None:
    store = connect(folder / DB_NAME, read_only=True)
    try:
        migrations.check_not_newer(store)
        if "evidence_items" not in store.db.table_names():
            return None  # a backup taken before the evidence log existed (pre-migration)
        report = chain_verify.verify_store(store)
    finally:
        store.close()
    if report.ok:
        return None
    first = report.problems[0]
    return f"evidence chain {first.chain_key} item {first.seq}: {first.message}"


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Every complete backup of this store, newest first."""
    root = paths.backups_dir(db_path)
    found = []
    if root.is_dir():
        for folder in root.iterdir():
            if folder.name.startswith(".") or not (folder / DB_NAME).exists():
                continue
            stamp, _, kind = folder.name.partition("-")
            kind = kind.split(".")[0]
            try:
                created = int(datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp())
            except ValueError:
                continue
            if kind in KINDS:
                found.append(BackupInfo(folder, kind, created))
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def prune(db_path: Path) -> list[Path]:
    removed = []
    root = paths.backups_dir(db_path)
    if root.is_dir():
        # A backup killed half-way leaves a .partial folder; it never became a backup.
        for leftover in root.glob(".partial-*"):
            if time.time() - leftover.stat().st_mtime > 3600:
                shutil.rmtree(leftover, ignore_errors=True)
    by_kind: dict[str, list[BackupInfo]] = {}
    for backup in list_backups(db_path):
        by_kind.setdefault(backup.kind, []).append(backup)
    for kind, backups in by_kind.items():
        for old in backups[KEEP.get(kind, KEEP_OTHER):]:
            shutil.rmtree(old.path, ignore_errors=True)
            removed.append(old.path)
    return removed


def backup_if_due(conn: sqlite3.Connection, db_path: Path, now: int | None = None) -> list[BackupInfo]:
    """The automatic backup: one daily per calendar day, and a weekly one when the last is a week old."""
    now = int(time.time()) if now is None else now
    made = []
    existing = list_backups(db_path)
    today = datetime.fromtimestamp(now).date()
    if not any(b.kind == "daily" and datetime.fromtimestamp(b.created_at).date() == today for b in existing):
        made.append(backup_store(conn, db_path, "daily", now))
    weeklies = [b for b in existing if b.kind == "weekly"]
    if not weeklies or now - weeklies[0].created_at >= WEEK:
        made.append(backup_store(conn, db_path, "weekly", now + (1 if made else 0)))
    return made


def restore_backup(backup: BackupInfo, db_path: Path, now: int | None = None) -> BackupInfo | None:
    """Replace the store at `db_path` with `backup`, after backing up what is there now.

    The caller must have closed its own connections to the store. Returns the pre-restore backup
    (None when there was no store to save)."""
    problem = verify_backup(backup.path)
    if problem:
        raise UserError(f"The backup {backup.label} is damaged ({problem}); the store was not replaced.")
    saved = None
    if db_path.exists():
        live = sqlite3.connect(db_path)
        try:
            saved = backup_store(live, db_path, "pre-restore", now)
        finally:
            live.close()
    else:
        # The store file is gone: a WAL left beside it belongs to the lost database, not this one.
        for leftover in (db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))
    source = sqlite3.connect(f"{backup.db_file.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(db_path)
    try:
        source.backup(target)  # page-level copy into the live file, under SQLite's own locking
    finally:
        source.close()
        target.close()
    attachments = paths.attachments_dir(db_path)
    backed_up_attachments = paths.attachments_dir(backup.db_file)
    if backed_up_attachments.is_dir():
        attachments.mkdir(parents=True, exist_ok=True)
        shutil.copytree(backed_up_attachments, attachments, dirs_exist_ok=True)
    return saved


def _backup_failure(exc: OSError | sqlite3.Error, root: Path) -> str:
    """Why a backup could not be written, in words: a full disk and a read-only folder first."""
    text = str(exc).lower()
    number = getattr(exc, "errno", None)
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)) or "full" in text or (
            "i/o" in text and disk_is_full(root)):
        return f"The disk holding {root} is full; no backup was written and the store is unchanged."
    if number in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text:
        return f"The backup folder {root} cannot be written (read-only); no backup was written and the store is unchanged."
    return f"Could not write a backup to {root}: {getattr(exc, 'strerror', None) or exc}."


def _free_name(root: Path, name: str) -> Path:
    """Two backups of one kind in the same second get distinct folders (…-manual, …-manual.2)."""
    candidate, number = root / name, 1
    while candidate.exists():
        number += 1
        candidate = root / f"{name}.{number}"
    return candidate


def _private_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
