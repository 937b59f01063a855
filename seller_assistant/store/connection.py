"""The store's connection: WAL, foreign keys, busy timeout, write transactions, and SQLite errors in words.

A `postgresql://` address opens a shared store instead (store/pg_connection.py), behind the same
Store: `conn`, `db`, `write()`. No migrations here (store/opening.py brings a store up to date): every module of the store may
import this one without it importing them back."""

from __future__ import annotations

import contextlib
import functools
import os
import random
import sqlite3
import stat
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from seller_assistant import paths
from seller_assistant.core.errors import StoreConflictError, StoreLockedError, UserError
from seller_assistant.core.grams import bigram_words, order_words, sided_bigram_words
from seller_assistant.core.messages import os_problem
from seller_assistant.store import backup_wal, dialect

T = TypeVar("T")

# Two staff on one PC, or the GUI and a scheduled `risk` run: wait for the other writer
# rather than failing, but not forever.
BUSY_TIMEOUT_MS = 10_000
_POLL_MS = 4  # while waiting for the write lock: SQLite's busy wait per try, then as long again asleep


@dataclass
class Store:
    """An open store: the sqlite-utils Database (or, shared, its PostgreSQL stand-in) plus where its files live.

    `path` is the SQLite file; for a shared store it is this desk's local stand-in that names the
    folders beside it (see paths.shared_store_path). `location` is what opens the store again and
    what messages name: the file, or the server's address (never holding a password)."""

    db: sqlite_utils.Database
    path: Path
    read_only: bool = False
    backend: str = dialect.SQLITE
    location: str = ""
    # Shared store only (store/live.py): who this connection writes for, so a window does not hear
    # its own changes back; and whether a write tells the other desks itself at commit ("some
    # change": a command, an import) or leaves that to the window, which knows what it changed.
    desk: str = field(default_factory=lambda: uuid.uuid4().hex)
    announces_writes: bool = True
    # The staff member working at this desk, recorded with what they seal and do (store/staff.py);
    # "": the shop settings' staff_name, if any.
    staff: str = ""
    # Read as the file alone, its WAL ignored (SQLite's immutable=1): a backup's frozen moment of
    # the live store, which no checkpoint may change while it lasts (store/page_files.py).
    frozen: bool = False

    def __post_init__(self) -> None:
        self.location = self.location or str(self.path)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @property
    def shared(self) -> bool:
        """On a PostgreSQL server that several desks use at once."""
        return self.backend == dialect.POSTGRESQL

    @property
    def attachments_dir(self) -> Path:
        if self.shared:  # every desk must reach the same files: a folder the shop names (a NAS share)
            from seller_assistant.store.pg_connection import database_name

            return paths.shared_attachments_dir(database_name(self.location))
        return paths.attachments_dir(self.path)

    @property
    def attachments_dir_if_named(self) -> Path | None:
        """`attachments_dir`, or None for a shared store on a desk that names no shared folder."""
        try:
            return self.attachments_dir
        except UserError:
            return None

    def close(self) -> None:
        if not self.read_only and not self.shared:
            # The connection closing last checkpoints the WAL by itself, unlogged: log it first.
            with contextlib.suppress(sqlite3.Error, OSError):
                backup_wal.checkpoint_if_due(self.conn, self.path, force=True)
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One short write transaction; everything inside commits together or not at all.

        BEGIN IMMEDIATE takes the write lock up front, so two writers queue on the busy
        timeout instead of one failing half-way with SQLITE_BUSY on lock upgrade.
        """
        if self.read_only:
            raise UserError("This store is open read-only; close the other window to make changes.")
        if self.shared:
            yield from self._write_shared()
            return
        if self.conn.in_transaction:
            with self.db.atomic():  # nested: a savepoint
                yield self.db
            return
        self._begin_immediate()
        try:
            yield self.db
        except sqlite3.OperationalError as exc:
            # A full disk or a lost lock half-way: roll back and say it in one sentence.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise explain_store_error(exc, self.path) from exc
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise explain_store_error(exc, self.path) from exc
        with contextlib.suppress(sqlite3.Error, OSError):  # committed: a checkpoint can come later
            backup_wal.checkpoint_if_due(self.conn, self.path)

    def _write_shared(self) -> Iterator:
        """PostgreSQL: one transaction, or a savepoint inside one; a lost connection said in words."""
        from seller_assistant.store import pg_connection  # only a shared store needs psycopg

        outermost = not self.conn.in_transaction
        try:
            with self.conn.transaction():
                yield self.db
                if outermost and self.announces_writes:
                    from seller_assistant.store import live

                    live.announce(self, None)  # PostgreSQL delivers it at commit, never on a rollback
        except pg_connection.psycopg.OperationalError as exc:
            # SQLSTATE class 40, transaction rollback: a deadlock (40P01) or a serialization
            # failure (40001) the server broke by undoing this side (psycopg's classes for them
            # share no base of their own, so the code says it). `retrying` runs the write again.
            if (exc.sqlstate or "").startswith("40"):
                raise StoreConflictError(
                    "Another desk was changing the same orders in the store {location} at the same moment; nothing of this change was saved. Try again.",
                    location=self.location,
                ) from exc
            raise pg_connection.explain_pg_error(exc, self.location) from exc

    def _begin_immediate(self) -> None:
        """BEGIN IMMEDIATE, asking again every few milliseconds while another writer holds the lock.

        SQLite's own busy handler sleeps longer and longer (up to 100 ms a try); a long import that
        writes in batches (store/import_runs.py) leaves the lock free for PAUSE_SECONDS between
        them, which such a sleeper could miss again and again. Asking often takes the first gap."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        self.conn.execute(f"PRAGMA busy_timeout = {_POLL_MS}")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    text = str(exc).lower()
                    if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                        raise explain_store_error(exc, self.path) from exc
                    time.sleep(_POLL_MS / 2000)
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


