"""Plausibility limits as data (resources/limits/limits.toml): what an imported value may be, how big a file.

Each check returns None when the value is fine and else a phrase the importer puts in its row
error ("the year 9999 is after 2100"); file limits are sizes in bytes. The file is read once and
checked key by key with an error naming the file and key, like every other data file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.core.files import read_bounded
from seller_assistant.core.messages import Message

MB = 2**20


@dataclass(frozen=True)
class Limits:
    earliest_year: int
    latest_year: int
    amount_min: Decimal
    amount_max: Decimal
    amount_decimals: int
    quantity_min: int
    quantity_max: int
    order_number_length: dict[str, int]
    import_text_bytes: int
    import_xlsx_bytes: int
    attachment_bytes: int
    data_file_bytes: int
    xlsx_uncompressed_bytes: int
    xlsx_ratio: int
    xlsx_rows: int
    xlsx_columns: int

    def year_problem(self, year: int) -> Message | None:
        if year < self.earliest_year:
            return Message("the year {year} is before {earliest}", year=year, earliest=self.earliest_year)
        if year > self.latest_year:
            return Message("the year {year} is after {latest}", year=year, latest=self.latest_year)
        return None

    def amount_problem(self, value: Decimal) -> Message | None:
        """`value` is finite (the caller refuses NaN and infinity as 'not a number')."""
        if value < self.amount_min:
            return (
                Message("is below {least}", least=_plain(self.amount_min))
                if self.amount_min
                else Message("is negative")
            )
        if value > self.amount_max:
            return Message("is more than {most}", most=_plain(self.amount_max))
        if value != value.quantize(Decimal(1).scaleb(-self.amount_decimals)):
            return Message("has more than {decimals} decimals", decimals=self.amount_decimals)
        return None

    def quantity_problem(self, value: int) -> Message | None:
        if value < self.quantity_min:
            return (
                Message("is negative")
                if self.quantity_min == 0
                else Message("is below {least}", least=self.quantity_min)
            )
        if value > self.quantity_max:
            return Message("is more than {most}", most=f"{self.quantity_max:,}")
        return None

    def order_number_problem(self, text: str, marketplace: str) -> Message | None:
        longest = self.order_number_length.get(marketplace, self.order_number_length["other"])
        if len(text) > longest:
            return Message(
                "is {length} characters long, longer than any order number ({longest} at most)",
                length=len(text),
                longest=longest,
            )
        return None


def _plain(value: Decimal) -> str:
    return f"{value:,f}".rstrip("0").rstrip(".")


def limits_path() -> Path:
    return paths.resource("limits", "limits.toml")


@cache
def limits() -> Limits:
    """The shipped limits (read once per process)."""
    return load_limits(limits_path())


def read_data_file(path: Path | str, what: str = "to be a rules or template file") -> bytes:
    """A rule, template, profile or settings file: small by nature, bounded by limits.toml."""
    return read_bounded(path, limits().data_file_bytes, what)


def load_limits(path: Path) -> Limits:
    data = read_bounded(path, 1 * MB, "to be a limits file")
    try:
        doc = tomllib.loads(data.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError("{file}: not a valid TOML file ({problem}).", file=path.name, problem=exc) from None
    get = _Getter(doc, path.name)
    lengths = get.table("order_numbers", "max_length")
    if "other" not in lengths:
        raise UserError("{file}: order_numbers.max_length.other is missing.", file=path.name)
    for marketplace in lengths:
        get.number(f"order_numbers.max_length.{marketplace}", lengths[marketplace], minimum=1)
    files = lambda key: get.int("files", key, minimum=1)  # noqa: E731
    return Limits(
        earliest_year=get.int("dates", "earliest_year", minimum=1),
        latest_year=get.int("dates", "latest_year", minimum=1, maximum=9998),
        amount_min=Decimal(str(get.int("amounts", "min", minimum=-(10**15)))),
        amount_max=Decimal(str(get.int("amounts", "max", minimum=0, maximum=10**15))),
        amount_decimals=get.int("amounts", "decimals", minimum=0, maximum=6),
        quantity_min=get.int("quantities", "min", minimum=-(10**9)),
        quantity_max=get.int("quantities", "max", minimum=0, maximum=10**12),
        order_number_length={k: int(v) for k, v in lengths.items()},
        import_text_bytes=files("import_text_mb") * MB,
        import_xlsx_bytes=files("import_xlsx_mb") * MB,
        attachment_bytes=files("attachment_mb") * MB,
        data_file_bytes=files("data_file_mb") * MB,
        xlsx_uncompressed_bytes=files("xlsx_uncompressed_mb") * MB,
        xlsx_ratio=files("xlsx_ratio"),
        xlsx_rows=files("xlsx_rows"),
        xlsx_columns=files("xlsx_columns"),
    )


class _Getter:
    def __init__(self, doc: dict, source: str) -> None:
        self.doc, self.source = doc, source

    def table(self, *keys: str) -> dict:
        value = self.doc
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if not isinstance(value, dict):
            raise UserError("{source}: {key} must be a table.", source=self.source, key=".".join(keys))
        return value

    def int(self, section: str, key: str, minimum: int | None = None, maximum: int | None = None) -> int:
        return self.number(f"{section}.{key}", self.table(section).get(key), minimum, maximum)

    def number(self, name: str, value, minimum: int | None = None, maximum: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise UserError("{source}: {name} must be a whole number.", source=self.source, name=name)
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise UserError(
                "{source}: {name} = {value} is out of range.", source=self.source, name=name, value=value
            )
        return value
