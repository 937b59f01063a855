"""Chat messages as the core sees them, and which stage of the order's life a message belongs to."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

SENDER_ROLES = ("buyer", "staff", "platform", "system")
STAGES = ("pre_sale", "transaction", "shipping", "after_sale")

# Taobao/Tmall order numbers are 15-19 digits; shorter digit runs are prices, phones are 11.
_ORDER_NO = re.compile(r"(?<!\d)(\d{15,19})(?!\d)")


class ChatRecord(NamedTuple):
    """One message as read from a chat export: plain values, `sent_at` in epoch seconds.

    `buyer` is whom the conversation was with (the chain key before an order is known);
    `order_no` is set when the file or the user ties the message to an order; `line` is where the
    message starts in its file, for error messages. A tuple: a million of them are made per import.
    """

    sent_at: int
    sender_name: str
    sender_role: str
    text: str
    buyer: str
    order_no: str | None = None
    line: int | None = None


def infer_stage(sent_at: int, order: Mapping | None) -> str:
    """The stage from the order's timeline: before payment pre-sale, then transaction until
    shipped, shipping until completed, after-sale from completion (or from a refund request
    once shipped). Without an order a chat is taken as pre-sale: it came before any purchase we know."""
    if order is None:
        return "pre_sale"
    paid_at = order.get("paid_at") or order.get("created_at")
    if paid_at is None or sent_at < paid_at:
        return "pre_sale"
    shipped_at = order.get("shipped_at")
    if shipped_at is None or sent_at < shipped_at:
        return "transaction"
    completed_at = order.get("completed_at")
    if completed_at is not None and sent_at >= completed_at:
        return "after_sale"
    if order.get("refund_status") or order.get("status") == "refunded":
        return "after_sale"
    return "shipping"


def order_numbers_in(text: str) -> list[str]:
    """Order numbers a message mentions ("我的订单3900…什么时候发货")."""
    return _ORDER_NO.findall(text)


def fingerprints(shop_id: int, records: Iterable[tuple[str, str, int, str]]) -> list[str]:
    """A stable identity for each (buyer, sender_name, sent_at, text), counting repeats.

    The same record imported again (from another file name, or pasted) gets the same identity;
    two identical lines in one record ("好的" twice in one second) stay two messages because the
    occurrence index is part of it.
    """
    counter = FingerprintCounter(shop_id)
    return [counter.next(*key) for key in records]


class FingerprintCounter:
    """`fingerprints` one record at a time, so a million-message import can go batch by batch.

    Repeats are counted by the first occurrence's fingerprint rather than by the record itself:
    that keeps 64 characters per message instead of its whole text. The two are the same thing as
    long as the separator cannot occur inside a field; a record whose fields hold one is counted
    by its values, exactly as before.
    """

    def __init__(self, shop_id: int) -> None:
        self._prefix = f"{shop_id}\x1f"
        self._seen: dict = {}

    def next(self, buyer: str, sender_name: str, sent_at: int, text: str) -> str:
        raw = f"{self._prefix}{buyer}\x1f{sender_name}\x1f{sent_at}\x1f{text}\x1f"
        first = hashlib.sha256(f"{raw}0".encode()).hexdigest()
        key = first
        if "\x1f" in buyer or "\x1f" in sender_name or "\x1f" in text:
            key = (buyer, sender_name, sent_at, text)
        occurrence = self._seen.get(key, 0)
        self._seen[key] = occurrence + 1
        if occurrence == 0:
            return first
        return hashlib.sha256(f"{raw}{occurrence}".encode()).hexdigest()


def fingerprint(shop_id: int, buyer: str, sender_name: str, sent_at: int, text: str, occurrence: int = 0) -> str:
    raw = f"{shop_id}\x1f{buyer}\x1f{sender_name}\x1f{sent_at}\x1f{text}\x1f{occurrence}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
