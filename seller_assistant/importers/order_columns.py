"""An order file's lines read column by column: each distinct cell text converted once (issue 20).

LineReader.read converts a line's ~30 cells one call at a time; in a 100 000-line export most
columns repeat a handful of texts (status, carrier, quantity, title) and the rest are read by the
same careful converters anyway. Here a chunk of lines is cut into columns, every text not seen
before in a column goes through that column's converter (LineReader.cell_plan: the very functions
read() calls) and the column's values come back by dictionary look-up. A line with a cell its
converter refuses is read again by LineReader.read, which raises the same RowProblem the line-by-
line reader would (the first bad cell in read()'s order), so the errors name the same line and
column. The result is the same Line, line for line: tests/test_order_columns.py compares both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import islice
from operator import itemgetter

from seller_assistant.core.limits import limits
from seller_assistant.importers.order_rows import Line, LineReader
from seller_assistant.importers.values import RowProblem, cents, order_number, text_or_none

CHUNK = 5000  # lines cut into columns at a time: memory stays small, progress and cancel stay quick
_MEMO_MAX = 50_000  # distinct texts a column remembers across chunks


class _Refused:
    """What a column's converter said about a text it refuses: the line is read again, carefully."""

    __slots__ = ()


_REFUSED = _Refused()


class _Column:
    """One cell of the plan: where it is read, its converter and the texts it has converted."""

    __slots__ = ("position", "convert", "memo", "refuses", "distinct", "varied")

    def __init__(self, position: int, convert):
        self.position, self.convert = position, convert
        self.memo: dict = {}
        self.refuses = False  # a text in memo was refused
        self.distinct = False  # the last chunk's texts were mostly new: not worth remembering
        self.varied = False  # the last chunk brought many new texts (over an eighth of its lines)

    def values(self, texts) -> tuple[list, bool]:
        """The texts converted, and whether any of them may have been refused."""
        memo = self.memo
        convert = self.convert
        if self.distinct:
            try:  # a column of distinct texts: each converted as it comes, no look-up
                return list(map(convert, texts)), False
            except RowProblem:
                pass  # some text is refused: find which, one by one
        new = set(texts).difference(memo)
        for text in new:
            try:
                memo[text] = convert(text)
            except RowProblem:
                memo[text] = _REFUSED
                self.refuses = True
        converted, refuses = list(map(memo.__getitem__, texts)), self.refuses
        self.varied = len(new) * 8 > len(texts)
        if len(new) * 2 > len(texts) or len(memo) > _MEMO_MAX:
            # Mostly distinct texts (order numbers, times): remembering them would only cost memory.
            memo.clear()
            self.refuses = False
            self.distinct = len(new) * 2 > len(texts)
        return converted, refuses


# A time cell as the exports write it, 'YYYY-MM-DD HH:MM:SS': its hour, and ':MM:SS' after it.
_HOUR = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}")
_INTO_HOUR = {f":{m:02d}:{s:02d}": m * 60 + s for m in range(60) for s in range(60)}


class _Hours(dict):
    """'YYYY-MM-DD HH' -> the instant the hour starts, read by the careful converter the first time
    it is met (with its year and date checks); KeyError for an hour that is not a real one."""

    def __init__(self, convert):
        super().__init__()
        self.convert = convert
        self.unreal: set[str] = set()

    def __missing__(self, hour: str) -> int:
        if hour not in self.unreal and _HOUR.fullmatch(hour):
            try:
                start = self.convert(hour + ":00:00")
            except RowProblem:
                start = None
            if start is not None:
                self[hour] = start
                return start
        self.unreal.add(hour)
        raise KeyError(hour)


