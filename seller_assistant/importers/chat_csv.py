"""Reading a plain chat CSV — `time, sender, text`, optionally `buyer`, `order`, `role`, `status` — into ChatRecords."""

from __future__ import annotations

import csv
import io
from datetime import tzinfo

from seller_assistant.core.chat_records import SENDER_ROLES, ChatRecord, status_of_line
from seller_assistant.core.clock import parse_instant, to_epoch
from seller_assistant.core.errors import UserError
from seller_assistant.importers.chat_parse import ParsedChat, RowError, fixed_role, is_staff_name

# Header names shops use, in English and Chinese; without a header the columns are time, sender, text.
_HEADERS = {
    "time": ("time", "sent_at", "date", "时间", "发送时间", "日期时间"),
    "sender": ("sender", "from", "name", "发送人", "发送者", "昵称", "发言人"),
    "text": ("text", "message", "content", "内容", "消息", "消息内容", "聊天内容"),
    "buyer": ("buyer", "买家", "买家昵称", "消息对象"),
    "order": ("order", "order_no", "订单号", "订单编号"),
    "role": ("role", "sender_role", "角色"),
    "status": ("status", "read", "状态", "已读状态", "阅读状态"),
}


def looks_like_chat_csv(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return first.count(",") >= 2 or first.count("\t") >= 2


def parse_chat_csv(text: str, source: str, tz: tzinfo, shop_name: str | None = None) -> ParsedChat:
    result = ParsedChat()
    dialect = "excel-tab" if text.split("\n", 1)[0].count("\t") >= 2 else "excel"
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), dialect)
    columns = {"time": 0, "sender": 1, "text": 2}
    try:
        _read_rows(rows, columns, tz, shop_name, result)
    except csv.Error as exc:
        # A broken quote or a field past the csv module's limit: the file cannot be trusted.
        raise UserError(
            "{source}, line {line_num}: {problem}; nothing was imported.",
            source=source,
            line_num=rows.line_num,
            problem=exc,
        ) from None
    return result


def _read_rows(rows, columns: dict[str, int], tz: tzinfo, shop_name: str | None, result: ParsedChat) -> None:
    last_buyer = ""
    end_of_previous = 0
    for index, row in enumerate(rows):
        # A quoted cell may span lines: the row starts just after where the previous one ended.
        number, end_of_previous = end_of_previous + 1, rows.line_num
        if not row or not any(cell.strip() for cell in row):
            continue
        if index == 0:
            found = _header_columns(row)
            if found:
                columns = found
                continue
        try:
            record = _record(row, columns, tz, shop_name, last_buyer, number)
        except UserError as exc:
            result.errors.append(RowError.saying(number, exc.message))
            continue
        if record.sender_role == "buyer":
            last_buyer = record.buyer
        result.records.append(record)


def _header_columns(row: list[str]) -> dict[str, int] | None:
    names = [cell.strip().lower() for cell in row]
    found = {}
    for field, aliases in _HEADERS.items():
        for position, name in enumerate(names):
            if name in aliases:
                found[field] = position
                break
    if not {"time", "sender", "text"} <= found.keys():
        return None
    return found


def _record(row, columns, tz, shop_name, last_buyer, number) -> ChatRecord:
    def cell(field: str) -> str:
        position = columns.get(field)
        return row[position].strip() if position is not None and position < len(row) else ""

    if len(row) <= max(columns["time"], columns["sender"], columns["text"]):
        raise UserError("expected time, sender and text, found {count} column(s)", count=len(row))

    def at_column(field: str, problem: object) -> UserError:
        # A bad cell names its column too: "column 1 (time): …", as order rows name theirs.
        return UserError(
            "column {number} ({field}): {problem}", number=columns[field] + 1, field=field, problem=problem
        )

    try:
        sent_at = to_epoch(parse_instant(cell("time"), tz))
    except UserError as exc:
        raise at_column("time", exc) from None
    sender = cell("sender")
    text = row[columns["text"]].strip("\r\n")
    if not sender:
        raise at_column("sender", "the sender is empty")
    if not text.strip():
        raise at_column("text", "the message text is empty")
    role = cell("role").lower()
    if role not in SENDER_ROLES:
        role = fixed_role(sender, text) or ("staff" if is_staff_name(sender, shop_name) else "buyer")
    buyer = cell("buyer") or (sender if role == "buyer" else last_buyer)
    status = cell("status")
    status = status if status in ("read", "unread") else status_of_line(status) if status else None
    return ChatRecord(sent_at, sender, role, text, buyer, cell("order") or None, number, status)
