"""Warn when a reply says what the platform's guidance forbids (also for text the shop types)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.core.limits import read_data_file
from seller_assistant.core.text_normalize import fold

RULE_CODES = ("change_refund_reason", "courier_alone", "off_platform", "stall_refuse", "review_pressure")


@dataclass(frozen=True)
class GuardWarning:
    code: str
    matched: str

    def message(self, lang: str) -> str:
        return t(f"replies.guard_{self.code}", lang, matched=self.matched)

    def to_json(self, lang: str) -> dict:
        return {"code": self.code, "text": self.message(lang), "matched": self.matched}


@cache
def load_rules(path: Path | None = None) -> tuple[tuple[str, tuple[re.Pattern, ...]], ...]:
    path = path or paths.resource("reply_guard", "rules.toml")
    try:
        data = tomllib.loads(read_data_file(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError, RecursionError, tomllib.TOMLDecodeError) as exc:
        raise UserError("{path}: cannot be read ({problem}).", path=path, problem=exc) from None
    rules = []
    for index, rule in enumerate(data.get("rule", []), start=1):
        code = rule.get("code")
        if code not in RULE_CODES:
            raise UserError(
                "{path}: [[rule]] #{index} has unknown code {code}.", path=path, index=index, code=repr(code)
            )
        compiled = []
        for pattern in rule.get("patterns", []):
            try:
                compiled.append(re.compile(pattern))
            except re.error as exc:
                raise UserError(
                    "{path}: [[rule]] {code}: pattern {pattern} is not valid ({problem}).",
                    path=path,
                    code=code,
                    pattern=repr(pattern),
                    problem=exc,
                ) from None
        rules.append((code, tuple(compiled)))
    return tuple(rules)


def check(text: str) -> list[GuardWarning]:
    """One warning per rule broken, with the words that broke it (as folded)."""
    folded = fold(text)
    warnings = []
    for code, patterns in load_rules():
        for pattern in patterns:
            match = pattern.search(folded)
            if match:
                warnings.append(GuardWarning(code, match.group(0)))
                break
    return warnings
