"""What a buyer's message wants: weighted words and patterns, negation, precedence — explainable."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from seller_assistant.core.lexicon import INTENTS, Lexicon, load_lexicon
from seller_assistant.core.text_normalize import fold

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
        data = {"intent": self.intent, "confidence": round(self.confidence, 2), "matched": self.matched}
        if self.not_sure:
            data["not_sure"] = True
            data["alternatives"] = self.alternatives
        return data


@cache
def default_lexicon() -> Lexicon:
    return load_lexicon()


def classify(message: str, lexicon: Lexicon | None = None) -> IntentResult:
    lexicon = lexicon or default_lexicon()
    text = fold(message)
    hits = [hit for intent in INTENTS for hit in _intent_hits(lexicon, intent, text)]
    scores = dict.fromkeys(INTENTS, 0.0)
    for hit in hits:
        if not hit.negated:
            scores[hit.intent] += hit.weight
    scores = {intent: max(0.0, score) for intent, score in scores.items()}
    intensity = min(1.0, sum(text.count(cue) for cue in lexicon.intensity_cues) / 3)
    for intent, boost in lexicon.intensity_boost.items():
        if scores[intent] > 0:
            scores[intent] *= 1 + boost * intensity
    ranked = sorted(INTENTS, key=lambda i: (-scores[i], INTENTS.index(i)))
    top, second = ranked[0], ranked[1]
    if scores[top] == 0:
        # Nothing we know: not a request to act on, but say we are guessing.
        return IntentResult("other", 0.5, [], True, [_alt("other", 0.5)], scores, _negated(hits), intensity)
    confidence = scores[top] / (scores[top] + scores[second] + lexicon.prior)
    rule = None
    for precedence in lexicon.precedence:
        best = max(precedence.prefer, key=lambda i: scores[i])
        rival = top if best != top else second
        applies = scores[rival] > 0 and ("*" in precedence.over or rival in precedence.over)
        if applies and scores[best] >= precedence.min_score:
            # The rule decides between two live readings, so its confidence is the rule's own.
            top, second, rule = best, rival, precedence.name
            confidence = max(precedence.confidence, scores[top] / (scores[top] + scores[second] + lexicon.prior))
            break
    matched = _matched_words(hits, top)
    result = IntentResult(top, confidence, matched, scores=scores, negated=_negated(hits),
                          intensity=intensity, rule=rule)
    if confidence < lexicon.threshold:
        total = scores[top] + scores[second] + lexicon.prior
        result.not_sure = True
        result.alternatives = [_alt(top, scores[top] / total), _alt(second, scores[second] / total)]
    return result


def _alt(intent: str, confidence: float) -> dict:
    return {"intent": intent, "confidence": round(confidence, 2)}


def _matched_words(hits: list[Hit], intent: str) -> list[str]:
    seen: list[str] = []
    for hit in sorted((h for h in hits if h.intent == intent and not h.negated and h.weight > 0),
                      key=lambda h: h.start):
        if hit.text not in seen:
            seen.append(hit.text)
    return seen


def _negated(hits: list[Hit]) -> list[str]:
    return [hit.text for hit in hits if hit.negated]


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
    # Longest first, no overlaps: "还没发货" counts once, not again as "发货".
    kept: list[Hit] = []
    for hit in sorted(found, key=lambda h: (-(h.end - h.start), h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return [_with_negation(lexicon, text, hit) if hit.weight > 0 else hit for hit in kept]


def _with_negation(lexicon: Lexicon, text: str, hit: Hit) -> Hit:
    before = text[: hit.start]
    clause_breaks = list(_CLAUSE_END.finditer(before))
    if clause_breaks:
        before = before[clause_breaks[-1].end():]
    if fold_is_cjk(hit.text):
        window = before[-lexicon.zh_window:]
        negated = any(neg in window and len(window) - window.rfind(neg) - len(neg) <= 2
                      for neg in lexicon.negators_zh)
    else:
        words = _WORD.findall(before)[-lexicon.en_window:]
        negated = any(word in lexicon.negators_en for word in words)
    if not negated:
        return hit
    return Hit(hit.intent, hit.text, hit.start, hit.end, hit.weight, negated=True)


def fold_is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)
