"""One export line into plain values, and the lines of one order into one order with its items.

The preset (importers/presets) says which header is which and how the marketplace words its
statuses; without a preset (a shop's own table) the common words apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from seller_assistant.core.ship_rules import promise_for, promise_source
from seller_assistant.importers import taobao
from seller_assistant.importers.presets import EXTRA_FIELDS, Preset
from seller_assistant.importers.values import (
    InstantReader,
    cents,
    country_code,
    currency_code,
    currency_of,
    infer_status,
    order_number,
    status_from_words,
    text_or_none,
    whole_number,
)

# The store columns an import fills, in the order the store's upsert expects them.
IMPORT_COLUMNS = (
    "order_no",
    "buyer",
    "status",
    "platform_status",
    "item_title",
    "sku",
    "category",
    "quantity",
    "amount_cents",
    "created_at",
    "paid_at",
    "shipped_at",
    "completed_at",
    "tracking_no",
    "carrier",
    "receiver_name",
    "receiver_phone",
    "receiver_address",
    "buyer_message",
    "refund_status",
    "promise_rule",
    "promised_ship_at",
    "platform_promised_ship_at",
    "promise_source",
    "fulfilled_by",
    "latest_delivery_at",
    "deleted",
    "currency",
    "ship_country",
    "cancelled_by",
    "cancelled_at",
)
# One order_items row: (item_key, title, sku, spec, quantity, price_cents, platform_status, refund_status)
ITEM_COLUMNS = (
    "item_key",
    "title",
    "sku",
    "spec",
    "quantity",
    "price_cents",
    "platform_status",
    "refund_status",
)

# When an order's lines disagree, the state that still asks something of the shop wins: one item
# still to ship means the order awaits shipment.
_STATUS_RANK = {
    s: i for i, s in enumerate(("paid", "awaiting_payment", "shipped", "completed", "refunded", "closed"))
}
_REFUND_RANK = {s: i for i, s in enumerate(("requested", "agreed", "rejected", "refunded", "closed"))}


@dataclass
class Line:
    """One line of an export, read."""

    line: int
    values: dict
    is_item: bool


class LineReader:
    """Turns one row's cells into a Line, or raises RowProblem naming the cell at fault."""

    def __init__(self, headers: list[str], mapping: dict[str, str], preset: Preset | None, tz, fields):
        positions = {target: headers.index(header) for target, header in mapping.items()}
        # A field the file lacks reads the empty cell appended to every row (position -1).
        self.at = {target: positions.get(target, -1) for target in (*fields, *EXTRA_FIELDS)}
        self.preset = preset
        self.taobao = preset is not None and preset.name == "taobao"
        self.digits_only = preset is not None and preset.digits_only
        self.instant = InstantReader(tz)
        self.rewrite = preset.rewrite_time if preset is not None else None
        self.width = len(headers)
        # limits.toml names marketplaces as shop settings do (pinduoduo, not pdd).
        self.marketplace = (
            {"pdd": "pinduoduo"}.get(preset.format, preset.format) if preset is not None else None
        )

    def time(self, raw: str, label: str, field: str | None = None) -> int | None:
        if self.rewrite is not None and raw:
            raw = self.rewrite(raw.strip())
        return self.instant(raw, label, field)

    def deadline(self, raw: str, label: str = "ship-by time", field: str = "promised_ship_at") -> int | None:
        """A platform deadline; a bare date means the end of that day (eBay's Ship By Date)."""
        if self.rewrite is not None and raw:
            raw = self.rewrite(raw.strip())
        text = text_or_none(raw)
        if text is not None and len(text) <= 10 and text[:4].isdigit():
            raw = text + " 23:59:59"
        return self.instant(raw, label, field)

    def read(self, line: int, cells: list[str]) -> Line:
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        cells.append("")
        at, text, preset = self.at, text_or_none, self.preset
        order_no = order_number(
            cells[at["order_no"]], digits_only=self.digits_only, marketplace=self.marketplace
        )
        created_at = self.time(cells[at["created_at"]], "creation time", "created_at")
        paid_at = self.time(cells[at["paid_at"]], "payment time", "paid_at")
        shipped_at = self.time(cells[at["shipped_at"]], "ship time", "shipped_at")
        completed_at = self.time(cells[at["completed_at"]], "receipt time", "completed_at")
        if paid_at is None and preset is not None and preset.paid_from_created:
            paid_at = created_at
        platform_status = text(cells[at["status"]])
        status = _status(platform_status, preset) or infer_status(paid_at, shipped_at, completed_at)
        if status == "paid" and shipped_at is not None:
            status = "shipped"
        refund_text = text(cells[at["refund_status"]])
        refund_status = _refund(refund_text, preset) if refund_text else None
        if self.taobao:
            status, from_close = taobao.refund_from_close(
                status, text(cells[at["close_reason"]]), cents(cells[at["refund_amount"]], "refund_amount")
            )
            refund_status = refund_status or from_close
        fulfilment = (text(cells[at["fulfilment"]]) or "").lower()
        title, sku = text(cells[at["item_title"]]), text(cells[at["sku"]])
        item_key = text(cells[at["item_key"]])
        values = {
            "order_no": order_no,
            "buyer": text(cells[at["buyer"]]),
            "status": status,
            "platform_status": platform_status,
            "item_title": title,
            "sku": sku,
            "category": text(cells[at["category"]]),
            "quantity": whole_number(cells[at["quantity"]]),
            "amount_cents": cents(cells[at["amount"]]),
            "created_at": created_at,
            "paid_at": paid_at,
            "shipped_at": shipped_at,
            "completed_at": completed_at,
            "tracking_no": text(cells[at["tracking_no"]]),
            "carrier": text(cells[at["carrier"]]),
            "receiver_name": text(cells[at["receiver_name"]]),
            "receiver_phone": text(cells[at["receiver_phone"]]),
            "receiver_address": text(cells[at["receiver_address"]]),
            "buyer_message": text(cells[at["buyer_message"]]),
            "refund_status": refund_status,
            "platform_promised_ship_at": self.deadline(cells[at["promised_ship_at"]]),
            "clock_start": self.time(cells[at["clock_start"]], "group order time", "clock_start"),
            "fulfilled_by": "platform"
            if preset is not None and fulfilment in preset.platform_fulfilment
            else "shop",
            "item_key": item_key,
            "spec": text(cells[at["spec"]]),
            "latest_delivery_at": self.deadline(
                cells[at["latest_delivery_at"]], "latest delivery date", "latest_delivery_at"
            ),
            # 1 = the platform deleted the order (the file's latest word on it, like its status).
            "deleted": int(
                bool(preset and platform_status and any(w in platform_status for w in preset.deleted_words))
            ),
            **self._cancellation(status, platform_status, cells),
            "ship_country": country_code(cells[at["ship_country"]]),
            "currency": currency_code(cells[at["currency"]])
            or currency_of(cells[at["amount"]], preset.dollar if preset is not None else None),
        }
        return Line(line, values, is_item=bool(title or item_key))

    def _cancellation(self, status: str, platform_status: str | None, cells: list[str]) -> dict:
        """Who cancelled and when, where the export says: the buyer asked (Amazon's flag), else a
        cancelled order of a preset whose platform counts it as the seller's. Unknown stays None."""
        at, preset = self.at, self.preset
        asked = (text_or_none(cells[at["buyer_cancel"]]) or "").lower() in ("true", "yes", "1")
        cancelled = status == "closed" and "cancel" in (platform_status or "").lower()
        by = (
            "buyer"
            if asked
            else "seller"
            if cancelled and preset is not None and preset.cancelled_is_sellers
            else None
        )
        when = (
            self.time(cells[at["status_changed_at"]], "status change time", "cancelled_at")
            if cancelled
            else None
        )
        return {"cancelled_by": by, "cancelled_at": when}


