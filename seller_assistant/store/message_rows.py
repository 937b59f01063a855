"""Inserting and sealing chat messages in bulk: rows made batch by batch (maybe in another process), then written.

The two halves are apart on purpose: MessageRows only reads the store and computes (ids,
fingerprint checks, content and link hashes), MessageWriter only writes. A big import runs the
first in a worker process while the process holding the write lock runs the second
(imports/chat_pipeline.py); a small one runs both here, through `insert_messages`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from seller_assistant.core.evidence import link_hash, message_content_hash
from seller_assistant.core.grams import sided_words
from seller_assistant.store import dialect, evidence, pg_locks, reply_summary
from seller_assistant.store.connection import Store


class NewMessage(NamedTuple):
    """A message ready to store: the order is resolved, the fingerprint computed. Plain tuples in
    this field order are accepted too (an import makes a million of them)."""

    order_id: int | None
    order_no: str | None
    buyer: str
    sender_role: str
    sender_name: str
    sent_at: int
    text: str
    stage: str | None
    source: str
    fingerprint: str
    template_id: str | None = None
    status: str | None = None  # read receipt as the copy showed it: metadata, not sealed
    notes: str | None = None  # recalls, transfers, system notices that came with it: metadata, not sealed


def existing_fingerprints(store: Store, prints: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(prints), 900):
        chunk = prints[start : start + 900]
        marks = ",".join("?" * len(chunk))
        found.update(
            row[0]
            for row in store.conn.execute(
                f"SELECT fingerprint FROM messages WHERE fingerprint IN ({marks})", chunk
            )
        )
    return found


def shop_fingerprints(store: Store, shop_id: int) -> set[str]:
    """Every stored fingerprint of the shop (a history load reads them once: they are few)."""
    return {
        row[0] for row in store.conn.execute("SELECT fingerprint FROM messages WHERE shop_id = ?", (shop_id,))
    }


def next_message_id(store: Store) -> int:
    """The first id of an import's messages. Read under the write lock: ids are given in Python, so
    the chain is computed as rows are made, without reading anything back. A shared store has no
    write lock: this takes the lock of message ids instead, until the transaction ends."""
    pg_locks.lock_message_ids(store.conn)
    return (store.conn.execute("SELECT max(id) FROM messages").fetchone()[0] or 0) + 1


_THIS_DESK = object()  # MessageRows' sealed_by when not given: who works at this store's desk


class MessageRows:
    """NewMessages → the rows to write: skips fingerprints already stored, gives ids from
    `first_id` on, seals each message into its chain (the order's, else the buyer's).

    It only reads `store` (fingerprints, chain heads), so it may run on a read-only connection in
    a worker process while the process holding the write lock writes what it returns. That is
    consistent because the writer writes nothing else meanwhile: each chain this import touches
    is read once, before any of its items are written, then carried forward here in memory; and
    the import's own fingerprints are remembered here (that connection does not see the rows the
    writer wrote from earlier batches), so a message met twice in one file is kept once.

    Rows are compact: per message (id, order_id, buyer, sender_role, sender_name, sent_at, text,
    stage, source, template_id, fingerprint, status, notes) and (chain_key, seq, id, content_hash, prev_hash,
    hash); the shop, the time and the item type are the same for all and go into the SQL once.
    """

    def __init__(
        self,
        store: Store,
        shop_id: int,
        now: int,
        first_id: int,
        stored: set[str] | None = None,
        sealed_by: str | None | object = _THIS_DESK,
    ) -> None:
        self.store = store
        self.next_id = first_id
        self.sealer = evidence.ChainSealer(store, shop_id, now)
        if sealed_by is not _THIS_DESK:  # named by the process that writes (a worker's reader has no desk)
            self.sealer.sealed_by = sealed_by
        self.sealed_by = self.sealer.sealed_by
        # The shop's stored fingerprints read at once (a history load: few), else looked up per batch.
        self._stored = stored
        # This import's fingerprints so far (a SHA-256 in hex kept as its number: half the memory).
        self._earlier: set[int | str] = set()

    def add(self, messages: Sequence[tuple]) -> tuple[list[tuple], list[tuple]]:
        """(message rows, seal rows) of the messages not stored yet, for MessageWriter.write."""
        seen = self._stored
        if seen is None:
            seen = existing_fingerprints(self.store, [m[9] for m in messages])
        earlier, earlier_add = self._earlier, self._earlier.add
        order_key, buyer_key = evidence.order_chain_key, evidence.buyer_chain_key
        keys = [order_key(m[1]) if m[1] else buyer_key(m[2]) for m in messages]
        heads = self.sealer.prefetch(keys)
        next_id = self.next_id
        who = self.sealed_by
        content_hash, seal = message_content_hash, link_hash
        rows: list[tuple] = []
        sealed: list[tuple] = []
        row, seal_row = rows.append, sealed.append
        # One pass a message: the duplicate check, the row, its content hash and its seal.
        for message, key in zip(messages, keys, strict=True):
            if len(message) == 13:
                (
                    order_id,
                    _no,
                    buyer,
                    role,
                    name,
                    sent_at,
                    text,
                    stage,
                    source,
                    print_,
                    template,
                    status,
                    notes,
                ) = message
            else:  # NewMessage's optional fields left out
                order_id, _no, buyer, role, name, sent_at, text, stage, source, print_, *extra = message
                template, status, notes = (*extra, None, None, None)[:3]
            if print_ in seen:
                continue
            if len(print_) == 64:
                try:
                    print_key: int | str = int(print_, 16)
                except ValueError:
                    print_key = print_
            else:
                print_key = print_
            if print_key in earlier:
                continue
            earlier_add(print_key)
            row(
                (
                    next_id,
                    order_id,
                    buyer,
                    role,
                    name,
                    sent_at,
                    text,
                    stage,
                    source,
                    template,
                    print_,
                    status,
                    notes,
                )
            )
            c_hash = content_hash("message", next_id, buyer, role, name, sent_at, text, None)
            seq, prev = heads[key]
            seq += 1
            item_hash = seal(prev, c_hash, "message", seq, who)
            heads[key] = (seq, item_hash)
            seal_row((key, seq, next_id, c_hash, prev, item_hash))
            next_id += 1
        self.next_id = next_id
        return rows, sealed


# Indexing row by row through the FTS trigger costs ~30 µs a message in a small store and ~330 µs
# in one of 2 M messages (likely: each trigger statement is a savepoint, at which FTS5 writes what it holds
# as a new segment, and merging those grows with the index); one INSERT … SELECT of a batch into
# the index costs 3-17 µs whatever the store. So for any batch of some size (an import run's
# batches are a few hundred rows) the trigger is dropped and each batch is indexed as it is
# written (overlapping a worker's reading), then the trigger is recreated — all in the same
# transaction, so a crash or an error rolls everything back together.
BULK_FTS_THRESHOLD = 50
_FTS_BATCH = 20_000


class MessageWriter:
    """Writes MessageRows' output inside the caller's write transaction; call `finish()` last.

    With `bigrams_given`, each `write` brings every row's bigram words (core/grams.bigram_words,
    made by the reading worker, so that this process only writes) and the bigram index takes them
    as they are, instead of calling chat_bigrams() on each text here."""

    def __init__(
        self, store: Store, shop_id: int, now: int, bigrams_given: bool = False, sealed_by: str | None = None
    ) -> None:
        self.store = store
        self.inserted = 0
        shop, at = int(shop_id), int(now)
        self.shop_id = shop
        # The conversations written (buyer → earliest, latest message), whose stored pairing of
        # replies (store/reply_summary.py) `finish` brings up to date in this transaction.
        self.touched: dict[str, tuple[int, int]] = {}
        # False where the caller pairs them itself once the messages' indexes are back
        # (store/chat_history.py: with them set aside, each lookup would read every message).
        self.pair_replies = True
        self._insert = (
            "INSERT INTO messages (id, shop_id, order_id, buyer, sender_role, sender_name, sent_at, text, stage,"
            " source, template_id, supersedes_id, fingerprint, status, notes, created_at)"
            f" VALUES (?, {shop}, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, {at})"
        )
        # `sealed_by` must be the name MessageRows sealed these rows with (its `sealed_by`).
        self._sealed_by = sealed_by
        self._seal = (
            "INSERT INTO evidence_items (shop_id, chain_key, seq, item_type, item_id, content_hash, prev_hash,"
            f" hash, sealed_at, sealed_by) VALUES ({shop}, ?, ?, 'message', ?, ?, ?, ?, {at}, ?)"
            if sealed_by is not None
            else "INSERT INTO evidence_items (shop_id, chain_key, seq, item_type, item_id, content_hash,"
            f" prev_hash, hash, sealed_at) VALUES ({shop}, ?, ?, 'message', ?, ?, ?, ?, {at})"
        )
        self._now = at
        self._heads: dict[str, tuple[int, str]] = {}  # each chain's newest head, for the head log
        self._bigrams_given = bigrams_given
        self._paused = False
        self._triggers: list[str] = []  # the SQL of the search triggers dropped, to put them back
        self._batches: list[str] = []  # each index's INSERT … SELECT of a range of ids
        self._fts_from = self._fts_to = 0

    def write(self, rows: list[tuple], sealed: list[tuple], bigrams: list[str] | None = None) -> None:
        if rows:
            if not self._paused and (len(rows) >= BULK_FTS_THRESHOLD or self._bigrams_given):
                self._paused = True
                for name, trigger_sql, batch in pause_fts(self.store):
                    self._triggers.append(trigger_sql)
                    if not (self._bigrams_given and name == "messages_bigram_insert"):
                        self._batches.append(batch)
                self._fts_from = rows[0][0]
            self.store.conn.executemany(self._insert, rows)
            reply_summary.touch(self.touched, rows)
            if self._bigrams_given and not self.store.shared:  # PostgreSQL's bigram index is on messages
                # Row: (id, order_id, buyer, sender_role, sender_name, …); the staff's side as in BIGRAM_WORDS_SQL.
                self.store.conn.executemany(
                    "INSERT INTO messages_bigram (rowid, grams) VALUES (?, ?)",
                    [
                        (row[0], sided_words(words, row[4] != row[2]))
                        for row, words in zip(rows, bigrams, strict=True)
                    ],
                )
            self.inserted += len(rows)
            if self._batches:
                self._fts_to = rows[-1][0]
                if self._fts_to - self._fts_from >= _FTS_BATCH:
                    self._index()
        if sealed:
            who = self._sealed_by
            self.store.conn.executemany(
                self._seal, sealed if who is None else [(*row, who) for row in sealed]
            )
            heads = self._heads
            for key, seq, _id, _c_hash, _prev, item_hash in sealed:
                heads[key] = (seq, item_hash)

    def finish(self) -> None:
        """The head log, the search indexes' last batch and triggers, and (`pair_replies`) the
        stored pairing of replies."""
        from seller_assistant.store import head_log

        heads, self._heads = self._heads, {}
        head_log.record(self.store, heads, self._now)
        if self._batches:
            self._index()
        for trigger_sql in self._triggers:
            self.store.conn.execute(trigger_sql)
        self._triggers, self._batches = [], []
        if self.pair_replies:
            reply_summary.keep(self.store, self.shop_id, self.touched)
            self.touched = {}

    def _index(self) -> None:
        if self._fts_to >= self._fts_from:
            for batch in self._batches:
                self.store.conn.execute(batch, (self._fts_from, self._fts_to))
            self._fts_from = self._fts_to + 1


# A message's words in the bigram index: its pairs, and for one sent under any name but its
# conversation's buyer's the staff's copy of them (migration 027; core/grams.sided_words).
BIGRAM_WORDS_SQL = "chat_bigrams_sided(text, sender_name <> buyer)"

# The search indexes' insert triggers and how a batch of them is indexed at once: the trigram
# index of the text, the bigram index of its character pairs and side (migrations 007, 027), and
# each day's id range (027; an upsert a row costs little, but a batch of rows costs less).
_INDEX_TRIGGERS = (
    (
        "messages_fts_insert",
        "INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages WHERE id BETWEEN ? AND ?",
    ),
    (
        "messages_bigram_insert",
        f"INSERT INTO messages_bigram (rowid, grams) SELECT id, {BIGRAM_WORDS_SQL} FROM messages"
        " WHERE id BETWEEN ? AND ?",
    ),
    (
        "message_days_insert",
        "INSERT INTO message_days (shop_id, day, low_id, high_id)"
        " SELECT shop_id, sent_at / 86400, min(id), max(id) FROM messages WHERE id BETWEEN ? AND ?"
        " GROUP BY shop_id, sent_at / 86400 ON CONFLICT (shop_id, day) DO UPDATE"
        " SET low_id = min(low_id, excluded.low_id), high_id = max(high_id, excluded.high_id)",
    ),
)


def pause_fts(store: Store) -> list[tuple[str, str, str]]:
    """Drop the search indexes' insert triggers (inside the write transaction); for each that was
    there, its name, its SQL (to put it back) and the statement that indexes a batch of ids."""
    paused = []
    for name, batch in _INDEX_TRIGGERS:
        sql = dialect.trigger_sql(store.conn, name)
        if sql is not None:
            store.conn.execute(f"DROP TRIGGER {name}")
            paused.append((name, sql, batch))
    return paused


def publish_staged_messages(store: Store, run, rows: list[list]) -> dict[str, int]:
    """An import run's batch of staged messages (NewMessage field order) into the store, sealed.

    Ids and chain heads are read here, under this batch's write lock, never carried over from an
    earlier batch: between two batches a note or an agreement may have been sealed into a chain."""
    now = int(run.params["now"])
    builder = MessageRows(store, run.shop_id, now, next_message_id(store))
    writer = MessageWriter(store, run.shop_id, now, sealed_by=builder.sealed_by)
    writer.write(*builder.add([tuple(row) for row in rows]))
    writer.finish()
    return {"inserted": writer.inserted}


def insert_messages(store: Store, shop_id: int, messages: Iterable[NewMessage], now: int) -> tuple[int, int]:
    """Insert the messages not stored yet and seal each into its chain, all in one transaction.
    Returns (inserted, duplicates)."""
    messages = list(messages)
    with store.write():
        builder = MessageRows(store, shop_id, now, next_message_id(store))
        writer = MessageWriter(store, shop_id, now, sealed_by=builder.sealed_by)
        for start in range(0, len(messages), _FTS_BATCH):
            writer.write(*builder.add(messages[start : start + _FTS_BATCH]))
        writer.finish()
    return writer.inserted, len(messages) - writer.inserted
