"""Half-written files a crash left behind: named so that we know them, removed when the app or CLI starts.

Every file we write goes first to a hidden side file in the target's folder, renamed into place at
the end (bundles: `.<name>.<pid>.<random>.part`, order exports `.orders-<pid>.<random>.csv.part`,
attachments `.incoming-<random>`). A killed export leaves its side file (a bundle's can be 190 MB).
At start we look only in folders we wrote to (remembered in a short list in the user data folder,
plus the store's own folders) and remove only files whose whole name matches one of our patterns,
and only when the process that wrote them is gone (the pid in the name) or, for names without a
pid, when they have not been touched for an hour — so an export running in another window is safe.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable
from pathlib import Path

from seller_assistant import paths

_REMEMBERED = "written-folders.txt"
_MAX_REMEMBERED = 50
_STALE_SECONDS = 3600
_RANDOM = r"[a-z0-9_]{8}"  # tempfile.mkstemp's random part
_WITH_PID = (
    re.compile(rf"^\..+\.(\d+)\.{_RANDOM}\.part$"),
    re.compile(rf"^\.orders-(\d+)\.{_RANDOM}\.csv\.part$"),
)
_WITHOUT_PID = (
    re.compile(rf"^\..+\.zip\.{_RANDOM}\.part$"),  # bundles written before the pid was in the name
    re.compile(rf"^\.orders-{_RANDOM}\.csv\.part$"),
    re.compile(rf"^\.incoming-{_RANDOM}$"),
)


def part_prefix(target_name: str) -> str:
    """mkstemp's prefix for a side file of `target_name` (suffix '.part')."""
    return f".{target_name}.{os.getpid()}."


def remember_folder(folder: Path) -> None:
    """Note a folder we are about to write a side file in (best effort: never fails the export)."""
    try:
        folder = folder.resolve()
        record = paths.user_data_dir() / _REMEMBERED
        known = _remembered(record)
        if str(folder) in known:
            return
        known = [*known, str(folder)][-_MAX_REMEMBERED:]
        record.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        side = record.with_name(record.name + f".{os.getpid()}.tmp")
        side.write_text("\n".join(known) + "\n", encoding="utf-8")
        os.replace(side, record)
    except OSError:
        pass


def remove_leftovers(
    store_path: Path | None = None, extra: Iterable[Path] = (), attachments: Path | None = None
) -> list[Path]:
    """Remove our own dead side files from the remembered folders, the store's folders and `extra`.
    `attachments`: the store's attachment folder when it is not beside `store_path` (a shared
    store's, in the folder every desk names)."""
    folders = [Path(p) for p in _remembered(paths.user_data_dir() / _REMEMBERED)]
    if store_path is not None:
        attachments = attachments or paths.attachments_dir(store_path)
        folders += [store_path.parent, paths.backups_dir(store_path), attachments]
        try:
            folders += [entry for entry in attachments.iterdir() if entry.is_dir()]
        except OSError:
            pass
    folders += list(extra)
    removed = []
    now = time.time()
    for folder in dict.fromkeys(folders):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") and _is_dead_leftover(entry, now):
                try:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
                except OSError:
                    pass
    return removed


def _is_dead_leftover(entry: os.DirEntry, now: float) -> bool:
    try:
        if not entry.is_file(follow_symlinks=False):
            return False
        for pattern in _WITH_PID:
            match = pattern.match(entry.name)
            if match:
                return not _alive(int(match.group(1)))
        if any(pattern.match(entry.name) for pattern in _WITHOUT_PID):
            return now - entry.stat(follow_symlinks=False).st_mtime > _STALE_SECONDS
    except OSError:
        return False
    return False


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or not ours to judge: leave the file
    return True


def _remembered(record: Path) -> list[str]:
    try:
        return [line for line in record.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError):
        return []
