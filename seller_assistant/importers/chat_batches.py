"""Parsed chat records to messages ready to store: the order each belongs to, its stage, its fingerprint.

Works batch by batch with state carried across batches (repeat counting, orders already looked
up), so a million-message import streams through it — in the importing process, or in the
worker process of importers/chat_pipeline.py.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from datetime import tzinfo

from seller_assistant.core.chat_records import ChatRecord, FingerprintCounter, infer_stage, order_numbers_in
from seller_assistant.core.errors import UserError
from seller_assistant.importers.chat_csv import looks_like_chat_csv, parse_chat_csv
from seller_assistant.importers.chat_parse import RowError
from seller_assistant.importers.qianniu import iter_qianniu
from seller_assistant.store import chats
from seller_assistant.store.connection import Store

HOUR = 3600
DAY = 86400
# Tying a chat to an order by buyer and time: a question shortly before paying is about the order
# paid next (pre-sale chat); otherwise a chat belongs to the buyer's latest order paid before it,
# if that was recent enough to still be its transaction, shipping or after-sale.
PRE_SALE_WINDOW = 6 * HOUR
AFTER_ORDER_WINDOW = 90 * DAY
BATCH = 5000


def record_batches(text: str, name: str, format: str, tz: tzinfo, shop_name: str | None,
                   errors: list[RowError]) -> Iterator[list[ChatRecord]]:
    """The file's records in batches, its unreadable lines appended to `errors`. A Qianniu file in
    which no message header is found is tried as CSV; a file with no message at all is refused."""
    found = False
    if format != "csv":
        for batch in iter_qianniu(text, tz, shop_name, errors, BATCH):
            found = True
            yield batch
    if not found and (format == "csv" or looks_like_chat_csv(text)):
        parsed = parse_chat_csv(text, name, tz, shop_name)
        errors[:] = parsed.errors
        for start in range(0, len(parsed.records), BATCH):
            found = True
            yield parsed.records[start:start + BATCH]
    if not found:
        if errors:
            raise UserError(f"{name}, line {errors[0].line}: {errors[0].message}; no chat message could be read, "
                            "nothing was imported.")
        raise UserError(f"{name}: no chat messages found (expected lines like 'nickname (2026-11-20 14:03:22):').")


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
                append((None, None, buyer, role, sender_name, sent_at, text, "pre_sale", source, print_, None,
                        status, notes))
            else:
                linked.add(target["id"])
                append((target["id"], target["order_no"], buyer or target["buyer"], role, sender_name, sent_at, text,
                        infer_stage(sent_at, target), source, print_, None, status, notes))
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
                    target = _by_time(known[0], known[1], record.sent_at)
            result.append(target)
        return result

    def _look_up(self, mentioned: list[list[str]], records: Sequence[ChatRecord]) -> None:
        """Fetch the orders this batch may need that earlier batches did not."""
        numbers = {no for nos in mentioned for no in nos if no not in self._by_no}
        if numbers:
            found = chats.orders_by_number(self.store, self.shop_id, numbers)
            for no in numbers:
                self._by_no[no] = found.get(no)
        buyers = {r.buyer for r in records if r.buyer and r.buyer not in self._by_buyer}
        if buyers:
            found = chats.orders_by_buyer(self.store, self.shop_id, buyers)
            for buyer in buyers:
                rows = found.get(buyer)
                self._by_buyer[buyer] = (
                    None if rows is None else (rows, [o["paid_at"] or o["created_at"] or 0 for o in rows]))


def _by_time(orders: list[dict], paid: list[int], sent_at: int) -> dict | None:
    after = bisect.bisect_right(paid, sent_at)
    if after < len(orders) and paid[after] - sent_at <= PRE_SALE_WINDOW:
        return orders[after]
    if after > 0 and sent_at - paid[after - 1] <= AFTER_ORDER_WINDOW:
        return orders[after - 1]
    return None
