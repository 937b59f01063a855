"""Long imports in short transactions: an import run stages its rows, then publishes them batch by batch.

Why: in one transaction, a 200 000-message chat import holds SQLite's only write lock for ten
seconds and more; a note or an agreement from the window meanwhile waits or fails. So an import
(orders or chat) is a *run* with an id, in two steps, each written in transactions of about
BATCH_SECONDS, with a pause between them in which other writers get the lock:

1. Staging: the file's rows, parsed and ready to store, go to `import_staged_rows` tagged with the
   run's id. No page, report, export or bundle reads that table: a staged row is not an order or a
   message, and it is in no evidence chain. Killed while staging, the run is *interrupted*: the
   window and `seller-assistant imports` say so, and the user chooses:
   - undo: its staged rows are deleted; nothing else was ever touched, so the store is exactly as
     before the import (no sealed evidence is removed: none was made);
   - resume: the file is read again and the rows not staged yet are added (rows are staged in file
     order and counted in the same transaction, so the count says exactly where to go on).
2. Publishing: the transaction that stages the last rows also marks the run 'publishing'. From
   then on the import is complete as far as the user is concerned — it needs nothing more from
   the file or from them. Batches of staged rows move into their tables (orders upserted; messages
   inserted and sealed into their chains, with each chain's head read under the write lock of that
   very batch, so a note or agreement sealed between two batches keeps its place in the chain) and
   leave staging in the same transaction. Killed while publishing, the rest is published by the
   next start of the app or of any command before it shows anything (`finish_pending`). Sealed
   evidence is never undone; and only a window open during those seconds can see part of them.

So, from the user's point of view, an import is all or nothing: after a kill, either none of it is
visible and it is listed as interrupted (undo or resume), or all of it is.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message
from seller_assistant.store import dialect
from seller_assistant.store.connection import Store, retried, retrying

# Each transaction's target: other writers wait at most about this long (the promise is 1 s). Each
# commit of an import into a big store writes (and checkpoints) every index page its rows landed
# on, scattered over the fingerprint, order, buyer and chain indexes, and adds a segment to each
# search index: longer transactions share more of those pages and make fewer segments (commits were
# ~40 µs of a message's ~110 µs of CPU into 10 M messages; benchmarks/profile_notes.md).
BATCH_SECONDS = 0.25
PAUSE_SECONDS = 0.02  # between transactions: a waiting writer (polling every few ms) takes the lock
# While a run is written, its connection may keep this much of the store in its page cache (KiB,
# SQLite's negative cache_size): the rows land at random in indexes of hundreds of MB in a big
# store, and the default cache (connection.py, 64 MB) re-reads their pages at every batch.
# A ceiling, not an allocation: SQLite takes pages as they are used and frees them on restore.
IMPORT_CACHE_KIB = 262_144
_FIRST_BATCH = 500
_MIN_BATCH, _MAX_BATCH = 50, 50_000  # 50: below it a batch's search indexes are filled row by row
# A transaction's first piece is this part of its planned size: rows that suddenly cost up to
# about this many times the last transaction's still end it near BATCH_SECONDS.
_FIRST_PIECE_PART = 8

STAGING, PUBLISHING, DONE, UNDONE = "staging", "publishing", "done", "undone"


@dataclass(frozen=True)
class ImportRun:
    id: int
    shop_id: int
    kind: str  # 'orders' | 'chat'
    file: str  # the path as given, to read again on resume
    state: str
    pid: int | None
    staged: int
    published: int
    started_at: int
    finished_at: int | None
    params: dict  # what the import needs to resume (format, order, source, mapping …)
    result: dict | None

    @property
    def interrupted(self) -> bool:
        return self.state == STAGING and not _alive(self.pid)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "file": self.file,
            "state": "interrupted" if self.interrupted else self.state,
            "staged": self.staged,
            "published": self.published,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
        }


class Pacer:
    """Transactions of about BATCH_SECONDS, whatever the machine, its load and the rows: measured
    as they are written, not assumed from a cost per row.

    A row's cost is not steady: a message of a returning buyer lands on cold index pages and is
    paired again within that buyer's history (store/reply_summary.py), a loaded machine or a
    checkpoint slows every row at once. So each transaction writes its rows in pieces
    (`transaction`) and commits once it has run BATCH_SECONDS, whatever its planned size; and the
    next transaction's planned size follows the rows per second this one got, its commit included
    (`timed`)."""

    def __init__(self) -> None:
        self.size = _FIRST_BATCH

    def transaction(self) -> Budget:
        """The time and rows of one transaction, from now (call it holding the write lock)."""
        return Budget(self.size)

    def timed(self, count: int, seconds: float) -> None:
        if count and seconds > 0:
            wanted = count * BATCH_SECONDS / seconds
            self.size = int(min(max(wanted, self.size / 4, _MIN_BATCH), self.size * 4, _MAX_BATCH))
        time.sleep(PAUSE_SECONDS)


class Budget:
    """One transaction's rows, piece by piece: the first piece a part of the planned size (if rows
    now cost many times what the last transaction's did, this piece shows it), each next one what
    the time left holds at the rate this transaction got so far (at most four times the last
    piece), until BATCH_SECONDS are spent or the planned size is written. Then commit."""

    def __init__(self, size: int) -> None:
        self.began = time.perf_counter()
        self.size = size
        self.done = 0
        self._last = 0

    def next_piece(self) -> int:
        """How many rows to write next; 0: commit now."""
        left = self.size - self.done
        if not self.done:
            return min(left, max(_MIN_BATCH, self.size // _FIRST_PIECE_PART))
        spent = time.perf_counter() - self.began
        if left <= 0 or spent >= BATCH_SECONDS:
            return 0
        fits = int(self.done * (BATCH_SECONDS - spent) / spent) if spent > 0 else left
        if fits < min(_MIN_BATCH, left):
            return 0  # too little time left for a piece worth its statements
        return min(left, fits, 4 * self._last)

    def wrote(self, count: int) -> None:
        self.done += count
        self._last = count


@retried
def begin(store: Store, shop_id: int, kind: str, file: str, params: dict, now: int) -> int:
    with store.write():
        cursor = store.conn.execute(
            "INSERT INTO import_runs (shop_id, kind, file, params, state, pid, started_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (shop_id, kind, file, json.dumps(params, ensure_ascii=False), STAGING, os.getpid(), now),
        )
        return int(cursor.fetchone()[0])


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # one encoder for every row


@contextmanager
def import_cache(store: Store) -> Iterator[None]:
    """The run's connection with a page cache sized for the indexes it inserts into at random, for
    the import's duration (a setting of this connection only, put back after)."""
    if store.shared:  # PostgreSQL's server keeps its own buffers
        yield
        return
    before = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    store.conn.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        store.conn.execute(f"PRAGMA cache_size = {int(before)}")