class _TimeColumn(_Column):
    """A time column read by the InstantReader alone (no preset rewrite). When every cell of the
    chunk is empty or 'YYYY-MM-DD HH:MM:SS', a cell's instant is its hour's — 'YYYY-MM-DD HH' read
    once by the careful converter, with its year check and date check — plus its minutes and
    seconds; otherwise (a cell of another length or form, an hour that is not real: a KeyError) the
    cells are read one by one as any column."""

    __slots__ = ("hours",)

    def __init__(self, position: int, convert):
        super().__init__(position, convert)
        self.hours = _Hours(convert)

    def values(self, texts) -> tuple[list, bool]:
        if not set(map(len, texts)) <= {0, 19} or (
            "" in texts and self.convert("") is not None  # an empty cell reads as no time
        ):
            return super().values(texts)
        hours, into = self.hours, _INTO_HOUR
        try:
            return [hours[text[:13]] + into[text[13:]] if text else None for text in texts], False
        except KeyError:
            return super().values(texts)


class _OrderNumberColumn(_Column):
    """Digits-only order numbers (Taobao): when every cell of the chunk is digits, bare or in
    Excel's ="…", and no longer than the marketplace allows (one regex over the whole column), the
    number is the digits; otherwise the cells are read one by one by order_number."""

    __slots__ = ("numbers",)

    def __init__(self, position: int, convert):
        super().__init__(position, convert)
        keywords = convert.keywords
        marketplace = keywords.get("marketplace") or ("taobao" if keywords["digits_only"] else "other")
        lengths = limits().order_number_length
        longest = lengths.get(marketplace, lengths["other"])
        one = f'(?:="[0-9]{{1,{longest}}}"|[0-9]{{1,{longest}}})'
        self.numbers = re.compile(f"{one}(?:\n{one})*")

    def values(self, texts) -> tuple[list, bool]:
        joined = "\n".join(texts)
        if joined.count("\n") != len(texts) - 1 or not self.numbers.fullmatch(joined):
            return super().values(texts)
        return [text[2:-1] if text[0] == "=" else text for text in texts], False


# A chunk's text column, one cell a line: each empty or plain — not starting with a space, = or '
# (Excel-proofing to undo) nor ending with a space — maybe behind one apostrophe (Excel's "keep as
# text", which unwrap takes off), and none a word for "empty" (null, 无 …).
_PLAIN = r"(?:'?[^\s='](?:[^\n]*[^\s])?)?"
_PLAIN_TEXTS = re.compile(f"{_PLAIN}(?:\n{_PLAIN})*")
_EMPTY_WORD = re.compile(r"^'?(?:null|none|nan|-|--|n/a|无)$", re.IGNORECASE | re.MULTILINE)


class _TextColumn(_Column):
    """A column of many distinct texts (buyers, tracking numbers) read by text_or_none: when the
    whole chunk is plain (one regex), each text is itself without its apostrophe, an empty cell None."""

    __slots__ = ()

    def values(self, texts) -> tuple[list, bool]:
        if self.distinct or self.varied:
            joined = "\n".join(texts)
            if (
                joined.count("\n") == len(texts) - 1
                and _PLAIN_TEXTS.fullmatch(joined)
                and not _EMPTY_WORD.search(joined)
            ):
                if "'" not in joined:
                    return [text or None for text in texts], False
                return [(text[1:] if text[0] == "'" else text) if text else None for text in texts], False
        return super().values(texts)


# A chunk's amount column, one cell a line, each plain: '49', '49.5', '49.00' (ASCII digits).
_MONEY = "[0-9]{1,9}(?:[.][0-9]{1,2})?"
_MONEYS = re.compile(f"{_MONEY}(?:\n{_MONEY})*")
_FRACTIONS = {"": 0, **{f"{n}": n * 10 for n in range(10)}, **{f"{n:02d}": n for n in range(100)}}


class _MoneyColumn(_Column):
    """An amount column read by cents: when every cell of the chunk is a plain amount (one regex),
    its cents are the whole units times 100 plus the fraction, as cents() computes them."""

    __slots__ = ()

    def values(self, texts) -> tuple[list, bool]:
        joined = "\n".join(texts)
        if joined.count("\n") != len(texts) - 1 or not _MONEYS.fullmatch(joined):
            return super().values(texts)
        fractions = _FRACTIONS
        return [
            int(whole) * 100 + fractions[fraction] for whole, _, fraction in map(_split_point, texts)
        ], False


