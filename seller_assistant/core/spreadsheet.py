"""Cells safe to open in Excel or WPS: text that starts like a formula is kept as text."""

from __future__ import annotations

# A cell starting with one of these is evaluated as a formula by spreadsheet programs
# (=HYPERLINK(...) in a buyer's nickname would run when the shop opens the export).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text