def _status(words: str | None, preset: Preset | None) -> str | None:
    if not words:
        return None
    if preset is not None:
        lowered = words.lower()
        for phrase, status in preset.status_words:
            if phrase in lowered:
                return status
    return status_from_words(words)


def _refund(words: str, preset: Preset | None) -> str | None:
    if preset is not None:
        for phrase, status in preset.refund_words:
            if words == phrase or (len(phrase) > 1 and phrase in words):
                return status
    return refund_status_from_words(words)


_REFUND_WORDS = (
    ("拒绝", "rejected"),
    ("reject", "rejected"),
    ("关闭", "closed"),
    ("撤销", "closed"),
    ("closed", "closed"),
    ("成功", "refunded"),
    ("已退款", "refunded"),
    ("refunded", "refunded"),
    ("同意", "agreed"),
    ("agreed", "agreed"),
    ("申请", "requested"),
    ("退款中", "requested"),
    ("requested", "requested"),
    ("pending", "requested"),
)


def refund_status_from_words(text: str) -> str | None:
    lowered = text.lower()
    if lowered in ("无", "没有申请退款", "none", "no"):
        return None
    for word, status in _REFUND_WORDS:
        if word in lowered:
            return status
    return "requested"


def combine(lines: list[Line], preset: Preset | None) -> tuple[dict, list[tuple]]:
    """One order from its lines: order facts from the first line that has them, quantities (and
    per-line amounts) summed over the item lines, the most pressing status; and the items."""
    first = dict(lines[0].values)
    if len(lines) > 1:
        for line in lines[1:]:
            for key, value in line.values.items():
                if first.get(key) is None and value is not None:
                    first[key] = value
        first["status"] = min((line.values["status"] for line in lines), key=lambda s: _STATUS_RANK.get(s, 9))
        refunds = [line.values["refund_status"] for line in lines if line.values["refund_status"]]
        first["refund_status"] = min(refunds, key=lambda s: _REFUND_RANK.get(s, 9)) if refunds else None
        deadlines = [
            line.values["platform_promised_ship_at"]
            for line in lines
            if line.values["platform_promised_ship_at"] is not None
        ]
        first["platform_promised_ship_at"] = min(deadlines) if deadlines else None  # the strictest
        items = [line for line in lines if line.is_item] or lines[:1]
        first["quantity"] = _total(line.values["quantity"] for line in items)
        if not (preset is not None and preset.amount_per_order):
            first["amount_cents"] = _total(line.values["amount_cents"] for line in items)
        if any(line.values["fulfilled_by"] == "platform" for line in lines):
            first["fulfilled_by"] = "platform"
        # Deleted only when every line says so (JD marks each item line of a deleted order).
        first["deleted"] = int(all(line.values["deleted"] for line in lines))
    items = [line for line in lines if line.is_item]
    return first, _items(items) if (preset is not None and preset.multi_line) else []


