"""The intent classifier: its gate on the held-back test split, the wrong-context words real buyers use,
priorities between two needs, scripts, explanations, "not sure", overrides and the model file."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from seller_assistant.core.errors import UserError
from seller_assistant.core.intent_corpus import read_corpus, split_of
from seller_assistant.core.intent_model import load_model
from seller_assistant.core.intent_training import Settings, evaluate, train
from seller_assistant.core.intents import classify
from seller_assistant.core.lexicon import INTENTS, load_lexicon

DATA = Path(__file__).resolve().parent.parent / "data" / "intents"


@pytest.fixture(scope="module")
def corpus():
    return read_corpus(DATA)


def test_corpus_is_large_covers_every_intent_and_three_scripts(corpus):
    counts = Counter(e.intent for e in corpus)
    assert sum(counts.values()) >= 4000 and set(counts) == set(INTENTS)
    assert min(counts.values()) >= 200
    assert sum("發" in e.text or "貨" in e.text or "麼" in e.text for e in corpus) >= 50  # Traditional
    assert sum(e.text.isascii() for e in corpus) >= 300  # English
    splits = Counter(e.split for e in corpus)
    assert splits["test"] >= 500 and splits["dev"] >= 500


def test_gate_on_the_test_split_90_percent_overall_80_per_intent(corpus, capsys):
    rows = [(e.text, e.intent) for e in corpus if e.split == "test"]
    report = evaluate(lambda text: classify(text).intent, rows, INTENTS)
    with capsys.disabled():
        print(
            f"\ntest split: accuracy {report.accuracy:.1%}, macro-F1 {report.macro_f1:.3f} on {len(rows)}; "
            + ", ".join(f"{k} {v:.0%}" for k, v in report.recall.items())
        )
    assert report.accuracy >= 0.90, report.misses
    low = {k: v for k, v in report.recall.items() if v < 0.80}
    assert not low, (low, report.misses)


def test_the_split_is_fixed_by_the_text_so_twins_never_straddle_it():
    assert split_of("怎么还没发货") == split_of("怎麼還沒發貨") == split_of("怎么还没发货 ")
    assert {split_of("消息" + chr(0x4E00 + n)) for n in range(60)} == {"train", "dev", "test"}


@pytest.mark.parametrize(
    "text, intent",
    [
        ("这个地漏会不会返臭", "pre_sale"),  # 地漏 is a floor drain, nothing leaks
        ("地漏是不锈钢的吗", "pre_sale"),
        ("有没有开口的核桃 好剥吗", "pre_sale"),  # split walnuts are what the buyer wants
        ("碎花裙还有M码吗", "pre_sale"),
        ("陶瓷的 寄过来会不会碎啊", "pre_sale"),
        ("发什么快递 几天能到广州", "pre_sale"),  # 快递 in a question before buying
        ("今天拍明天能到吗", "pre_sale"),
        ("质量怎么样 会不会用几天就坏", "pre_sale"),
        ("这两款有什么不一样", "pre_sale"),
        ("平台没有假货吧", "pre_sale"),  # 假货 under negation
        ("放心 不会给差评的", "other"),  # 差评 under negation
        ("订单号[ORDERID_10032]", "other"),  # 单号 inside 订单号
        ("发票开了吗 财务催了", "other"),
        ("地址写错了 帮我改成[地址x]", "other"),
        ("收到了 一个都没碎 包装真好", "other"),
    ],
)
def test_words_in_the_wrong_context_do_not_fire(text, intent):
    assert classify(text).intent == intent


@pytest.mark.parametrize(
    "text, intent",
    [
        ("核桃还没寄出", "urge_shipping"),  # urges rarely say 发货
        ("快点我要回家过年了", "urge_shipping"),
        ("几天了还没出库", "urge_shipping"),
        ("刚买就降价了 补差价", "refund_request"),  # refunds as 差价 / 价保 / 定金 / 运费
        ("能价保吗 降了[数字x]", "refund_request"),
        ("定金能退吗 不想要了", "refund_request"),
        ("退货运费谁出", "refund_request"),
        ("单号[数字x]一直没更新", "logistics_issue"),
        ("在吗", "other"),
        ("好的#E-s[数字x]", "other"),
    ],
)
def test_how_real_buyers_phrase_their_needs(text, intent):
    assert classify(text).intent == intent


@pytest.mark.parametrize(
    "text, intent",
    [
        # The Taobao E-commerce Dialogue Corpus (public, word-segmented) writes turns with spaces between
        # words, lower case, no punctuation; these rows are ours, written in that shape.
        ("我 的 核桃 怎么 还 没 发", "urge_shipping"),
        ("亲 在 吗", "other"),
        ("放心 不 会 给 差评 的", "other"),  # negation survives the spacing
        ("平台 没有 假货 吧", "pre_sale"),
        ("法 货 了 吗", "urge_shipping"),  # typo of 发货
        ("退宽 什么 时候 到", "refund_request"),  # typo of 退款
        ("咋 还 没 寄", "urge_shipping"),
        ("碎 核桃 仁 多少 钱 一 斤", "pre_sale"),  # 碎 in a product name
    ],
)
def test_spaced_corpus_style_and_typos_read_like_the_plain_text(text, intent):
    assert classify(text).intent == intent


def test_the_holdout_written_apart_from_the_corpus_stays_above_the_bar():
    """data/intents_holdout/ is never trained on (docs/labelling.md): a second, realistic mix (40 % other,
    25 % pre-sale, spaced Taobao style and JD placeholders) that catches a model fitted to its splits."""
    rows = [(e.text, e.intent) for e in read_corpus(DATA.parent / "intents_holdout")]
    report = evaluate(lambda text: classify(text).intent, rows, INTENTS)
    assert len(rows) >= 500 and report.accuracy >= 0.90, report.misses
    assert all(report.recall[k] >= 0.80 for k in INTENTS if report.support[k] >= 15), report.recall


def test_negated_threat_leaves_the_real_need():
    result = classify("不会给差评的，就是想知道啥时候发货")
    assert result.intent == "urge_shipping"
    assert "差评" in "".join(result.negated) or "差评" not in "".join(result.matched)


def test_a_threat_about_an_unshipped_order_is_an_escalation():
    result = classify("怎么还不发货，再不发我就投诉了")
    assert result.intent == "escalation"
    assert result.rule == "threat_overrides" and any("投诉" in m for m in result.matched)


def test_refund_comes_before_the_damage_it_is_about():
    assert classify("杯子碎了，我要退款").intent == "refund_request"
    assert classify("杯子碎了").intent == "damaged"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("怎麼還沒發貨", "urge_shipping"),
        ("盒子被壓爛，裡面的茶杯碎掉了", "damaged"),
        ("ｍｙ ｐａｃｋａｇｅ ｉｓ ｌｏｓｔ", "logistics_issue"),
        ("not broken, just the wrong colour", "not_as_described"),
        ("I want a refund", "refund_request"),
        ("do you have this in stock", "pre_sale"),
    ],
)
def test_traditional_full_width_and_english_are_understood(text, intent):
    assert classify(text).intent == intent


def test_result_explains_itself_with_the_ngrams_that_weighed_most():
    result = classify("物流三天没更新了")
    assert result.intent == "logistics_issue"
    assert any("更新" in m or "物流" in m for m in result.matched)
    assert 0 < result.confidence <= 1
    data = result.to_json()
    assert set(data) >= {"intent", "confidence", "matched", "not_sure", "top2"}
    assert data["top2"][0]["intent"] == "logistics_issue" and len(data["top2"]) == 2


def test_unclear_message_says_not_sure_and_offers_two_guesses():
    # Lukewarm, with a hint that it differs from what was expected: other or not_as_described?
    result = classify("还行 就是和我想的有点不一样")
    assert result.not_sure, result
    assert len(result.alternatives) == 2 and result.to_json()["not_sure"] is True


def test_confidence_is_calibrated_on_dev_roughly(corpus):
    """Among dev messages it is at least 90 % sure of, it is right at least 90 % of the time."""
    rows = [(e.text, e.intent) for e in corpus if e.split == "dev"]
    sure = [(text, intent) for text, intent in rows if classify(text).confidence >= 0.9]
    right = sum(classify(text).intent == intent for text, intent in sure)
    assert len(sure) >= len(rows) // 3 and right / len(sure) >= 0.9


def test_a_shop_can_add_its_own_words(tmp_path):
    own = tmp_path / "shop.intents.toml"
    own.write_text('intent = "quality"\n[keywords]\n"釉面起泡" = 4.0\n', encoding="utf-8")
    assert classify("釉面起泡了", load_lexicon([own])).intent == "quality"


def test_a_bad_lexicon_file_is_named_with_its_key(tmp_path):
    own = tmp_path / "bad.intents.toml"
    own.write_text('intent = "quality"\n[keywords]\n"釉面" = "heavy"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"bad.intents.toml.*keywords.釉面"):
        load_lexicon([own])


def test_a_broken_model_file_is_named(tmp_path):
    broken = tmp_path / "model.json"
    broken.write_text(
        json.dumps({"intents": list(INTENTS), "bias": [0] * 9, "weights": {"发": [1, 2]}}), encoding="utf-8"
    )
    with pytest.raises(UserError, match=r"model.json: weights\['发'\] must list 9 numbers"):
        load_model(broken)


def test_the_model_file_read_in_slices_is_the_file_as_written(tmp_path):
    # The window's worker reads the model in slices so that it never holds the GUI thread for a
    # whole json.loads of 2.7 MB (~120 ms); the model read must not change by it.
    from seller_assistant.core.intent_model import IntentModel, loads_in_slices, model_path, model_to_json

    shipped = model_path().read_text(encoding="utf-8")
    assert loads_in_slices(shipped) == json.loads(shipped)
    # Feature names holding what separates features in the file: quotes, brackets, commas, backslashes.
    awkward = ['],"', '"]', "\\", "a\\", '"', "],", "发货", "!!$", '] ,"x'] + [f"f{i}" for i in range(4500)]
    model = IntentModel(tuple(INTENTS), {name: [0.001 * i] * 9 for i, name in enumerate(awkward)}, [0.0] * 9)
    text = json.dumps(
        model_to_json(model, {"note": '"weights":{ in a note'}), ensure_ascii=False, separators=(",", ":")
    )
    assert loads_in_slices(text) == json.loads(text)
    for slice_chars in (1, 7, 100, 5000):  # cuts next to every awkward name, and a few big slices
        assert loads_in_slices(text, slice_chars) == json.loads(text)
    written = tmp_path / "model.json"
    written.write_text(text, encoding="utf-8")
    assert load_model(written).weights == {name: [round(0.001 * i, 3)] * 9 for i, name in enumerate(awkward)}


def test_training_is_deterministic(corpus):
    rows = [(e.text, e.intent) for e in corpus[:300]]
    first, second = train(rows, INTENTS, Settings(epochs=2)), train(rows, INTENTS, Settings(epochs=2))
    assert first.weights == second.weights and first.bias == second.bias
