"""The benchmark store's chat messages, written raw: ten million in minutes instead of hours.

The store's own bulk path (`chats.insert_messages`) reads back fingerprints and chain heads for
every batch and wrote ~100 000 messages a minute into a big store. Here the store is new and
nothing else writes, so the rows and their seals are computed in a second process from the seed
alone (the chain heads carried in memory), with the app's own hash functions
(`core.evidence.message_content_hash`, `link_hash`) — a store built here verifies with
`evidence.verify_store` (tests/test_bench_builder.py). The writing side is the app's
`MessageWriter` (the same INSERTs, head-log entry per transaction), with the messages' secondary
indexes and both search indexes built once after the rows: one sort each instead of ten million
random inserts.

Conversations are the synthetic shop's (6-14 lines around a payment, 90 % tied to the order, the
rest to the buyer's chain), written in the order of their orders' payment, so ids follow time as
they do in a shop that imports its chats as they come.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable, Iterator
from functools import lru_cache

from seller_assistant.core.chat_records import fingerprint
from seller_assistant.core.evidence import GENESIS, link_hash, message_content_hash
from seller_assistant.core.grams import bigram_words
from seller_assistant.store import evidence, reply_summary
from seller_assistant.store.message_rows import BIGRAM_WORDS_SQL, MessageWriter

Log = Callable[[str], None]
_BATCH = 50_000  # messages per batch sent from the computing process to the writer
_COMMIT_EVERY = 1_000_000  # messages per transaction (and per head-log entry, as an import writes)
# The messages' secondary indexes, dropped while the rows go in; remade from their own SQL.
_MESSAGE_INDEXES = ("messages_order", "messages_buyer", "messages_sent")
# The search indexes' insert triggers, dropped while the rows go in; the index of all rows at the end.
_SEARCH = (
    (
        "messages_fts_insert",
        "INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages WHERE id >= ?",
    ),
    (
        "messages_bigram_insert",
        f"INSERT INTO messages_bigram (rowid, grams) SELECT id, {BIGRAM_WORDS_SQL} FROM messages WHERE id >= ?",
    ),
    (
        "message_days_insert",
        "INSERT INTO message_days (shop_id, day, low_id, high_id)"
        " SELECT shop_id, sent_at / 86400, min(id), max(id) FROM messages WHERE id >= ?"
        " GROUP BY shop_id, sent_at / 86400 ON CONFLICT (shop_id, day) DO UPDATE"
        " SET low_id = min(low_id, excluded.low_id), high_id = max(high_id, excluded.high_id)",
    ),
)


class Lines:
    """What the buyer and the shop say (the synthetic shop's lines)."""

    def __init__(self, buyer_lines: tuple[str, ...], staff_lines: tuple[str, ...], staff_name: str) -> None:
        self.buyer, self.staff, self.staff_name = buyer_lines, staff_lines, staff_name


def write_messages(
    store,
    shop_id: int,
    now: int,
    order_rows: list[tuple],
    count: int,
    bundle: tuple[tuple, int],
    lines: Lines,
    seed: int,
    log: Log = print,
) -> None:
    """`count` messages in conversations over `order_rows` ((id, order_no, buyer, paid_at, shipped)),
    then `bundle` = (order row, n): n messages on that one order (the dispute order). The store must
    hold no messages yet and nothing else may write to it meanwhile."""
    conn = store.conn
    first_id = (conn.execute("SELECT max(id) FROM messages").fetchone()[0] or 0) + 1
    assert first_id == 1, "the raw builder writes into a store without messages"
    conn.execute("PRAGMA foreign_keys = OFF")  # every order id comes from the orders just written
    queue = multiprocessing.get_context("fork").Queue(maxsize=6)
    worker = multiprocessing.get_context("fork").Process(
        target=_compute,
        args=(queue, shop_id, order_rows, count, bundle, lines, seed, now),
        daemon=True,
    )
    worker.start()
    started = time.perf_counter()
    index_sql = _drop_indexes(conn)
    written = 0
    try:
        writer = None
        while True:
            batch = queue.get()
            if batch is None:
                break
            rows, sealed = batch
            if writer is None:
                conn.execute("BEGIN IMMEDIATE")
                # The search triggers are dropped already, so the writer finds none to pause.
                writer = MessageWriter(store, shop_id, now)
                writer.pair_replies = False  # paired once at the end, with the indexes back
            writer.write(rows, sealed)
            written += len(rows)
            if writer.inserted >= _COMMIT_EVERY:
                writer.finish()
                conn.execute("COMMIT")
                writer = None
                log(f"    {written:,} messages written ({time.perf_counter() - started:.0f} s)")
        if writer is not None:
            writer.finish()
            conn.execute("COMMIT")
    finally:
        worker.join(timeout=60)
    log(f"    {written:,} messages and seals in {time.perf_counter() - started:.0f} s; indexing")
    _build_indexes(conn, index_sql, log)
    conn.execute("PRAGMA foreign_keys = ON")
    with store.write():  # the replies paired (migration 026), as a history import does
        reply_summary.rebuild(store, shop_id)


def _drop_indexes(conn) -> list[str]:
    kept = [
        row[0]
        for row in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND name IN"
            f" ({','.join('?' * (len(_MESSAGE_INDEXES) + len(_SEARCH)))})",
            (*_MESSAGE_INDEXES, *(name for name, _sql in _SEARCH)),
        )
    ]
    for name in _MESSAGE_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    for name, _sql in _SEARCH:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    return kept