def stage(store: Store, run_id: int, rows: Iterable[Sequence], pacer: Pacer, *, last: bool = False) -> None:
    """Stage `rows` (JSON-able tuples) after those already staged, in paced transactions; with
    `last`, the final transaction also marks the run 'publishing'."""
    pending = list(rows)
    start = 0
    while True:
        began = time.perf_counter()
        # Each transaction is one whole write: one undone by another desk's conflict is staged again.
        staged = retrying(store, partial(_stage_rows, store, run_id, pending, start, pacer, last))
        start += staged
        if start >= len(pending):
            return
        pacer.timed(staged, time.perf_counter() - began)


def _stage_rows(store: Store, run_id: int, pending: list, start: int, pacer: Pacer, last: bool) -> int:
    """Stage rows of `pending` from `start` on in one transaction of the pacer's; how many."""
    with store.write():
        staged = _claim(store, run_id, STAGING)
        budget = pacer.transaction()
        while piece := budget.next_piece():
            chunk = pending[start + budget.done : start + budget.done + piece]
            if not chunk:
                break
            first = staged + budget.done
            store.conn.executemany(
                "INSERT INTO import_staged_rows (import_id, seq, row) VALUES (?, ?, ?)",
                ((run_id, first + i, _encode(row)) for i, row in enumerate(chunk)),
            )
            budget.wrote(len(chunk))
        final = last and start + budget.done >= len(pending)
        store.conn.execute(
            "UPDATE import_runs SET staged = staged + ?, state = ? WHERE id = ?",
            (budget.done, PUBLISHING if final else STAGING, run_id),
        )
    return budget.done


Publisher = Callable[[Store, ImportRun, list[list]], dict[str, int]]


