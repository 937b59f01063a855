"""Load and check the intent lexicons (resources/intents/*.toml plus a shop's own words)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.core.limits import read_data_file
from seller_assistant.core.messages import os_problem
from seller_assistant.core.text_normalize import fold, is_cjk

INTENTS = (
    "urge_shipping",
    "logistics_issue",
    "damaged",
    "not_as_described",
    "quality",
    "refund_request",
    "escalation",
    "pre_sale",
    "other",
)


@dataclass(frozen=True)
class Precedence:
    name: str
    prefer: tuple[str, ...]
    over: tuple[str, ...]  # "*" means every other intent
    min_score: float
    confidence: float


@dataclass
class Lexicon:
    keywords: dict[str, dict[str, float]] = field(default_factory=lambda: {i: {} for i in INTENTS})
    patterns: dict[str, list[tuple[re.Pattern, float]]] = field(
        default_factory=lambda: {i: [] for i in INTENTS}
    )
    threshold: float = 0.6
    prior: float = 1.0
    negators_zh: tuple[str, ...] = ()
    negators_en: tuple[str, ...] = ()
    zh_window: int = 4
    en_window: int = 3
    intensity_cues: tuple[str, ...] = ()
    intensity_boost: dict[str, float] = field(default_factory=dict)
    precedence: list[Precedence] = field(default_factory=list)
    # Built by compile(): one scanning regex per intent, keyword alternatives longest first.
    scanners: dict[str, re.Pattern] = field(default_factory=dict)

    def compile(self) -> Lexicon:
        for intent, words in self.keywords.items():
            alternatives = []
            for word in sorted(words, key=len, reverse=True):
                escaped = re.escape(word)
                # Latin words match at a word start only ("ship" in "shipped", not in "worship").
                alternatives.append(escaped if is_cjk(word) else r"(?<![a-z0-9])" + escaped)
            if alternatives:
                self.scanners[intent] = re.compile("(?=(" + "|".join(alternatives) + "))")
        return self


def default_dirs() -> list[Path]:
    return [paths.resource("intents")]


def shop_lexicon_path(db_path: Path) -> Path:
    """A shop's own words live beside its store, in the same format as resources/intents/*.toml."""
    return db_path.with_name(db_path.stem + ".intents.toml")


def load_lexicon(extra_files: Iterable[Path] = ()) -> Lexicon:
    lexicon = Lexicon()
    files: list[Path] = []
    for folder in default_dirs():
        files += sorted(folder.glob("*.toml"))
    files += [Path(p) for p in extra_files if Path(p).exists()]
    for path in files:
        _merge(lexicon, path, _read(path))
    return lexicon.compile()


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(read_data_file(path).decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UserError("{path}: not valid TOML ({problem}).", path=path, problem=exc) from None
    except RecursionError:
        raise UserError("{path}: not valid TOML (nested too deeply).", path=path) from None
    except UnicodeDecodeError:
        raise UserError("{path}: not UTF-8 text; save it as UTF-8.", path=path) from None
    except OSError as exc:
        raise UserError("{path}: cannot be read ({problem}).", path=path, problem=os_problem(exc)) from None


def _number(path: Path, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UserError(
            "{path}: '{key}' must be a number, not {value}.", path=path, key=key, value=repr(value)
        )
    return float(value)


def _merge(lexicon: Lexicon, path: Path, data: dict) -> None:
    if "settings" in data:
        _merge_rules(lexicon, path, data)
    if "intent" in data:
        intent = data["intent"]
        if intent not in INTENTS:
            raise UserError(
                "{path}: intent '{intent}' is not one of {intents}.",
                path=path,
                intent=intent,
                intents=", ".join(INTENTS),
            )
        for word, weight in data.get("keywords", {}).items():
            folded = fold(word).strip()
            if not folded:
                raise UserError("{path}: [keywords] has an empty word.", path=path)
            lexicon.keywords[intent][folded] = _number(path, f"keywords.{word}", weight)
        for index, entry in enumerate(data.get("patterns", []), start=1):
            where = f"patterns #{index}"
            if not isinstance(entry, dict) or "re" not in entry:
                raise UserError("{path}: {where} needs 're' and 'weight'.", path=path, where=where)
            try:
                compiled = re.compile(fold(entry["re"]))
            except re.error as exc:
                raise UserError(
                    "{path}: {where} 're' is not a valid pattern ({problem}).",
                    path=path,
                    where=where,
                    problem=exc,
                ) from None
            lexicon.patterns[intent].append((compiled, _number(path, f"{where}.weight", entry.get("weight"))))
    elif "settings" not in data and data:
        raise UserError(
            "{path}: needs 'intent = \"…\"' (a lexicon) or a [settings] table (rules).", path=path
        )


def _merge_rules(lexicon: Lexicon, path: Path, data: dict) -> None:
    settings = data["settings"]
    lexicon.threshold = _number(path, "settings.threshold", settings.get("threshold", lexicon.threshold))
    lexicon.prior = _number(path, "settings.prior", settings.get("prior", lexicon.prior))
    negation = data.get("negation", {})
    lexicon.negators_zh = tuple(fold(w) for w in negation.get("zh", lexicon.negators_zh))
    lexicon.negators_en = tuple(fold(w) for w in negation.get("en", lexicon.negators_en))
    lexicon.zh_window = int(_number(path, "negation.zh_window", negation.get("zh_window", lexicon.zh_window)))
    lexicon.en_window = int(_number(path, "negation.en_window", negation.get("en_window", lexicon.en_window)))
    intensity = data.get("intensity", {})
    lexicon.intensity_cues = tuple(fold(w) for w in intensity.get("cues", lexicon.intensity_cues))
    for intent, boost in intensity.get("boost", {}).items():
        if intent not in INTENTS:
            raise UserError(
                "{path}: intensity.boost names unknown intent '{intent}'.", path=path, intent=intent
            )
        lexicon.intensity_boost[intent] = _number(path, f"intensity.boost.{intent}", boost)
    for index, rule in enumerate(data.get("precedence", []), start=1):
        where = f"precedence #{index}"
        names = [*rule.get("prefer", []), *[o for o in rule.get("over", []) if o != "*"]]
        unknown = [n for n in names if n not in INTENTS]
        if unknown or not rule.get("prefer"):
            raise UserError(
                "{path}: {where} names unknown intent '{intent}'.",
                path=path,
                where=where,
                intent=(unknown or ["(none)"])[0],
            )
        lexicon.precedence.append(
            Precedence(
                name=str(rule.get("name", where)),
                prefer=tuple(rule["prefer"]),
                over=tuple(rule.get("over", ["*"])),
                min_score=_number(path, f"{where}.min_score", rule.get("min_score", 0)),
                confidence=_number(path, f"{where}.confidence", rule.get("confidence", 0.0)),
            )
        )
