"""The dominant Qianniu layout read many lines at a time: `name (YYYY-MM-DD HH:MM:SS):` and its text.

A file export is mostly messages whose header is `name (2026-11-20 14:03:22):` and whose text
lines are plain; the careful line loop of importers/qianniu.py tests each of their lines for every
other layout (~6 µs a message). `FastReader.messages` reads on from where the loop stands and
tests each line only for what it is here (the words below are found in the whole text at once)
— but takes only lines the loop would read in one known way, and hands the loop back its state as the
loop would have left it: the same entries (qianniu_blocks.Entry), line numbers and errors. It
stops at the first line it is not sure of, which the loop then reads; tests/test_qianniu_fast.py
compares both on every layout and on hostile input. A line is left to the loop when it might be
anything but what it looks like:
- a header: the name must not start with a digit, a space or a separator character, nor end in
  a space, nor hold a parenthesis (the loop's name is the shortest before the first one), nor be
  over 100 characters; no text on the header line; a date and time that exist;
- a text line: it must not start with a space, a separator character or a digit, nor end in a
  space (the loop strips it), nor hold a time (`1:23`) or a header's word (对象, 日期, Date), nor
  be a read receipt or a notice (a line holding 读, 撤回, 转, 会话, 消息 or 系统 is tested as the loop
  tests it); and the line after it must not start with a digit, a space or a tab and hold a colon
  (the loop would take the text line for the name of a time that follows);
- an empty line is text's (a line of spaces is the loop's to strip); a line of ten "=" or more
  ends the message (the export's separator).
"""

from __future__ import annotations

import re

from seller_assistant.core.chat_records import status_of_line
from seller_assistant.importers.chat_parse import LocalClock, RowError, is_notice
from seller_assistant.importers.qianniu_blocks import Block, Entry, close_web_entry, take_block_notes

# Line breaks str.splitlines() knows besides "\n" and "\r\n": a text holding any is the loop's alone.
_OTHER_BREAKS = re.compile(r"\r(?!\n)|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Words that may make a text line more than text to the loop (a header's, a read receipt's, a
# notice's), found in the whole text at once: a line holding one is tested as the loop tests it.
_WORDS = re.compile(r"对象|日期|Date|读|撤回|转|会话|消息|系统")
_HEADER_WORDS = re.compile(r"对象|日期|Date")  # the loop's test of these needs its date: its line
_HAS_TIME = re.compile(r"\d:\d\d")  # as the loop's: a line holding one may be a header
_HOUR = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}")
_NOT_FIRST = frozenset("=-─━_*(（")  # a separator's first character, or a parenthesis
# "mm:ss" → seconds past the hour, for every minute and second the loop accepts.
_MINUTE_SECOND = {f"{m:02d}:{s:02d}": m * 60 + s for m in range(60) for s in range(61)}


def readable(text: str) -> bool:
    """Whether the fast reader may read `text`: its lines end all in "\\n" or all in "\\r\\n"."""
    if _OTHER_BREAKS.search(text) is not None:
        return False
    return "\r" not in text or text.count("\r\n") == text.count("\n")