def publish(
    store: Store,
    run_id: int,
    publisher: Publisher,
    pacer: Pacer | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Move the run's staged rows into their tables batch by batch; returns the summed counts the
    publisher reports (inserted, updated …). Safe to run from two processes: each batch is read,
    written and deleted from staging under one write lock."""
    pacer = pacer or Pacer()
    totals: dict[str, int] = {}
    while True:
        began = time.perf_counter()
        # A batch undone by another desk's change on the same rows is run again (a shared store).
        run, published, counts = retrying(store, lambda: _publish_batch(store, run_id, publisher, pacer))
        if counts is None:
            return totals
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
        if progress is not None:
            progress(run.published + published, run.staged)
        pacer.timed(published, time.perf_counter() - began)


def _publish_batch(
    store: Store, run_id: int, publisher: Publisher, pacer: Pacer
) -> tuple[ImportRun, int, dict[str, int] | None]:
    """Staged rows into their tables, piece by piece, in one transaction of the pacer's: (the run,
    rows published, the publisher's summed counts), counts None when nothing was left and the run
    is done."""
    with store.write():
        run = _claimed_run(store, run_id, PUBLISHING)
        budget = pacer.transaction()
        counts: dict[str, int] = {}
        last_seq = -1
        while piece := budget.next_piece():
            batch = store.conn.execute(
                "SELECT seq, row FROM import_staged_rows WHERE import_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                (run_id, last_seq, piece),
            ).fetchall()
            if not batch:
                break
            for key, value in publisher(store, run, [json.loads(row) for _, row in batch]).items():
                counts[key] = counts.get(key, 0) + value
            last_seq = batch[-1][0]
            budget.wrote(len(batch))
        if not budget.done:
            store.conn.execute(
                "UPDATE import_runs SET state = ?, finished_at = ? WHERE id = ?",
                (DONE, int(time.time()), run_id),
            )
            return run, 0, None
        store.conn.execute(
            "DELETE FROM import_staged_rows WHERE import_id = ? AND seq <= ?", (run_id, last_seq)
        )
        store.conn.execute(
            "UPDATE import_runs SET published = published + ? WHERE id = ?", (budget.done, run_id)
        )
    return run, budget.done, counts


def run_import(
    store: Store,
    shop_id: int,
    kind: str,
    file: str,
    params: dict,
    batches: Iterable[list],
    publisher: Publisher,
    now: int,
    *,
    run_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    total: int | None = None,
) -> tuple[int, dict[str, int]]:
    """Stage every batch, then publish: (run id, the publisher's summed counts).

    With `run_id` (a resumed run, already taken over) the rows it staged before are skipped: the
    batches are the whole file again, in the same order. Any failure while staging (a full disk,
    a cancel, a bad file found late) undoes the run at once; a failure while publishing leaves the
    rest for `finish_pending`, since the import was complete for the user. `progress` counts
    staging then publishing, each half of `total` rows (the file's, when known): raising from it
    while staging (the user's cancel) undoes the run."""
    resumed = run_id is not None
    skip = get_run(store, run_id).staged if resumed else 0
    with import_cache(store):
        pacer = Pacer()
        done = 0
        try:
            for batch in batches:
                if skip:
                    dropped = min(skip, len(batch))
                    batch, skip = batch[dropped:], skip - dropped
                if batch:
                    # Begun at the first rows: a file refused before any row leaves no trace.
                    run_id = run_id if run_id is not None else begin(store, shop_id, kind, file, params, now)
                    stage(store, run_id, batch, pacer)
                    done += len(batch)
                    if progress is not None:
                        progress(done, 2 * max(total or done, 1))
            run_id = run_id if run_id is not None else begin(store, shop_id, kind, file, params, now)
            stage(store, run_id, [], pacer, last=True)
        except BaseException:
            if run_id is not None:
                abandon(store, run_id, keep=resumed)
            raise
        # A pacer of its own: staging a row costs a small part of publishing it, so the staging
        # pacer's batch size would make the first publishing transactions many times too long.
        return run_id, publish(store, run_id, publisher, Pacer(), _second_half(progress))


def _second_half(progress):
    """Publishing reports the second half of the progress, and must not be stopped by it (a cancel
    there is too late: the import is complete for the user)."""
    if progress is None:
        return None

    def report(published: int, staged: int) -> None:
        try:
            progress(staged + published, 2 * max(staged, 1))
        except Exception:  # noqa: BLE001 - the user's cancel, or a closed window
            pass

    return report


def abandon(store: Store, run_id: int, keep: bool = False) -> None:
    """Undo our own run after a failure while staging, or with `keep` (a resumed run: the user
    chose to go on with it) leave it interrupted for another try. Best effort: if even that
    fails, the run shows as interrupted once this process ends."""
    try:
        with store.write():
            store.conn.execute(
                "UPDATE import_runs SET pid = NULL WHERE id = ? AND state = ? AND pid = ?",
                (run_id, STAGING, os.getpid()),
            )
        if not keep and get_run(store, run_id).interrupted:
            undo(store, run_id)
            with store.write():  # a failed import leaves no trace, not even its run
                store.conn.execute("DELETE FROM import_runs WHERE id = ? AND state = ?", (run_id, UNDONE))
    except (UserError, OSError, sqlite3.Error):
        pass


@retried
def save_result(store: Store, run_id: int, result: dict) -> None:
    with store.write():
        store.conn.execute(
            "UPDATE import_runs SET result = ? WHERE id = ?", (json.dumps(result, ensure_ascii=False), run_id)
        )


def undo(store: Store, run_id: int) -> ImportRun:
    """Delete an interrupted run's staged rows; the store is then as before the import began."""
    run = get_run(store, run_id)
    if run.state != STAGING or not run.interrupted:
        raise UserError(_why_not(run, "undone"))
    while True:
        with store.write():
            deleted = store.conn.execute(
                "DELETE FROM import_staged_rows WHERE import_id = ? AND seq IN"
                " (SELECT seq FROM import_staged_rows WHERE import_id = ? ORDER BY seq LIMIT 20000)",
                (run_id, run_id),
            ).rowcount
            if not deleted:
                store.conn.execute(
                    "UPDATE import_runs SET state = ?, finished_at = ? WHERE id = ?",
                    (UNDONE, int(time.time()), run_id),
                )
                break
        time.sleep(PAUSE_SECONDS)
    return get_run(store, run_id)


@retried
def take_over(store: Store, run_id: int) -> ImportRun:
    """Resume an interrupted run in this process: it becomes ours (a second resume is refused)."""
    with store.write():
        run = get_run(store, run_id)
        if run.state != STAGING or not run.interrupted:
            raise UserError(_why_not(run, "resumed"))
        store.conn.execute("UPDATE import_runs SET pid = ? WHERE id = ?", (os.getpid(), run_id))
    return get_run(store, run_id)


def finish_pending(store: Store, publishers: dict[str, Publisher]) -> list[int]:
    """Publish what runs killed while publishing left staged (the import was complete for the
    user), each kind by its publisher (store/pending_imports.py names them all)."""
    if store.read_only or "import_runs" not in _tables(store):
        return []
    finished = []
    for run in list_runs(store):
        if run.state == PUBLISHING and not _alive(run.pid) and run.kind in publishers:
            with store.write():
                store.conn.execute(
                    "UPDATE import_runs SET pid = ? WHERE id = ? AND state = ?",
                    (os.getpid(), run.id, PUBLISHING),
                )
            with import_cache(store):
                publish(store, run.id, publishers[run.kind])
            finished.append(run.id)
    return finished


def get_run(store: Store, run_id: int) -> ImportRun:
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM import_runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise UserError("There is no import {run_id} (see 'seller-assistant imports').", run_id=run_id)
    return _run(row)


def list_runs(store: Store, shop_id: int | None = None, limit: int = 50) -> list[ImportRun]:
    if "import_runs" not in _tables(store):
        return []
    where, args = ("WHERE shop_id = ?", (shop_id,)) if shop_id is not None else ("", ())
    return [
        _run(row)
        for row in store.conn.execute(
            f"SELECT {_COLUMNS} FROM import_runs {where} ORDER BY id DESC LIMIT ?", (*args, limit)
        )
    ]


def interrupted_runs(store: Store, shop_id: int | None = None) -> list[ImportRun]:
    if "import_runs" not in _tables(store):
        return []
    where, args = ("AND shop_id = ?", (shop_id,)) if shop_id is not None else ("", ())
    rows = store.conn.execute(
        f"SELECT {_COLUMNS} FROM import_runs WHERE state = ? {where} ORDER BY id", (STAGING, *args)
    )
    return [run for run in map(_run, rows) if run.interrupted]


_COLUMNS = "id, shop_id, kind, file, state, pid, staged, published, started_at, finished_at, params, result"


def _run(row) -> ImportRun:
    return ImportRun(*row[:10], json.loads(row[10] or "{}"), json.loads(row[11]) if row[11] else None)


def _claim(store: Store, run_id: int, state: str) -> int:
    """The run's staged count, checking (under the write lock) that it is still ours and in `state`."""
    run = _claimed_run(store, run_id, state)
    return run.staged


def _claimed_run(store: Store, run_id: int, state: str) -> ImportRun:
    run = get_run(store, run_id)
    if run.state != state or run.pid != os.getpid():
        raise UserError(
            "Import {run_id} was taken over or undone by another window or command; this one stopped.",
            run_id=run_id,
        )
    return run


def _why_not(run: ImportRun, verb: str) -> Message:
    if run.state == STAGING:
        return Message(
            "Import {run_id} ({file}) is still running; it can be {verb} only once it was interrupted.",
            run_id=run.id,
            file=run.file,
            verb=Message(verb),
        )
    words = {
        PUBLISHING: Message("is complete (its last rows are being stored)"),
        DONE: Message("is complete"),
        UNDONE: Message("was already undone"),
    }
    return Message(
        "Import {run_id} ({file}) {state}; it cannot be {verb}.",
        run_id=run.id,
        file=run.file,
        state=words.get(run.state, run.state),
        verb=Message(verb),
    )


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _tables(store: Store) -> set[str]:
    return dialect.table_names(store.conn)
