"""Marketplace order-export presets: which export a header row is, and how its columns and words read.

One module per marketplace holds its Preset (data: header names, status words, quirks). The order
importer asks `detect(headers)` and reads every row through the preset it gets; `generic` is the
fallback for a shop's own table.
"""

from __future__ import annotations

from seller_assistant.core.errors import UserError
from seller_assistant.importers.presets import amazon, douyin, ebay, jd, pdd, taobao
from seller_assistant.importers.presets.model import EXTRA_FIELDS, Preset

__all__ = ["EXTRA_FIELDS", "FORMATS", "Preset", "all_presets", "detect", "for_format", "normalise_format"]


def all_presets() -> tuple[Preset, ...]:
    """In detection order: the most specific signatures first."""
    return (taobao.PRESET, jd.PRESET, pdd.PRESET, douyin.PRESET, *amazon.PRESETS, ebay.PRESET)


FORMATS = ("auto", "taobao", "jd", "pdd", "douyin", "amazon", "ebay", "generic")
_ALIASES = {"pinduoduo": "pdd", "tmall": "taobao"}


def detect(headers: list[str]) -> Preset | None:
    for preset in all_presets():
        if preset.detect(headers):
            return preset
    return None


def for_format(format: str, headers: list[str]) -> Preset | None:
    """The preset `--format` asks for (Amazon's three reports told apart by their header); None
    for generic. A UserError when the file is not that export."""
    format = _ALIASES.get(format, format)
    if format == "generic":
        return None
    if format == "auto":
        return detect(headers)
    candidates = [p for p in all_presets() if p.format == format]
    if not candidates:
        raise UserError(
            "'{format}' is not an order file format (use {formats}).",
            format=format,
            formats=", ".join(FORMATS),
        )
    for preset in candidates:
        if preset.detect(headers):
            return preset
    wanted = " + ".join(candidates[0].signature)
    raise UserError(
        "this is not a {label} (it lacks the columns {wanted}); import it with --format generic.",
        label=candidates[0].label,
        wanted=wanted,
    )


def normalise_format(format: str) -> str:
    return _ALIASES.get(format, format)
