"""The two-character search index's words of a text (core/grams.py): every pair of neighbouring
characters not split by whitespace, lower-cased — the same words the first time a text is met and
every time after (a chat import meets the same quick replies thousands of times, and remembers the
words of short texts)."""

from __future__ import annotations

from seller_assistant.core.grams import bigram_word, bigram_words


def _pairs(text: str) -> set[str]:
    return {
        bigram_word(text[i : i + 2])
        for i in range(len(text) - 1)
        if not text[i].isspace() and not text[i + 1].isspace()
    }


def test_a_quick_reply_met_again_gets_the_words_of_its_own_pairs():
    # Our own quick replies and a buyer's long message (over the remembered length).
    texts = [
        "亲，在的~ 现货充足，48小时内发货哦",
        "好的",
        "Nike 鞋子 SIZE 42",
        "杯子有一道裂纹，" * 30 + "怎么处理？",
    ]
    for _ in range(3):
        for text in texts:
            assert set(bigram_words(text).split()) == _pairs(text)
    assert bigram_words("") == ""


def test_many_different_short_texts_each_get_their_own_words():
    texts = [f"订单{n}已发货" for n in range(21_000)]  # more than are remembered at once
    for text in texts + texts[:100]:
        assert set(bigram_words(text).split()) == _pairs(text)
