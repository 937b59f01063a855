"""The trained intent model: a linear model over message features, loaded from resources/intents/model.json."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.core.intent_features import compact_for_spans, features, readable

MODEL_FILE = ("intents", "model.json")


@dataclass
class IntentModel:
    """Scores are bias + the sum of each present feature's weights; probabilities a softmax at
    `temperature` (fitted on the dev split so that "80 %" is right about 80 % of the time)."""

    intents: tuple[str, ...]
    weights: dict[str, list[float]]
    bias: list[float]
    temperature: float = 1.0
    # A shop's own adjustments (learned from its corrections) sit on top and never touch the base.
    delta: dict[str, list[float]] = field(default_factory=dict)

    def scores(self, message: str) -> tuple[list[float], tuple[str, ...]]:
        feats = features(message)
        total = list(self.bias)
        for feat in feats:
            for source in (self.weights, self.delta):
                row = source.get(feat)
                if row is not None:
                    for k, value in enumerate(row):
                        total[k] += value
        return total, feats

    def probabilities(self, message: str) -> tuple[dict[str, float], tuple[str, ...]]:
        raw, feats = self.scores(message)
        return dict(zip(self.intents, softmax(raw, self.temperature), strict=True)), feats

    def explain(self, message: str, feats: tuple[str, ...], intent: str, limit: int = 4) -> list[str]:
        """The stretches of the message whose n-grams pushed hardest towards `intent` against the
        other intents: overlapping or touching n-grams ("到底什", "底什么") merge into one span."""
        k = self.intents.index(intent)
        weighed = []
        for feat in feats:
            row = self._row(feat)
            if row is None or feat.startswith("len:"):
                continue
            margin = row[k] - sum(row) / len(row)
            if margin > 0.15 and readable(feat).strip():
                weighed.append((margin, feat))
        # Words before single characters: "发货" explains, "了" does not.
        weighed.sort(key=lambda item: (len(readable(item[1])) < 2, -item[0], item[1]))
        text = "^" + compact_for_spans(message) + "$"
        spans: list[list] = []  # [start, end, weight]
        words: list[tuple[float, str]] = []
        for margin, feat in weighed[: limit * 3]:
            if feat.startswith("w:"):
                words.append((margin, readable(feat)))
                continue
            at = text.find(feat)
            if at < 0:
                continue
            spans.append([at, at + len(feat), margin])
        merged: list[list] = []
        for start, end, margin in sorted(spans):
            if merged and start <= merged[-1][1]:  # overlapping or touching
                merged[-1][1] = max(merged[-1][1], end)
                merged[-1][2] += margin
            else:
                merged.append([start, end, margin])
        found = [(margin, readable(text[start:end])) for start, end, margin in merged] + words
        pieces = [piece for _, piece in sorted(found, key=lambda item: -item[0]) if piece.strip()]
        # "package" adds nothing next to "my package".
        kept = [
            p
            for i, p in enumerate(pieces)
            if not any(p in q and p != q for q in pieces) and p not in pieces[:i]
        ]
        return kept[:limit]

    def _row(self, feat: str) -> list[float] | None:
        base, own = self.weights.get(feat), self.delta.get(feat)
        if own is None:
            return base
        return [a + b for a, b in zip(base or [0.0] * len(own), own, strict=True)]

    def with_delta(self, delta: dict[str, list[float]]) -> IntentModel:
        return IntentModel(self.intents, self.weights, self.bias, self.temperature, delta)


def softmax(scores: list[float], temperature: float = 1.0) -> list[float]:
    top = max(scores)
    exps = [math.exp((s - top) / temperature) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def model_path() -> Path:
    return paths.resource(*MODEL_FILE)


def load_model(path: Path | None = None) -> IntentModel:
    path = path or model_path()
    try:
        data = loads_in_slices(path.read_bytes())
    except FileNotFoundError:
        raise UserError(
            "{path}: the intent model is missing; run tools/train_intents.py.", path=path
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError("{path}: not a readable intent model ({problem}).", path=path, problem=exc) from None
    return model_from_json(data, str(path))


# Bytes of weights decoded per json.loads call. One call over the whole 2.7 MB model runs ~120 ms in
# C holding the GIL, and the window (whose worker thread loads the model while it opens) cannot paint
# meanwhile; a slice of 64 000 bytes (~1 200 features) is ~3 ms, and the GUI thread gets in between
# slices. The file stays bytes, searched from a position: decoding all of it, splitting it into its
# 50 000 features or searching it as text are each a single C call of 7–20 ms.
_SLICE_BYTES = 64_000
_WEIGHTS = b'"weights":{'
_BETWEEN = b'],"'  # a quote inside a JSON string is escaped: this occurs only between two features


def loads_in_slices(raw: bytes | str, slice_bytes: int = _SLICE_BYTES) -> dict:
    """The model file (UTF-8) as json.loads reads it, its weights (written last by model_to_json) a
    slice at a time; any other layout is read in one call."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    head, marker, tail = raw.rpartition(_WEIGHTS)
    body = tail.rstrip()
    if not marker or not body.endswith(b"]}}") or not head.rstrip().endswith(b","):
        return json.loads(raw)
    try:
        data = json.loads(head.rstrip()[:-1] + b"}")
        end = len(body) - len(b"]}}")
        weights: dict = {}
        start = 0
        while start < end:
            cut = body.find(_BETWEEN, start + slice_bytes, end) if start + slice_bytes < end else -1
            stop = end if cut < 0 else cut
            # A slice after the first starts just past a `],"`: its first name's opening quote is put back.
            weights.update(json.loads(b"{" + (b"" if start == 0 else b'"') + body[start:stop] + b"]}"))
            start = stop + len(_BETWEEN)
    except json.JSONDecodeError:
        return json.loads(raw)  # not model_to_json's layout after all: as written, in one call
    if "weights" in data:
        return json.loads(raw)
    data["weights"] = weights
    return data


def model_from_json(data: dict, where: str = "model") -> IntentModel:
    intents = data.get("intents")
    if not isinstance(intents, list) or not intents or not all(isinstance(i, str) for i in intents):
        raise UserError("{where}: 'intents' must be a list of intent names.", where=where)
    size = len(intents)
    scale = data.get("scale", 1)
    weights: dict[str, list[float]] = {}
    for feat, row in (data.get("weights") or {}).items():
        if not isinstance(row, list) or len(row) != size:
            raise UserError(
                "{where}: weights['{feat}'] must list {size} numbers.", where=where, feat=feat, size=size
            )
        weights[feat] = [v / scale for v in row]
    bias = data.get("bias")
    if not isinstance(bias, list) or len(bias) != size:
        raise UserError("{where}: 'bias' must list {size} numbers.", where=where, size=size)
    temperature = data.get("temperature", 1.0)
    if not isinstance(temperature, int | float) or temperature <= 0:
        raise UserError("{where}: 'temperature' must be a positive number.", where=where)
    return IntentModel(tuple(intents), weights, [b / scale for b in bias], float(temperature))


def model_to_json(model: IntentModel, meta: dict, scale: int = 1000) -> dict:
    """Weights as integers (thousandths): a third of the size of floats, and exact to read back."""
    return {
        **meta,
        "intents": list(model.intents),
        "scale": scale,
        "temperature": round(model.temperature, 3),
        "bias": [round(b * scale) for b in model.bias],
        "weights": {feat: [round(v * scale) for v in row] for feat, row in sorted(model.weights.items())},
    }
