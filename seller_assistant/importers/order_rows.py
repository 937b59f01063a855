"""One export line into plain values, and the lines of one order into one order with its items.

The preset (importers/presets) says which header is which and how the marketplace words its
statuses; without a preset (a shop's own table) the common words apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from operator import itemgetter

from seller_assistant.core.business_calendar import BusinessCalendar
from seller_assistant.core.ship_rules import DEFAULT_RULE, PLATFORM_RULE, promise_for, promise_source
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
# A Line's values: the store's fields and what combining lines and making promises read.
_LINE_FIELDS = frozenset(
    (
        *(c for c in IMPORT_COLUMNS if c not in ("promise_rule", "promised_ship_at", "promise_source")),
        "platform_promised_ship_at",
        "clock_start",
        "item_key",
        "spec",
    )
)
_IMPORT_ROW = itemgetter(*IMPORT_COLUMNS)  # a Line's values (with its promise) as the store's row
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
        self._status_of: dict[str | None, str | None] = {}
        self._refund_of: dict[str, str | None] = {}
        self._plan = self.cell_plan()

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

    def cell_plan(self) -> tuple[tuple[str, str, object], ...]:
        """(name, field whose column is read, converter) for every cell a line is read from, in the
        order read() converts them: a line's first bad cell is the one its error names. Each
        converter is a pure function of the cell's text, so a file's distinct values can be
        converted once (importers/order_columns.py)."""
        deadline, text = self.deadline, text_or_none
        # Without a preset's rewrite a time is the InstantReader's alone: called directly (partial).
        plain = self.instant if self.rewrite is None else self.time

        def time(label: str, field: str):
            return partial(plain, label=label, field=field)

        plan = [
            ("order_no", "order_no", self._order_number),
            ("created_at", "created_at", time("creation time", "created_at")),
            ("paid_at", "paid_at", time("payment time", "paid_at")),
            ("shipped_at", "shipped_at", time("ship time", "shipped_at")),
            ("completed_at", "completed_at", time("receipt time", "completed_at")),
            ("platform_status", "status", text),
            ("refund_text", "refund_status", text),
        ]
        if self.taobao:
            plan += [
                ("close_reason", "close_reason", text),
                ("refund_amount", "refund_amount", lambda raw: cents(raw, "refund_amount")),
            ]
        plan += [
            ("fulfilment", "fulfilment", lambda raw: (text(raw) or "").lower()),
            ("item_title", "item_title", text),
            ("sku", "sku", text),
            ("item_key", "item_key", text),
            ("buyer", "buyer", text),
            ("category", "category", text),
            ("quantity", "quantity", whole_number),
            ("amount_cents", "amount", cents),
            ("tracking_no", "tracking_no", text),
            ("carrier", "carrier", text),
            ("receiver_name", "receiver_name", text),
            ("receiver_phone", "receiver_phone", text),
            ("receiver_address", "receiver_address", text),
            ("buyer_message", "buyer_message", text),
            ("platform_promised_ship_at", "promised_ship_at", deadline),
            ("clock_start", "clock_start", time("group order time", "clock_start")),
            ("spec", "spec", text),
            (
                "latest_delivery_at",
                "latest_delivery_at",
                lambda raw: deadline(raw, "latest delivery date", "latest_delivery_at"),
            ),
            ("buyer_cancel", "buyer_cancel", lambda raw: (text(raw) or "").lower() in ("true", "yes", "1")),
            ("ship_country", "ship_country", country_code),
            ("currency_column", "currency", currency_code),
            ("amount_currency", "amount", self.currency_of),
            # Read only for a cancelled line (finish): a bad cell elsewhere is not the line's problem.
            ("status_changed_raw", "status_changed_at", str),
        ]
        # Cells read only to work out other fields: not kept in a Line's values.
        self._helpers = tuple(name for name, _field, _convert in plan if name not in _LINE_FIELDS)
        return tuple(plan)

    @property
    def _order_number(self):
        return partial(order_number, digits_only=self.digits_only, marketplace=self.marketplace)

    def currency_of(self, raw: str) -> str | None:
        return currency_of(raw, self.preset.dollar if self.preset is not None else None)

    def read(self, line: int, cells: list[str]) -> Line:
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        cells.append("")
        at = self.at
        return self.finish(line, {name: convert(cells[at[field]]) for name, field, convert in self._plan})

    def finish(self, line: int, cell: dict) -> Line:
        """The Line from its converted cells (`cell`: name -> value, as cell_plan() names them)."""
        preset = self.preset
        created_at, paid_at = cell["created_at"], cell["paid_at"]
        shipped_at, completed_at = cell["shipped_at"], cell["completed_at"]
        if paid_at is None and preset is not None and preset.paid_from_created:
            paid_at = created_at
        platform_status = cell["platform_status"]
        status = self.known_status(platform_status) or infer_status(paid_at, shipped_at, completed_at)
        if status == "paid" and shipped_at is not None:
            status = "shipped"
        refund_text = cell["refund_text"]
        refund_status = self.known_refund(refund_text) if refund_text else None
        if self.taobao:
            status, from_close = taobao.refund_from_close(status, cell["close_reason"], cell["refund_amount"])
            refund_status = refund_status or from_close
        # The cells named as the store's fields are the line's values as they are; the rest are
        # read into fields above and below, then dropped.
        values = cell
        values["paid_at"], values["status"], values["refund_status"] = paid_at, status, refund_status
        values["fulfilled_by"] = (
            "platform" if preset is not None and cell["fulfilment"] in preset.platform_fulfilment else "shop"
        )
        # 1 = the platform deleted the order (the file's latest word on it, like its status).
        values["deleted"] = self.deleted(platform_status)
        values["cancelled_by"] = values["cancelled_at"] = None
        if status == "closed" or values["buyer_cancel"]:
            values["cancelled_by"], values["cancelled_at"] = self.cancellation(status, platform_status, cell)
        values["currency"] = cell["currency_column"] or cell["amount_currency"]
        for name in self._helpers:
            del values[name]
        title, item_key = values["item_title"], values["item_key"]
        return Line(line, values, is_item=bool(title or item_key))

    def known_status(self, words: str | None) -> str | None:
        # A file has a handful of distinct status texts: each is matched against the words once.
        try:
            return self._status_of[words]
        except KeyError:
            found = self._status_of[words] = _status(words, self.preset)
            return found

    def known_refund(self, words: str) -> str | None:
        try:
            return self._refund_of[words]
        except KeyError:
            found = self._refund_of[words] = _refund(words, self.preset)
            return found

    def deleted(self, platform_status: str | None) -> int:
        preset = self.preset
        if not (preset and preset.deleted_words and platform_status):
            return 0
        return int(any(w in platform_status for w in preset.deleted_words))

    def cancellation(self, status: str, platform_status: str | None, cell: dict) -> tuple:
        """Who cancelled and when, where the export says: the buyer asked (Amazon's flag), else a
        cancelled order of a preset whose platform counts it as the seller's. Unknown stays None."""
        preset = self.preset
        asked = cell["buyer_cancel"]
        cancelled = status == "closed" and "cancel" in (platform_status or "").lower()
        by = (
            "buyer"
            if asked
            else "seller"
            if cancelled and preset is not None and preset.cancelled_is_sellers
            else None
        )
        when = (
            self.time(cell["status_changed_raw"], "status change time", "cancelled_at") if cancelled else None
        )
        return by, when


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
    if len(lines) == 1:  # most orders: nothing to merge, the line's values as they are (not copied)
        first = lines[0].values
    else:
        first = dict(lines[0].values)
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
        return _IMPORT_ROW(values)

    def by_column(
        self, fulfilled_by, starts, titles, skus, categories, platform_ats
    ) -> tuple[list, list, list]:
        """The promise of many orders at once, as row() gives each: (rule, promised_ship_at,
        promise_source) columns. promise_for's steps, with each (title, SKU, category)'s rule
        looked for once (importers/order_tuples.py)."""
        tz, hours, days = self.tz, self.hours, self.working_days
        calendar = self.calendar or BusinessCalendar(tz)
        enabled = [rule for rule in self.rules if rule.enabled]
        rule_of: dict[tuple, object] = {}
        rules: list = []
        ats: list = []
        for fulfilment, start, title, sku, category, platform_at in zip(
            fulfilled_by, starts, titles, skus, categories, platform_ats, strict=True
        ):
            if fulfilment == "platform" or (platform_at is None and start is None):
                rules.append(None)
                ats.append(None)
            elif platform_at is not None:
                rules.append(PLATFORM_RULE)
                ats.append(platform_at)
            else:
                rule = None
                if enabled:
                    key = (title, sku, category)
                    if key in rule_of:
                        rule = rule_of[key]
                    else:
                        matching = (r for r in enabled if r.matches(title, sku, category))
                        rule = rule_of[key] = next(matching, None)
                if rule is not None:
                    rules.append(rule.id)
                    ats.append(rule.promise(start, tz, calendar))
                elif days is not None:
                    rules.append(DEFAULT_RULE)
                    ats.append(calendar.add_working_days(start, days))
                else:
                    rules.append(DEFAULT_RULE)
                    ats.append(calendar.add_hours(start, hours))
        sources = {rule: promise_source(rule) for rule in set(rules)}
        return rules, ats, list(map(sources.__getitem__, rules))
