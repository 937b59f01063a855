"""Reading chat records copied or exported from Qianniu / AliWangwang (and the like) into ChatRecords.

One reader for every layout shops paste or save (each has a fixture in tests/test_chat_layouts.py):

    消息对象:甜甜兔兔                         a file export's block header (names the buyer)
    日期: 2026-11-20   or   2026-11-20        a date line; `name HH:MM:SS` lines follow
    甜甜兔兔 (2026-11-20 14:03:22):           name(time):  — text on the next lines or the same line
    甜甜兔兔 2026-11-20 14:03:22              name time
    2026-11-20 14:03:22 甜甜兔兔              time name
    甜甜兔兔                                  the name on one line, the time on the next
    2026-11-20 14:03:22
    2026-11-20 14:03:22                       the web page: time, text, then the sender line
    在吗？
    甜甜兔兔

Lines that are not what was said are kept as the message's metadata: read receipts (已读/未读)
become its `status`; recalls (撤回), transfers (转接) and system notices its `notes`. A line that
cannot be placed (text before any sender, a time that does not exist) is reported with its line
number and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import tzinfo

from seller_assistant.core.chat_records import ChatRecord, status_of_line
from seller_assistant.core.messages import Message
from seller_assistant.importers import qianniu_fast
from seller_assistant.importers.chat_parse import LocalClock, ParsedChat, RowError, is_notice
from seller_assistant.importers.qianniu_blocks import Block, Entry, close_web_entry, finish, take_block_notes

_DATE = r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_TIME_S = r"(\d{1,2}):(\d{2}):(\d{2})"
# nickname (2026-11-20 14:03:22): [text]   — parentheses half or full width, colon optional
_NAME_PAREN_FULL = re.compile(rf"^(.+?)\s*[(（]\s*{_DATE}\s+{_TIME}\s*[)）]\s*[:：]?\s?(.*)$")
# nickname (14:03:22):  — after a date line
_NAME_PAREN_TIME = re.compile(rf"^(.+?)\s*[(（]\s*{_TIME}\s*[)）]\s*[:：]?\s?(.*)$")
# nickname 2026-11-20 14:03:22
_NAME_SPACE_FULL = re.compile(rf"^(.+?)\s+{_DATE}\s+{_TIME}\s*[:：]?\s*$")
# nickname 14:03:22  — after a date line; seconds required, so "明天 10:00" stays text
_NAME_SPACE_TIME = re.compile(rf"^(.+?)\s+{_TIME_S}\s*[:：]?\s*$")
# 2026-11-20 14:03:22 nickname
_FULL_NAME = re.compile(rf"^{_DATE}\s+{_TIME}\s+(.+?)\s*[:：]?\s*$")
# a time alone on its line (the sender is on the line before, or after the text on the web page)
_BARE_FULL = re.compile(rf"^\s*{_DATE}\s+{_TIME}\s*$")
_BARE_TIME = re.compile(rf"^\s*{_TIME_S}\s*$")
_BUYER_HEADER = re.compile(r"^\s*(?:消息对象|聊天对象|会话对象|对话对象|联系人|买家)\s*[:：]\s*(.+?)\s*$")
_DATE_HEADER = re.compile(rf"^\s*(?:日期|Date)\s*[:：]\s*{_DATE}\s*$")
_BARE_DATE = re.compile(rf"^\s*[-—=─\s]*{_DATE}(?:\s*(?:星期|周)[一二三四五六日天])?[-—=─\s]*$")
_ACCOUNT_HEADER = re.compile(r"^\s*(?:我的账号|当前账号|子账号|主账号|客服账号|账号)\s*[:：]\s*(.+?)\s*$")
_OTHER_HEADER = re.compile(r"^\s*(?:消息记录|聊天记录|导出时间|导出日期|记录时间|共\s*\d+\s*条)")
_SEPARATOR = re.compile(r"^\s*([=\-─━_*])\1{9,}\s*$")
_HEADER_STARTS = frozenset("=-─━_* \t")
_HAS_TIME = re.compile(r"\d:\d\d")


def parse_qianniu(text: str, source: str, tz: tzinfo, shop_name: str | None = None) -> ParsedChat:
    result = ParsedChat()
    for batch in iter_qianniu(text, tz, shop_name, result.errors):
        result.records.extend(batch)
    return result


def iter_qianniu(
    text: str,
    tz: tzinfo,
    shop_name: str | None,
    errors: list[RowError],
    batch_size: int = 5000,
    fast: bool = True,
) -> Iterator[list[ChatRecord]]:
    """The records of `text` in batches of about `batch_size` (whole conversation blocks), errors
    appended to `errors` as lines are read: a million-message file never sits in memory twice.

    Line by line, except that the messages of the dominant layout are read many lines at a time
    (importers/qianniu_fast.py) wherever this loop would read them in one known way; `fast=False`
    reads every line here (the tests compare the two)."""
    records: list[ChatRecord] = []
    clock = LocalClock(tz)
    date: tuple[int, int, int] | None = None
    block = Block(None)
    current: Entry | None = None  # the message whose text lines we are reading
    name: tuple[int, str] | None = None  # a line that named the sender of the message whose time follows
    has_time = _HAS_TIME.search
    reader = qianniu_fast.FastReader(text, clock) if fast and qianniu_fast.readable(text) else None
    lines = reader if reader is not None else _lines_with_next(text)
    while True:
        if reader is not None and name is None:
            current = reader.messages(block, current, errors)
        item = next(lines, None)
        if item is None:
            break
        number, raw, following = item
        line = raw.rstrip()
        if not line:  # blank or only spaces
            if current is not None:
                current.lines.append("")
            continue
        if len(line) < 400 and has_time(line):
            bare = _bare_time(line, date, clock) if line[0].isdigit() or line[0] in " \t" else None
            if bare is not None:
                if isinstance(bare, Message):
                    errors.append(RowError.saying(number, bare))
                    close_web_entry(block, current, errors)  # (it had no sender yet: a crash before)
                    current = None
                    continue
                current = _start_at_time(block, current, name, number, bare, errors)
                name = None
                continue
            header = _message_header(line, date, clock)
            if header is not None:
                if isinstance(header, Message):
                    errors.append(RowError.saying(number, header))
                    close_web_entry(block, current, errors)
                    current = None
                    continue
                sent_at, sender, first_text = header
                close_web_entry(block, current, errors)
                current = Entry(
                    number,
                    sent_at,
                    sender,
                    [first_text] if first_text else [],
                    line.strip() if not first_text else line.strip()[: -len(first_text)].strip(),
                )
                take_block_notes(block, current)
                block.entries.append(current)
                continue
        if (
            current is None
            or (
                line[0] in _HEADER_STARTS
                or line[0].isdigit()
                or "对象" in line
                or "日期" in line
                or "Date" in line
            )
            and _is_header_line(line, following, date, clock)
        ):
            match = _BUYER_HEADER.match(line)
            if match:
                close_web_entry(block, current, errors)
                finish(block, records, errors, shop_name)
                if len(records) >= batch_size:
                    yield records
                    records = []
                block, current, name = Block(match.group(1)), None, None
                continue
            match = _DATE_HEADER.match(line) or _date_line(line, following, date, clock)
            if match:
                date = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
                continue
            if _SEPARATOR.match(line) or _ACCOUNT_HEADER.match(line) or _OTHER_HEADER.match(line):
                close_web_entry(block, current, errors)
                current = None
                continue
        if (
            len(line) < 12
            and current is not None
            and (status := status_of_line(line)) is not None
            and current.has_text()
        ):
            current.status = status
            continue
        if is_notice(line):
            (current.notes if current is not None else block.notes).append(line.strip())
            continue
        if (
            following
            and (following[0].isdigit() or following[0] in " \t")
            and block.web is not True
            and _bare_time(following, date, clock) is not None
        ):
            # The name-on-one-line, time-on-the-next layout: this line names the next message's sender.
            if name is not None:
                errors.append(RowError.saying(name[0], _outside(name[1])))
            name = (number, line.strip())
            continue
        if current is None:
            errors.append(RowError.saying(number, _outside(line)))
            continue
        current.lines.append(line)
    close_web_entry(block, current, errors)
    if name is not None:
        errors.append(RowError.saying(name[0], _outside(name[1])))
    finish(block, records, errors, shop_name)
    if records:
        yield records


def _outside(line: str) -> Message:
    return Message(
        "text outside any message (no sender and time before it): {text}", text=repr(line.strip()[:40])
    )


def _lines_with_next(text: str) -> Iterator[tuple[int, str, str | None]]:
    """(number, line, the next line or None): one line of lookahead decides whether a line names a sender."""
    lines = _lines(text)
    previous = next(lines, None)
    number = 1
    for line in lines:
        yield number, previous, line
        previous = line
        number += 1
    if previous is not None:
        yield number, previous, None


def _lines(text: str, block: int = 1 << 20) -> Iterator[str]:
    """text.splitlines(), a block at a time: cutting just after a '\n' never splits a line break
    (not even '\r\n'), and a million-line file does not become one list of millions of strings."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + block)
        end = len(text) if end < 0 else end + 1
        yield from text[start:end].splitlines()
        start = end


