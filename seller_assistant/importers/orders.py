"""Order files in, parsing only: preview a file, read its orders and per-line errors.

Writing them (matching orders, ship promises, one transaction or an import run) is
imports/orders.py's, which the GUI's import dialog and the CLI's `import-orders` call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Protocol

from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message
from seller_assistant.importers import generic, presets
from seller_assistant.importers.order_columns import read_lines
from seller_assistant.importers.order_rows import IMPORT_COLUMNS, LineReader, PromiseMaker
from seller_assistant.importers.order_tuples import read_rows
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
__all__ = ["IMPORT_COLUMNS", "ORDER_FIELDS", "FORMATS", "preview_order_file", "read_order_file"]

Progress = Callable[[int, int], None]
# The mapping remembered for a header signature (store/import_mappings.py), or None.
Remembered = Callable[[str], dict[str, str] | None]
_PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class RowError:
    line: int
    message: str  # in English, as the log and --json give it
    column: str | None = None  # the file's column header, when one cell is at fault
    said: Message | None = field(default=None, compare=False)  # the same, for the reader's language

    def text(self, language: str | None = None) -> str:
        """The problem in `language` (default: the language messages are shown in now)."""
        return self.said.text(language) if self.said is not None else self.message


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


def preview_order_file(
    path: Path | str, max_rows: int = 20, remembered: Remembered | None = None
) -> OrderFilePreview:
    """The first rows and the mapping an import would use (the preset's, else the one `remembered`
    gives for the header row, else guessed)."""
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
    mapping = _public(_automatic(preset, table.headers, signature, remembered))
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


def _automatic(
    preset: Preset | None, headers: list[str], signature: str, remembered: Remembered | None
) -> dict[str, str]:
    """What the app reads without being told: the preset's columns, else a remembered mapping, else
    the usual header names."""
    if preset is not None:
        return preset.mapping(headers)
    known = remembered(signature) if remembered is not None else None
    return known or generic.suggest_mapping(headers)


@dataclass
class ParsedOrderFile:
    """An order file read: each order's lines by order number, the rows that failed, and how it was read."""

    path: Path
    format: str  # the --format word asked for (normalised)
    result: OrderImportResult  # rows read and per-line errors so far; the write fills in its counts
    preset: Preset | None
    signature: str
    mapping: dict[str, str]  # the columns used: automatic, overridden by the caller's
    orders: dict[str, list] = field(default_factory=dict)
    # A file of one line per order read with a PromiseMaker: each order's store row (IMPORT_COLUMNS)
    # by order number, made column by column; `orders` stays empty then.
    rows: dict[str, tuple] = field(default_factory=dict)
    total: int = 2  # the progress scale: half reading, half writing

    def public_mapping(self) -> dict[str, str]:
        """The chosen columns of the user-mappable fields: what is remembered for this header row."""
        return _public(self.mapping)


