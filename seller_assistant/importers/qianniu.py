"""Reading Qianniu / AliWangwang chat-record text exports (a file, or the same pasted) into ChatRecords.

The layout, as the clients write it and as shops paste it:

    ================================================================
    消息对象:甜甜兔兔
    ================================================================
    日期: 2026-11-20
    甜甜兔兔 (2026-11-20 14:03:22):
    在吗？杯子有现货吗
    青瓷小铺:小美 (2026-11-20 14:03:40):
    亲，在的~
    现货充足，48小时内发货哦
    系统消息 (2026-11-20 14:05:00):
    小美已接入会话

A message header is a nickname and a time, in parentheses with a trailing colon, or separated by
spaces, or time first (`2026-11-20 14:03:22 甜甜兔兔`); the time may be only hh:mm:ss after a
`日期:` line. The message is every following line up to the next header. Staff nicknames are
`shopname:staff`; the `消息对象` header names the buyer. A line that cannot be placed (text before
any header, a time that does not exist) is reported with its line number and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import tzinfo

from seller_assistant.core.chat_records import ChatRecord
from seller_assistant.importers.chat_parse import (
    AUTO_REPLY_MARKS,
    LocalClock,
    ParsedChat,
    RowError,
    fixed_role,
    is_staff_name,
)

_DATE = r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
# nickname (2026-11-20 14:03:22): [text]   — parentheses half or full width, colon optional
_NAME_PAREN_FULL = re.compile(rf"^(.+?)\s*[(（]\s*{_DATE}\s+{_TIME}\s*[)）]\s*[:：]?\s?(.*)$")
# nickname (14:03:22):  — after a 日期: line
_NAME_PAREN_TIME = re.compile(rf"^(.+?)\s*[(（]\s*{_TIME}\s*[)）]\s*[:：]?\s?(.*)$")
# nickname 2026-11-20 14:03:22
_NAME_SPACE_FULL = re.compile(rf"^(.+?)\s+{_DATE}\s+{_TIME}\s*[:：]?\s*$")
# 2026-11-20 14:03:22 nickname
_FULL_NAME = re.compile(rf"^{_DATE}\s+{_TIME}\s+(.+?)\s*[:：]?\s*$")
_BUYER_HEADER = re.compile(r"^\s*(?:消息对象|聊天对象|会话对象|对话对象|联系人|买家)\s*[:：]\s*(.+?)\s*$")
_DATE_HEADER = re.compile(rf"^\s*(?:日期|Date)\s*[:：]\s*{_DATE}\s*$")
_ACCOUNT_HEADER = re.compile(r"^\s*(?:我的账号|当前账号|子账号|主账号|客服账号|账号)\s*[:：]\s*(.+?)\s*$")
_OTHER_HEADER = re.compile(r"^\s*(?:消息记录|聊天记录|导出时间|导出日期|记录时间|共\s*\d+\s*条)")
_SEPARATOR = re.compile(r"^\s*([=\-─━_*])\1{9,}\s*$")
# Events the client writes as bare lines between messages: staff joining, transfers, closes.
_SESSION_EVENT = re.compile(r"(已接入会话|接入了会话|已转接|转接给|结束了会话|会话已结束|已关闭会话|离开了会话|进入了会话)\s*$")
_HEADER_STARTS = frozenset("=-─━_* \t")
_HAS_TIME = re.compile(r"\d:\d\d")


class _Conversation:
    """Messages of one buyer block, held until its end so buyer and staff can be told apart."""

    def __init__(self, buyer: str | None) -> None:
        self.buyer = buyer
        self.entries: list[list] = []  # [line, sent_at, sender, [text lines]]


def parse_qianniu(text: str, source: str, tz: tzinfo, shop_name: str | None = None) -> ParsedChat:
    result = ParsedChat()
    for batch in iter_qianniu(text, tz, shop_name, result.errors):
        result.records.extend(batch)
    return result


def iter_qianniu(text: str, tz: tzinfo, shop_name: str | None, errors: list[RowError],
                 batch_size: int = 5000) -> Iterator[list[ChatRecord]]:
    """The records of `text` in batches of about `batch_size` (whole buyer blocks), errors
    appended to `errors` as lines are read: a million-message file never sits in memory twice."""
    records: list[ChatRecord] = []
    clock = LocalClock(tz)
    date: tuple[int, int, int] | None = None
    conversation = _Conversation(None)
    current: list | None = None  # the entry whose text lines we are reading
    has_time = _HAS_TIME.search
    for number, raw in enumerate(_lines(text), start=1):
        line = raw.rstrip()
        if not line:  # blank or only spaces
            if current is not None:
                current[3].append("")
            continue
        if len(line) < 400 and has_time(line):
            header = _message_header(line, date, clock)
            if header is not None:
                if isinstance(header, str):
                    errors.append(RowError(number, header))
                    current = None
                    continue
                sent_at, sender, first_text = header
                current = [number, sent_at, sender, [first_text] if first_text else []]
                conversation.entries.append(current)
                continue
        if current is None or (line[0] in _HEADER_STARTS or "对象" in line or "日期" in line or "Date" in line) and _is_header_line(line):
            match = _BUYER_HEADER.match(line)
            if match:
                _finish(conversation, records, errors, shop_name)
                if len(records) >= batch_size:
                    yield records
                    records = []
                conversation, current = _Conversation(match.group(1)), None
                continue
            match = _DATE_HEADER.match(line)
            if match:
                date, current = (int(match.group(1)), int(match.group(2)), int(match.group(3))), None
                continue
            if _SEPARATOR.match(line) or _ACCOUNT_HEADER.match(line) or _OTHER_HEADER.match(line):
                current = None
                continue
            if current is None:
                errors.append(RowError(
                    number, f"text outside any message (no sender and time before it): {line.strip()[:40]!r}"))
                continue
        if len(line) < 60 and current[3] and _SESSION_EVENT.search(line):
            # A bare event line becomes its own system message at the time of the message before it.
            current = [number, current[1], "系统消息", [line.strip()]]
            conversation.entries.append(current)
            continue
        current[3].append(line)
    _finish(conversation, records, errors, shop_name)
    if records:
        yield records


def _lines(text: str, block: int = 1 << 20) -> Iterator[str]:
    """text.splitlines(), a block at a time: cutting just after a '\n' never splits a line break
    (not even '\r\n'), and a million-line file does not become one list of millions of strings."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + block)
        end = len(text) if end < 0 else end + 1
        yield from text[start:end].splitlines()
        start = end