def _bare_time(line: str, date, clock: LocalClock):
    """The epoch of a line that is only a time (a full one, or hh:mm:ss after a date line), an
    error sentence for a time that does not exist, or None."""
    if len(line) > 40 or not (line[:1].isdigit() or line[:1] in " \t") or ":" not in line:
        return None
    match = _BARE_FULL.match(line)
    if match is not None:
        year, month, day, hour, minute, second = match.groups()
    elif date is not None and (match := _BARE_TIME.match(line)) is not None:
        (year, month, day), (hour, minute, second) = date, match.groups()
    else:
        return None
    try:
        return clock.epoch(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return Message("'{text}' has a date or time that does not exist", text=line.strip()[:60])


def _date_line(line: str, following: str | None, date, clock: LocalClock):
    """A date alone on its line is a date header when a `name hh:mm:ss` line (or a bare time)
    follows it; otherwise it is what someone wrote ("2026-11-25" as an answer) and stays text."""
    match = _BARE_DATE.match(line)
    if match is None or following is None:
        return None
    day = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    header = _message_header(following.rstrip(), day, clock) if _HAS_TIME.search(following) else None
    if header is None and _bare_time(following, day, clock) is None:
        return None
    return match


def _is_header_line(line: str, following: str | None, date, clock: LocalClock) -> bool:
    return bool(
        _SEPARATOR.match(line)
        or _BUYER_HEADER.match(line)
        or _DATE_HEADER.match(line)
        or _date_line(line, following, date, clock)
    )


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
    elif date is not None and (match := _NAME_SPACE_TIME.match(line)) is not None:
        sender, hour, minute, second = match.groups()
        year, month, day = date
        rest = ""
    else:
        return None
    sender = sender.strip()
    if not sender or len(sender) > 100:
        return None
    try:
        sent_at = clock.epoch(
            int(year), int(month), int(day), int(hour), int(minute), int(second) if second is not None else 0
        )
    except ValueError:
        return Message("'{text}' has a date or time that does not exist", text=line.strip()[:60])
    return sent_at, sender, rest.strip()


def _start_at_time(
    block: Block, current: Entry | None, name, number: int, sent_at: int, errors: list[RowError]
) -> Entry | None:
    """A time alone on its line starts a message: its sender was the line before (`name`), or —
    on the web page, where times come first — is the last line of its text, read at its end."""
    if name is not None:
        block.web = False
        close_web_entry(block, current, errors)
        entry = Entry(name[0], sent_at, name[1], [])
    elif block.web is not False:
        block.web = True
        close_web_entry(block, current, errors)
        entry = Entry(number, sent_at, None, [])
    else:
        errors.append(
            RowError.saying(number, Message("a time with no sender's name before it; the message is skipped"))
        )
        return None
    take_block_notes(block, entry)
    block.entries.append(entry)
    return entry
