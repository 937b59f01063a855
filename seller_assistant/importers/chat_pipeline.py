"""A big chat import on two cores: a worker process reads, links, fingerprints and seals; this one writes.

Everything but the SQLite writes is pure Python and per message (decoding, line parsing, local
times, fingerprints, content and link hashes): it runs in a worker (store/processes.py) that
streams ready rows through a pipe while this process, holding the write lock, only inserts them.
The worker reads the store on its own read-only connection; MessageRows says why that is
consistent. The store stays all-or-nothing: every row is written in this process's one
transaction, so killing either process at any moment leaves the store as it was.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.importers.chat_parse import RowError
from seller_assistant.store import message_rows, processes
from seller_assistant.store.connection import Store

# Starting a Python process costs ~0.3 s; below ~20 000 lines it would cost more than it saves.
WORKER_MIN_BYTES = 1_500_000

# (messages, inserted, duplicates, orders linked, unlinked, errors) — ChatImportResult's numbers.
Outcome = tuple[int, int, int, int, int, list[RowError]]


@dataclass(frozen=True)
class _Job:
    db_path: str
    shop_id: int
    path: str
    format: str
    source: str
    order: dict | None
    now: int


def worth_a_worker(path: Path) -> bool:
    if not processes.may_spawn():
        return False
    try:
        return path.stat().st_size >= WORKER_MIN_BYTES
    except OSError:
        return False  # the in-process path reports it in the usual words


def import_in_worker(store: Store, shop_id: int, path: Path, format: str, source: str, order: dict | None,
                     now: int) -> Outcome | None:
    """Import with a reader process; None when the worker could not do it (it could not start, or
    it died): nothing was written then, and the caller imports in this process instead."""
    started = processes.start(run_worker, _Job(str(store.path), shop_id, str(path), format, source, order, now),
                              name="chat-import-reader")
    if started is None:
        return None
    worker, conn = started
    finished = False
    try:
        with store.write():
            conn.send(message_rows.next_message_id(store))
            writer = message_rows.MessageWriter(store, shop_id, now)
            while True:
                kind, payload = conn.recv()
                if kind == "rows":
                    writer.write(*payload)
                elif kind == "done":
                    finished = True
                    writer.finish()
                    messages, linked, unlinked, errors = payload
                    return messages, writer.inserted, messages - writer.inserted, linked, unlinked, errors
                elif kind == "error":
                    raise UserError(payload)
                else:
                    raise _WorkerLost(payload)
    except (EOFError, OSError, _WorkerLost):
        return None  # the write transaction was rolled back on the way out
    finally:
        processes.stop(worker, conn, finished)


class _WorkerLost(Exception):
    pass


def run_worker(conn, parent_pid: int, job: _Job) -> None:
    """The worker process: top-level so that 'spawn' can import it."""
    processes.become_worker(parent_pid)
    try:
        conn.send(_read_and_prepare(conn, job))
    except UserError as exc:
        processes.send_quietly(conn, ("error", str(exc)))
    except (BrokenPipeError, EOFError, ConnectionError):
        pass  # the importing process is gone or gave up: nothing to tell
    except BaseException:  # noqa: BLE001 - reported to the parent, which falls back to importing itself
        processes.send_quietly(conn, ("lost", traceback.format_exc()))
    finally:
        conn.close()


def _read_and_prepare(conn, job: _Job) -> tuple:
    from seller_assistant.importers.chat_batches import MessagePreparer, record_batches
    from seller_assistant.importers.encoding import read_text_file
    from seller_assistant.store import open_store, shops

    text = read_text_file(job.path).text
    with open_store(job.db_path, read_only=True) as store:
        settings = shops.load_settings(store, job.shop_id)
        preparer = MessagePreparer(store, job.shop_id, job.order, job.source)
        builder = None
        errors: list[RowError] = []
        for records in record_batches(text, Path(job.path).name, job.format, settings.tz(), settings.name, errors):
            messages = preparer.prepare(records)
            if builder is None:
                # Fingerprints and chain heads are read only once the parent holds the write lock.
                builder = message_rows.MessageRows(store, job.shop_id, job.now, conn.recv())
            conn.send(("rows", builder.add(messages)))
        return "done", (preparer.messages, len(preparer.linked), preparer.unlinked, errors)
