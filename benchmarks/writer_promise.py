"""Does an everyday chat import keep the 1-second promise to other writers? (issue 20)

    .venv/bin/python benchmarks/writer_promise.py COPY.db [--messages 200000] [--per-conversation 20]
        [--returning] [--seed 2011] [--probe-ms 100] [--no-chain] [--json OUT.json]

COPY.db is written into: give it a copy of a benchmark store (`cp --reflink=auto` the cached
1 M-order store's shop.db into a folder of your own), never the cache itself. An everyday Qianniu
import (an import run: staged, then published in paced transactions, store/import_runs.py) of
`--messages` new messages in conversations of `--per-conversation` lines (2: one buyer line and one
reply each, the reply pairing's worst case, store/reply_summary.py; `--returning`: with buyers the
store already holds chats of) runs in this process, as the
window's import worker would, while a second process writes a small row every `--probe-ms` through
the app's own `Store.write()` (as another desk, or the app's backup bookkeeping, would). Printed:
every import transaction's length, BEGIN to COMMIT and the app's checkpoint after it (wall clock
and this thread's CPU; the longest one's writer, publisher calls, pairing and checkpoint), and the
longest the other writer waited for the lock; the load average before and after. `--json` keeps
every transaction, the pacer's log and every wait (with its moment).

Unless `--no-chain`, a backup page log is begun first (store/backup_wal.rotate), as a store that
has had its first backup has: the app's checkpoint after a commit then logs the WAL's pages while
holding the write lock, as in a shop's store. Each run needs a new `--seed` (the same messages
imported again are duplicates, and cost less)."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import multiprocessing
import os
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import NOW  # noqa: E402
from seller_assistant.imports.chats import import_chat_file  # noqa: E402
from seller_assistant.store import backup_wal, import_runs, message_rows, open_store, reply_summary  # noqa: E402
from seller_assistant.store.connection import Store, connect  # noqa: E402
from tests.builders import qianniu_export  # noqa: E402

PROMISE_SECONDS = 1.0
_PROBE_TABLE = "bench_writer_probe"  # the copy's own: the probe's rows go nowhere the app reads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--per-conversation", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2011)
    parser.add_argument(
        "--returning", action="store_true", help="conversations with buyers the store already holds chats of"
    )
    parser.add_argument("--probe-ms", type=int, default=100)
    parser.add_argument("--no-chain", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    store = open_store(args.store)
    buyers = _store_buyers(store, args.seed) if args.returning else None
    path = chat_file(args.store.parent, args.messages, args.per_conversation, args.seed, buyers)
    with store.write():
        store.conn.execute(f"CREATE TABLE IF NOT EXISTS {_PROBE_TABLE} (id INTEGER PRIMARY KEY, at REAL)")
    if not args.no_chain and not backup_wal.epochs(backup_wal.log_dir(args.store)):
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # rotate's precondition: the WAL copied
        backup_wal.log_dir(args.store).mkdir(parents=True, exist_ok=True)
        backup_wal.rotate(args.store, 1)
    shop_id = store.conn.execute("SELECT min(id) FROM shops").fetchone()[0]
    load_before = os.getloadavg()
    print(f"{path.name} into {args.store} (load {_load(load_before)})", flush=True)

    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    probe = context.Process(target=_probe, args=(str(args.store), args.probe_ms / 1000, stop, results))
    probe.start()
    time.sleep(1.0)  # the probe's first writes, before the import begins
    transactions: list[tuple] = []
    paced: list[tuple[int, float, int]] = []
    wall, cpu = time.perf_counter(), time.process_time()
    with _recording(transactions, paced):
        result = import_chat_file(store, shop_id, path, now=NOW)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    time.sleep(0.5)
    stop.set()
    waits: list[tuple[float, float]] = results.get(timeout=60)
    probe.join(timeout=30)
    store.close()
    load_after = os.getloadavg()

    report = {
        "file": path.name,
        "messages": result.messages,
        "inserted": result.inserted,
        "per_conversation": args.per_conversation,
        "wall_s": wall,
        "cpu_s": cpu,
        "load_before": load_before,
        "load_after": load_after,
        "transactions": transactions,
        "paced": paced,
        "probe_waits": waits,
    }
    _print(report)
    if args.json:
        args.json.write_text(json.dumps(report))


def chat_file(
    folder: Path, messages: int, per_conversation: int, seed: int, buyers: list[str] | None
) -> Path:
    """The figure-2 big tier's kind of file (orders named by number, Chinese and English lines)
    from 1 November 2026 on; a new seed gives new times, so no message is a duplicate. With
    `buyers`, the conversations are theirs (buyers whose chats the store holds: each new line is
    paired within their history) instead of new buyers'."""
    kind = "r" if buyers else "c"
    path = folder / f"qianniu-promise-{messages}-{kind}{per_conversation}-s{seed}.txt"
    if path.exists():
        return path
    numbers = [str(3_900_000_000_000_000_000 + i * 7919) for i in range(0, 1_000_000, 9973)]
    conversations = qianniu_export.synthetic_conversations(
        messages,
        order_nos=numbers,
        start=datetime(2026, 11, 1, seed % 24, seed % 60),
        seed=seed,
        per_conversation=per_conversation,
    )
    with path.with_suffix(".part").open("wb") as handle:
        for index, conversation in enumerate(conversations):
            if buyers:
                new = buyers[index % len(buyers)]
                for line in conversation.messages:
                    line.sender = new if line.sender == conversation.buyer else line.sender
                conversation.buyer = new
            handle.write(qianniu_export.render([conversation]).encode("gbk"))
    path.with_suffix(".part").replace(path)
    return path