# How often a change undone by a conflict with another desk is run again before the shop is told.
CONFLICT_ATTEMPTS = 8


def retrying(store: Store, work: Callable[[], T], attempts: int = CONFLICT_ATTEMPTS) -> T:
    """`work()` (whole writes: it opens its own store.write()), run again while a shared store's
    server undoes it for a conflict with another desk. Nothing of an undone run was kept, so running
    it again is what the shop would do by clicking again; a little random wait first lets the other
    desk finish. On SQLite writers queue for the lock instead, and `work` runs once."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except StoreConflictError:
            # Inside a caller's transaction the whole of it was undone: only the caller can retry.
            if attempt == attempts or store.conn.in_transaction:
                raise
            time.sleep(random.uniform(0.005, 0.05) * attempt)
    raise AssertionError("unreachable")


def retried(write: Callable[..., T]) -> Callable[..., T]:
    """A store function that makes one whole write (`fn(store, …)`), run by `retrying`: a click on
    one desk that meets another desk's change on the same orders is saved, not refused. Called
    inside a caller's transaction it runs once, and the conflict undoes (and retries) the caller."""

    @functools.wraps(write)
    def run(store: Store, *args, **kwargs) -> T:
        return retrying(store, lambda: write(store, *args, **kwargs))

    return run


def connect(path: Path | str | None = None, *, read_only: bool = False, frozen: bool = False) -> Store:
    """The SQLite file at `path` (created if needed, unless read-only) as a Store, its schema as it is;
    a `postgresql://` address as a shared Store.

    store/opening.py's `open_store` is what the app and the commands use: it checks the version and
    migrates. This is for a worker process or a backup being verified, whose schema is not ours to change.
    `frozen`: read-only, the file as it is without its WAL — only while a backup holds it still."""
    read_only = read_only or frozen
    if dialect.is_url(path):
        return _connect_shared(str(path).strip(), read_only)
    db_path = Path(path).expanduser() if path else paths.default_db_path()
    _refuse_special_file(db_path)
    if not read_only:
        _prepare_folder(db_path)
    elif not db_path.exists():
        raise UserError("There is no store at {path}.", path=db_path)
    try:
        conn = _connect(db_path, read_only, frozen)
    except sqlite3.Error as exc:
        raise explain_store_error(exc, db_path) from exc
    # No sqlite-utils plugins: another installed package must not hook into the evidence store's
    # connections, and looking for them (every installed package's entry points) cost ~40 ms of the
    # window's opening.
    store = Store(sqlite_utils.Database(conn, execute_plugins=False), db_path, read_only, frozen=frozen)
    try:
        _check_is_sqlite(store)
    except BaseException:
        store.close()
        raise
    return store


def _connect_shared(url: str, read_only: bool) -> Store:
    from seller_assistant.store import pg_connection  # psycopg is loaded only for a shared store

    conn = pg_connection.open_connection(url, read_only=read_only)
    return Store(
        pg_connection.PgDatabase(conn),  # type: ignore[arg-type]
        paths.shared_store_path(pg_connection.safe_address(url)),
        read_only,
        dialect.POSTGRESQL,
        url,  # holds no password (refused above): safe to show, and what another connection opens
    )


def _refuse_special_file(db_path: Path) -> None:
    """--db /dev/zero or a FIFO: SQLite would block opening it or call it a disk I/O error."""
    try:
        mode = db_path.stat().st_mode
    except OSError:
        return  # missing (created below) or unreadable (SQLite's error is explained)
    if stat.S_ISDIR(mode):
        raise UserError(
            "{path} is a folder; give the store file inside it (e.g. {inside}).",
            path=db_path,
            inside=db_path / paths.DB_FILENAME,
        )
    if not stat.S_ISREG(mode):
        raise UserError(
            "{path} is not a file (a device or a pipe); give the path of a store file.", path=db_path
        )