class FastReader:
    """The text's lines for the loop — (number, line, next line or None), as qianniu._lines_with_next
    gives them — from a place that `messages` moves on past the messages it reads itself."""

    __slots__ = ("text", "pos", "number", "clock", "_hours", "_names", "_newline", "_word")

    def __init__(self, text: str, clock: LocalClock) -> None:
        self.text, self.clock = text, clock
        self.pos = 0
        self.number = 0  # the number of the last line read
        self._hours: dict[str, int] = {}  # "YYYY-MM-DD HH" → its epoch, as the clock computes it
        self._names: dict[str, bool] = {}  # a header's name → whether it is read here (names repeat)
        self._newline = 2 if "\r" in text else 1  # all "\r\n" then (readable)
        self._word = -1  # where the next of _WORDS is, once looked for from before it

    def __iter__(self):
        return self

    def __next__(self) -> tuple[int, str, str | None]:
        text, pos = self.text, self.pos
        size = len(text)
        if pos >= size:
            raise StopIteration
        end = text.find("\n", pos)
        if end < 0:
            end = size
        line = text[pos:end]
        if line.endswith("\r"):
            line = line[:-1]
        following = None
        start = end + 1
        if start < size:
            end = text.find("\n", start)
            following = text[start : size if end < 0 else end]
            if following.endswith("\r"):
                following = following[:-1]
        self.pos = start
        self.number += 1
        return self.number, line, following

    def messages(self, block: Block, current: Entry | None, errors: list[RowError]) -> Entry | None:
        """Read the messages (and empty lines) at this place that the loop would read in one known
        way, into `block`; the message being read after them, as the loop's `current`."""
        text, pos, number, word = self.text, self.pos, self.number, self._word
        size, crlf = len(text), self._newline == 2
        header, plain = self._header, _plain
        append = block.entries.append
        line: str | None = None  # the line at `pos` (ending at `end`), once cut
        end = pos
        while pos < size:
            if line is None:
                end = text.find("\n", pos)
                if end < 0:
                    end = size
                line = text[pos : end - 1] if crlf and end < size else text[pos:end]
            if word < pos:
                found = _WORDS.search(text, pos)
                word = found.start() if found is not None else size
            if not line:
                if current is not None:
                    current.lines.append("")
            elif line.endswith("):") and (sent_at := header(line)) is not None:
                if current is not None and current.sender is None:
                    close_web_entry(block, current, errors)
                current = Entry(number + 1, sent_at, line[:-23], [], line)
                if block.notes:
                    take_block_notes(block, current)
                append(current)
            elif line[0] == "=" and len(line) >= 10 and not line.strip("="):
                close_web_entry(block, current, errors)  # a separator ends the message, as in the loop
                current = None
            elif current is not None and current.sender is not None:
                # Text: whether it is depends on the line after it, which is then cut once for both.
                following = None
                start, line_end = end + 1, end
                if start < size:
                    end = text.find("\n", start)
                    if end < 0:
                        end = size
                    following = text[start : end - 1] if crlf and end < size else text[start:end]
                if not plain(line, following) or (word < line_end and not _plain_with_words(line)):
                    break
                current.lines.append(line)
                pos, number, line = start, number + 1, following
                continue
            else:
                break
            pos, number, line = end + 1, number + 1, None
        self.pos, self.number, self._word = min(pos, size), number, word
        return current

    def _header(self, line: str) -> int | None:
        """The epoch of a header line `name (YYYY-MM-DD HH:MM:SS):` read as the loop would, or
        None when the line is anything else (or the loop's to read)."""
        if len(line) < 24 or line[-23:-21] != " (" or line[-8] != ":":
            return None
        second = _MINUTE_SECOND.get(line[-7:-2])
        if second is None:
            return None
        name = line[:-23]
        known = self._names.get(name)
        if known is None:
            known = self._names[name] = _header_name(name)
        if not known:
            return None
        hour = line[-21:-8]
        base = self._hours.get(hour)
        if base is None:
            if _HOUR.fullmatch(hour) is None:
                return None
            try:
                base = self.clock.epoch(
                    int(hour[:4]), int(hour[5:7]), int(hour[8:10]), int(hour[11:13]), 0, 0
                )
            except ValueError:
                return None  # a date or hour that does not exist: the loop says so
            self._hours[hour] = base
        return base + second


def _header_name(name: str) -> bool:
    """Whether the loop takes `name` whole for the sender of a `name (…):` header."""
    first = name[0]
    return not (
        len(name) > 100
        or first.isspace()
        or first.isdecimal()
        or first in _NOT_FIRST
        or name[-1].isspace()
        or "(" in name
        or "（" in name
    )


def _plain(line: str, following: str | None) -> bool:
    """Whether the loop would only add `line` to the text of the message it reads (the words
    excepted: `messages` stops before them)."""
    first = line[0]
    return not (
        first.isspace()
        or first.isdecimal()
        or first in _NOT_FIRST
        or line[-1].isspace()
        or (":" in line and _HAS_TIME.search(line) is not None)
        or (following and (following[0].isdecimal() or following[0] in " \t") and ":" in following)
    )


def _plain_with_words(line: str) -> bool:
    """Whether a text line holding one of _WORDS is text to the loop all the same: no header's
    word, no read receipt, no notice (tested as the loop tests them)."""
    return (
        _HEADER_WORDS.search(line) is None
        and not (len(line) < 12 and status_of_line(line) is not None)
        and not is_notice(line)
    )