def read_order_file(
    path: Path | str,
    *,
    format: str = "auto",
    mapping: dict[str, str] | None = None,
    tz: tzinfo,
    remembered: Remembered | None = None,
    progress: Progress | None = None,
    promises: PromiseMaker | None = None,
    sink: RowSink | None = None,
) -> ParsedOrderFile:
    """Parse only: every good line by its order number, every bad one as a RowError; no store call.

    `mapping` overrides only the fields it names; the rest are read as the preset (or the mapping
    `remembered` gives for the header row, or the guessed one) says. A file that cannot be read
    raises UserError. `progress` gets (rows read, the scale of the whole import). With `promises`,
    a file of one line per order gives each order's store row (`rows`) instead of its lines; with a
    `sink` too, those rows go to it a chunk at a time as they are read (imports/order_pipeline.py)
    and `rows` stays empty.
    """
    format = presets.normalise_format(format)
    if format not in FORMATS:
        raise UserError(
            "'{format}' is not an order file format (use {formats}).",
            format=format,
            formats=", ".join(FORMATS),
        )
    path = Path(path)
    table = generic.open_table(path)
    try:
        preset = presets.for_format(format, table.headers)
    except UserError as exc:
        raise UserError("{file}: {problem}", file=path.name, problem=exc) from None
    signature = generic.header_signature(table.headers)
    automatic = _automatic(preset, table.headers, signature, remembered)
    chosen = {**automatic, **(mapping or {})}
    _check_mapping(chosen, table.headers, path)

    kind = preset.format if preset else "generic"
    result = OrderImportResult(str(path), kind, table.encoding, preset.name if preset else "generic")
    parsed = ParsedOrderFile(path, format, result, preset, signature, chosen)
    reader = LineReader(table.headers, chosen, preset, tz, ORDER_FIELDS)
    orders = parsed.orders
    total = parsed.total = max(table.estimated_rows, 1) * 2  # half reading, half writing
    multi_line = preset is not None and preset.multi_line
    if sink is not None and not sink.start(parsed, promises is not None and not multi_line):
        table.rows().close()
        return parsed  # the sink takes no rows of this file: nothing was read
    if promises is not None and not multi_line:
        _read_rows(parsed, reader, _data_rows(table, preset), promises, progress, sink)
        return parsed
    for line, read in read_lines(reader, _data_rows(table, preset)):
        result.rows += 1
        if progress is not None and result.rows % _PROGRESS_EVERY == 0:
            progress(min(result.rows, total // 2), total)
        if isinstance(read, RowProblem):
            _skipped(parsed, line, read)
            continue
        order_no = read.values["order_no"]
        earlier = orders.get(order_no)
        if earlier is not None and multi_line and not _same_item(earlier, read):
            earlier.append(read)
            continue
        if earlier is not None:
            _repeated(parsed, order_no, earlier[0].line, line)
        orders[order_no] = [read]
    return parsed


def _read_rows(
    parsed: ParsedOrderFile, reader: LineReader, data, promises: PromiseMaker, progress, sink: RowSink | None
) -> None:
    """A file of one line per order, into `parsed.rows` (or the sink): as the loop above, a chunk
    at a time. A chunk of good lines naming orders not met before is taken whole; the rest line
    by line. A repeated order keeps its first place and takes the later line's values."""
    result, rows, total = parsed.result, parsed.rows, parsed.total
    line_of: dict[str, int] = {}
    for lines, made, clean in read_rows(reader, data, promises):
        before = result.rows
        result.rows += len(lines)
        if progress is not None and result.rows // _PROGRESS_EVERY != before // _PROGRESS_EVERY:
            progress(min(result.rows, total // 2), total)
        if clean:
            numbers = [row[0] for row in made]
            distinct = set(numbers)
            if len(distinct) == len(numbers) and distinct.isdisjoint(line_of):
                line_of.update(zip(numbers, lines, strict=True))
                if sink is not None:
                    sink.rows(made, [])
                else:
                    rows.update(zip(numbers, made, strict=True))
                continue
        new: dict[str, tuple] = {}  # orders first met in this chunk
        again: dict[str, tuple] = {}  # orders met in an earlier chunk
        for line, row in zip(lines, made, strict=True):
            if isinstance(row, RowProblem):
                _skipped(parsed, line, row)
                continue
            order_no = row[0]
            earlier = line_of.get(order_no)
            if earlier is not None:
                _repeated(parsed, order_no, earlier, line)
            (again if earlier is not None and order_no not in new else new)[order_no] = row
            line_of[order_no] = line
        if sink is not None:
            sink.rows(list(new.values()), list(again.values()))
        else:
            rows.update(new)
            rows.update(again)  # orders already in `rows`: their place stays


class RowSink(Protocol):
    """Where a file of one line per order sends its store rows as they are read."""

    def start(self, parsed: ParsedOrderFile, rows: bool) -> bool:
        """The file is open (`parsed` says how it is read; `rows`: whether it is one line per
        order, read as store rows): whether to read it on."""

    def rows(self, new: list[tuple], again: list[tuple]) -> None:
        """A chunk's rows in file order: orders not met before, and orders met in an earlier chunk
        (whose later line replaces the earlier one's values, in the earlier one's place)."""


def _skipped(parsed: ParsedOrderFile, line: int, problem: RowProblem) -> None:
    column = parsed.mapping.get(problem.field) if problem.field else None
    where = (
        Message("line {line}, column {column}", line=line, column=column)
        if column
        else Message("line {line}", line=line)
    )
    said = Message("{where}: {problem}; the row was skipped.", where=where, problem=problem.args[0])
    parsed.result.errors.append(RowError(line, said.text("en"), column, said))


def _repeated(parsed: ParsedOrderFile, order_no: str, earlier: int, line: int) -> None:
    said = Message(
        "line {earlier}: order {order_no} appears again on line {line}; the later row was used and this one skipped.",
        earlier=earlier,
        order_no=order_no,
        line=line,
    )
    parsed.result.errors.append(RowError(earlier, said.text("en"), said=said))


def _data_rows(table: generic.Table, preset: Preset | None):
    """The rows that hold data: not blank, not the export's framing (eBay's footer)."""
    skip = preset.skip_row if preset is not None else None
    for line, cells in table.rows():
        # The first cell (the order number, mostly) settles most lines without a generator.
        if ((cells and cells[0].strip()) or any(c.strip() for c in cells)) and not (skip and skip(cells)):
            yield line, cells


def _same_item(earlier: list, read) -> bool:
    """A line repeating an item already read (the same export pasted twice) is a repeat, not an item."""
    key = read.values["item_key"]
    return key is not None and any(line.values["item_key"] == key for line in earlier)


def _check_mapping(mapping: dict[str, str], headers: list[str], path: Path) -> None:
    for target in REQUIRED_FIELDS:
        if target not in mapping:
            raise UserError(
                "{file}: no column is chosen for the {field}; the file's columns are: {columns}.",
                file=path.name,
                field=Message(ORDER_FIELDS[target].lower()),
                columns=", ".join(h for h in headers if h),
            )
    present = set(headers)
    for target, header in mapping.items():
        if target not in ORDER_FIELDS and target not in EXTRA_FIELDS:
            raise UserError(
                "{file}: '{target}' is not an order field (use one of: {fields}).",
                file=path.name,
                target=target,
                fields=", ".join(ORDER_FIELDS),
            )
        if header not in present:
            raise UserError(
                "{file}: the file has no column '{header}' (chosen for {target}).",
                file=path.name,
                header=header,
                target=target,
            )
