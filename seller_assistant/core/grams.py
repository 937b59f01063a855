"""Character pairs of a text as index words, so two-character searches (投诉, 破损, 退款) find every message by index.

The trigram index cannot answer a two-character query; a bigram index can. SQLite has no bigram
tokenizer and Python cannot add one, so each pair is written as an ASCII word FTS5's `ascii`
tokenizer keeps whole: "破损" -> "7834x635f" (each character's code point in hex; 'x' is never a
hex digit, so no two pairs share a word). Letters are lower-cased, as the trigram index folds case.
Pairs with whitespace are left out: a stripped two-character query never contains any.
"""

from __future__ import annotations

BIGRAM_CHARS = 2
# A message of the staff's side (sent under any name but its conversation's buyer's) has each of
# its pairs a second time with this before it: "s7834x635f" ('s' is neither a hex digit nor 'x',
# so never a pair's own word). A search under a staff name asks for the staff's pairs alone.
STAFF_PREFIX = "s"


def bigram_word(pair: str) -> str:
    """The index word of a two-character query (already stripped)."""
    pair = pair.lower()
    return f"{ord(pair[0]):x}x{ord(pair[1]):x}"


class _Words(dict):
    """Each character pair's index word, made once: a chat import meets the same few thousand
    pairs millions of times, and formatting them was most of the cost of indexing a message."""

    def __missing__(self, pair: tuple[str, str]) -> str:
        if len(self) >= 1_000_000:  # a bound on memory, whatever the texts
            self.clear()
        word = self[pair] = f"{ord(pair[0]):x}x{ord(pair[1]):x}"
        return word


_WORDS = _Words()


def bigram_words(text: str) -> str:
    """Every distinct pair of neighbouring characters of `text` as one space-separated string of
    index words (FTS5 stores each once per message: only whether a message holds it matters)."""
    if not text:
        return ""  # also SQL's NULL, when the function is called from a trigger
    if len(text) <= _REMEMBERED_LENGTH:
        return _SHORT[text]
    return _words_of(text)


def _words_of(text: str) -> str:
    parts = text.lower().split()  # no pair spans whitespace (str.split splits where isspace())
    if len(parts) == 1:
        part = parts[0]
        pairs = set(zip(part, part[1:], strict=False))
    else:
        pairs = set()
        for part in parts:
            pairs.update(zip(part, part[1:], strict=False))
    return " ".join(map(_WORDS.__getitem__, pairs))


class _Short(dict):
    """The words of short texts, each made once while it is remembered: a shop's chats repeat the
    same quick replies (亲，在的~, 好的) and a file's titles and buyers repeat, so an import meets
    the same short texts again and again. At most 20 000 texts of at most 120 characters (a few MB)."""

    def __missing__(self, text: str) -> str:
        if len(self) >= 20_000:
            self.clear()
        words = self[text] = _words_of(text)
        return words


_REMEMBERED_LENGTH = 120
_SHORT = _Short()


def char_word(char: str) -> str:
    """One character's index word: its code point in hex ("小" -> "5c0f"); never a pair's, which
    holds an 'x'."""
    return f"{ord(char):x}"


def char_words(text: str) -> list[str]:
    """Every distinct character of `text` lower-cased, whitespace left out, as index words."""
    return sorted({char_word(char) for char in (text or "").lower() if not char.isspace()})


def order_words(buyer: str | None, item_title: str | None) -> str:
    """An order's words in the Orders table's search index (migrations 014, 020): the character
    pairs of its buyer and of its item title, and every character of both on its own, so a
    one-character search (a digit, 茶) is found by index too."""
    return " ".join(
        part
        for part in (
            bigram_words(buyer),
            bigram_words(item_title),
            " ".join(char_words(f"{buyer or ''} {item_title or ''}")),
        )
        if part
    )


def search_words(text: str) -> list[str]:
    """The index words every order matching the search `text` holds: its character pairs, or, for
    a text with no pair (one character), its characters."""
    return bigram_words(text).split() or char_words(text)


def sided_words(words: str, staff: bool) -> str:
    """`words` (bigram_words' output) and, for a message of the staff's side, each again with
    STAFF_PREFIX before it (the bigram index's words since migration 027)."""
    if not staff or not words:
        return words
    return f"{words} {STAFF_PREFIX}{words.replace(' ', ' ' + STAFF_PREFIX)}"


def sided_bigram_words(text: str, staff: object) -> str:
    """The bigram index's words of a message: its pairs, and the staff's copy of them (sided_words)."""
    return sided_words(bigram_words(text), bool(staff))
