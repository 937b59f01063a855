"""Writing a marketplace export's rows as its seller centre does: header order, encoding, delimiter,
line ends, and the quirks (tab-prefixed IDs, ="…" numbers) left to each builder."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path


def row_by_header(headers: tuple[str, ...], values: dict[str, str]) -> list[str]:
    unknown = set(values) - set(headers)
    if unknown:
        raise KeyError(f"not a column of this export: {sorted(unknown)}")
    return [values.get(h, "") for h in headers]


def write_rows(
    path: Path | str,
    headers: Iterable[str],
    rows: Iterable[list[str]],
    *,
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
    lineterminator: str = "\r\n",
    before: Iterable[list[str]] = (),
    between: Iterable[list[str]] = (),
    after: Iterable[list[str]] = (),
    quoting: int = csv.QUOTE_MINIMAL,
) -> Path:
    """`before`/`between`/`after`: framing lines around the header and rows (eBay's report)."""
    path = Path(path)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator=lineterminator, quoting=quoting)
        writer.writerows(before)
        writer.writerow(list(headers))
        writer.writerows(between)
        writer.writerows(rows)
        writer.writerows(after)
    return path
