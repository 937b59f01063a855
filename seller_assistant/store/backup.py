"""Backups: generations of a page-level chain plus the attachment folder, verified before they count.

Each backup is a folder `<stamp>-<kind>/` in the store's backup folder naming its generation of the
chain (store/backup_chain.py: the newest generation one whole SQLite file, older ones undo files of
the pages each next one changed) with a copy of its attachments, so one folder restores the whole
store. The newest backup's folder shows the whole file as `store.db`. Retention keeps the newest 7
daily and 4 weekly backups (and the newest 5 of every other kind: manual, pre-migration,
pre-restore); a generation no folder names is folded into the next older one. Backups made before
the chain (whole copies, `store.db` in the folder) are still listed, verified and restored.

What a backup costs stays near what changed, however long the history (issue 20):
- the live store is frozen at one moment and read as a file (store/page_files.py); the pages the
  app's checkpoints logged since the last backup (store/backup_wal.py) are read — every page when
  the logs cannot vouch for every change — and each one's digest compared with the head's; only
  the pages that differ are written (their old contents first, to the undo file that keeps the
  previous generation);
- verified by what changed: the pages written are read back and compared with the store's, and
  the evidence written since the newest verified backup is verified, stitched to the chain heads
  that backup verified (its `verified.json`: the newest item, message and head-log entry it
  covered). The head-log entry it ended on must be unchanged, else (a restore rewound the store,
  or no backup was verified yet) every chain is verified again. SQLite's structural check of the
  whole file (quick_check) runs on the chain's first generation and on the day of each weekly;
- a chain's first generation (a first backup, one after the chain was lost, the first after the
  whole-copy backups) is one pass over the store: its frozen moment's structure and every chain
  are checked while its pages are read and copied (the chain verifier's two processes reading the
  file alone, which the freeze keeps still), then the copy is read back and proved equal to that
  moment page by page, and its attachments equal to the files checked;
- a weekly backup due on a day that has its daily names the same generation (no second copy);
  attachments (named by their SHA-256, never rewritten) are hard-linked from the newest backup.
The app runs the automatic backup in a worker process (store/backup_job.py), never on the GUI's
interpreter. Restoring verifies the chosen backup in full (integrity_check and every chain).

The folders and their retention live in store/backup_folders.py, verification in
store/backup_verify.py, restoring in store/backup_restore.py; this module writes a backup.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message, os_problem
from seller_assistant.store import backup_chain, page_files
from seller_assistant.store.backup_folders import (
    DB_NAME,
    GENERATION,
    KINDS,
    MANIFEST,
    WEEK,
    BackupInfo,
    free_name,
    link_heads,
    list_backups,
    newest_verified,
    private_dir,
    prune,
    write_private,
)
from seller_assistant.store.backup_verify import checked_meanwhile, copy_problem, verify_new
from seller_assistant.store.connection import disk_is_full


def backup_store(
    conn: sqlite3.Connection, db_path: Path, kind: str, now: int | None = None, *, full_check: bool = False
) -> BackupInfo:
    """Back up the live store (one moment of it, even while others write) and its attachments as the
    chain's next generation, verified before it counts. `full_check`: SQLite's structural check of
    the whole file too (the first generation always has it). `conn` is the caller's connection; the
    backup opens its own (store/page_files.frozen)."""
    if kind not in KINDS:
        raise ValueError(kind)
    now = int(time.time()) if now is None else now
    root = paths.backups_dir(db_path)
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%dT%H%M%SZ")
    final = free_name(root, f"{stamp}-{kind}")
    partial = root / f".partial-{final.name}-{os.getpid()}"
    previous = newest_verified(db_path)
    chain = backup_chain.Chain(root)
    try:
        private_dir(root)
        with chain.locked():
            chain.recover()
            stage = chain.dir / "stage.partial"
            first_generation = chain.state() is None
            manifest: dict = {}
            with page_files.frozen(db_path, track=chain.next_log()) as live:
                # The pages the app's checkpoints logged since the head's moment (store/backup_wal.py),
                # else every page; every page too on the day of the whole file's structural check,
                # so that a change the logs missed could not outlive a week.
                only = None if full_check else chain.tracked(live)
                if first_generation:
                    # A chain's first generation: the moment itself checked (structure and every
                    # chain) while its pages are read and copied, not the copy again after (issue
                    # 20: three more passes over 8 GB); the copy is then read back and proved equal
                    # to it page by page.
                    with checked_meanwhile(db_path, previous[1] if previous else None) as checked:
                        digests, changed = chain.scan(live, stage, only)
                    problem, found = checked[0]
                    if problem:
                        stage.unlink(missing_ok=True)
                        raise UserError(
                            "The backup in {final} did not verify ({problem}); the store itself is unchanged.",
                            final=final,
                            problem=problem,
                        )
                    manifest.update(found)
                else:
                    digests, changed = chain.scan(live, stage, only)
            private_dir(partial)
            source_attachments = paths.attachments_dir(db_path)
            if source_attachments.is_dir():
                _copy_attachments(source_attachments, paths.attachments_dir(partial / DB_NAME), previous)

            def check(db_file: Path, first: bool) -> str | None:
                # Read through the folder's own name for the file: its attachments are beside it.
                shown = partial / DB_NAME
                if not shown.exists():
                    os.link(db_file, shown)  # the newest backup: a whole file SQLite opens
                if first_generation:  # its moment was checked; the copy, read back, is that moment
                    return copy_problem(shown, source_attachments)
                problem, found = verify_new(shown, previous[1] if previous else None, first or full_check)
                manifest.update(found)
                return problem

            link_heads(root, chain, unlink_all=True)  # no folder shows the head while it changes
            try:
                gen = chain.roll_forward(stage, live, digests, changed, check)
            except backup_chain.NotVerified as exc:
                raise UserError(
                    "The backup in {final} did not verify ({problem}); the store itself is unchanged.",
                    final=final,
                    # the check's own words (a Message), said in the reader's language
                    problem=exc.args[0] if exc.args else exc,
                ) from exc
            finally:
                stage.unlink(missing_ok=True)
                link_heads(root, chain)
            write_private(partial / GENERATION, json.dumps({"generation": gen}))
            write_private(partial / MANIFEST, json.dumps(manifest))
            # Rename last: a crash never leaves a half backup that looks complete.
            os.replace(partial, final)
    except (OSError, sqlite3.Error) as exc:
        _clean_up_failed(partial, chain)
        raise UserError(_backup_failure(exc, root)) from exc
    except BaseException:
        _clean_up_failed(partial, chain)
        raise
    prune(db_path)
    return BackupInfo(final, kind, now)


def _clean_up_failed(partial: Path, chain: backup_chain.Chain) -> None:
    """A failed backup leaves nothing: its folder, and a chain whose first generation never came."""
    shutil.rmtree(partial, ignore_errors=True)
    if chain.state() is None:
        shutil.rmtree(chain.dir, ignore_errors=True)


def _copy_attachments(source: Path, target: Path, previous: tuple[BackupInfo, dict] | None) -> None:
    """The attachment folder, each file hard-linked from the newest backup when it has it (a file
    is named by its SHA-256 and never rewritten), else copied."""
    earlier = paths.attachments_dir(previous[0].db_file) if previous else None

    def link_or_copy(src: str, dst: str) -> None:
        if earlier is not None:
            have = earlier / Path(src).relative_to(source)
            try:
                if have.stat().st_size == os.stat(src).st_size:
                    os.link(have, dst)
                    return
            except OSError:
                pass
        shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link_or_copy)


def _link_backup(daily: BackupInfo, kind: str, now: int) -> BackupInfo:
    """A second backup of the same moment under another kind: the daily's files hard-linked (no
    second copy the same day); copied where the file system cannot link."""
    root = daily.path.parent
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%dT%H%M%SZ")
    final = free_name(root, f"{stamp}-{kind}")
    partial = root / f".partial-{final.name}-{os.getpid()}"

    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    try:
        shutil.copytree(daily.path, partial, copy_function=link_or_copy)
        os.chmod(partial, 0o700)
        os.replace(partial, final)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise UserError(_backup_failure(exc, root)) from exc
    return BackupInfo(final, kind, now)


def backup_if_due(conn: sqlite3.Connection, db_path: Path, now: int | None = None) -> list[BackupInfo]:
    """The automatic backup: one daily per calendar day, and a weekly one when the last is a week old."""
    now = int(time.time()) if now is None else now
    made = []
    existing = list_backups(db_path)
    today = datetime.fromtimestamp(now).date()
    weeklies = [b for b in existing if b.kind == "weekly"]
    weekly_due = not weeklies or now - weeklies[0].created_at >= WEEK
    if not any(b.kind == "daily" and datetime.fromtimestamp(b.created_at).date() == today for b in existing):
        # The day a weekly is made its file gets SQLite's structural check in full, once a week.
        made.append(backup_store(conn, db_path, "daily", now, full_check=weekly_due))
    if weekly_due:
        todays = (
            made[:1]
            or [
                b
                for b in existing
                if b.kind == "daily" and datetime.fromtimestamp(b.created_at).date() == today
            ][:1]
        )
        if todays:
            made.append(_link_backup(todays[0], "weekly", now + (1 if made else 0)))
            prune(db_path)
        else:
            made.append(backup_store(conn, db_path, "weekly", now, full_check=True))
    return made


def _backup_failure(exc: OSError | sqlite3.Error, root: Path) -> Message:
    """Why a backup could not be written, in words: a full disk and a read-only folder first."""
    text = str(exc).lower()
    number = getattr(exc, "errno", None)
    if (
        number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
        or "full" in text
        or ("i/o" in text and disk_is_full(root))
    ):
        return Message(
            "The disk holding {root} is full; no backup was written and the store is unchanged.", root=root
        )
    if number in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text:
        return Message(
            "The backup folder {root} cannot be written (read-only); no backup was written and the store is unchanged.",
            root=root,
        )
    return Message(
        "Could not write a backup to {root}: {problem}.",
        root=root,
        problem=os_problem(exc),
    )
