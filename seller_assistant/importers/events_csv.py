"""Help events from a table (CSV/TSV/XLSX): order number, kind, time, reason, note — with per-line errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.help_events import EVENT_KINDS, EVENT_REASONS, KIND_WORDS, REASON_WORDS
from seller_assistant.core.messages import Message
from seller_assistant.importers import generic
from seller_assistant.importers.values import InstantReader, RowProblem, order_number, text_or_none

# Header words a shop is likely to write, in English or Chinese, for each field.
_HEADERS = {
    "order_no": ("order_no", "order number", "order", "order id", "订单编号", "订单号", "主订单编号"),
    "kind": ("kind", "type", "event", "类型", "事件类型", "事件"),
    "at": ("at", "time", "date", "when", "时间", "发生时间", "日期"),
    "reason": ("reason", "原因", "求助原因"),
    "note": ("note", "notes", "备注", "说明"),
}
_REQUIRED = ("order_no", "kind", "at")


@dataclass(frozen=True)
class EventRecord:
    line: int
    order_no: str
    kind: str
    at: int
    reason: str | None
    note: str


@dataclass(frozen=True)
class RowError:
    line: int
    message: str | Message  # said in the reader's language; str() gives it in the current one


@dataclass
class ParsedEvents:
    file: str
    encoding: str
    records: list[EventRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _norm(header: str) -> str:
    return header.strip().lower().replace("_", " ")


def _columns(headers: list[str], source: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        for name, words in _HEADERS.items():
            if name not in found and _norm(header) in {_norm(w) for w in words}:
                found[name] = index
    missing = [name for name in _REQUIRED if name not in found]
    if missing:
        wanted = " / ".join(_HEADERS[missing[0]][:1] + _HEADERS[missing[0]][-3:])
        raise UserError(
            "{source}: the header row has no '{column}' column (name it e.g. {wanted}).",
            source=source,
            column=missing[0],
            wanted=wanted,
        )
    return found


def _kind(raw: str) -> str:
    text = raw.strip()
    # The marketplaces' words for a kind are the ones the CLI and window accept (core.help_events).
    kind = KIND_WORDS.get(text, text.lower())
    if kind not in EVENT_KINDS:
        raise RowProblem(
            Message(
                "'{text}' is not a help event kind (use dispute, complaint, intervention or work_order_timeout)",
                text=raw,
            )
        )
    return kind


def _reason(raw: str | None) -> str | None:
    text = text_or_none(raw)
    if text is None:
        return None
    reason = REASON_WORDS.get(text, text.lower())
    if reason not in EVENT_REASONS:
        raise RowProblem(
            Message(
                "'{text}' is not a reason (use one of: {reasons})", text=raw, reasons=", ".join(EVENT_REASONS)
            )
        )
    return reason


def parse_events_file(path: Path | str, tz: tzinfo) -> ParsedEvents:
    """Every good row as an EventRecord and every bad one as a RowError naming its line.

    A file that cannot be read at all, or lacks a needed column, raises UserError."""
    path = Path(path)
    table = generic.open_table(path)
    columns = _columns(table.headers, path.name)
    read_time = InstantReader(tz)
    result = ParsedEvents(path.name, table.encoding)
    for line, cells in table.rows():
        if not any(c.strip() for c in cells):
            continue

        def cell(name: str, cells=cells) -> str | None:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        field_name = "at"
        try:
            at = read_time(cell("at"), "time")
            if at is None:
                raise RowProblem(Message("the time is empty"))
            field_name = "order_no"
            order_no = order_number(cell("order_no"), digits_only=False)
            field_name = "kind"
            kind = _kind(cell("kind") or "")
            field_name = "reason"
            reason = _reason(cell("reason"))
            result.records.append(
                EventRecord(
                    line=line,
                    order_no=order_no,
                    kind=kind,
                    at=at,
                    reason=reason,
                    note=(text_or_none(cell("note")) or ""),
                )
            )
        except RowProblem as problem:
            # The row's line and the column at fault, by the file's own header.
            index = columns.get(field_name)
            said = problem.args[0]
            if index is not None:
                said = Message(
                    "column '{column}': {problem}", column=table.headers[index].strip(), problem=said
                )
            result.errors.append(RowError(line, said))
    return result
