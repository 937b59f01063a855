"""Pages of SQLite files read and written raw: the live store frozen at one moment, page hashes,
and undo files (the old contents of the pages one backup generation changed).

The live store is read as a file, not through SQLite, so that a backup can hash or copy any page
without an SQL query per page. It is consistent because it is *frozen*: with the write lock held
for a moment, every committed change is checkpointed into the file; then a read transaction is
begun that SQLite serves from the file alone (its WAL fully copied: read lock 0), and the write lock
is let go. While that reader is open no checkpoint may write into the file (a checkpointer must
take read lock 0 exclusively), so the file stays exactly that moment; writers meanwhile go on
appending to the WAL. In rollback-journal mode the reader's shared lock keeps writers out instead.
The freeze's checkpoint logs the WAL's pages first, as every checkpoint of the app does, and begins
the next page log at that moment (store/backup_wal.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import struct
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from seller_assistant.core.durable import fsync_folder as sync_dir
from seller_assistant.core.errors import UserError
from seller_assistant.store import backup_wal

DIGEST = 16  # bytes of SHA-256 kept per page: change detection, not a signature
CHUNK_PAGES = 256
_UNDO_MAGIC = b"SA-UNDO1"
_UNDO_HEAD = struct.Struct("<8sIII")  # magic, page size, page count to truncate to, records
_PGNO = struct.Struct("<I")
FREEZE_WAIT_S = 30.0
HOLD_S = 2.0  # longest the write lock is held while waiting for the WAL to be copied in


@dataclass(frozen=True)
class Frozen:
    file: BinaryIO
    page_size: int
    pages: int
    log: int | None = None  # the page log begun at this moment (store/backup_wal.py); None: untracked


def header_geometry(first_page: bytes, file_size: int) -> tuple[int, int]:
    """(page size, page count) from a database file's 100-byte header (its page count is valid when
    the change counter matches the version-valid-for number; else the file's size says it)."""
    if first_page[:16] != b"SQLite format 3\x00":
        raise UserError("The store's file does not start like an SQLite database; no backup was written.")
    size = struct.unpack(">H", first_page[16:18])[0]
    size = 65536 if size == 1 else size
    counter, pages, valid_for = (struct.unpack(">I", first_page[at : at + 4])[0] for at in (24, 28, 92))
    return size, pages if pages and counter == valid_for else file_size // size


def as_backup_page(pgno: int, data: bytes) -> bytes:
    """A page as the backup stores it: page 1 says 'rollback journal' (bytes 18 and 19), so the
    backup opens as one self-contained file, never looking for a WAL beside it."""
    if pgno != 1:
        return data
    return data[:18] + b"\x01\x01" + data[20:]


def digest(data: bytes | memoryview) -> bytes:
    return hashlib.sha256(data).digest()[:DIGEST]


@contextlib.contextmanager
def frozen(db_path: Path, *, track: int | None = None) -> Iterator[Frozen]:
    """The live store's file, unchanging while the block runs (see the module's docstring).
    `track`: the page log closed and the next begun at this moment, numbered `track` or above
    (its backup chain's folder exists)."""

    def open_conn() -> sqlite3.Connection:
        conn = sqlite3.connect(db_path, isolation_level=None, timeout=10)
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # only tracked checkpoints (store/backup_wal.py)
        return conn

    writer, reader, checkpointer = open_conn(), open_conn(), open_conn()
    try:
        wal = writer.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
        deadline = time.monotonic() + FREEZE_WAIT_S
        log: list[int] = [] if track is None else [track]  # in: the floor; out: the log begun
        while not _freeze(db_path, (writer, checkpointer, reader), wal, log):
            # A reader still on an older moment keeps part of the WAL from being copied: wait for it.
            if time.monotonic() > deadline:
                raise UserError(
                    "The store {path} stayed busy (a long read kept its changes from being written into the file); no backup was written. Try again in a moment.",
                    path=db_path,
                )
            time.sleep(0.05)
        file = _raw_file(db_path)
        page_size, pages = header_geometry(os.pread(file.fileno(), 100, 0), os.fstat(file.fileno()).st_size)
        yield Frozen(file, page_size, pages, log[0] if log else None)
    finally:
        for conn in (reader, writer, checkpointer):
            conn.close()


# Closing any descriptor of a file drops every POSIX lock this process holds on it, SQLite's own
# included (sqlite.org/howtocorrupt.html, 2.2): another process could then take this process's
# connections for gone and checkpoint or delete the WAL under them. So the store's file, once
# opened raw, stays open while the process lives (one descriptor per file; it holds no lock).
_RAW_FILES: dict[tuple[int, int], BinaryIO] = {}


