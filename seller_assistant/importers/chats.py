"""Importing chat records as evidence: read the file or pasted text, tie messages to orders, store and seal."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from seller_assistant.core.chat_records import ChatRecord, fingerprints, infer_stage, order_numbers_in
from seller_assistant.core.errors import UserError
from seller_assistant.importers.chat_csv import looks_like_chat_csv, parse_chat_csv
from seller_assistant.importers.chat_parse import ParsedChat, RowError
from seller_assistant.importers.encoding import read_text_file
from seller_assistant.importers.qianniu import parse_qianniu
from seller_assistant.store import chats, orders, shops
from seller_assistant.store.connection import Store

HOUR = 3600
DAY = 86400
# Tying a chat to an order by buyer and time: a question shortly before paying is about the order
# paid next (pre-sale chat); otherwise a chat belongs to the buyer's latest order paid before it,
# if that was recent enough to still be its transaction, shipping or after-sale.
PRE_SALE_WINDOW = 6 * HOUR
AFTER_ORDER_WINDOW = 90 * DAY


@dataclass
class ChatImportResult:
    file: str
    messages: int = 0
    inserted: int = 0
    duplicates: int = 0
    orders_linked: int = 0  # distinct orders the messages were tied to
    unlinked: int = 0  # messages left for the user to assign
    errors: list[RowError] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "file": self.file, "messages": self.messages, "inserted": self.inserted, "duplicates": self.duplicates,
            "orders_linked": self.orders_linked, "unlinked": self.unlinked,
            "errors": [e.to_json() for e in self.errors],
        }


def import_chat_file(
    store: Store, shop_id: int, path: Path | str, *, order_no: str | None = None, now: int,
    format: str = "auto",
) -> ChatImportResult:
    """Import a Qianniu/Wangwang export or a chat CSV. A file that cannot be read changes nothing."""
    path = Path(path)
    decoded = read_text_file(path)
    if format == "auto":
        format = "csv" if path.suffix.lower() in (".csv", ".tsv") else "qianniu"
    parsed = _parse(store, shop_id, decoded.text, path.name, format)
    order = orders.find_order(store, shop_id, order_no) if order_no else None
    return _store(store, shop_id, parsed, path.name, "csv" if format == "csv" else "qianniu", order, now)


def import_chat_text(
    store: Store, shop_id: int, text: str, *, order_id: int | None = None, source: str = "paste", now: int,
) -> ChatImportResult:
    """Import chat text pasted from the clipboard (Qianniu layout or CSV lines)."""
    if not text.strip():
        raise UserError("The pasted text is empty.")
    parsed = _parse(store, shop_id, text.replace("\x00", ""), "pasted text", "qianniu")
    order = orders.get_order(store, order_id) if order_id is not None else None
    if order_id is not None and order is None:
        raise UserError(f"There is no order with id {order_id}.")
    return _store(store, shop_id, parsed, "pasted text", source, order, now)


def _parse(store: Store, shop_id: int, text: str, name: str, format: str) -> ParsedChat:
    settings = shops.load_settings(store, shop_id)
    tz, shop_name = settings.tz(), settings.name
    if format == "csv":
        parsed = parse_chat_csv(text, name, tz, shop_name)
    else:
        parsed = parse_qianniu(text, name, tz, shop_name)
        if not parsed.records and looks_like_chat_csv(text):
            parsed = parse_chat_csv(text, name, tz, shop_name)
    if not parsed.records:
        if parsed.errors:
            first = parsed.errors[0]
            raise UserError(f"{name}, line {first.line}: {first.message}; no chat message could be read, "
                            "nothing was imported.")
        raise UserError(f"{name}: no chat messages found (expected lines like 'nickname (2026-11-20 14:03:22):').")
    return parsed


def _store(store, shop_id, parsed: ParsedChat, name: str, source: str, order: dict | None, now: int):
    records = parsed.records
    prints = fingerprints(shop_id, ((r.buyer or (order or {}).get("buyer", ""), r.sender_name, r.sent_at, r.text)
                                    for r in records))
    targets = _link(store, shop_id, records, order)
    messages = []
    linked: set[int] = set()
    unlinked = 0
    for record, print_, target in zip(records, prints, targets, strict=True):
        buyer = record.buyer or (target["buyer"] if target else "")
        if target is None:
            unlinked += 1
        else:
            linked.add(target["id"])
        messages.append(chats.NewMessage(
            target["id"] if target else None, target["order_no"] if target else None, buyer, record.sender_role,
            record.sender_name, record.sent_at, record.text, infer_stage(record.sent_at, target), source, print_,
        ))
    inserted, duplicates = chats.insert_messages(store, shop_id, messages, now)
    return ChatImportResult(name, len(records), inserted, duplicates, len(linked), unlinked, parsed.errors)


def _link(store: Store, shop_id: int, records: Sequence[ChatRecord], order: dict | None) -> list[dict | None]:
    """The order each message belongs to: the one given; else an order number the message (or the
    record) names; else by buyer and time (see PRE_SALE_WINDOW); else None."""
    if order is not None:
        return [order] * len(records)
    mentioned = [
        ([r.order_no] if r.order_no else order_numbers_in(r.text)) for r in records
    ]
    by_no = chats.orders_by_number(store, shop_id, (no for nos in mentioned for no in nos))
    by_buyer = chats.orders_by_buyer(store, shop_id, (r.buyer for r in records))
    paid_times = {buyer: [o["paid_at"] or o["created_at"] or 0 for o in rows] for buyer, rows in by_buyer.items()}
    result = []
    for record, numbers in zip(records, mentioned, strict=True):
        target = next((by_no[no] for no in numbers if no in by_no), None)
        if target is None and record.buyer in by_buyer:
            target = _by_time(by_buyer[record.buyer], paid_times[record.buyer], record.sent_at)
        result.append(target)
    return result


def _by_time(orders: list[dict], paid: list[int], sent_at: int) -> dict | None:
    after = bisect.bisect_right(paid, sent_at)
    if after < len(orders) and paid[after] - sent_at <= PRE_SALE_WINDOW:
        return orders[after]
    if after > 0 and sent_at - paid[after - 1] <= AFTER_ORDER_WINDOW:
        return orders[after - 1]
    return None