def _build_indexes(conn, kept_sql: list[str], log: Log) -> None:
    # Chat lines repeat: their character pairs are worked out once per distinct text.
    conn.create_function("chat_bigrams", 1, lru_cache(maxsize=1 << 16)(bigram_words), deterministic=True)
    conn.execute("BEGIN IMMEDIATE")
    for _name, sql in _SEARCH:
        started = time.perf_counter()
        conn.execute(sql, (1,))
        log(f"    {sql.split()[2]} in {time.perf_counter() - started:.0f} s")
    for sql in kept_sql:
        started = time.perf_counter()
        conn.execute(sql)
        log(f"    {sql.split(' ON ')[0]} in {time.perf_counter() - started:.0f} s")
    conn.execute("COMMIT")
    conn.create_function("chat_bigrams", 1, bigram_words, deterministic=True)


def _compute(queue, shop_id, order_rows, count, bundle, lines, seed, now) -> None:
    """The worker: batches of (message rows, seal rows) in MessageWriter's form, then None."""
    try:
        for batch in _batches(shop_id, order_rows, count, bundle, lines, seed, now):
            queue.put(batch)
    finally:
        queue.put(None)


def _batches(shop_id, order_rows, count, bundle, lines, seed, now) -> Iterator[tuple[list, list]]:
    rng = random.Random(seed)
    conversations, total = [], 0
    while total < count:  # which order each conversation is about, and its length
        size = min(rng.randrange(6, 15), count - total)
        conversations.append((rng.randrange(len(order_rows)), size))
        total += size
    conversations.sort(key=lambda c: c[0])
    bundle_row, on_bundle = bundle
    heads: dict[str, tuple[int, str]] = {}
    order_key, buyer_key = evidence.order_chain_key, evidence.buyer_chain_key
    rows: list[tuple] = []
    sealed: list[tuple] = []
    message_id = serial = 0

    def add(order_id, order_no, buyer, position, at) -> None:
        nonlocal message_id, serial
        message_id += 1
        if position % 2 == 0:
            role, name, text = "buyer", buyer, lines.buyer[rng.randrange(len(lines.buyer))]
        else:
            role, name, text = "staff", lines.staff_name, lines.staff[rng.randrange(len(lines.staff))]
        if rng.random() < 0.3:
            text += f" #{serial % 9973}"  # numbers make texts varied, as real chats are
        print_ = fingerprint(shop_id, name, at, text, serial)
        serial += 1
        key = order_key(order_no) if order_no else buyer_key(buyer)
        seq, prev = heads.get(key, (0, GENESIS))
        seq += 1
        content = message_content_hash("message", message_id, buyer, role, name, at, text, None)
        item_hash = link_hash(prev, content, "message", seq)
        heads[key] = (seq, item_hash)
        rows.append(
            (message_id, order_id, buyer, role, name, at, text, None, "qianniu", None, print_, None, None)
        )
        sealed.append((key, seq, message_id, content, prev, item_hash))

    for index, size in conversations:
        order_id, order_no, buyer, paid_at, _shipped = order_rows[index]
        linked = rng.random() < 0.9
        at = paid_at - rng.randrange(0, 4 * 3600)
        for position in range(size):
            at += rng.randrange(5, 1800)
            add(order_id if linked else None, order_no if linked else None, buyer, position, min(at, now - 1))
        if len(rows) >= _BATCH:
            yield rows, sealed
            rows, sealed = [], []
    order_id, order_no, buyer, paid_at, _ = bundle_row
    at = paid_at
    for position in range(on_bundle):
        at = min(at + rng.randrange(5, 120), now - 1)
        add(order_id, order_no, buyer, position, at)
    if rows:
        yield rows, sealed
