"""What a buyer's message wants: the trained model decides, curated phrases override, and it says why."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import cache

from seller_assistant.core.intent_features import normalise
from seller_assistant.core.intent_model import IntentModel, load_model
from seller_assistant.core.lexicon import INTENTS, Lexicon, load_lexicon
from seller_assistant.core.text_normalize import fold

# When one message carries two needs, the one the shop must act on first (docs/labelling.md).
PRIORITY = (
    "escalation",
    "refund_request",
    "damaged",
    "not_as_described",
    "quality",
    "logistics_issue",
    "urge_shipping",
    "pre_sale",
    "other",
)
# A clause ends at punctuation or a line break: negation never reaches across it.
_CLAUSE_END = re.compile(r"[,.;!?，。；！？、~\n]")
_WORD = re.compile(r"[a-z']+")


@dataclass(frozen=True)
class Hit:
    intent: str
    text: str
    start: int
    end: int
    weight: float
    negated: bool = False


@dataclass
class IntentResult:
    intent: str
    confidence: float
    matched: list[str]
    not_sure: bool = False
    alternatives: list[dict] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    negated: list[str] = field(default_factory=list)
    intensity: float = 0.0
    rule: str | None = None

    def to_json(self) -> dict:
        data = {
            "intent": self.intent,
            "confidence": round(self.confidence, 2),
            "matched": self.matched,
            "not_sure": self.not_sure,
            "top2": self.top2(),
        }
        if self.not_sure:
            data["alternatives"] = self.alternatives
        return data

    def top2(self) -> list[dict]:
        ranked = sorted(self.scores.items(), key=lambda item: -item[1])[:2]
        return [_alt(intent, p) for intent, p in ranked]


@cache
def default_lexicon() -> Lexicon:
    """Curated phrases that decide on their own (resources/intents/*.toml): few, and precise."""
    return load_lexicon()


@cache
def base_model() -> IntentModel:
    return load_model()


class _ShopMemory:
    """What this shop taught the classifier: its own messages, exactly, and a weight delta that
    carries them over to near variants. Swapped whole so a reader never sees half an update."""

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}
        self.delta: dict[str, list[float]] = {}
        self.lock = threading.Lock()

    def learn(self, examples: list[tuple[str, str]]) -> None:
        from seller_assistant.core.intent_training import adapt

        exact = {normalise(text): intent for text, intent in examples if intent in INTENTS}
        delta = adapt(base_model(), [(text, intent) for text, intent in examples if intent in INTENTS])
        with self.lock:
            self.exact, self.delta = exact, delta


_shop = _ShopMemory()


def learn_from_shop(examples: list[tuple[str, str]]) -> None:
    """Replace what the classifier learned from the shop (message, intent pairs). Takes a few ms per
    example; call it off the GUI thread."""
    _shop.learn(examples)


def reset_model_cache() -> None:
    base_model.cache_clear()
    _shop.learn([])


def classify(message: str, lexicon: Lexicon | None = None) -> IntentResult:
    exact, delta = _shop.exact, _shop.delta
    model = base_model().with_delta(delta) if delta else base_model()
    lexicon = lexicon or default_lexicon()
    probs, feats = model.probabilities(message)
    ranked = sorted(INTENTS, key=lambda i: (-probs[i], PRIORITY.index(i)))
    top, second = ranked[0], ranked[1]
    confidence = probs[top]
    text = fold(message)
    hits = [hit for intent in INTENTS for hit in _intent_hits(lexicon, intent, text)]
    live = [hit for hit in hits if not hit.negated and hit.weight > 0]
    rule = None
    matched: list[str]
    taught = exact.get(normalise(message))
    if taught:
        top, rule, confidence, matched = taught, "shop_example", 1.0, []
    elif live:
        chosen = min(live, key=lambda hit: PRIORITY.index(hit.intent))
        rule = "threat_overrides" if chosen.intent == "escalation" else "phrase_override"
        if chosen.intent != top:
            second = top
        top = chosen.intent
        # A curated phrase is precise by construction; the model's doubt does not carry over.
        confidence = max(probs[top], 0.85)
        matched = list(dict.fromkeys(hit.text for hit in live if hit.intent == top))
    if rule is None or rule == "shop_example":
        matched = model.explain(message, feats, top)
    else:
        extra = model.explain(message, feats, top)
        matched = [m for m in matched if not any(m in e and m != e for e in extra)]
        matched = (matched + [e for e in extra if not any(e in m for m in matched)])[:4]
    if rule == "shop_example":
        matched = matched or ["(shop example)"]
    result = IntentResult(
        top, confidence, matched, scores=probs, negated=[h.text for h in hits if h.negated], rule=rule
    )
    if confidence < lexicon.threshold:
        result.not_sure = True
        result.alternatives = [_alt(top, probs[top]), _alt(second, probs[second])]
    return result


def _alt(intent: str, confidence: float) -> dict:
    return {"intent": intent, "confidence": round(confidence, 2)}


def _intent_hits(lexicon: Lexicon, intent: str, text: str) -> list[Hit]:
    found: list[Hit] = []
    scanner = lexicon.scanners.get(intent)
    if scanner is not None:
        weights = lexicon.keywords[intent]
        for match in scanner.finditer(text):
            word = match.group(1)
            found.append(Hit(intent, word, match.start(1), match.start(1) + len(word), weights[word]))
    for pattern, weight in lexicon.patterns[intent]:
        for match in pattern.finditer(text):
            if match.end() > match.start():
                found.append(Hit(intent, match.group(0), match.start(), match.end(), weight))
    # Longest first, no overlaps: "我要投诉" counts once, not again as "投诉".
    kept: list[Hit] = []
    for hit in sorted(found, key=lambda h: (-(h.end - h.start), h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return [_with_negation(lexicon, text, hit) if hit.weight > 0 else hit for hit in kept]


def _with_negation(lexicon: Lexicon, text: str, hit: Hit) -> Hit:
    before = text[: hit.start]
    clause_breaks = list(_CLAUSE_END.finditer(before))
    if clause_breaks:
        before = before[clause_breaks[-1].end() :]
    if fold_is_cjk(hit.text):
        window = before[-lexicon.zh_window :]
        negated = any(
            neg in window and len(window) - window.rfind(neg) - len(neg) <= 2 for neg in lexicon.negators_zh
        )
    else:
        words = _WORD.findall(before)[-lexicon.en_window :]
        negated = any(word in lexicon.negators_en for word in words)
    if not negated:
        return hit
    return Hit(hit.intent, hit.text, hit.start, hit.end, hit.weight, negated=True)


def fold_is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)