def _prepare_folder(db_path: Path) -> None:
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            "Cannot create the folder for the store {path}: {problem}.", path=db_path, problem=os_problem(exc)
        ) from exc
    if not db_path.exists():
        # The store holds buyers' phone numbers and addresses: only this user may read it.
        try:
            fd = os.open(db_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except FileExistsError:
            pass
        except OSError as exc:
            raise UserError(
                "Cannot create the store {path}: {problem}.", path=db_path, problem=os_problem(exc)
            ) from exc


def _connect(db_path: Path, read_only: bool, frozen: bool = False) -> sqlite3.Connection:
    if read_only:
        uri = db_path.resolve().as_uri() + ("?mode=ro&immutable=1" if frozen else "?mode=ro")
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        # isolation_level=None: we open transactions ourselves (Store.write), never implicitly.
        conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    # 64 MB of page cache: a big import keeps its index pages in memory (about a quarter faster
    # on a store with 200 000 orders); SQLite only takes it as pages are actually read.
    # A backup's check of a frozen moment reads each page about once, in three processes at once:
    # the OS caches the file for all of them, 64 MB each would only add up (issue 20: ≤ 300 MB).
    conn.execute("PRAGMA cache_size = -8192" if frozen else "PRAGMA cache_size = -65536")
    # The bigram index's words are made in Python (FTS5 has no bigram tokenizer): every connection
    # that may insert a message needs the function its trigger calls.
    conn.create_function("chat_bigrams", 1, bigram_words, deterministic=True)
    # Since migration 027 with the staff's copy of each pair (core/grams.sided_words).
    conn.create_function("chat_bigrams_sided", 2, sided_bigram_words, deterministic=True)
    # The Orders table's search index (migrations 014, 020) is written by triggers calling this.
    conn.create_function("order_words", 2, order_words, deterministic=True)
    # The app checkpoints the WAL itself, logging the pages each checkpoint writes into the file
    # (store/backup_wal.py: the next backup reads only those), so SQLite's own checkpoint after a
    # commit is off; a WAL a checkpoint emptied is cut back at the next commit (limit 0), so that
    # its size says when the next checkpoint is due.
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("PRAGMA journal_size_limit = 0")
    return conn


def enable_wal(conn: sqlite3.Connection) -> None:
    """WAL lets a reader (the window) and a writer (an import, a scheduled report) work at once.
    Set only after the version check: switching journal mode writes to the file."""
    conn.execute("PRAGMA journal_mode = WAL")
    # In WAL mode NORMAL is still crash-safe for the database: the last commit may roll back on
    # power loss, never corrupt.
    conn.execute("PRAGMA synchronous = NORMAL")


def _check_is_sqlite(store: Store) -> None:
    try:
        store.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise UserError(
            "{path} is not a Seller Assistant store (not an SQLite database).", path=store.path
        ) from exc


def explain_store_error(exc: sqlite3.Error, db_path: Path) -> UserError:
    """One sentence for an SQLite error on the store: busy, read-only, full disk, or a disk fault.

    SQLite reports a full disk in several ways: "database or disk is full", but also "disk I/O
    error" when it cannot grow the -wal or -shm file (even a reading command such as `risk` needs
    them). That reads like a hardware fault, so the free space is looked at before saying so."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreLockedError(
            "The store {path} is busy in another Seller Assistant window or task; try again in a moment.",
            path=db_path,
        )
    vague = "i/o" in text or "unable to open" in text
    if "readonly" in text or "read-only" in text or (vague and not os.access(db_path.parent, os.W_OK)):
        return UserError(
            "The store {path} is read-only (its file or its folder cannot be written); nothing was changed.",
            path=db_path,
        )
    if "full" in text or (vague and disk_is_full(db_path.parent)):
        return UserError(
            "The disk holding {path} is full; free some space and try again (nothing was changed).",
            path=db_path,
        )
    if "i/o" in text:
        return UserError(
            "The store {path} could not be read or written: the system reported an input/output error; check that its disk is connected and working.",
            path=db_path,
        )
    if "unable to open" in text:
        return UserError("Cannot open the store {path}.", path=db_path)
    return UserError("The store {path} could not be used: {problem}.", path=db_path, problem=exc)


def disk_is_full(folder: Path) -> bool:
    """Less than 1 MB free for us where `folder` lives (or its nearest existing parent)."""
    for candidate in (folder, *folder.parents):
        try:
            info = os.statvfs(candidate)
        except (OSError, AttributeError):
            continue
        return info.f_bavail * info.f_frsize < 2**20
    return False
