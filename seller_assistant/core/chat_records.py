"""Chat messages as the core sees them, and which stage of the order's life a message belongs to."""

from __future__ import annotations

import bisect
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
    message starts in its file, for error messages; `status` and `notes` are what the client showed
    around the message (已读, 撤回, 转接 …), kept beside it and out of its text and fingerprint. A tuple: a million of them are made per import.
    """

    sent_at: int
    sender_name: str
    sender_role: str
    text: str
    buyer: str
    order_no: str | None = None
    line: int | None = None
    status: str | None = None  # 'read' | 'unread' as the copy showed it: metadata, never sealed text
    notes: str | None = None  # notices that came with it (recalls, transfers, system lines), verbatim


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


HOUR = 3600
DAY = 86400
# Tying a chat to an order by buyer and time: a question shortly before paying is about the order
# paid next (pre-sale chat); otherwise a chat belongs to the buyer's latest order paid before it,
# if that was recent enough to still be its transaction, shipping or after-sale.
PRE_SALE_WINDOW = 6 * HOUR
AFTER_ORDER_WINDOW = 90 * DAY


def order_by_time(orders: list[dict], paid: list[int], sent_at: int) -> dict | None:
    """The buyer's order a message sent at `sent_at` is about; `orders` oldest paid first and
    `paid` their payment times (creation when unpaid)."""
    after = bisect.bisect_right(paid, sent_at)
    if after < len(orders) and paid[after] - sent_at <= PRE_SALE_WINDOW:
        return orders[after]
    if after > 0 and sent_at - paid[after - 1] <= AFTER_ORDER_WINDOW:
        return orders[after - 1]
    return None


def order_numbers_in(text: str) -> list[str]:
    """Order numbers a message mentions ("我的订单3900…什么时候发货")."""
    return _ORDER_NO.findall(text)


# What a message's identity is made of, and which version of that rule: v2 is sender, time and
# text (status lines and the conversation's buyer are not part of it, so the same chat copied in
# another layout, or read with another guess of who the buyer is, is recognised).
_PRINT_PREFIX = "v2\x1f"


def fingerprints(shop_id: int, records: Iterable[tuple[str, int, str]]) -> list[str]:
    """A stable identity for each (sender_name, sent_at, text) in the order they were read.

    The same message imported again (from another file, another layout, or pasted) gets the same
    identity. A message repeated in a consecutive run ("好的" twice in one second) stays as many
    messages as the run is long; the same message met again later in the same text is a repeat of
    it (a chat pasted twice), not a new one.
    """
    counter = FingerprintCounter(shop_id)
    return [counter.next(*key) for key in records]


class FingerprintCounter:
    """`fingerprints` one record at a time, so a million-message import can go batch by batch.

    Only the current run of identical messages is remembered: occurrence n of a run gets the
    n-th fingerprint, so a doubled paste maps its second copy onto the first.
    """

    def __init__(self, shop_id: int) -> None:
        self._prefix = f"{_PRINT_PREFIX}{shop_id}\x1f"
        self._last = ""
        self._run = 0

    def next(self, sender_name: str, sent_at: int, text: str) -> str:
        raw = f"{self._prefix}{sender_name}\x1f{sent_at}\x1f{text}\x1f"  # print_identity, inlined
        if raw == self._last:
            self._run += 1
        else:
            self._last, self._run = raw, 0
        return hashlib.sha256(f"{raw}{self._run}".encode()).hexdigest()


def fingerprint(shop_id: int, sender_name: str, sent_at: int, text: str, occurrence: int = 0) -> str:
    raw = f"{print_identity(shop_id, sender_name, sent_at, text)}{occurrence}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def print_identity(shop_id: int, sender_name: str, sent_at: int, text: str) -> str:
    """What a message's fingerprint hashes before its occurrence: two messages in a row are the
    same message repeated when this is equal (FingerprintCounter)."""
    return f"{_PRINT_PREFIX}{shop_id}\x1f{sender_name}\x1f{sent_at}\x1f{text}\x1f"


# Read receipts as the clients print them on a line of their own under a message.
_STATUS_LINES = {
    "已读": "read",
    "未读": "unread",
    "对方已读": "read",
    "对方未读": "unread",
    "[已读]": "read",
    "[未读]": "unread",
    "【已读】": "read",
    "【未读】": "unread",
    "（已读）": "read",
    "（未读）": "unread",
    "(已读)": "read",
    "(未读)": "unread",
}


def status_of_line(line: str) -> str | None:
    """'read' / 'unread' when the line is only a read receipt, else None."""
    return _STATUS_LINES.get(line.strip()) if len(line) < 12 else None


def text_without_status(text: str) -> str:
    """The message text with read-receipt lines taken out, as today's importers read it: what a
    message stored before that change would have been read as (for its fingerprint only)."""
    if "读" not in text:
        return text
    lines = text.split("\n")
    kept = [line for number, line in enumerate(lines) if number == 0 or status_of_line(line) is None]
    return "\n".join(kept).strip("\n") if len(kept) != len(lines) else text
