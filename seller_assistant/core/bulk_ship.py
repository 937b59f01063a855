"""Bulk ship: a pasted or imported list of order → tracking (→ carrier), read and checked line by line.

What shops paste: two or three columns copied from Excel (tab separated), a courier's CSV export
(comma separated, often with a header such as 订单号,运单号,快递公司) or a list typed by hand
(spaces). A line that cannot be shipped is named with its line number and the reason; the good
lines are shipped together by the store in one write.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from seller_assistant.core.i18n import t
from seller_assistant.core.orders import awaits_shipment
from seller_assistant.core.tracking import (
    CARRIERS,
    INVALID,
    VALID,
    Carrier,
    check_tracking,
    find_carrier,
    normalize,
)

# Header words seen in Taobao/Qianniu batch-ship templates, courier exports and shops' own sheets.
_HEADER_WORDS = {
    "order_no": ("订单号", "订单编号", "order", "order id", "order no", "order number", "order-id"),
    "tracking_no": (
        "运单号",
        "快递单号",
        "物流单号",
        "tracking",
        "tracking number",
        "tracking no",
        "waybill",
    ),
    "carrier": ("快递公司", "物流公司", "快递", "carrier", "courier", "shipping company"),
}
_ORDER_NO = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{2,63}")


@dataclass(frozen=True)
class ShipLine:
    line: int
    order_no: str
    tracking_no: str
    carrier_text: str = ""


@dataclass(frozen=True)
class PlannedShipment:
    """One line checked: `order_id` and `carrier` are set when it can ship; else `problem` says why."""

    line: int
    order_no: str
    tracking_no: str
    carrier: Carrier | None
    order_id: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def split_cells(text: str) -> list[str]:
    """One pasted line as cells: tabs (Excel), else commas (CSV, also the full-width ，), else spaces."""
    if "\t" in text:
        cells = text.split("\t")
    elif "," in text or "，" in text:
        cells = re.split(r"[,，]", text)
    else:
        cells = text.split()
    return [cell.strip().strip('"').strip() for cell in cells]


def pasted_rows(text: str) -> list[tuple[int, list[str]]]:
    """Every non-blank line of pasted text with its line number (1 is the first line)."""
    return [
        (number, split_cells(line)) for number, line in enumerate(text.splitlines(), start=1) if line.strip()
    ]


def _header_columns(cells: list[str]) -> dict[str, int] | None:
    """The columns a header row names, or None when the row is data (no known header word)."""
    found = {}
    for index, cell in enumerate(cells):
        word = cell.strip().casefold()
        for field, words in _HEADER_WORDS.items():
            if field not in found and any(w == word or (len(w) > 2 and w in word) for w in words):
                found[field] = index
                break
    return found if "order_no" in found and "tracking_no" in found else None


def ship_lines(
    rows: Iterable[tuple[int, list[str]]], lang: str
) -> tuple[list[ShipLine], list[tuple[int, str]]]:
    """The rows as ship lines, and the rows that are not (line, problem). The first row may be a header
    naming the columns; without one the columns are order, tracking number, carrier."""
    columns = {"order_no": 0, "tracking_no": 1, "carrier": 2}
    lines: list[ShipLine] = []
    problems: list[tuple[int, str]] = []
    first = True
    for number, cells in rows:
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if first:
            first = False
            header = _header_columns(cells)
            if header:
                columns = header
                continue

        def cell(name: str, cells=cells, columns=columns) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        order_no, tracking = cell("order_no").lstrip("'"), cell("tracking_no").lstrip("'")
        if not order_no or not tracking:
            problems.append((number, t("orders.bulk_two_columns", lang)))
        elif not _ORDER_NO.fullmatch(order_no):
            problems.append((number, t("orders.bulk_not_order_no", lang, text=order_no[:40])))
        else:
            lines.append(ShipLine(number, order_no, tracking, cell("carrier")))
    return lines, problems


def guess_carrier(number: str) -> Carrier | None:
    """The one carrier whose number format (and check digit) this number fits, else None: a 12-digit
    number fits 顺丰, 中通, 申通 and FedEx alike, and only the shop can say which it is."""
    clean = normalize(number)
    fits = [c for c in CARRIERS if check_tracking(clean, c.id).status == VALID]
    if not fits:
        # "YT12345" is mistyped but plainly 圆通's: its prefix names the carrier, the check then says why.
        fits = [c for c in CARRIERS if any(_prefix(p) and clean.startswith(_prefix(p)) for p in c.patterns)]
    return fits[0] if len(fits) == 1 else None


def _prefix(pattern: str) -> str:
    """The letters a carrier's number form starts with ("SF", "YT", "1Z"), or "" for plain digits."""
    match = re.match(r"[0-9]?[A-Z]+", pattern)
    return match.group(0) if match and pattern[len(match.group(0)) :].startswith(("\\", "[")) else ""


def plan_shipments(
    lines: Iterable[ShipLine], orders: dict[str, dict], fallback_carrier: str, lang: str
) -> list[PlannedShipment]:
    """Check each line against the shop's orders (`orders` by order number) and the carriers' formats.

    The carrier is the line's own, else the one the number's format names, else `fallback_carrier`
    (the shop's last carrier, or what it chose in the dialog); with none the line asks for one."""
    planned: list[PlannedShipment] = []
    seen: dict[str, int] = {}
    for line in lines:
        carrier = find_carrier(line.carrier_text) if line.carrier_text else None
        carrier = carrier or (None if line.carrier_text else guess_carrier(line.tracking_no))
        carrier = carrier or (None if line.carrier_text else find_carrier(fallback_carrier))
        order = orders.get(line.order_no)
        problem = None
        if line.order_no in seen:
            problem = t("orders.bulk_repeated", lang, first=seen[line.order_no])
        elif order is None:
            problem = t("orders.bulk_no_order", lang)
        elif order["status"] in ("refunded", "closed"):
            problem = t("orders.bulk_closed", lang)
        elif not awaits_shipment(order["status"], order["shipped_at"]):
            problem = t("orders.bulk_already_shipped", lang)
        elif line.carrier_text and carrier is None:
            problem = t("orders.bulk_unknown_carrier", lang, carrier=line.carrier_text[:40])
        elif carrier is None:
            problem = t("orders.bulk_which_carrier", lang)
        else:
            check = check_tracking(line.tracking_no, carrier.id)
            if check.status == INVALID and check.problem == "check_digit":
                problem = t("orders.bulk_check_digit", lang, carrier=carrier.name(lang))
            elif check.status == INVALID:
                problem = t("orders.bulk_format", lang, carrier=carrier.name(lang))
        seen.setdefault(line.order_no, line.line)
        planned.append(
            PlannedShipment(
                line.line,
                line.order_no,
                normalize(line.tracking_no),
                carrier,
                order["id"] if order and problem is None else None,
                problem,
            )
        )
    return planned
