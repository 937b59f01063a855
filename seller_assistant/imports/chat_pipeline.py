"""A big chat import on two cores: a worker process reads, links and fingerprints; this one writes.

Decoding, line parsing, local times, order links and fingerprints are pure Python and per message:
they run in a worker (core/processes.py) that streams ready rows through a pipe.
The worker reads the store on its own read-only connection (orders to link to). Two ways to store:
- everyday: this process stages the rows and publishes them as an import run
  (store/import_runs.py), which keeps the import all-or-nothing for the user while other writers
  get the lock between batches;
- a shop's history (`load_history_in_worker`): this process holds the write lock for one
  transaction (store/chat_history.py) and the worker also gives ids, seals and bigram words from
  the first id read under that lock, so that this process does nothing per message but write.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from seller_assistant.core import processes
from seller_assistant.core.errors import UserError
from seller_assistant.importers.chat_parse import RowError
from seller_assistant.imports import chat_parsers
from seller_assistant.store import chat_history, message_rows
from seller_assistant.store.connection import Store
from seller_assistant.store.staff import acting_staff

# Starting a Python process costs ~0.3 s; below ~20 000 lines it would cost more than it saves.
WORKER_MIN_BYTES = 1_500_000

# (messages, inserted, duplicates, orders linked, unlinked, errors) — ChatImportResult's numbers.
Outcome = tuple[int, int, int, int, int, list[RowError]]


@dataclass(frozen=True)
class _Job:
    location: str  # the SQLite file or the shared store's address (Store.location)
    shop_id: int
    path: str
    format: str
    source: str
    order: dict | None
    now: int
    first_id: int | None = None  # a history load: the worker makes the rows and seals from this id
    sealed_by: str | None = None  # who the history load's seals name (this desk's staff member)
    piece_chars: int = chat_parsers.PIECE_CHARS  # with parser processes: how the file is cut for them


def worth_a_worker(path: Path) -> bool:
    if not processes.may_spawn():
        return False
    try:
        return path.stat().st_size >= WORKER_MIN_BYTES
    except OSError:
        return False  # the in-process path reports it in the usual words


def import_in_worker(
    store: Store, shop_id: int, path: Path, format: str, source: str, order: dict | None, now: int, run: dict
) -> Outcome | None:
    """Import with a reader process; None when the worker could not do it (it could not start, or
    it died): nothing was kept then, and the caller imports in this process instead. `run` says
    how the rows are stored (chats.store_in_run: a new import run or a resumed one)."""
    started = processes.start(
        run_worker,
        _Job(str(store.location), shop_id, str(path), format, source, order, now),
        name="chat-import-reader",
    )
    if started is None:
        return None
    reader = _Reader(*started)
    try:
        inserted = run["store"](reader.batches())
    except (EOFError, OSError, _WorkerLost):
        return None  # the run was undone on the way out
    finally:
        reader.stop()
    return reader.outcome(inserted)


def load_history_in_worker(
    store: Store, shop_id: int, path: Path, format: str, source: str, order: dict | None, now: int
) -> Outcome | None:
    """A shop's chat history in one transaction, read, sealed and indexed for it by a worker (and,
    for a big file on a computer with cores to spare, parsed by more: imports/chat_parsers.py);
    None when the worker could not do it (nothing was written then: the caller imports in this process)."""
    parsers = _start_parsers(store, shop_id, path, format, source, order)
    reader = None
    try:
        with store.write():
            first_id = message_rows.next_message_id(store)
            who = acting_staff(store, shop_id)  # the worker's own connection has no desk
            started = processes.start(
                run_worker,
                _Job(
                    str(store.location),
                    shop_id,
                    str(path),
                    format,
                    source,
                    order,
                    now,
                    first_id,
                    who,
                    chat_parsers.PIECE_CHARS,
                ),
                [conn for _process, conn in parsers],
                name="chat-history-reader",
            )
            for _process, conn in parsers:
                conn.close()  # the reader holds its own ends now
            if started is None:
                raise _WorkerLost("no worker process could be started")
            reader = _Reader(*started)
            try:
                inserted = chat_history.write_history(store, shop_id, now, reader.batches(), who)
            finally:
                reader.stop()
    except (EOFError, OSError, _WorkerLost):
        return None  # rolled back with the transaction
    finally:
        for process, conn in parsers:  # told to stop by a reader that finished; else ended here
            processes.stop(process, conn, reader is not None and reader.finished)
    return reader.outcome(inserted)


def _start_parsers(store: Store, shop_id: int, path: Path, format: str, source: str, order: dict | None):
    """The parser processes a history file gets (none for a small one, or on two cores)."""
    if format == "csv":
        return []
    try:
        wanted = chat_parsers.parsers_for(path.stat().st_size)
    except OSError:
        return []
    started = (
        processes.start(
            chat_parsers.run_parser, str(store.location), shop_id, order, source, name="chat-history-parser"
        )
        for _ in range(wanted)
    )
    return [each for each in started if each is not None]


class _Reader:
    """Our end of the worker's pipe: its batches as they come, then its summary."""

    def __init__(self, worker, conn) -> None:
        self.worker, self.conn = worker, conn
        self.finished = False
        self.summary: tuple | None = None

    def batches(self):
        while True:
            kind, payload = self.conn.recv()
            if kind == "rows":
                yield payload
            elif kind == "done":
                self.finished = True
                self.summary = payload
                return
            elif kind == "error":
                raise UserError(payload)
            else:
                raise _WorkerLost(payload)

    def stop(self) -> None:
        processes.stop(self.worker, self.conn, self.finished)

    def outcome(self, inserted: int) -> Outcome:
        messages, linked, unlinked, errors = self.summary
        return messages, inserted, messages - inserted, linked, unlinked, errors


