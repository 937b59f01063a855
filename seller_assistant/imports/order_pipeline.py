"""A shop's order history on two cores: a worker process parses the file while this one writes.

Parsing a big order export (decoding, cells, times, amounts, ship promises) is ~45 % of an
import's CPU, writing the rows the rest (issue 20). For a file of one line per order loaded as a
shop's history (store/bulk_load.py: one transaction, indexes after the rows), a worker process
(imports/order_reader.py, started by core/processes.py) reads the file with the same importer and
sends the store's rows through a pipe a chunk at a time; this process inserts each chunk as it comes
(store/order_import.write_stream_in_bulk), so the wall clock is about the longer of the two.
Everything else — a small file, a multi-line export, an everyday import into a big store, a
shared store, a resumed run — is read in this process as before (imports/orders.py), and so is a
file whose worker could not start or died (nothing of it was kept: its transaction rolled back).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from seller_assistant.core import processes
from seller_assistant.core.errors import UserError
from seller_assistant.importers.order_rows import IMPORT_COLUMNS, PromiseMaker
from seller_assistant.importers.orders import OrderImportResult, Progress
from seller_assistant.imports import order_reader
from seller_assistant.store import bulk_load, import_mappings, order_import, shops
from seller_assistant.store.calendar import shop_calendar
from seller_assistant.store.connection import Store
from seller_assistant.store.ship_rules import shop_rules

# Starting a Python process costs ~0.3 s: worth it only for a file of tens of thousands of orders.
WORKER_MIN_BYTES = 4_000_000
# No order line is shorter than this (an order number, a time, a status): the file's size over it
# bounds its number of orders before it is read, to ask whether the import could be a history load.
_MIN_LINE_BYTES = 40


def worth_a_worker(store: Store, shop_id: int, path: Path) -> bool:
    """Whether the file may be a shop's history big enough for a parsing worker (the worker's
    first message settles it: one line per order, and enough of them to dwarf the store)."""
    if store.shared or not processes.may_spawn():
        return False  # a shared store never loads indexes after the rows (store/bulk_load.py)
    try:
        size = path.stat().st_size
    except OSError:
        return False  # the in-process path reports it in the usual words
    return size >= WORKER_MIN_BYTES and bulk_load.dwarfs(store, "orders", shop_id, size // _MIN_LINE_BYTES)


def import_in_worker(
    store: Store,
    shop_id: int,
    path: Path,
    format: str,
    mapping: dict[str, str] | None,
    now: int,
    progress: Progress | None,
) -> OrderImportResult | None:
    """The import, parsed by a worker and written here as it comes; None when this file is not
    one for it or the worker could not do it (nothing was written then: the caller imports it)."""
    settings = shops.load_settings(store, shop_id)
    promises = PromiseMaker(shop_rules(store, shop_id), settings, shop_calendar(store, shop_id, settings))
    job = order_reader.Job(str(path), format, mapping, settings.tz(), promises)
    started = processes.start(order_reader.run_worker, job, name="order-import-reader")
    if started is None:
        return None
    reader = _Reader(*started)
    try:
        if not reader.suits(store, shop_id):
            return None
        counts = order_import.write_stream_in_bulk(
            store, shop_id, IMPORT_COLUMNS, reader.chunks(progress), now, partial(reader.remember, store, now)
        )
    except (EOFError, OSError, _WorkerLost):
        return None  # rolled back with the transaction
    finally:
        reader.stop()
    result = reader.result
    result.inserted, result.updated, result.items = counts["inserted"], counts["updated"], counts["items"]
    result.unchanged = reader.orders - result.inserted - result.updated
    result.errors.sort(key=lambda e: e.line)
    if progress is not None:
        progress(reader.total, reader.total)
    return result


class _Reader:
    """Our end of the worker's pipe: whether the file suits, its chunks of rows, then its summary."""

    def __init__(self, worker, conn) -> None:
        self.worker, self.conn = worker, conn
        self.finished = False
        self.total = 2  # the progress scale: the file's estimated lines, twice
        self.orders = 0
        self.summary: tuple | None = None

    def suits(self, store: Store, shop_id: int) -> bool:
        """The worker's first message: a file of one line per order, big enough to dwarf the store
        (as imports/orders.py decides a history load, from the estimated lines)? It reads on if so."""
        kind, *payload = self._receive()
        while kind == "mapping?":  # the file's header row: a mapping remembered for it?
            self.conn.send(import_mappings.remembered_mapping(store, payload[0]))
            kind, *payload = self._receive()
        if kind == "error":
            raise UserError(payload[0])
        if kind != "head":
            raise _WorkerLost(payload)
        lines, as_rows = payload
        self.total = max(lines, 1) * 2
        going = (
            as_rows
            and lines > order_import.ONE_TRANSACTION_MAX
            and bulk_load.dwarfs(store, "orders", shop_id, lines)
        )
        self.conn.send(going)
        return going

    def chunks(self, progress: Progress | None):
        while True:
            kind, *payload = self._receive()
            if kind == "rows":
                self.orders += len(payload[0])
                if progress is not None:
                    progress(min(2 * self.orders, self.total - 1), self.total)
                yield payload
                # Written: the reader makes the next chunk's words itself while it is still ahead
                # (a reader that sent its last chunk may be gone already).
                processes.send_quietly(self.conn, 1)
            elif kind == "done":
                self.finished = True
                self.summary = payload[0]
                return
            elif kind == "error":
                raise UserError(payload[0])  # in the transaction: it rolls back
            else:
                raise _WorkerLost(payload)

    def remember(self, store: Store, now: int) -> None:
        # As imports/orders.py: a table of the shop's own whose import read something.
        _result, signature, public_mapping, preset_less = self.summary
        if preset_less and self.orders:
            import_mappings.remember_mapping(store, signature, public_mapping, now)

    @property
    def result(self) -> OrderImportResult:
        return self.summary[0]

    def _receive(self) -> tuple:
        message = self.conn.recv()
        return message if isinstance(message, tuple) else ("lost", message)

    def stop(self) -> None:
        processes.stop(self.worker, self.conn, self.finished)


class _WorkerLost(Exception):
    pass
