"""Writing a chat import: each parsed record tied to its order, fingerprinted, given an id and sealed.

One call per import (`store_records`, or `ChatRun` for batches streamed from a worker process):
the importers only parse (importers/chat_batches.py); what needs the store — the orders a message
may belong to, the fingerprints already stored, the next ids, the chain heads — is read here.
Linking and fingerprinting (MessagePreparer) only read, so a worker process may run them on its
own read-only connection while this process writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from seller_assistant.core.chat_records import (
    ChatRecord,
    FingerprintCounter,
    infer_stage,
    order_by_time,
    order_numbers_in,
)
from seller_assistant.core.files import file_identity
from seller_assistant.core.grams import bigram_words
from seller_assistant.store import chat_history, import_runs, message_rows
from seller_assistant.store.chats import orders_by_buyer, orders_by_number
from seller_assistant.store.connection import Store, retrying

# Up to this many messages (a paste, a day's chat) one transaction is short enough (~0.1 s).
ONE_TRANSACTION_MAX = 4000


class MessagePreparer:
    """Records → NewMessages. `order` ties every message to that order (the user chose it);
    otherwise an order number the message names, else the buyer's order by time, else none."""

    def __init__(self, store: Store, shop_id: int, order: dict | None, source: str) -> None:
        self.store, self.shop_id, self.order, self.source = store, shop_id, order, source
        self.prints = FingerprintCounter(shop_id)
        self.messages = 0
        self.linked: set[int] = set()  # distinct orders the messages were tied to
        self.unlinked = 0
        self._by_no: dict[str, dict | None] = {}
        self._by_buyer: dict[str, tuple[list[dict], list[int]] | None] = {}

    def prepare(self, records: Sequence[ChatRecord]) -> list[tuple]:
        """Tuples in NewMessage's field order (plain tuples: a million of them per import)."""
        targets = self._link(records)
        next_print, source, linked = self.prints.next, self.source, self.linked
        result = []
        append = result.append
        unlinked = 0
        for (sent_at, sender_name, role, text, buyer, _no, _line, status, notes), target in zip(
            records, targets, strict=True
        ):
            print_ = next_print(sender_name, sent_at, text)
            if target is None:
                unlinked += 1
                append(
                    (
                        None,
                        None,
                        buyer,
                        role,
                        sender_name,
                        sent_at,
                        text,
                        "pre_sale",
                        source,
                        print_,
                        None,
                        status,
                        notes,
                    )
                )
            else:
                linked.add(target["id"])
                append(
                    (
                        target["id"],
                        target["order_no"],
                        buyer or target["buyer"],
                        role,
                        sender_name,
                        sent_at,
                        text,
                        infer_stage(sent_at, target),
                        source,
                        print_,
                        None,
                        status,
                        notes,
                    )
                )
        self.unlinked += unlinked
        self.messages += len(records)
        return result

    def _link(self, records: Sequence[ChatRecord]) -> list[dict | None]:
        if self.order is not None:
            return [self.order] * len(records)
        mentioned = [[r.order_no] if r.order_no else order_numbers_in(r.text) for r in records]
        self._look_up(mentioned, records)
        by_no, by_buyer = self._by_no, self._by_buyer
        result = []
        for record, numbers in zip(records, mentioned, strict=True):
            target = None
            for no in numbers:
                target = by_no[no]
                if target is not None:
                    break
            if target is None:
                known = by_buyer.get(record.buyer)
                if known is not None:
                    target = order_by_time(known[0], known[1], record.sent_at)
            result.append(target)
        return result

    def _look_up(self, mentioned: list[list[str]], records: Sequence[ChatRecord]) -> None:
        """Fetch the orders this batch may need that earlier batches did not."""
        numbers = {no for nos in mentioned for no in nos if no not in self._by_no}
        if numbers:
            found = orders_by_number(self.store, self.shop_id, numbers)
            for no in numbers:
                self._by_no[no] = found.get(no)
        buyers = {r.buyer for r in records if r.buyer and r.buyer not in self._by_buyer}
        if buyers:
            found = orders_by_buyer(self.store, self.shop_id, buyers)
            for buyer in buyers:
                rows = found.get(buyer)
                self._by_buyer[buyer] = (
                    None if rows is None else (rows, [o["paid_at"] or o["created_at"] or 0 for o in rows])
                )


