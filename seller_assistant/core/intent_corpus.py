"""The labelled buyer messages in data/intents/*.tsv: reading them, the fixed train/dev/test split, variants."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.intent_features import compact, normalise
from seller_assistant.core.lexicon import INTENTS
from seller_assistant.core.text_normalize import is_cjk

# Changing the seed reshuffles every split: it was fixed once, before the first training run.
SPLIT_SEED = "intents-2026-11"
SPLITS = (("train", 70), ("dev", 85), ("test", 100))
HEADER = ("text", "intent", "note")


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    note: str
    where: str  # file:line, for error messages and reports

    @property
    def split(self) -> str:
        return split_of(self.text)


def split_of(text: str) -> str:
    """The split follows the normalised text, so a message and its Traditional or re-spaced twin
    always land together and the test split never sees a rephrasing it was trained on."""
    digest = hashlib.sha256(f"{SPLIT_SEED}:{normalise(text).strip()}".encode()).digest()
    bucket = int.from_bytes(digest[:4], "big") % 100
    return next(name for name, limit in SPLITS if bucket < limit)


def read_corpus(folder: Path) -> list[Example]:
    examples: list[Example] = []
    seen: dict[str, Example] = {}
    for path in sorted(folder.glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or tuple(lines[0].split("\t")) != HEADER:
            raise UserError("{path}: line 1 must be the header text<TAB>intent<TAB>note.", path=path)
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) != 3 or not cells[0].strip():
                raise UserError(
                    "{path}: line {number} needs three tab-separated cells: text, intent, note.",
                    path=path,
                    number=number,
                )
            text, intent, note = cells
            if intent not in INTENTS:
                raise UserError(
                    "{path}: line {number}: '{intent}' is not one of {intents}.",
                    path=path,
                    number=number,
                    intent=intent,
                    intents=", ".join(INTENTS),
                )
            example = Example(text.strip(), intent, note, f"{path.name}:{number}")
            key = compact(example.text)
            if key in seen:
                if seen[key].intent != intent:
                    raise UserError(
                        "{path}: line {number}: '{text}' is labelled {intent} here and {other} at {where}.",
                        path=path,
                        number=number,
                        text=text,
                        intent=intent,
                        other=seen[key].intent,
                        where=seen[key].where,
                    )
                continue
            seen[key] = example
            examples.append(example)
    return examples


_PREFIXES = (
    "在吗 ",
    "在吗",
    "亲 ",
    "亲，",
    "你好 ",
    "您好，",
    "hi ",
    "老板 ",
    "[ORDERID_10001] ",
    "订单号[数字x] ",
)
_SUFFIXES = (" 谢谢", "谢谢亲", "#E-s[数字x]", "[表情]", "😊", " 亲", "呢", "啊", "!!", "？", " 麻烦了", "😭")


def variants(text: str, rng: random.Random) -> list[str]:
    """How the same need also reaches a shop: with a greeting, an order number, an emoticon, or
    none of the punctuation. Only for training rows; dev and test stay as written."""
    if not is_cjk(text):
        return []
    out = []
    choice = rng.random()
    if choice < 0.35:
        out.append(rng.choice(_PREFIXES) + text)
    elif choice < 0.7:
        out.append(text + rng.choice(_SUFFIXES))
    else:
        stripped = "".join(ch for ch in text if ch.isalnum() or ord(ch) > 0x2E80)
        if stripped != text:
            out.append(stripped)
    return out
