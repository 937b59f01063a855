"""A big Qianniu export cut into pieces that read, each on its own, exactly as they read in the whole file.

So several processes can parse one file (imports/chat_parsers.py) and give, joined in file order,
the records, errors and line numbers one reader gives (importers/qianniu.py). A piece starts only
at a conversation's header line (`消息对象:甜甜兔兔`), where the reader forgets everything of the
conversation before it (its entries, the web layout, a sender's name waiting for its time) — all
but the current date, which a `日期:` line sets and later `name HH:MM:SS` lines lean on. So a piece
starts there only when the date cannot matter: no line before it could have set a date, or the new
conversation sets its own date before anything else (only blank and separator lines between).

A piece is given with the header line that starts the next one (`tail`): reaching it, the reader
closes the piece's last conversation exactly as it does in the whole file; after it, nothing.
The one thing that does cross pieces, the count of identical messages in a row that fingerprints
tell apart (core/chat_records.FingerprintCounter), is joined by whoever puts the pieces together.
"""

from __future__ import annotations

import re

from seller_assistant.importers.qianniu import (
    _BUYER_HEADER,
    _DATE_HEADER,
    _HAS_TIME,
    _HEADER_STARTS,
    _SEPARATOR,
)

# A conversation's header at the start of a line (checked whole with BUYER_HEADER after).
_HEADER_START = re.compile(r"\n[ \t]*(?:消息对象|聊天对象|会话对象|对话对象|联系人|买家)")
# Any line that might set the date, whatever else it is (more than the reader's date lines on purpose:
# a line wrongly taken for one only costs a place to cut).
_MAYBE_DATE = re.compile(r"(?m)^[-—=─\s]*(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|(?:日期|Date)\s*[:：])")


def cuts(text: str, size: int) -> list[int]:
    """Where pieces of about `size` characters may start, in order: the first piece starts at 0,
    piece k at cuts[k - 1]; each is read with `tail(text, end)` after it (see the module's text)."""
    return _cuts(text, size)


def tail(text: str, end: int) -> str:
    """The line that starts the next piece (at `end`), read at the end of the piece before it."""
    return text[end : _line_end(text, end)] if end < len(text) else ""


def _cuts(text: str, size: int) -> list[int]:
    """Where pieces start: line starts of conversation headers, each at least `size` after the last."""
    found = _MAYBE_DATE.search(text)
    undated_until = found.start() if found else len(text)
    cuts: list[int] = []
    position = size
    while position < len(text):
        match = _HEADER_START.search(text, position)
        if match is None:
            break
        start = match.start() + 1
        if _may_cut(text, start, undated_until):
            cuts.append(start)
            position = start + size
        else:
            position = start + 1
    return cuts


def _may_cut(text: str, start: int, undated_until: int) -> bool:
    line = _one_line(text, start)
    if (
        not line
        or _HAS_TIME.search(line)
        or not (line[0] in _HEADER_STARTS or "对象" in line)  # else text when a message is open
        or _BUYER_HEADER.match(line) is None
    ):
        return False  # not a line the reader surely takes for a conversation's header
    if start <= undated_until:
        return True
    # The conversation must set its date first: only blank and separator lines before its 日期 line.
    position = _line_end(text, start)
    while position < len(text):
        following = _one_line(text, position)
        if following is None:
            return False
        if following and not _SEPARATOR.match(following):
            return _DATE_HEADER.match(following) is not None
        position = _line_end(text, position)
    return True


def _one_line(text: str, start: int) -> str | None:
    """The line at `start` as the reader sees it (right-stripped), or None when what '\n' ends
    is more than one line to str.splitlines (a lone '\r', a '\u2028'): no cut near that."""
    segment = text[start : _line_end(text, start)]
    return segment.rstrip() if len(segment.splitlines()) <= 1 else None


def _line_end(text: str, start: int) -> int:
    """Just after the '\\n' that ends the line at `start` (or the text's end)."""
    end = text.find("\n", start)
    return len(text) if end < 0 else end + 1