def _is_header_line(line: str) -> bool:
    return bool(_SEPARATOR.match(line) or _BUYER_HEADER.match(line) or _DATE_HEADER.match(line))


def _message_header(line: str, date, clock: LocalClock):
    """(sent_at, sender, text on the same line), an error sentence, or None if not a header."""
    match = _NAME_PAREN_FULL.match(line)
    if match:
        sender, year, month, day, hour, minute, second, rest = match.groups()
    elif (match := _NAME_SPACE_FULL.match(line)) is not None:
        sender, year, month, day, hour, minute, second = match.groups()
        rest = ""
    elif (match := _FULL_NAME.match(line)) is not None:
        year, month, day, hour, minute, second, sender = match.groups()
        rest = ""
    elif date is not None and (match := _NAME_PAREN_TIME.match(line)) is not None:
        sender, hour, minute, second, rest = match.groups()
        year, month, day = date
    else:
        return None
    sender = sender.strip()
    if not sender or len(sender) > 100:
        return None
    try:
        sent_at = clock.epoch(int(year), int(month), int(day), int(hour), int(minute),
                              int(second) if second is not None else 0)
    except ValueError:
        return f"'{line.strip()[:60]}' has a date or time that does not exist"
    return sent_at, sender, rest.strip()


def _finish(conversation: _Conversation, records: list[ChatRecord], errors: list[RowError],
            shop_name: str | None) -> None:
    """Turn a block's entries into records, deciding each sender's role once for the block."""
    if not conversation.entries:
        return
    buyer = conversation.buyer
    roles: dict[str, str] = {}
    for _, _, sender, lines in conversation.entries:
        if sender in roles:
            continue
        role = fixed_role(sender, lines[0] if lines else "")
        if role is None:
            if buyer is not None:
                role = "buyer" if sender == buyer else "staff"
            else:
                role = "staff" if is_staff_name(sender, shop_name) else "buyer"
        roles[sender] = role
    if buyer is None:
        # Without a 消息对象 header: the one sender who is not shop staff is the buyer; the shop's
        # main account is the part before ':' in its sub-accounts' names.
        shops = {s.replace("：", ":").split(":", 1)[0] for s, r in roles.items() if r == "staff"}
        candidates = [s for s, r in roles.items() if r == "buyer" and s not in shops]
        for s in roles:
            if s in shops:
                roles[s] = "staff"
        buyer = candidates[0] if len(candidates) == 1 else ""
    append = records.append
    for line, sent_at, sender, lines in conversation.entries:
        text = "\n".join(lines).strip("\n") if len(lines) != 1 else lines[0]
        role = roles[sender]
        if lines and lines[0].startswith(AUTO_REPLY_MARKS):
            role = "system"
        if not text.strip():
            errors.append(RowError(line, f"the message from {sender} has no text; skipped"))
            continue
        owner = sender if role == "buyer" and not buyer else buyer
        append(ChatRecord(sent_at, sender, role, text, owner, None, line))