def _total(values) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _items(lines: list[Line]) -> list[tuple]:
    items, seen = [], set()
    for position, line in enumerate(lines, start=1):
        v = line.values
        key = v["item_key"] or v["sku"] or str(position)
        while key in seen:  # the same product twice in one order (two variants, one 商品ID)
            key = f"{key}#{position}"
        seen.add(key)
        items.append(
            (
                key,
                v["item_title"] or "",
                v["sku"],
                v["spec"],
                v["quantity"],
                v["amount_cents"],
                v["platform_status"],
                v["refund_status"],
            )
        )
    return items


class PromiseMaker:
    """Each order's deadline: the platform's, else the shop's rules', else its default promise (hours,
    or working days on the shop's business calendar)."""

    def __init__(self, rules, settings, calendar):
        self.rules, self.calendar = rules, calendar
        self.tz, self.hours = settings.tz(), settings.ship_promise_hours
        self.working_days = settings.ship_promise_working_days

    def row(self, values: dict) -> tuple:
        """The IMPORT_COLUMNS tuple. A platform-fulfilled order (Amazon FBA) is not the shop's to
        ship: it gets no deadline at all."""
        if values["fulfilled_by"] == "platform":
            rule = at = None
        else:
            start = values["clock_start"] or values["paid_at"]
            promise = promise_for(
                self.rules,
                start,
                values["item_title"],
                values["sku"],
                values["category"],
                self.hours,
                self.tz,
                platform_at=values["platform_promised_ship_at"],
                calendar=self.calendar,
                default_working_days=self.working_days,
            )
            rule, at = promise.rule, promise.at
        values = {
            **values,
            "promise_rule": rule,
            "promised_ship_at": at,
            "promise_source": promise_source(rule),
        }
        return tuple(values[c] for c in IMPORT_COLUMNS)
