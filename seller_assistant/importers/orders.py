"""Order files in: preview a file, then import it into the store in one transaction.

This is the public API the GUI's import dialog and the CLI's `import-orders` call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.ship_rules import load_promise_rules, promise_for
from seller_assistant.importers import generic, taobao
from seller_assistant.importers.values import (
    InstantReader,
    RowProblem,
    cents,
    infer_status,
    order_number,
    status_from_words,
    text_or_none,
    whole_number,
)

# Target field -> English label, in the order the mapping dialog shows them.
ORDER_FIELDS: dict[str, str] = {
    "order_no": "Order number",
    "buyer": "Buyer",
    "status": "Order status",
    "item_title": "Item title",
    "sku": "SKU",
    "category": "Category",
    "quantity": "Quantity",
    "amount": "Amount paid",
    "created_at": "Created at",
    "paid_at": "Paid at",
    "shipped_at": "Shipped at",
    "completed_at": "Received (completed) at",
    "tracking_no": "Tracking number",
    "carrier": "Carrier",
    "receiver_name": "Receiver name",
    "receiver_phone": "Receiver phone",
    "receiver_address": "Receiver address",
    "buyer_message": "Buyer message",
    "refund_status": "Refund status",
}
REQUIRED_FIELDS: tuple[str, ...] = ("order_no",)
FORMATS = ("auto", "taobao", "generic")

# The store columns an import fills, in the order the store's upsert expects them.
IMPORT_COLUMNS = (
    "order_no", "buyer", "status", "platform_status", "item_title", "sku", "category", "quantity",
    "amount_cents", "created_at", "paid_at", "shipped_at", "completed_at", "tracking_no", "carrier",
    "receiver_name", "receiver_phone", "receiver_address", "buyer_message", "refund_status",
    "promise_rule", "promised_ship_at",
)

Progress = Callable[[int, int], None]
_PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    column: str | None = None  # the file's column header, when one cell is at fault


@dataclass
class OrderFilePreview:
    path: Path
    encoding: str
    format: str  # 'taobao' | 'generic'
    headers: list[str]
    rows: list[list[str]]
    mapping: dict[str, str]  # suggested (or remembered, or Taobao's own)
    header_signature: str


@dataclass
class OrderImportResult:
    file: str
    format: str
    encoding: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "file": self.file, "format": self.format, "encoding": self.encoding, "rows": self.rows,
            "inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged,
            "errors": [{"line": e.line, **({"column": e.column} if e.column else {}), "message": e.message}
                       for e in self.errors],
        }


def preview_order_file(path: Path | str, max_rows: int = 20, store=None) -> OrderFilePreview:
    """The first rows and a suggested mapping; with a store, a remembered mapping wins over a guess."""
    table = generic.open_table(path)
    kind = "taobao" if taobao.is_taobao_export(table.headers) else "generic"
    rows: list[list[str]] = []
    for _, cells in table.rows():
        if not any(c.strip() for c in cells):
            continue
        rows.append(cells[: len(table.headers)] + [""] * (len(table.headers) - len(cells)))
        if len(rows) >= max_rows:
            break
    table.rows().close()
    signature = generic.header_signature(table.headers)
    mapping = _public(taobao.taobao_mapping(table.headers)) if kind == "taobao" else {}
    if kind == "generic":
        remembered = None
        if store is not None:
            from seller_assistant.store.import_mappings import remembered_mapping

            remembered = remembered_mapping(store, signature)
        mapping = remembered or generic.suggest_mapping(table.headers)
    return OrderFilePreview(Path(path), table.encoding, kind, table.headers, rows, mapping, signature)


def _public(mapping: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in mapping.items() if k in ORDER_FIELDS}


def import_order_file(
    store, shop_id: int, path: Path | str, *, format: str = "auto", mapping: dict[str, str] | None = None,
    now: int, progress: Progress | None = None,
) -> OrderImportResult:
    """Read the whole file, then write every good row in one transaction.

    A file that cannot be read raises UserError before anything is written; bad rows are skipped
    and listed. If `progress` raises (the user cancelled), the transaction rolls back.
    """
    from seller_assistant.store import import_mappings, order_import, shops

    if format not in FORMATS:
        raise UserError(f"'{format}' is not an order file format (use auto, taobao or generic).")
    path = Path(path)
    settings = shops.load_settings(store, shop_id)
    table = generic.open_table(path)
    kind = _kind(format, table, path)
    signature = generic.header_signature(table.headers)
    if mapping is None:
        if kind == "taobao":
            mapping = taobao.taobao_mapping(table.headers)
        else:
            mapping = import_mappings.remembered_mapping(store, signature) or generic.suggest_mapping(table.headers)
    elif kind == "taobao":
        # The export's refund and close columns are read even when the caller maps the rest.
        mapping = {**{k: v for k, v in taobao.taobao_mapping(table.headers).items() if k not in ORDER_FIELDS},
                   **mapping}
    _check_mapping(mapping, table.headers, path)

    result = OrderImportResult(str(path), kind, table.encoding)
    reader = _RowReader(table.headers, mapping, kind, settings, load_promise_rules())
    parsed: dict[str, tuple[int, tuple]] = {}
    total = max(table.estimated_rows, 1) * 2  # half reading, half writing
    for line, cells in table.rows():
        if not any(c.strip() for c in cells):
            continue
        result.rows += 1
        if progress is not None and result.rows % _PROGRESS_EVERY == 0:
            progress(min(result.rows, total // 2), total)
        try:
            row = reader.read(cells)
        except RowProblem as problem:
            column = mapping.get(problem.field) if problem.field else None
            where = f"line {line}, column {column}" if column else f"line {line}"
            result.errors.append(RowError(line, f"{where}: {problem}; the row was skipped.", column))
            continue
        earlier = parsed.get(row[0])
        if earlier is not None:
            result.errors.append(RowError(
                earlier[0], f"line {earlier[0]}: order {row[0]} appears again on line {line}; "
                "the later row was used and this one skipped."))
        parsed[row[0]] = (line, row)
    rows = [row for _, row in parsed.values()]
    half = total // 2

    def write_progress(done: int, count: int) -> None:
        if progress is not None:
            progress(half + (half * done) // max(count, 1), total)

    with store.write():
        inserted, updated = order_import.upsert_imported_orders(
            store, shop_id, IMPORT_COLUMNS, rows, now, write_progress)
        if kind == "generic":
            import_mappings.remember_mapping(store, signature, _public(mapping), now)
    if progress is not None:
        progress(total, total)
    result.inserted, result.updated = inserted, updated
    result.unchanged = len(rows) - inserted - updated
    result.errors.sort(key=lambda e: e.line)
    return result


def _kind(format: str, table: generic.Table, path: Path) -> str:
    looks_taobao = taobao.is_taobao_export(table.headers)
    if format == "auto":
        return "taobao" if looks_taobao else "generic"
    if format == "taobao" and "订单编号" not in table.headers:
        raise UserError(f"{path.name}: this is not a Taobao order export (it has no 订单编号 column); "
                        "import it with --format generic.")
    return format


def _check_mapping(mapping: dict[str, str], headers: list[str], path: Path) -> None:
    for target in REQUIRED_FIELDS:
        if target not in mapping:
            raise UserError(f"{path.name}: no column is chosen for the {ORDER_FIELDS[target].lower()}; "
                            f"the file's columns are: {', '.join(h for h in headers if h)}.")
    present = set(headers)
    for target, header in mapping.items():
        if target not in ORDER_FIELDS and target not in taobao.TAOBAO_COLUMNS:
            raise UserError(f"{path.name}: '{target}' is not an order field.")
        if header not in present:
            raise UserError(f"{path.name}: the file has no column '{header}' (chosen for {target}).")


class _RowReader:
    """Turns one row's cells into the tuple of IMPORT_COLUMNS, or raises RowProblem."""

    def __init__(self, headers, mapping, kind, settings, rules):
        # A field the file lacks reads the empty cell appended to every row (position -1).
        positions = {target: headers.index(header) for target, header in mapping.items()}
        self.at = {target: positions.get(target, -1) for target in (*ORDER_FIELDS, *taobao.TAOBAO_COLUMNS)}
        self.taobao = kind == "taobao"
        self.instant = InstantReader(settings.tz())
        self.tz = settings.tz()
        self.default_hours = settings.ship_promise_hours
        self.rules = rules
        self.width = len(headers)

    def read(self, cells: list[str]) -> tuple:
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        cells.append("")
        at, instant, text = self.at, self.instant, text_or_none
        order_no = order_number(cells[at["order_no"]], digits_only=self.taobao)
        created_at = instant(cells[at["created_at"]], "creation time", "created_at")
        paid_at = instant(cells[at["paid_at"]], "payment time", "paid_at")
        shipped_at = instant(cells[at["shipped_at"]], "ship time", "shipped_at")
        completed_at = instant(cells[at["completed_at"]], "receipt time", "completed_at")
        platform_status = text(cells[at["status"]])
        status = (status_from_words(platform_status) if platform_status else None) or infer_status(
            paid_at, shipped_at, completed_at)
        if status == "paid" and shipped_at is not None:
            status = "shipped"
        refund_text = text(cells[at["refund_status"]])
        refund_status = _refund_status(refund_text) if refund_text else None
        if self.taobao:
            status, from_close = taobao.refund_from_close(
                status, text(cells[at["close_reason"]]), cents(cells[at["refund_amount"]], "refund_amount"))
            refund_status = refund_status or from_close
        title = text(cells[at["item_title"]])
        sku = text(cells[at["sku"]])
        category = text(cells[at["category"]])
        promise = promise_for(self.rules, paid_at, title, sku, category, self.default_hours, self.tz)
        return (
            order_no, text(cells[at["buyer"]]), status, platform_status, title, sku, category,
            whole_number(cells[at["quantity"]]), cents(cells[at["amount"]]), created_at, paid_at, shipped_at,
            completed_at, text(cells[at["tracking_no"]]), text(cells[at["carrier"]]),
            text(cells[at["receiver_name"]]), text(cells[at["receiver_phone"]]),
            text(cells[at["receiver_address"]]), text(cells[at["buyer_message"]]),
            refund_status, promise.rule, promise.at,
        )


_REFUND_WORDS = (
    ("拒绝", "rejected"), ("reject", "rejected"), ("关闭", "closed"), ("撤销", "closed"), ("closed", "closed"),
    ("成功", "refunded"), ("已退款", "refunded"), ("refunded", "refunded"), ("同意", "agreed"),
    ("agreed", "agreed"), ("申请", "requested"), ("退款中", "requested"), ("requested", "requested"),
    ("pending", "requested"),
)


def _refund_status(text: str) -> str | None:
    lowered = text.lower()
    if lowered in ("无", "没有申请退款", "none", "no"):
        return None
    for word, status in _REFUND_WORDS:
        if word in lowered:
            return status
    return "requested"
