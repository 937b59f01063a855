"""The intent classifier against its labelled evaluation set, plus negation, scripts and explanations."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from seller_assistant.core.errors import UserError
from seller_assistant.core.intents import classify
from seller_assistant.core.lexicon import INTENTS, load_lexicon

EVAL = Path(__file__).parent / "data" / "intent_eval.tsv"


def _labelled() -> list[tuple[str, str]]:
    rows = []
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, text = line.split("\t", 1)
            rows.append((label, text))
    return rows


def test_evaluation_set_is_large_and_covers_every_intent():
    counts = Counter(label for label, _ in _labelled())
    assert set(counts) == set(INTENTS)
    assert min(counts.values()) >= 40
    assert sum(counts.values()) >= 360


def test_accuracy_is_at_least_90_percent_overall_and_80_per_intent(capsys):
    rows = _labelled()
    total, right = Counter(), Counter()
    misses = []
    for label, text in rows:
        got = classify(text).intent
        total[label] += 1
        if got == label:
            right[label] += 1
        else:
            misses.append(f"{label} -> {got}: {text}")
    report = {intent: right[intent] / total[intent] for intent in INTENTS}
    overall = sum(right.values()) / len(rows)
    with capsys.disabled():
        print("\nintent accuracy: " + ", ".join(f"{k} {v:.0%}" for k, v in report.items())
              + f"; overall {overall:.1%} on {len(rows)} messages")
    assert overall >= 0.90, misses
    low = {k: v for k, v in report.items() if v < 0.80}
    assert not low, (low, misses)


@pytest.mark.parametrize("text, intent", [
    ("怎麼還沒發貨", "urge_shipping"),
    ("杯子碎了", "damaged"),
    ("盒子被壓爛，裡面的茶杯碎掉了", "damaged"),
    ("ｍｙ ｐａｃｋａｇｅ ｉｓ ｌｏｓｔ", "logistics_issue"),
])
def test_traditional_and_full_width_text_is_understood(text, intent):
    assert classify(text).intent == intent


def test_negated_threat_is_not_an_escalation():
    assert classify("放心，不会给差评的").intent == "other"
    result = classify("不会给差评的，就是想知道啥时候发货")
    assert result.intent == "urge_shipping"
    assert "差评" in result.negated


def test_not_broken_but_wrong_colour_is_not_as_described():
    assert classify("not broken, just the wrong colour").intent == "not_as_described"
    assert classify("没有坏，就是颜色不对").intent == "not_as_described"


def test_a_threat_overrides_the_problem_it_is_about():
    result = classify("杯子碎了你们还不管，我要投诉")
    assert result.intent == "escalation"
    assert result.rule == "threat_overrides"


def test_the_problem_wins_over_the_refund_it_asks_for():
    assert classify("杯子碎了，我要退款").intent == "damaged"


def test_result_explains_itself_with_the_matched_words():
    result = classify("物流三天没更新了")
    assert result.intent == "logistics_issue"
    assert "没更新" in result.matched
    assert 0 < result.confidence <= 1


def test_unclear_message_says_not_sure_and_offers_two_guesses():
    result = classify("颜色还行吧，发货也挺快")
    if not result.not_sure:
        pytest.fail(f"expected not sure, got {result}")
    assert len(result.alternatives) == 2
    assert result.to_json()["not_sure"] is True


def test_a_shop_can_add_its_own_words(tmp_path):
    own = tmp_path / "shop.intents.toml"
    own.write_text('intent = "quality"\n[keywords]\n"釉面起泡" = 4.0\n', encoding="utf-8")
    assert classify("釉面起泡了", load_lexicon([own])).intent == "quality"


def test_a_bad_lexicon_file_is_named_with_its_key(tmp_path):
    own = tmp_path / "bad.intents.toml"
    own.write_text('intent = "quality"\n[keywords]\n"釉面" = "heavy"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"bad.intents.toml.*keywords.釉面"):
        load_lexicon([own])