def _raw_file(db_path: Path) -> BinaryIO:
    info = os.stat(db_path)
    key = (info.st_dev, info.st_ino)
    if key not in _RAW_FILES:
        _RAW_FILES[key] = open(db_path, "rb", buffering=0)  # noqa: SIM115 - kept open on purpose
    return _RAW_FILES[key]


def _freeze(db_path: Path, connections: tuple[sqlite3.Connection, ...], wal: bool, log: list[int]) -> bool:
    """With the write lock held (no commit comes in), checkpoint until the file holds everything,
    then begin the reader (and, `log` holding the lowest number it may take, the next page log,
    its number put in `log`). Another connection's checkpoint may be running (busy): it ends soon
    and nothing new can follow it while we hold the lock, so ask again for a while before letting
    go."""
    writer, checkpointer, reader = connections
    writer.execute("BEGIN IMMEDIATE")
    try:
        until = time.monotonic() + HOLD_S
        while True:
            busy, logged, copied = backup_wal.tracked_checkpoint(db_path, checkpointer)
            if not wal or (not busy and 0 <= logged == copied):  # (busy: -1, -1)
                if log:
                    log[0] = backup_wal.rotate(db_path, log[0])
                reader.execute("BEGIN")
                reader.execute("SELECT count(*) FROM sqlite_schema").fetchone()
                return True
            if time.monotonic() > until:
                return False
            time.sleep(0.01)
    finally:
        writer.execute("ROLLBACK")


def read_pages(file: BinaryIO, page_size: int, first: int, count: int) -> bytes:
    data = os.pread(file.fileno(), count * page_size, (first - 1) * page_size)
    if len(data) != count * page_size:
        raise OSError(f"short read at page {first}: the file ended early")
    return data


def write_undo(path: Path, page_size: int, pages: int, records: Iterator[tuple[int, bytes]]) -> None:
    """An undo file, whole or not at all: written as `.partial`, flushed to disk, then renamed."""
    partial = path.with_name(path.name + ".partial")
    count = 0
    with open(partial, "wb") as out:
        os.chmod(partial, 0o600)
        out.write(_UNDO_HEAD.pack(_UNDO_MAGIC, page_size, pages, 0))
        for pgno, data in records:
            out.write(_PGNO.pack(pgno))
            out.write(data)
            count += 1
        out.seek(0)
        out.write(_UNDO_HEAD.pack(_UNDO_MAGIC, page_size, pages, count))
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)
    sync_dir(path.parent)


def undo_geometry(path: Path) -> tuple[int, int, int]:
    """(page size, page count, records) of an undo file."""
    with open(path, "rb") as file:
        magic, page_size, pages, count = _UNDO_HEAD.unpack(file.read(_UNDO_HEAD.size))
    if magic != _UNDO_MAGIC:
        raise OSError(f"{path.name} is not an undo file")
    return page_size, pages, count


def undo_records(path: Path) -> Iterator[tuple[int, bytes]]:
    page_size, _pages, count = undo_geometry(path)
    with open(path, "rb") as file:
        file.seek(_UNDO_HEAD.size)
        for _ in range(count):
            (pgno,) = _PGNO.unpack(file.read(_PGNO.size))
            data = file.read(page_size)
            if len(data) != page_size:
                raise OSError(f"{path.name} ends early")
            yield pgno, data


def apply_undo(target: Path, undo: Path) -> None:
    """Put back the pages an undo file holds and the page count it ends at; flushed to disk."""
    page_size, pages, _count = undo_geometry(undo)
    with open(target, "r+b") as out:
        for pgno, data in undo_records(undo):
            if pgno <= pages:
                out.seek((pgno - 1) * page_size)
                out.write(data)
        out.truncate(pages * page_size)
        out.flush()
        os.fsync(out.fileno())


def merge_undo(older: Path, newer: Path) -> None:
    """`older` (B → A) made to go from C straight to A, given `newer` (C → B): its own pages win,
    the newer file's pages are taken where it has none (and A still has the page). Replaces
    `older` whole; until `newer` is deleted both apply in turn to the same result."""
    page_size, pages, _count = undo_geometry(older)
    have = {pgno for pgno, _data in undo_records(older)}

    def records() -> Iterator[tuple[int, bytes]]:
        yield from undo_records(older)
        for pgno, data in undo_records(newer):
            if pgno not in have and pgno <= pages:
                yield pgno, data

    write_undo(older, page_size, pages, records())
