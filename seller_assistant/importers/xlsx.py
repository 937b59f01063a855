"""Reading the first sheet of an .xlsx workbook as rows of text (openpyxl, read-only, streaming)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

from seller_assistant.core.errors import UserError


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
    """The first sheet's rows, numbered as Excel numbers them (the header is row 1)."""

    def __init__(self, path: Path):
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException

        self.path = path
        try:
            self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            raise UserError(f"{path.name}: cannot be read as an Excel workbook ({exc.__class__.__name__}).") from None
        sheet = self._book.worksheets[0] if self._book.worksheets else None
        if sheet is None:
            raise UserError(f"{path.name}: the workbook has no sheet.")
        self._sheet = sheet
        self.estimated_rows = max((sheet.max_row or 1) - 1, 0)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        try:
            for number, values in enumerate(self._sheet.iter_rows(values_only=True), start=1):
                yield number, [cell_text(v) for v in values]
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise UserError(f"{self.path.name}: the workbook is damaged ({exc.__class__.__name__}).") from None

    def close(self) -> None:
        self._book.close()