def _store_buyers(store: Store, seed: int) -> list[str]:
    """Buyers of the store's first shop, in a random order of this seed."""
    buyers = [row[0] for row in store.conn.execute("SELECT DISTINCT buyer FROM messages WHERE buyer != ''")]
    random.Random(seed).shuffle(buyers)
    return buyers


@contextlib.contextmanager
def _recording(transactions: list, paced: list):
    """Every outermost Store.write() of this process as (wall, this thread's CPU, the app's
    checkpoint after the commit, the reply pairing) seconds and the seconds of each of its
    publisher's calls, BEGIN (the lock taken) to COMMIT and that checkpoint (it
    holds the write lock while it logs the WAL's pages, then copies them without it); and what
    the pacer was told."""
    write, timed, checkpoint = Store.write, import_runs.Pacer.timed, backup_wal.checkpoint_if_due
    keep, publish = reply_summary.keep, message_rows.publish_staged_messages
    checkpoints: list[float] = []
    pairing: list[float] = []
    pieces: list[float] = []  # each publisher call (a piece of a publishing transaction)
    checkpointed, kept = _timing(checkpoint, checkpoints), _timing(keep, pairing)
    published = _timing(publish, pieces)
    collected: list[float] = []  # Python's garbage collections (any generation) in the transaction
    collecting = [0.0]

    def collection(phase, info):
        if phase == "start":
            collecting[0] = time.perf_counter()
        else:
            collected.append(time.perf_counter() - collecting[0])

    @contextlib.contextmanager
    def recorded(self):
        if self.conn.in_transaction:
            with write(self) as db:
                yield db
            return
        checkpoints.clear()
        pairing.clear()
        pieces.clear()
        collected.clear()
        with write(self) as db:
            began, cpu, at = time.perf_counter(), time.thread_time(), time.time()
            yield db
        wall = time.perf_counter() - began
        transactions.append(
            (
                wall,
                time.thread_time() - cpu,
                sum(checkpoints),
                sum(pairing),
                list(pieces),
                _caller(),
                at,
                sum(collected),
            )
        )

    def told(self, count, seconds):
        timed(self, count, seconds)
        paced.append((count, seconds, self.size))

    Store.write, import_runs.Pacer.timed, backup_wal.checkpoint_if_due = recorded, told, checkpointed
    reply_summary.keep, message_rows.publish_staged_messages = kept, published
    gc.callbacks.append(collection)
    try:
        yield
    finally:
        gc.callbacks.remove(collection)
        Store.write, import_runs.Pacer.timed, backup_wal.checkpoint_if_due = write, timed, checkpoint
        reply_summary.keep, message_rows.publish_staged_messages = keep, publish


