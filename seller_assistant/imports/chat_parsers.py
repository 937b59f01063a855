"""A big chat history read by several processes: pieces of the file out, prepared messages back in file order.

A history load's reading worker (imports/chat_pipeline.py) gives ids, seals and bigram words, and
the process holding the write lock only writes; parsing, linking and fingerprinting a message cost
the reader about 12 µs of its ~18, more than the writer's whole work. On a computer with cores to
spare the reader hands that part to parser processes: the file is cut where each piece reads as
in the whole file (importers/chat_chunks.py), piece k goes to parser k mod n, and the reader takes
the results back in piece order, so ids, seals and chains are exactly one reader's. What crosses
pieces is joined here: the line numbers of errors, and a run of identical messages split by a cut
(its fingerprints count on: core/chat_records.FingerprintCounter).

The parsers are started by the importing process (a worker process may not start its own) and
handed to the reader; they end when it says so, or when it is gone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from seller_assistant.core import processes
from seller_assistant.core.chat_records import ChatRecord, FingerprintCounter, fingerprint, print_identity
from seller_assistant.core.errors import UserError
from seller_assistant.importers import chat_chunks
from seller_assistant.importers.chat_parse import RowError

# Below this a second reader costs more than it saves (~0.3 s to start a process each).
PARALLEL_MIN_BYTES = 8_000_000
PIECE_CHARS = 1_000_000  # ~15 000 messages: the first piece is ready in a fraction of a second
MAX_PARSERS = 3


def parsers_for(size: int) -> int:
    """How many parser processes a history file of `size` bytes gets: none on a computer with two
    cores (the reader and the writer take them), and none for a file that is quickly read anyway."""
    if size < PARALLEL_MIN_BYTES or not processes.may_spawn():
        return 0
    return max(0, min(MAX_PARSERS, _cores() - 2))


def _cores() -> int:
    """The cores this process may run on (fewer than the machine's in a limited container)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system (macOS, Windows)
        return os.cpu_count() or 1


def run_parser(conn, parent_pid: int, location: str, shop_id: int, order: dict | None, source: str) -> None:
    """A parser process: pieces in, prepared pieces out, until told to stop (None)."""
    processes.become_worker(parent_pid)
    with processes.reporting_to_parent(conn):
        from seller_assistant.store import open_store, shops
        from seller_assistant.store.chat_import import MessagePreparer

        with open_store(location, read_only=True) as store:
            settings = shops.load_settings(store, shop_id)
            preparer = MessagePreparer(store, shop_id, order, source)
            tz, name = settings.tz(), settings.name
            while (piece := conn.recv()) is not None:
                conn.send(("piece", read_piece(preparer, piece[0], piece[1], tz, name)))
            conn.send(("done", (preparer.messages, preparer.linked, preparer.unlinked)))


def read_piece(preparer, text: str, tail: str, tz, shop_name: str | None) -> tuple:
    """One piece: (prepared messages, their bigram words, errors with the piece's line numbers,
    the piece's line count, and its runs of identical messages at both ends)."""
    from seller_assistant.core.grams import bigram_words
    from seller_assistant.importers.qianniu import iter_qianniu

    errors: list[RowError] = []
    records = [r for batch in iter_qianniu(text + tail, tz, shop_name, errors) for r in batch]
    preparer.prints = FingerprintCounter(preparer.shop_id)  # each piece counts afresh: joined by the reader
    prepared = preparer.prepare(records)
    words = [bigram_words(m[6]) for m in prepared]
    return prepared, words, errors, len(text.splitlines()), _ends(preparer.shop_id, records)


def _ends(shop_id: int, records: Sequence[ChatRecord]) -> tuple | None:
    """(identity of the first message, how many in a row share it, of the last, how many in a row
    end with it), or None for a piece with no message."""
    if not records:
        return None
    keys = [print_identity(shop_id, r.sender_name, r.sent_at, r.text) for r in (records[0], records[-1])]
    lead = _run_length(shop_id, records, keys[0], range(len(records)))
    trail = _run_length(shop_id, records, keys[1], range(len(records) - 1, -1, -1))
    return keys[0], lead, keys[1], trail


def _run_length(shop_id: int, records: Sequence[ChatRecord], key: str, order: range) -> int:
    count = 0
    for index in order:
        r = records[index]
        if print_identity(shop_id, r.sender_name, r.sent_at, r.text) != key:
            break
        count += 1
    return count


class Parsers:
    """The reader's side: the file's pieces handed out, their prepared messages back in file order."""

    def __init__(self, conns: Sequence, shop_id: int) -> None:
        self.conns = list(conns)
        self.shop_id = shop_id
        self.messages = self.unlinked = 0
        self.linked: set[int] = set()
        self.errors: list[RowError] = []
        self._last: tuple[str, int] | None = None  # the last message's identity and occurrence

    def prepared(self, text: str, piece_chars: int = PIECE_CHARS) -> Iterator[tuple[list[tuple], list[str]]]:
        """(prepared messages, their bigram words) piece by piece; the totals and errors are in
        this object once it is exhausted. Nothing when the file has no message in the Qianniu
        layouts: the caller reads it alone then (as CSV, or to say what is wrong)."""
        starts = [0, *chat_chunks.cuts(text, piece_chars)]
        spans = list(zip(starts, [*starts[1:], len(text)], strict=True))

        def send(k: int) -> None:  # each piece cut out only when sent: the file is not held twice
            start, end = spans[k]
            self.conns[k % len(self.conns)].send((text[start:end], chat_chunks.tail(text, end)))

        for k in range(min(len(self.conns), len(spans))):
            send(k)
        line = 1
        for k in range(len(spans)):
            prepared, words, errors, lines, ends_ = _received(self.conns[k % len(self.conns)], "piece")
            if k + len(self.conns) < len(spans):
                send(k + len(self.conns))
            self.errors.extend(RowError(e.line + line - 1, e.message) for e in errors)
            line += lines
            if ends_ is not None:
                self._join(prepared, ends_)
                yield prepared, words
        for conn in self.conns:
            conn.send(None)
        for conn in self.conns:
            messages, linked, unlinked = _received(conn, "done")
            self.messages += messages
            self.linked |= linked
            self.unlinked += unlinked

    def _join(self, prepared: list[tuple], ends: tuple) -> None:
        """Carry a run of identical messages over the cut before this piece: its occurrences
        count on from the last piece's, as one reader counts them."""
        first, lead, last, trail = ends
        if self._last is not None and self._last[0] == first:
            before = self._last[1]
            for j in range(lead):
                m = prepared[j]
                print_ = fingerprint(self.shop_id, m[4], m[5], m[6], before + 1 + j)
                prepared[j] = (*m[:9], print_, *m[10:])
            if lead == len(prepared):
                self._last = (first, before + lead)
                return
        self._last = (last, trail - 1)


def _received(conn, kind: str):
    try:
        got, payload = conn.recv()
    except (EOFError, OSError) as exc:
        raise ParserLost("a parser process ended without its result") from exc
    if got == kind:
        return payload
    if got == "error":
        raise UserError(payload)
    raise ParserLost(payload)


class ParserLost(Exception):
    """A parser process died or failed: the import is done by one process instead."""
