"""Backup folders: their kinds and names, the listing newest first, retention, and which folders show
the chain's head (store/backup.py writes them, store/backup_verify.py checks them)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from seller_assistant import paths
from seller_assistant.store import backup_chain

KINDS = ("daily", "weekly", "manual", "pre-migration", "pre-restore")
KEEP = {"daily": 7, "weekly": 4}
KEEP_OTHER = 5
DB_NAME = "store.db"
MANIFEST = "verified.json"  # what the backup's verification covered, for the next one to go on from
GENERATION = "generation.json"  # which generation of the page chain (store/backup_chain.py) it is
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


def generation_of(folder: Path) -> int | None:
    """The chain generation a backup folder names; None for a backup that is a whole copy."""
    try:
        gen = json.loads((folder / GENERATION).read_text()).get("generation")
    except (OSError, ValueError, AttributeError):
        return None
    return gen if isinstance(gen, int) else None


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Every complete backup of this store, newest first."""
    root = paths.backups_dir(db_path)
    found = []
    if root.is_dir():
        for folder in root.iterdir():
            if folder.name.startswith(".") or not (
                (folder / DB_NAME).exists() or (folder / GENERATION).exists()
            ):
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


def drop_beyond_retention(backups: list[BackupInfo]) -> list[Path]:
    """Remove the backups (newest first) beyond what each kind keeps; the folders removed."""
    removed = []
    by_kind: dict[str, list[BackupInfo]] = {}
    for backup in backups:
        by_kind.setdefault(backup.kind, []).append(backup)
    for kind, found in by_kind.items():
        for old in found[KEEP.get(kind, KEEP_OTHER) :]:
            shutil.rmtree(old.path, ignore_errors=True)
            removed.append(old.path)
    return removed


def prune(db_path: Path) -> list[Path]:
    removed = []
    root = paths.backups_dir(db_path)
    if root.is_dir():
        # A backup killed half-way leaves a .partial folder; it never became a backup.
        for leftover in [*root.glob(".partial-*"), *root.glob(".materialised-*")]:
            if time.time() - leftover.stat().st_mtime > 3600:
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)
    removed += drop_beyond_retention(list_backups(db_path))
    chain = backup_chain.Chain(root)
    if chain.state() is not None:
        # Generations no folder names any more: their undo files folded into the next older one.
        wanted = {generation_of(b.path) for b in list_backups(db_path)}
        with chain.locked():
            chain.recover()
            chain.drop_unreferenced({g for g in wanted if g is not None})
    return removed


def newest_verified(db_path: Path) -> tuple[BackupInfo, dict] | None:
    """The newest backup with its verification manifest (none for backups made before it existed)."""
    for backup in list_backups(db_path):
        try:
            manifest = json.loads((backup.path / MANIFEST).read_text())
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict):
            return backup, manifest
    return None


def free_name(root: Path, name: str) -> Path:
    """Two backups of one kind in the same second get distinct folders (…-manual, …-manual.2)."""
    candidate, number = root / name, 1
    while candidate.exists():
        number += 1
        candidate = root / f"{name}.{number}"
    return candidate


def link_heads(root: Path, chain: backup_chain.Chain, unlink_all: bool = False) -> None:
    """The newest generation's folders show the chain's head as their `store.db` (a hard link: a
    file SQLite opens directly); every other generation's folder shows none, since the head is
    rolled forward in place."""
    state = chain.state()
    for folder in root.iterdir() if root.is_dir() else ():
        gen = generation_of(folder) if not folder.name.startswith(".") else None
        if gen is None:
            continue
        shown = folder / DB_NAME
        if unlink_all or not chain.head_is_whole(gen):
            shown.unlink(missing_ok=True)
        elif state is not None and not shown.exists():
            with contextlib.suppress(OSError):
                os.link(chain.head, shown)


def write_private(path: Path, text: str) -> None:
    with os.fdopen(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600), "w") as out:
        out.write(text + "\n")


def private_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
