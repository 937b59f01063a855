"""A shop's chat history in one go: one transaction, the messages' indexes and search indexes built after.

The first import of a shop's chats (a new store, or a file that dwarfs what is stored: see
store/bulk_load.py) is written in the caller's single write transaction, so it is all there or not
there at all — a kill, a full disk or a bad line found late roll everything back, and no import
run is left to undo or resume. Inside it, the messages' secondary indexes are dropped and built
again after the rows (one sort instead of a random B-tree insert per row per index), the search
triggers are paused and the trigram index filled a range of ids at a time, and the bigram words
come ready from the reading worker. The UNIQUE fingerprint index stays: it refuses duplicates as
rows go in, exactly as on the everyday path. Other writers wait for the transaction (the window
says so); an everyday import is written as an import run in short steps instead.

The rows and seals are made by MessageRows (store/message_rows.py) in the reading worker from the
first id given here: this transaction holds the write lock from before that id is read until the
commit, so nothing else is written meanwhile and the chain heads the worker read stay the heads.
"""

from __future__ import annotations

from collections.abc import Iterable

from seller_assistant.store import bulk_load, message_rows, reply_summary
from seller_assistant.store.connection import Store


def is_history(store: Store, shop_id: int, messages: int) -> bool:
    """Whether `messages` new messages are the shop's chat history, loaded in one go (bulk_load.dwarfs)."""
    return bulk_load.dwarfs(store, "messages", shop_id, messages)


def write_history(
    store: Store,
    shop_id: int,
    now: int,
    batches: Iterable[tuple[list[tuple], list[tuple], list[str]]],
    sealed_by: str | None = None,
) -> int:
    """Inside store.write(): write the batches (message rows, seal rows, bigram words, as
    MessageRows and core.grams made them, sealed by `sealed_by`) with the indexes built after; how
    many were written."""
    writer = message_rows.MessageWriter(store, shop_id, now, bigrams_given=True, sealed_by=sealed_by)
    writer.pair_replies = False  # below, once the indexes are back
    with bulk_load.indexes_after_load(store, ("messages",)):
        for rows, sealed, bigrams in batches:
            writer.write(rows, sealed, bigrams)
        writer.finish()
    # With the messages' indexes built again: the shop's replies paired as a whole (a history).
    if writer.touched:
        reply_summary.rebuild(store, shop_id)
    return writer.inserted
