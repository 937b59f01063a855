"""Reading the first sheet of an .xlsx workbook as rows of text (openpyxl, read-only, streaming)."""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO

from seller_assistant.core.errors import UserError
from seller_assistant.core.files import MB, open_regular
from seller_assistant.core.limits import Limits, limits


def cell_text(value: object) -> str:
    """A cell as the text the shop sees: dates as 'YYYY-MM-DD HH:MM:SS', whole numbers without '.0'.

    A long order number stored as a number has already lost digits; str() shows it in scientific
    notation so the importer refuses it instead of storing a wrong number.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).upper() if abs(value) >= 1e15 else repr(value)
    return str(value)


class XlsxRows:
    """The first sheet's rows, numbered as Excel numbers them (the header is row 1).

    An .xlsx is a ZIP of XML parts: 31 MB of it can inflate to gigabytes. Before openpyxl sees it,
    the ZIP's central directory is checked against limits.toml (total uncompressed size, each
    part's compression ratio); zipfile never inflates a part past the size its directory declares,
    so the check binds. Rows and columns are bounded while reading.
    """

    def __init__(self, path: Path):
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException

        self.path = path
        self._limits = limits()
        self._handle = open_regular(path)
        try:
            size = os.fstat(self._handle.fileno()).st_size
            if size > self._limits.import_xlsx_bytes:
                raise UserError(
                    "{file}: the workbook is {size} MB, too large to import (the limit is {limit} MB).",
                    file=path.name,
                    size=size // MB,
                    limit=self._limits.import_xlsx_bytes // MB,
                )
            check_zip_parts(self._handle, path.name, self._limits)
            self._book = openpyxl.load_workbook(self._handle, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, EOFError) as exc:
            self._handle.close()
            raise UserError(
                "{file}: cannot be read as an Excel workbook ({kind}).",
                file=path.name,
                kind=exc.__class__.__name__,
            ) from None
        except BaseException:
            self._handle.close()
            raise
        sheet = self._book.worksheets[0] if self._book.worksheets else None
        if sheet is None:
            self.close()
            raise UserError("{file}: the workbook has no sheet.", file=path.name)
        self._sheet = sheet
        self.estimated_rows = min(max((sheet.max_row or 1) - 1, 0), self._limits.xlsx_rows)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        most_rows, most_columns = self._limits.xlsx_rows, self._limits.xlsx_columns
        try:
            # max_col bounds each row: a sheet whose dimension claims column XFD is not padded to it.
            for number, values in enumerate(
                self._sheet.iter_rows(values_only=True, max_col=most_columns + 1), start=1
            ):
                if number > most_rows:
                    raise UserError(
                        "{file}: the sheet has more than {rows} rows, more than an order export can hold; "
                        "split it and import the parts.",
                        file=self.path.name,
                        rows=f"{most_rows:,}",
                    )
                if len(values) > most_columns and values[most_columns] is not None:
                    raise UserError(
                        "{file}, row {number}: more than {most_columns} columns are filled; this is not an order export.",
                        file=self.path.name,
                        number=number,
                        most_columns=most_columns,
                    )
                yield number, [cell_text(v) for v in values[:most_columns]]
        except (zipfile.BadZipFile, KeyError, ValueError, EOFError, zlib.error) as exc:
            raise UserError(
                "{file}: the workbook is damaged ({kind}).", file=self.path.name, kind=exc.__class__.__name__
            ) from None

    def close(self) -> None:
        self._book.close()
        self._handle.close()


def check_zip_parts(handle: BinaryIO, name: str, bounds: Limits) -> None:
    """Refuse a ZIP whose central directory declares too much: a sentence naming the file."""
    with zipfile.ZipFile(handle) as archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if total > bounds.xlsx_uncompressed_bytes:
                raise UserError(
                    "{file}: the workbook unpacks to more than {limit} MB, more than an order export can be; "
                    "it was not opened.",
                    file=name,
                    limit=f"{bounds.xlsx_uncompressed_bytes / MB:g}",
                )
            if info.file_size > MB and info.file_size > bounds.xlsx_ratio * max(info.compress_size, 1):
                raise UserError(
                    "{file}: the workbook part {part} unpacks {times} times larger than it is stored "
                    "(a ZIP bomb?); it was not opened.",
                    file=name,
                    part=info.filename[:60],
                    times=info.file_size // max(info.compress_size, 1),
                )
    handle.seek(0)