class ChatRun:
    """How a chat file's prepared messages are stored: as an import run (batched, resumable)."""

    def __init__(
        self,
        store: Store,
        shop_id: int,
        path: Path,
        format: str,
        order_no: str | None,
        now: int,
        resume: int | None,
    ) -> None:
        self.store, self.shop_id, self.now, self.resume = store, shop_id, now, resume
        self.file = str(path.resolve()) if path.is_absolute() or path.exists() else str(path)
        self.params = {"format": format, "order_no": order_no, "now": now, **file_identity(path)}
        self.run_id: int | None = None

    def __call__(self, batches: Iterable[list[tuple]]) -> int:
        """Stage and publish these prepared batches; how many messages were new."""
        self.run_id, counts = import_runs.run_import(
            self.store,
            self.shop_id,
            "chat",
            self.file,
            self.params,
            batches,
            message_rows.publish_staged_messages,
            self.now,
            run_id=self.resume,
        )
        return counts.get("inserted", 0)

    def save_result(self, result: dict) -> None:
        if self.run_id is not None:
            import_runs.save_result(self.store, self.run_id, result)


@dataclass
class Stored:
    """What an import's records came to (ChatImportResult's numbers)."""

    messages: int
    inserted: int
    orders_linked: int  # distinct orders the messages were tied to
    unlinked: int  # messages left for the user to assign


def store_records(
    store: Store,
    shop_id: int,
    records: Sequence[ChatRecord],
    *,
    order: dict | None,
    source: str,
    now: int,
    run: ChatRun | None = None,
    history: bool = False,
) -> Stored:
    """Tie, fingerprint, insert and seal the records: in one transaction when they are few, or are
    the shop's history (`history`: indexes built after the rows, store/chat_history.py), or there
    is no file to resume from; else as the import run `run`."""
    if history or run is None or (len(records) <= ONE_TRANSACTION_MAX and run.resume is None):
        # One whole write: undone by a conflict with another desk (a shipment on the same orders),
        # it is run again from the start, the preparer too (it counts what it linked).
        inserted, preparer = retrying(
            store, lambda: _one_transaction(store, shop_id, records, order, source, now, history)
        )
    else:
        preparer = MessagePreparer(store, shop_id, order, source)
        step = 5000
        inserted = run(
            preparer.prepare(records[start : start + step]) for start in range(0, len(records), step)
        )
    return Stored(len(records), inserted, len(preparer.linked), preparer.unlinked)


def _one_transaction(
    store: Store,
    shop_id: int,
    records: Sequence[ChatRecord],
    order: dict | None,
    source: str,
    now: int,
    history: bool,
) -> tuple[int, MessagePreparer]:
    preparer = MessagePreparer(store, shop_id, order, source)
    with store.write():
        builder = message_rows.MessageRows(store, shop_id, now, message_rows.next_message_id(store))
        if history:  # indexes built after the rows (store/chat_history.py)
            inserted = chat_history.write_history(
                store, shop_id, now, _with_bigrams(builder, preparer, records), builder.sealed_by
            )
        else:
            writer = message_rows.MessageWriter(store, shop_id, now, sealed_by=builder.sealed_by)
            for start in range(0, len(records), 20_000):
                writer.write(*builder.add(preparer.prepare(records[start : start + 20_000])))
            writer.finish()
            inserted = writer.inserted
    return inserted, preparer


def _with_bigrams(builder, preparer: MessagePreparer, records: Sequence[ChatRecord]):
    """The batches chat_history.write_history takes, made in this process (no worker)."""
    for start in range(0, len(records), 20_000):
        rows, sealed = builder.add(preparer.prepare(records[start : start + 20_000]))
        yield rows, sealed, [bigram_words(row[6]) for row in rows]
