"""Text the core and the CLI show people, in Chinese and English, from resources/i18n/*.toml.

Qt widgets use Qt's tr(); this is for what has no Qt: CLI reports, alert messages, reply warnings.
A key is "<file>.<name>": `t("risk.late_order", "zh", order_no=…)` reads resources/i18n/risk.toml,
table [late_order], entry zh, and fills {order_no}. English counts name their noun with the number
they follow: "{orders} {orders:order|orders}".
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from typing import Any

from seller_assistant import paths

LANGUAGES = ("zh", "en")


@cache
def _catalog(topic: str) -> dict[str, dict[str, str]]:
    path = paths.resource("i18n", f"{topic}.toml")
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    for key, entry in data.items():
        missing = [lang for lang in LANGUAGES if lang not in entry]
        if missing:
            raise ValueError(f"{path}: [{key}] has no '{missing[0]}' text")
    return data


def preload(*topics: str) -> None:
    """Read these catalogues now (a worker warming up what the window reads on first use)."""
    for topic in topics:
        _catalog(topic)


class _PluralFormatter(string.Formatter):
    """`{orders:order|orders}` writes the word that fits the number: "1 order", "2 orders"."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            singular, plural = format_spec.split("|", 1)
            return singular if value == 1 else plural
        return super().format_field(value, format_spec)


_FORMATTER = _PluralFormatter()


def t(key: str, lang: str, **values: Any) -> str:
    topic, _, name = key.partition(".")
    entry = _catalog(topic)[name]
    text = entry.get(lang) or entry["en"]
    return _FORMATTER.format(text, **values) if values else text
