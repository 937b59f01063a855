"""Restoring a backup: verified in full first, the store as it is backed up (pre-restore), then the
chosen generation copied in page by page with its attachments."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.store import backup_chain
from seller_assistant.store.backup import backup_store
from seller_assistant.store.backup_folders import BackupInfo, generation_of
from seller_assistant.store.backup_verify import materialised, verify_file


def restore_backup(backup: BackupInfo, db_path: Path, now: int | None = None) -> BackupInfo | None:
    """Replace the store at `db_path` with `backup`, after backing up what is there now.

    The caller must have closed its own connections to the store. Returns the pre-restore backup
    (None when there was no store to save)."""
    gen = generation_of(backup.path)
    with contextlib.ExitStack() as stack:
        if gen is None:
            source_file = backup.db_file
        else:
            # Read from a whole copy: backing up the store first rolls the chain's head forward.
            chain = backup_chain.Chain(backup.path.parent)
            with chain.locked():
                chain.recover()
                source_file = stack.enter_context(materialised(chain, gen, backup.path))
        problem = verify_file(source_file)
        if problem:
            raise UserError(
                "The backup {label} is damaged ({problem}); the store was not replaced.",
                label=backup.label,
                problem=problem,
            )
        saved = _save_before_restore(db_path, now)
        source = sqlite3.connect(f"{source_file.resolve().as_uri()}?mode=ro", uri=True)
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


def _save_before_restore(db_path: Path, now: int | None) -> BackupInfo | None:
    """The store as it is, backed up (pre-restore); or, when its file is gone, an empty file to
    restore into (a WAL left beside it belongs to the lost database, not this one)."""
    if db_path.exists():
        live = sqlite3.connect(db_path)
        try:
            return backup_store(live, db_path, "pre-restore", now)
        finally:
            live.close()
    for leftover in (db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))
    return None
