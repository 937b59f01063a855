"""Which pages of the store changed since its last backup, read from the WAL before the app
checkpoints it (issue 20: the next day's backup of a 7.8 GB store reads the pages that changed,
not the whole file).

In WAL mode a change reaches the store's file only when a checkpoint copies its WAL frame there.
The app's connections never checkpoint by themselves (`wal_autocheckpoint = 0`,
store/connection.py); the app checkpoints with `tracked_checkpoint`, which, holding the write lock
(no frame is added meanwhile), first appends the page number of every frame a checkpoint may copy
to the newest page log and flushes it, then begins a read at that moment and lets the lock go (a
checkpoint stops at the end mark of any open reader, sqlite.org/wal.html), and checkpoints. So
every page written into the file by the app is in a log before it is written.

A checkpoint by anyone else (the sqlite3 shell, another program, a copy of the app too old to
track, a restore) writes into the file unseen. Each log therefore keeps the file's stat (inode,
size, modification and change times) as the app's last checkpoint left it; a checkpoint that finds
another stat marks the log incomplete, and the backup answers an incomplete or missing log with a
scan of every page (store/backup_chain.py). A missed change costs time, never a wrong backup:
- the stat is taken with the write lock still held, after the file system's clock has moved past
  the checkpoint's own write (`TICK_NS`), so a later write by anyone changes it; a file system
  whose times are whole hundredths of a second (FAT, exFAT) cannot show that, and its logs are
  kept incomplete;
- a crash between the log and the checkpoint leaves pages logged that were not yet written (the
  backup finds them unchanged); a crash inside the checkpoint leaves a stat the log does not know
  (the next backup scans every page); a crash that leaves a WAL to be recovered leaves its frames
  in the WAL, logged at the next checkpoint, before anything copies them.

Logs: `<backups>/.chain/pages-<n>`, a 64-byte header (magic, complete, the stat, a checksum),
then page numbers (4 bytes each, little-endian). A backup's freeze (store/page_files.py) closes the
newest log and begins the next (`rotate`); the chain's head names the log begun with it, and the
next backup reads the logs from that one to the newest it closed (`changed_pages`).
The WAL format: sqlite.org/fileformat2.html, "4. The Write-Ahead Log".
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import struct
import sys
import time
from array import array
from collections.abc import Callable
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.durable import fsync_folder

CHAIN_DIR = ".chain"
TICK_NS = 20_000_000  # longer than a file system's timestamp tick (jiffies: 1-10 ms)
COARSE_NS = 10_000_000  # times that are whole multiples of this come from a coarse file system
DUE_BYTES = 4 << 20  # checkpoint when the WAL holds ~1 000 pages, as SQLite's own default did
_LOG = re.compile(r"pages-(\d+)$")
_MAGIC = b"SA-PAGE1"
_HEAD = struct.Struct("<8sI4xQQQQQ")  # magic, complete, dev, inode, size, mtime_ns, ctime_ns
_HEAD_SIZE = 64
_WAL_HEAD = struct.Struct(">IIII")  # magic, format version, page size, checkpoint sequence
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_HEAD_SIZE = 32
_FRAME = struct.Struct(">IIII")  # page number, size after commit (0: not a commit), salt-1, salt-2
_INDEX_HEAD = 136  # two copies of the wal-index header (48 bytes each), then the checkpoint's counters
_NATIVE_U32 = struct.Struct("=I")  # the wal-index is in the machine's byte order
_PGNO = "I"  # array typecode of a logged page number (4 bytes)

Stat = tuple[int, int, int, int, int]


class _Untrackable(Exception):
    """The WAL could not be read as SQLite writes it: the log cannot vouch for this checkpoint."""


def log_dir(db_path: Path) -> Path:
    return paths.backups_dir(db_path) / CHAIN_DIR


def file_stat(db_path: Path) -> Stat:
    info = os.stat(db_path)
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def epochs(folder: Path) -> list[int]:
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(int(m.group(1)) for name in names if (m := _LOG.match(name)))


def _log_path(folder: Path, epoch: int) -> Path:
    return folder / f"pages-{epoch}"


# -- the app's checkpoint -------------------------------------------------------------------------


def checkpoint_if_due(conn: sqlite3.Connection, db_path: Path, *, force: bool = False) -> None:
    """The app's own checkpoint after a commit (when the WAL has grown past DUE_BYTES) or before
    its connection closes (`force`: a connection closing last checkpoints by itself, unlogged).
    The write lock is held only while the pages are logged, never waited for: if another writer
    has it, that writer checkpoints after its commit."""
    try:
        size = os.stat(db_path.with_name(db_path.name + "-wal")).st_size
    except OSError:
        return  # no WAL: not in WAL mode, or nothing written since the last connection closed
    if size <= _WAL_HEAD_SIZE or (size < DUE_BYTES and not force):
        return
    if not epochs(log_dir(db_path)):
        _checkpoint(conn)  # no backup chain yet: its first backup reads every page
        return
    waited = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return  # another writer holds the lock (or this connection is inside a transaction)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(waited)}")
    checkpointer = pin = None
    try:
        checkpointer = sqlite3.connect(db_path, isolation_level=None)
        pin = sqlite3.connect(db_path, isolation_level=None)
        tracked_checkpoint(db_path, checkpointer, (pin, lambda: conn.execute("ROLLBACK")))
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        for other in (pin, checkpointer):
            if other is not None:
                other.close()


def tracked_checkpoint(
    db_path: Path, checkpointer: sqlite3.Connection, early: tuple[sqlite3.Connection, Callable] | None = None
) -> tuple[int, int, int]:
    """A PASSIVE checkpoint on `checkpointer`, the WAL's pages logged first. Call holding the
    store's write lock on another connection. `early`: (a spare connection, the lock's release):
    the lock is let go once the pages are logged, a read on the spare connection begun first
    holding every checkpoint (anyone's) to the frames logged — a checkpoint never copies a frame
    past an open reader's end mark (sqlite.org/wal.html). Returns the checkpoint's (busy, frames,
    copied)."""
    folder = log_dir(db_path)
    known = epochs(folder)
    if not known:
        return _checkpoint(checkpointer)  # no backup chain yet: its first backup reads every page
    path = _log_path(folder, known[-1])
    try:
        log = open(path, "r+b", buffering=0)  # noqa: SIM115 - closed below, after the checkpoint
    except FileNotFoundError:
        return _checkpoint(checkpointer)  # pruned meanwhile: the next backup reads every page
    except OSError:
        return (1, -1, -1)  # neither logged nor removable: not checkpointed, the WAL keeps it all
    with log:
        try:
            complete, stat = _read_head(log)
            logged = (str(db_path), os.fstat(log.fileno()).st_ino)
            try:
                pages, upto = _wal_pages(db_path, _LOGGED.get(logged)) if complete else (None, None)
            except _Untrackable:
                pages = upto = None
            # After the wal-index was read: a checkpoint by someone else that copied frames before
            # then has already written into the file (it counts frames copied after writing them).
            if complete and (pages is None or stat != file_stat(db_path)):
                complete = False
                _write_head(log, False, stat)
            if complete and pages:
                if sys.byteorder == "big":
                    pages.byteswap()
                log.seek(0, os.SEEK_END)
                log.write(pages.tobytes())
                os.fsync(log.fileno())
            if complete:
                _LOGGED[logged] = upto
        except OSError:
            return _unlogged(path, checkpointer)
        if early is not None:
            pin, release = early
            pin.execute("BEGIN")
            pin.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # its moment: the frames logged
            release()
        try:
            result = _checkpoint(checkpointer)
            if complete:
                try:
                    _write_head(log, *settled(db_path))
                except OSError:
                    pass  # the log keeps the stat before: the next checkpoint marks it incomplete
        finally:
            if early is not None:
                early[0].execute("ROLLBACK")
        return result


def _checkpoint(checkpointer: sqlite3.Connection) -> tuple[int, int, int]:
    busy, frames, copied = checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return busy, frames, copied


def _unlogged(path: Path, checkpointer: sqlite3.Connection) -> tuple[int, int, int]:
    """The log could not be written (a full disk): removed, so that the next backup reads every
    page, and then checkpointed. If it cannot even be removed, nothing is checkpointed."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        return (1, -1, -1)
    return _checkpoint(checkpointer)


def settled(db_path: Path) -> tuple[bool, Stat]:
    """(whether a later write will show, the file's stat), once the file system's clock has moved
    past its last write. Call after the app's checkpoint, while no other may copy a frame the log
    does not have (the write lock, or a read begun with it held)."""
    stat = file_stat(db_path)
    if stat[3] > time.time_ns() + TICK_NS:
        return False, stat  # a time ahead of this clock (a file from another machine): cannot tell
    while time.time_ns() < stat[3] + TICK_NS:
        time.sleep(max(0.001, (stat[3] + TICK_NS - time.time_ns()) / 1e9))
        stat = file_stat(db_path)
    return stat[3] % COARSE_NS != 0, stat


# Per store and log (its inode): the WAL cycle (its salts) and the last of its frames this process
# logged, so that a checkpoint that could not copy everything (a reader on an older moment) does
# not log the same frames again at the next commit. A committed frame is never rewritten in its
# cycle, and a log begins only after a checkpoint copied every frame (`rotate`).
_LOGGED: dict[tuple[str, int], tuple[bytes, int]] = {}


def _wal_pages(db_path: Path, logged: tuple[bytes, int] | None) -> tuple[array, tuple[bytes, int]]:
    """The page number of every WAL frame a checkpoint may still copy into the file: those after
    the last one copied (nBackfill) up to the last committed one (mxFrame), as the wal-index says
    (sqlite.org/walformat.html, 2.1), less those `logged` already; and the new (salts, last frame
    logged). Read with the write lock held, so no frame is added meanwhile. The frames up to
    nBackfill are in the file already: logged when the app copied them, or copied by someone else
    and seen in the file's stat."""
    try:
        return _frames_to_copy(db_path, logged)
    except OSError as exc:  # no -shm (not in WAL mode) or no -wal: nothing SQLite would write
        raise _Untrackable(str(exc)) from exc


def _frames_to_copy(db_path: Path, logged: tuple[bytes, int] | None) -> tuple[array, tuple[bytes, int]]:
    index = os.pread(_kept_open(db_path.with_name(db_path.name + "-shm")), _INDEX_HEAD, 0)
    if len(index) < _INDEX_HEAD or index[:48] != index[48:96] or not index[12]:
        raise _Untrackable("no wal-index header")  # both copies agree once a writer has finished
    (frames,) = _NATIVE_U32.unpack_from(index, 16)
    (copied,) = _NATIVE_U32.unpack_from(index, 96)
    pages = array(_PGNO)
    salts = index[32:40]
    if logged is not None and logged[0] == salts:
        copied = max(copied, logged[1])
    if frames <= copied:
        return pages, (salts, copied)
    with open(db_path.with_name(db_path.name + "-wal"), "rb", buffering=0) as wal:
        head = wal.read(_WAL_HEAD_SIZE)
        if len(head) < _WAL_HEAD_SIZE or _WAL_HEAD.unpack_from(head)[0] not in _WAL_MAGIC:
            raise _Untrackable("not a WAL header")
        page_size = _WAL_HEAD.unpack_from(head)[2]
        if head[16:24] != salts:
            raise _Untrackable("the WAL is not the one its index describes")
        for frame in range(copied + 1, frames + 1):
            header = os.pread(wal.fileno(), _FRAME.size, _WAL_HEAD_SIZE + (frame - 1) * (24 + page_size))
            if len(header) < _FRAME.size or header[8:16] != salts:
                raise _Untrackable(f"WAL frame {frame} is not of its cycle")
            pages.append(_FRAME.unpack(header)[0])
    return pages, (salts, frames)


# Closing any descriptor of a file drops every POSIX lock the process holds on it, and SQLite holds
# the WAL's locks on the -shm file (sqlite.org/howtocorrupt.html, 2.2): a -shm opened here stays
# open while the process lives (one descriptor per file, holding no lock).
_KEPT: dict[tuple[int, int], int] = {}


def _kept_open(path: Path) -> int:
    info = os.stat(path)
    key = (info.st_dev, info.st_ino)
    if key not in _KEPT:
        _KEPT[key] = os.open(path, os.O_RDONLY)
    return _KEPT[key]


# -- the log, for the backup ----------------------------------------------------------------------


def rotate(db_path: Path, floor: int) -> int:
    """The newest log closed and the next begun, complete from this moment; its number, never
    below `floor` nor an existing log's (a number never comes back: a log lost and numbered again
    would pass for the one the chain's head names). Call holding the write lock, after a
    checkpoint that copied the whole WAL (store/page_files.py)."""
    folder = log_dir(db_path)
    known = epochs(folder)
    epoch = max(floor, known[-1] + 1 if known else 1)
    path = _log_path(folder, epoch)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb", buffering=0) as log:
        os.chmod(partial, 0o600)
        _write_head(log, *settled(db_path))
    os.replace(partial, path)
    fsync_folder(folder)
    return epoch


def changed_pages(folder: Path, first: int, last: int, pages: int, old_pages: int) -> bytearray | None:
    """Byte per page (index = page number): 1 where a page may differ from what it was when log
    `first` began — logged in logs first..last, page 1, or beyond the old page count. None when
    one of those logs is missing or incomplete: then only a scan of every page can tell."""
    if last < first:
        return None  # the log begun with the head is gone, and later ones were numbered anew
    marks = bytearray(pages + 1)
    for epoch in range(first, last + 1):
        try:
            with open(_log_path(folder, epoch), "rb", buffering=0) as log:
                complete, _stat = _read_head(log)
                if not complete:
                    return None
                while chunk := log.read(1 << 20):
                    logged = array(_PGNO)
                    logged.frombytes(
                        chunk[: len(chunk) // 4 * 4]
                    )  # a torn last entry: its frame is still in the WAL
                    if sys.byteorder == "big":
                        logged.byteswap()
                    for pgno in logged:
                        if pgno <= pages:
                            marks[pgno] = 1
        except OSError:
            return None
    if pages:
        marks[1] = 1  # its header changes with the file (page count, change counter)
    marks[old_pages + 1 :] = b"\x01" * max(0, pages - old_pages)
    marks[0] = 0
    return marks


def forget_before(folder: Path, epoch: int) -> None:
    """Logs older than `epoch` removed: the chain's head covers what they listed."""
    for old in epochs(folder):
        if old < epoch:
            with contextlib.suppress(OSError):
                _log_path(folder, old).unlink()


def _read_head(log) -> tuple[bool, Stat]:
    data = os.pread(log.fileno(), _HEAD_SIZE, 0)
    if len(data) < _HEAD_SIZE or data[_HEAD.size :] != _checksum(data[: _HEAD.size]):
        return False, (0, 0, 0, 0, 0)  # torn or foreign: it vouches for nothing
    magic, complete, *stat = _HEAD.unpack(data[: _HEAD.size])
    return magic == _MAGIC and complete == 1, tuple(stat)  # type: ignore[return-value]


def _write_head(log, complete: bool, stat: Stat) -> None:
    body = _HEAD.pack(_MAGIC, 1 if complete else 0, *stat)
    os.pwrite(log.fileno(), body + _checksum(body), 0)
    os.fsync(log.fileno())


def _checksum(body: bytes) -> bytes:
    return hashlib.sha256(body).digest()[: _HEAD_SIZE - _HEAD.size]