def _split_point(text: str) -> tuple[str, str, str]:
    return text.partition(".")


# A chunk's amount column as read for its currency: every cell empty or starting and ending with a
# digit, so no currency mark (none begins or ends with a digit) can be there.
_UNMARKED = re.compile(r"(?:[0-9](?:[^\n]*[0-9])?)?(?:\n(?:[0-9](?:[^\n]*[0-9])?)?)*")


class _CurrencyColumn(_Column):
    __slots__ = ()

    def values(self, texts) -> tuple[list, bool]:
        joined = "\n".join(texts)
        if joined.count("\n") == len(texts) - 1 and _UNMARKED.fullmatch(joined):
            return [None] * len(texts), False
        return super().values(texts)


def _column(reader: LineReader, field: str, convert) -> _Column:
    position = reader.at[field]
    if convert is text_or_none:
        return _TextColumn(position, convert)
    if convert is cents:
        return _MoneyColumn(position, convert)
    if convert == reader.currency_of:
        return _CurrencyColumn(position, convert)
    if isinstance(convert, partial) and convert.func is reader.instant:
        return _TimeColumn(position, convert)
    if isinstance(convert, partial) and convert.func is order_number and convert.keywords["digits_only"]:
        return _OrderNumberColumn(position, convert)
    return _Column(position, convert)


def converted_chunks(
    reader: LineReader, rows: Iterable[tuple[int, list[str]]]
) -> Iterator[tuple[list[tuple[int, list[str]]], dict[str, list], set[int]]]:
    """The rows a chunk at a time: (the chunk's (line, cells), each cell_plan() name's converted
    column, the indexes in the chunk of lines with a refused cell, to be read by LineReader.read)."""
    plan = reader.cell_plan()
    names = [name for name, _field, _convert in plan]
    columns = [_column(reader, field, convert) for _name, field, convert in plan]
    rows = iter(rows)
    while chunk := list(islice(rows, CHUNK)):
        yield chunk, *_convert_chunk(reader, chunk, names, columns)


def read_lines(
    reader: LineReader, rows: Iterable[tuple[int, list[str]]]
) -> Iterator[tuple[int, Line | RowProblem]]:
    """(line number, its Line or the RowProblem that skips it) for every row, in file order."""
    finish = reader.finish
    for chunk, values, refused in converted_chunks(reader, rows):
        names = list(values)
        for index, ((line, cells), cell_values) in enumerate(
            zip(chunk, zip(*values.values(), strict=True), strict=True)
        ):
            try:
                if index in refused:
                    yield line, reader.read(line, list(cells))
                else:
                    yield line, finish(line, dict(zip(names, cell_values, strict=True)))
            except RowProblem as problem:
                yield line, problem


def read_lines_carefully(
    reader: LineReader, rows: Iterable[tuple[int, list[str]]]
) -> Iterator[tuple[int, Line | RowProblem]]:
    """The same, one line at a time through LineReader.read: the reference read_lines must equal."""
    for line, cells in rows:
        try:
            yield line, reader.read(line, cells)
        except RowProblem as problem:
            yield line, problem


def _convert_chunk(
    reader: LineReader, chunk: list, names: list[str], columns: list[_Column]
) -> tuple[dict[str, list], set[int]]:
    width = reader.width
    lines = [cells if len(cells) >= width else cells + [""] * (width - len(cells)) for _, cells in chunk]
    present = [c.position for c in columns if c.position >= 0]
    cut = itemgetter(*present) if len(present) > 1 else lambda cells: (cells[present[0]],)
    texts = iter(list(zip(*map(cut, lines), strict=True)))
    values: dict[str, list] = {}
    refused: set[int] = set()
    for name, column in zip(names, columns, strict=True):
        if column.position >= 0:
            converted, refuses = column.values(next(texts))
        else:
            # A field the file lacks reads the empty cell read() appends to every line: one value.
            converted, refuses = column.values(("",))
            converted = converted * len(lines)
        if refuses:
            refused.update(i for i, value in enumerate(converted) if value is _REFUSED)
        values[name] = converted
    return values, refused
