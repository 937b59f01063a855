"""The parsing worker of a big order import (imports/order_pipeline.py starts it): the file read
by the importer, the store's rows sent a chunk at a time. It imports no store module (a faster
start): the writer gives it the shop's time zone and promise rules, and a mapping remembered
for the file's header row when asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from seller_assistant.core import processes
from seller_assistant.core.grams import order_words
from seller_assistant.importers.order_rows import IMPORT_COLUMNS, PromiseMaker
from seller_assistant.importers.orders import read_order_file


@dataclass(frozen=True)
class Job:
    path: str
    format: str
    mapping: dict[str, str] | None
    tz: tzinfo
    promises: PromiseMaker  # the shop's ship promise rules, settings and calendar


def run_worker(conn, parent_pid: int, job: Job) -> None:
    """The worker process: top-level so that 'spawn' can import it."""
    processes.become_worker(parent_pid)
    with processes.reporting_to_parent(conn):
        message = _read(conn, job)
        if message is not None:
            conn.send(message)


def _read(conn, job: Job) -> tuple | None:
    sink = _Sender(conn)
    parsed = read_order_file(
        job.path,
        format=job.format,
        mapping=job.mapping,
        tz=job.tz,
        remembered=sink.remembered,
        promises=job.promises,
        sink=sink,
    )
    if not sink.going:
        return None
    return "done", (parsed.result, parsed.signature, parsed.public_mapping(), parsed.preset is None)


class _Sender:
    """The worker's end: importers/orders.RowSink over the pipe."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.going = False
        self.sent = self.written = 0  # chunks sent, and written by the other end

    def remembered(self, signature: str) -> dict[str, str] | None:
        self.conn.send(("mapping?", signature))
        return self.conn.recv()

    def start(self, parsed, rows: bool) -> bool:
        self.conn.send(("head", parsed.total // 2, rows))
        self.going = self.conn.recv() is True
        return self.going

    def rows(self, new: list[tuple], again: list[tuple]) -> None:
        # The search index words are a third of what writing the rows costs: made here while the
        # writer is still busy with an earlier chunk, else left to it (None), so that neither
        # process waits for the other on two free cores, nor on a busy machine.
        while self.conn.poll():
            self.conn.recv()  # the writer is done with a chunk
            self.written += 1
        words = [order_words(row[_BUYER], row[_TITLE]) for row in new] if self.written < self.sent else None
        self.conn.send(("rows", new, again, words))
        self.sent += 1


_BUYER, _TITLE = IMPORT_COLUMNS.index("buyer"), IMPORT_COLUMNS.index("item_title")