class _WorkerLost(Exception):
    pass


def run_worker(conn, parent_pid: int, job: _Job, parsers: list | tuple = ()) -> None:
    """The worker process: top-level so that 'spawn' can import it. `parsers`: the pipes of the
    parser processes started for it (a history load of a big file), to hand the parsing to."""
    processes.become_worker(parent_pid)
    try:
        with processes.reporting_to_parent(conn):
            conn.send(_read_and_prepare(conn, job, parsers))
    finally:
        for each in parsers:
            each.close()  # a parser still waiting for a piece ends on this


def _read_and_prepare(conn, job: _Job, parsers: list | tuple = ()) -> tuple:
    from seller_assistant.core.grams import bigram_words
    from seller_assistant.importers.chat_batches import record_batches
    from seller_assistant.importers.encoding import read_text_file
    from seller_assistant.store import open_store, shops
    from seller_assistant.store.chat_import import MessagePreparer

    text = read_text_file(job.path).text
    with open_store(job.location, read_only=True) as store:
        settings = shops.load_settings(store, job.shop_id)
        preparer = MessagePreparer(store, job.shop_id, job.order, job.source)
        sealer = None
        if job.first_id is not None:
            stored = message_rows.shop_fingerprints(store, job.shop_id)
            sealer = message_rows.MessageRows(
                store, job.shop_id, job.now, job.first_id, stored, sealed_by=job.sealed_by
            )
        if sealer is not None and parsers:
            done = _seal_parsed(
                conn, chat_parsers.Parsers(parsers, job.shop_id), text, sealer, job.piece_chars
            )
            if done is not None:
                return done
        errors: list[RowError] = []
        for records in record_batches(
            text, Path(job.path).name, job.format, settings.tz(), settings.name, errors
        ):
            prepared = preparer.prepare(records)
            if sealer is None:
                conn.send(("rows", prepared))
            else:
                rows, sealed = sealer.add(prepared)
                conn.send(("rows", (rows, sealed, [bigram_words(row[6]) for row in rows])))
        return "done", (preparer.messages, len(preparer.linked), preparer.unlinked, errors)


def _seal_parsed(conn, parsers, text: str, sealer, piece_chars: int) -> tuple | None:
    """A history load with parser processes: their prepared pieces sealed here in file order and
    sent on; the summary, or None when the file has no Qianniu message (read alone then)."""
    from seller_assistant.core.grams import bigram_words

    sent = False
    for prepared, words in parsers.prepared(text, piece_chars):
        for start in range(0, len(prepared), _SEAL_BATCH):
            part = prepared[start : start + _SEAL_BATCH]
            rows, sealed = sealer.add(part)
            bigrams = words[start : start + _SEAL_BATCH]
            if len(rows) != len(part):  # duplicates left out: the words of those kept
                bigrams = [bigram_words(row[6]) for row in rows]
            conn.send(("rows", (rows, sealed, bigrams)))
            sent = True
    if not sent:
        return None
    return "done", (parsers.messages, len(parsers.linked), parsers.unlinked, parsers.errors)


_SEAL_BATCH = 5000  # as record_batches' batches: the writer's steps stay as small as one reader's