def _caller() -> str:
    """The app's function that opened the write (the first frame outside the store's connection)."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if "seller_assistant" in name and not name.endswith("connection.py"):
            return f"{Path(name).stem}.{frame.f_code.co_name}"
        frame = frame.f_back
    return "?"


def _timing(function, seconds: list[float]):
    """`function`, noting in `seconds` how long each call took."""

    def timed(*args, **kwargs):
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - began)

    return timed


def _probe(db: str, every: float, stop, results) -> None:
    """Another writer: a small row every `every` seconds through the app's Store.write(); how long
    each waited for the write lock (its own insert and commit left out), and when it asked (epoch)."""
    store = connect(db)
    waits = []
    try:
        while not stop.is_set():
            asked, at = time.perf_counter(), time.time()
            with store.write():
                waits.append((time.perf_counter() - asked, at))
                store.conn.execute(f"INSERT INTO {_PROBE_TABLE} (at) VALUES (?)", (time.time(),))
            time.sleep(max(0.0, every - (time.perf_counter() - asked)))
    finally:
        results.put(waits)
        store.close()


def _print(report: dict) -> None:
    lengths = sorted(t[0] for t in report["transactions"])
    cpus = sorted(t[1] for t in report["transactions"])
    waits = sorted(wait for wait, _at in report["probe_waits"])
    inserted = max(report["inserted"], 1)
    print(
        f"  {report['inserted']:,} new of {report['messages']:,} messages"
        f" ({report['per_conversation']} a conversation) in {report['wall_s']:.1f} s,"
        f" this process's CPU {report['cpu_s']:.1f} s ({report['cpu_s'] / inserted * 1e6:.0f} µs a message);"
        f" load {_load(report['load_before'])} → {_load(report['load_after'])}"
    )
    print(
        f"  {len(lengths)} write transactions: longest {lengths[-1]:.3f} s wall"
        f" (CPU longest {cpus[-1]:.3f} s), median {statistics.median(lengths):.3f} s,"
        f" p99 {_quantile(lengths, 0.99):.3f} s, over {PROMISE_SECONDS:g} s: "
        f"{sum(t > PROMISE_SECONDS for t in lengths)}"
    )
    checkpoints = sorted(t[2] for t in report["transactions"])
    print(
        f"  of which the app's checkpoint after a commit: longest {checkpoints[-1]:.3f} s,"
        f" {sum(c > 0.01 for c in checkpoints)} over 10 ms; the reply pairing"
        f" {sum(t[3] for t in report['transactions']):.1f} s in all, longest {max(t[3] for t in report['transactions']):.3f} s"
    )
    print(
        f"  the other writer, {len(waits)} writes: longest wait {waits[-1]:.3f} s,"
        f" median {statistics.median(waits) * 1000:.1f} ms, p99 {_quantile(waits, 0.99):.3f} s,"
        f" over {PROMISE_SECONDS:g} s: {sum(w > PROMISE_SECONDS for w in waits)}"
    )
    longest = max(report["transactions"], key=lambda t: t[0])
    gcs = sorted(t[7] for t in report["transactions"])
    print(
        f"  Python's garbage collections inside transactions: {sum(gcs):.2f} s in all, longest {gcs[-1]:.3f} s"
    )
    print(
        f"  the longest transaction: CPU {longest[1]:.3f} s, checkpoint {longest[2]:.3f} s, pairing"
        f" {longest[3]:.3f} s, garbage collection {longest[7]:.3f} s, written by {longest[5]}, its publisher calls {', '.join(f'{piece:.3f}' for piece in longest[4]) or 'none'} s"
    )
    slowest = sorted(report["paced"], key=lambda p: -p[1])[:5]
    print(
        "  slowest paced batches (rows, seconds, next size): "
        + ", ".join(f"{c} {s:.2f} {n}" for c, s, n in slowest)
    )


def _quantile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))]


def _load(load: tuple[float, float, float]) -> str:
    return "/".join(f"{value:.1f}" for value in load)


if __name__ == "__main__":
    main()
