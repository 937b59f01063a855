"""Order files in: preview a file, then import it into the store in one transaction.

This is the public API the GUI's import dialog and the CLI's `import-orders` call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.files import file_identity
from seller_assistant.importers import generic, presets
from seller_assistant.importers.order_rows import IMPORT_COLUMNS, LineReader, PromiseMaker, combine
from seller_assistant.importers.presets import EXTRA_FIELDS, Preset
from seller_assistant.importers.values import RowProblem

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
    "promised_ship_at": "Platform ship-by time",
}
REQUIRED_FIELDS: tuple[str, ...] = ("order_no",)
FORMATS = presets.FORMATS
__all__ = ["IMPORT_COLUMNS", "ORDER_FIELDS", "FORMATS", "preview_order_file", "import_order_file"]

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
    format: str  # the --format word: taobao, jd, pdd, douyin, amazon, ebay or generic
    headers: list[str]
    rows: list[list[str]]
    mapping: dict[str, str]  # the preset's, or remembered, or guessed
    header_signature: str
    preset: str = "generic"  # taobao, jd, pdd, douyin, amazon_unshipped, amazon_orders, …, ebay
    label: str = ""  # English name of the detected export


@dataclass
class OrderImportResult:
    file: str
    format: str
    encoding: str
    preset: str = "generic"
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    items: int = 0
    errors: list[RowError] = field(default_factory=list)
    import_id: int | None = None  # the import run, when it was written in steps

    def to_json(self) -> dict:
        # Today's shape, then what presets added: which export was recognised, how many item lines.
        return {
            "file": self.file,
            "format": self.format,
            "encoding": self.encoding,
            "rows": self.rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [
                {"line": e.line, **({"column": e.column} if e.column else {}), "message": e.message}
                for e in self.errors
            ],
            "preset": self.preset,
            "items": self.items,
            **({"import_id": self.import_id} if self.import_id is not None else {}),
        }


def preview_order_file(path: Path | str, max_rows: int = 20, store=None) -> OrderFilePreview:
    """The first rows and the mapping an import would use (the preset's, else remembered, else guessed)."""
    table = generic.open_table(path)
    preset = presets.detect(table.headers)
    rows: list[list[str]] = []
    for _, cells in table.rows():
        if not any(c.strip() for c in cells) or (preset and preset.skip_row and preset.skip_row(cells)):
            continue
        rows.append(cells[: len(table.headers)] + [""] * (len(table.headers) - len(cells)))
        if len(rows) >= max_rows:
            break
    table.rows().close()
    signature = generic.header_signature(table.headers)
    mapping = _public(_automatic(preset, table.headers, signature, store))
    return OrderFilePreview(
        Path(path),
        table.encoding,
        preset.format if preset else "generic",
        table.headers,
        rows,
        mapping,
        signature,
        preset.name if preset else "generic",
        preset.label if preset else "table with columns",
    )


def detected_format(path: Path | str) -> str:
    """The marketplace whose export this is (its --format word), or 'generic'."""
    preset = presets.detect(generic.open_table(path).headers)
    return preset.format if preset else "generic"


def _public(mapping: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in mapping.items() if k in ORDER_FIELDS}


def _automatic(preset: Preset | None, headers: list[str], signature: str, store) -> dict[str, str]:
    """What the app reads without being told: the preset's columns, else a remembered mapping, else
    the usual header names."""
    if preset is not None:
        return preset.mapping(headers)
    remembered = None
    if store is not None:
        from seller_assistant.store.import_mappings import remembered_mapping

        remembered = remembered_mapping(store, signature)
    return remembered or generic.suggest_mapping(headers)


def import_order_file(
    store,
    shop_id: int,
    path: Path | str,
    *,
    format: str = "auto",
    mapping: dict[str, str] | None = None,
    now: int,
    progress: Progress | None = None,
    resume: int | None = None,
) -> OrderImportResult:
    """Read the whole file, then write every good order (with its items) in one transaction.

    `mapping` overrides only the fields it names; the rest are read as the preset (or the remembered
    or guessed mapping) says. A file that cannot be read raises UserError before anything is
    written; bad rows are skipped and listed. If `progress` raises (the user cancelled), the
    transaction rolls back.
    """
    from seller_assistant.store import bulk_load, import_mappings, order_import, shops
    from seller_assistant.store.calendar import shop_calendar
    from seller_assistant.store.ship_rules import shop_rules

    format = presets.normalise_format(format)
    if format not in FORMATS:
        raise UserError(f"'{format}' is not an order file format (use {', '.join(FORMATS)}).")
    path = Path(path)
    settings = shops.load_settings(store, shop_id)
    table = generic.open_table(path)
    try:
        preset = presets.for_format(format, table.headers)
    except UserError as exc:
        raise UserError(f"{path.name}: {exc}") from None
    signature = generic.header_signature(table.headers)
    automatic = _automatic(preset, table.headers, signature, store)
    chosen = {**automatic, **(mapping or {})}
    _check_mapping(chosen, table.headers, path)

    kind = preset.format if preset else "generic"
    result = OrderImportResult(str(path), kind, table.encoding, preset.name if preset else "generic")
    reader = LineReader(table.headers, chosen, preset, settings.tz(), ORDER_FIELDS)
    orders: dict[str, list] = {}
    total = max(table.estimated_rows, 1) * 2  # half reading, half writing
    multi_line = preset is not None and preset.multi_line
    for line, cells in table.rows():
        if not any(c.strip() for c in cells) or (preset and preset.skip_row and preset.skip_row(cells)):
            continue
        result.rows += 1
        if progress is not None and result.rows % _PROGRESS_EVERY == 0:
            progress(min(result.rows, total // 2), total)
        try:
            read = reader.read(line, cells)
        except RowProblem as problem:
            column = chosen.get(problem.field) if problem.field else None
            where = f"line {line}, column {column}" if column else f"line {line}"
            result.errors.append(RowError(line, f"{where}: {problem}; the row was skipped.", column))
            continue
        order_no = read.values["order_no"]
        earlier = orders.get(order_no)
        if earlier is not None and multi_line and not _same_item(earlier, read):
            earlier.append(read)
            continue
        if earlier is not None:
            result.errors.append(
                RowError(
                    earlier[0].line,
                    f"line {earlier[0].line}: order {order_no} appears again on line {line}; "
                    "the later row was used and this one skipped.",
                )
            )
        orders[order_no] = [read]
    promises = PromiseMaker(shop_rules(store, shop_id), settings, shop_calendar(store, shop_id, settings))
    rows, items = [], {}
    for order_no, lines in orders.items():
        values, order_items = combine(lines, preset)
        rows.append(promises.row(values))
        if order_items:
            items[order_no] = order_items
    half = total // 2

    def write_progress(done: int, count: int) -> None:
        if progress is not None:
            progress(half + (half * done) // max(count, 1), total)

    if len(rows) <= order_import.ONE_TRANSACTION_MAX and resume is None:
        with store.write():
            inserted, updated = order_import.upsert_imported_orders(
                store, shop_id, IMPORT_COLUMNS, rows, now, write_progress
            )
            result.items = order_import.upsert_order_items(store, shop_id, items)
            # Remembered only when the import went through and read something: a mapping that made
            # every row fail is not one to repeat.
            if preset is None and rows:
                import_mappings.remember_mapping(store, signature, _public(chosen), now)
    elif resume is None and bulk_load.dwarfs(store, "orders", shop_id, len(rows)):
        # The shop's history: one transaction, indexes after the rows (other writers wait for it).
        def remember() -> None:
            if preset is None:
                import_mappings.remember_mapping(store, signature, _public(chosen), now)

        counts = order_import.write_in_bulk(
            store, shop_id, IMPORT_COLUMNS, rows, items, now, write_progress, remember
        )
        inserted, updated, result.items = counts["inserted"], counts["updated"], counts["items"]
    else:
        # A long import: written in short steps as an import run (undone or resumed as a whole).
        result.import_id, counts = order_import.write_in_steps(
            store,
            shop_id,
            str(path.resolve()),
            {"format": format, "mapping": chosen, **file_identity(path)},
            IMPORT_COLUMNS,
            rows,
            items,
            now,
            write_progress,
            run_id=resume,
        )
        inserted, updated, result.items = (
            counts.get("inserted", 0),
            counts.get("updated", 0),
            counts.get("items", 0),
        )
        if preset is None and rows:
            with store.write():
                import_mappings.remember_mapping(store, signature, _public(chosen), now)
    if progress is not None:
        progress(total, total)
    result.inserted, result.updated = inserted, updated
    result.unchanged = len(rows) - inserted - updated
    result.errors.sort(key=lambda e: e.line)
    return result


def _same_item(earlier: list, read) -> bool:
    """A line repeating an item already read (the same export pasted twice) is a repeat, not an item."""
    key = read.values["item_key"]
    return key is not None and any(line.values["item_key"] == key for line in earlier)


def _check_mapping(mapping: dict[str, str], headers: list[str], path: Path) -> None:
    for target in REQUIRED_FIELDS:
        if target not in mapping:
            raise UserError(
                f"{path.name}: no column is chosen for the {ORDER_FIELDS[target].lower()}; "
                f"the file's columns are: {', '.join(h for h in headers if h)}."
            )
    present = set(headers)
    for target, header in mapping.items():
        if target not in ORDER_FIELDS and target not in EXTRA_FIELDS:
            raise UserError(
                f"{path.name}: '{target}' is not an order field (use one of: {', '.join(ORDER_FIELDS)})."
            )
        if header not in present:
            raise UserError(f"{path.name}: the file has no column '{header}' (chosen for {target}).")
