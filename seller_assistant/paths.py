"""Where the store, its attachments, backups and the shipped resources live."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

from seller_assistant import APP_ID

DB_ENV = "SELLER_ASSISTANT_DB"
DB_FILENAME = "seller_assistant.db"
SHARED_FOLDER_ENV = "SELLER_ASSISTANT_SHARED_FOLDER"
BACKUP_FOLDER_ENV = "SELLER_ASSISTANT_BACKUP_FOLDER"


def resources_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def default_db_path() -> Path:
    """`--db` wins over SELLER_ASSISTANT_DB, which wins over the per-user data folder."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / DB_FILENAME


def demo_db_path() -> Path:
    """The demo shop's own store: invented orders never mix with a shop's real ones."""
    return user_data_dir() / "demo" / "seller_assistant_demo.db"


def shared_store_path(address: str) -> Path:
    """A shared (PostgreSQL) store's local stand-in on this desk: the folders a file store keeps
    beside its file (backups, a first attachments folder) are named after it. Never a database."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", address.split("://", 1)[-1]).strip("_") or "shared"
    return user_data_dir() / "shared" / f"{slug}.db"


def shared_attachments_dir(database: str) -> Path:
    """A shared store's attachment files: `<shared folder>/<database>.attachments`, the shared
    folder named on each desk by SELLER_ASSISTANT_SHARED_FOLDER (the same share, wherever each desk
    mounts it). Without it there is no place all desks see, and adding a file is refused."""
    folder = os.environ.get(SHARED_FOLDER_ENV, "").strip()
    if not folder:
        from seller_assistant.core.errors import UserError

        raise UserError(
            "A shared store keeps attachment files (photos, screenshots) in a folder every desk can reach, such as a NAS share; set {shared_folder_env} to that folder on this computer and try again (nothing was changed).",
            shared_folder_env=SHARED_FOLDER_ENV,
        )
    return Path(folder).expanduser() / f"{database}.attachments"


def shared_backups_dir(database: str) -> Path:
    """A shared store's backups: `<folder>/<database>.backups`, the folder named on each desk by
    SELLER_ASSISTANT_BACKUP_FOLDER, else the shared folder. The shared folder by default because
    any desk may make the day's backup: every desk then sees the same backups, the 7-daily/4-weekly
    schedule is counted once, and any desk can restore. A folder on another disk than the database
    server's (a USB disk, a second NAS) survives that server's loss: name it with the variable."""
    folder = os.environ.get(BACKUP_FOLDER_ENV, "").strip() or os.environ.get(SHARED_FOLDER_ENV, "").strip()
    if not folder:
        from seller_assistant.core.errors import UserError

        raise UserError(
            "A shared store is backed up into a folder every desk can reach; set {backup_folder_env} (or {shared_folder_env}) to that folder on this computer and try again (nothing was changed).",
            backup_folder_env=BACKUP_FOLDER_ENV,
            shared_folder_env=SHARED_FOLDER_ENV,
        )
    return Path(folder).expanduser() / f"{database}.backups"


def attachments_dir(db_path: Path) -> Path:
    """Attachments sit beside the database so that copying the folder moves the whole store."""
    return db_path.with_name(db_path.stem + ".attachments")


def backups_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + ".backups")
