"""A bulk-ship list from a file: CSV/TSV/TXT in any encoding a shop's tools write, or the first sheet of
an .xlsx, as numbered rows of cells (checked by core.bulk_ship). Read through the bounded readers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from seller_assistant.core.bulk_ship import split_cells
from seller_assistant.core.errors import UserError
from seller_assistant.importers.encoding import read_text_file
from seller_assistant.importers.generic import XLSX_SUFFIXES, starts_with_zip
from seller_assistant.importers.xlsx import XlsxRows


def read_ship_list(path: Path | str) -> list[tuple[int, list[str]]]:
    """The file's non-blank rows with their line (or Excel row) numbers; a UserError naming the file."""
    path = Path(path)
    if path.suffix.lower() == ".xls":
        raise UserError("{file}: old .xls workbooks cannot be read; save it as .xlsx or CSV.", file=path.name)
    if path.suffix.lower() in XLSX_SUFFIXES or starts_with_zip(path):
        book = XlsxRows(path)
        try:
            return [(number, cells) for number, cells in book.rows() if any(c.strip() for c in cells)]
        finally:
            book.close()
    text = read_text_file(path).text
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "\t" in first or "," in first:
        # A real CSV: quoted cells may hold commas ("SF Express, Ltd"); csv keeps them whole.
        delimiter = "\t" if "\t" in first else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [(reader.line_num, [c.strip() for c in row]) for row in reader if any(c.strip() for c in row)]
    return [
        (number, split_cells(line)) for number, line in enumerate(text.splitlines(), start=1) if line.strip()
    ]
