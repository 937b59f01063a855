"""Character pairs of a text as index words, so two-character searches (投诉, 破损, 退款) find every message by index.

The trigram index cannot answer a two-character query; a bigram index can. SQLite has no bigram
tokenizer and Python cannot add one, so each pair is written as an ASCII word FTS5's `ascii`
tokenizer keeps whole: "破损" -> "7834x635f" (each character's code point in hex; 'x' is never a
hex digit, so no two pairs share a word). Letters are lower-cased, as the trigram index folds case.
Pairs with whitespace are left out: a stripped two-character query never contains any.
"""

from __future__ import annotations

BIGRAM_CHARS = 2


def bigram_word(pair: str) -> str:
    """The index word of a two-character query (already stripped)."""
    pair = pair.lower()
    return f"{ord(pair[0]):x}x{ord(pair[1]):x}"


def bigram_words(text: str) -> str:
    """Every distinct pair of neighbouring characters of `text` as one space-separated string of
    index words (FTS5 stores each once per message: only whether a message holds it matters)."""
    if not text:
        return ""
    lowered = text.lower()
    words = set()
    add = words.add
    previous = lowered[0]
    for char in lowered[1:]:
        if not (char.isspace() or previous.isspace()):
            add(f"{ord(previous):x}x{ord(char):x}")
        previous = char
    return " ".join(words)
