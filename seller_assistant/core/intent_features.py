"""A buyer's message as the features the intent model weighs: character n-grams, English words, placeholders."""

from __future__ import annotations

import re
from functools import lru_cache

from seller_assistant.core.text_normalize import fold

# Chat exports and public corpora replace private details with tokens ([数字x], [ORDERID_10086],
# #E-s[数字x] for an emoticon, links). Each kind folds to one private-use character, so an order
# number is one "word" to the model whatever its digits, and the n-grams around it stay meaningful.
NUMBER, ORDER_NO, LINK, EMOJI, NAME, IMAGE, MONEY, DATE, ADDRESS, CONTACT, LATIN = (
    chr(0xE000 + i) for i in range(11)
)
NEG_THREAT, NEG_FAKE, NEG_REFUND = chr(0xE010), chr(0xE011), chr(0xE012)

TOKEN_LABELS = {
    NUMBER: "[数字]",
    ORDER_NO: "[订单号]",
    LINK: "[链接]",
    EMOJI: "[表情]",
    NAME: "[姓名]",
    IMAGE: "[图片]",
    MONEY: "[金额]",
    DATE: "[日期]",
    ADDRESS: "[地址]",
    CONTACT: "[联系方式]",
    LATIN: "",
    NEG_THREAT: "不…差评/投诉",
    NEG_FAKE: "没有假货",
    NEG_REFUND: "不退",
}

_BRACKETED = {
    "数字": NUMBER,
    "金额": MONEY,
    "价格": MONEY,
    "日期": DATE,
    "时间": DATE,
    "姓名": NAME,
    "名字": NAME,
    "地址": ADDRESS,
    "站点": ADDRESS,
    "链接": LINK,
    "邮箱": CONTACT,
    "电话": CONTACT,
    "手机": CONTACT,
    "qq": CONTACT,
    "微信": CONTACT,
    "表情": EMOJI,
    "emoji": EMOJI,
    "动画表情": EMOJI,
    "图片": IMAGE,
    "照片": IMAGE,
    "视频": IMAGE,
    "商品": LINK,
    "订单": ORDER_NO,
    "组织机构": NAME,
}
_SUBSTITUTIONS = (
    (re.compile(r"#e-s\[[^\]]{0,8}\]|#e-s\d*"), EMOJI),
    (re.compile(r"\[?orderid_?[\w-]*\]?"), ORDER_NO),
    (re.compile(r"https?://\S+|www\.\S+|\S+\.(?:com|cn|html?)\S*"), LINK),
    (re.compile(r"\[\s*([\u4e00-\u9fff]{1,4}|qq|emoji)\s*[a-z_]?\d*\s*\]"), None),  # [数字x], [姓名x] …
    (re.compile(r"\S+@\S+\.\S+"), CONTACT),
)
# Order and tracking numbers are long digit runs; 12315 (the consumer hotline) is a word of its own.
_LONG_DIGITS = re.compile(r"(?<!\d)(?!12315(?!\d))\d{6,}")
_DIGITS = re.compile(r"(?<!\d)(?!12315(?!\d))\d+")
_REPEAT = re.compile(r"(.)\1{2,}")
# "不会给差评", "没打算投诉", "平台没有假货吧", "不用退了": the word is there, the need is not.
_NEGATIONS = (
    (
        re.compile(
            r"(?:不会|不想|不要|不打算|不用|不至于|没打算|没想|没有要|不是要|并没有|没|不)"
            r"(?:给|打|去|要|会|想)?(?:你|你们|您)?(?:个|一个)?(?:差评|负评|中差评|投诉|举报)"
        ),
        NEG_THREAT,
    ),
    (
        re.compile(
            r"(?:没有|(?<!是)不是|不会是|不会卖|不卖|没|不会有|不可能是|应该不是)(?:什么)?(?:假货|假的)"
        ),
        NEG_FAKE,
    ),
    # Not bare 不: "为什么不退款" is the complaint itself.
    (
        re.compile(
            r"(?:不用|不要了?|不需要|不想)(?:给我)?(?:退款|退货|退了|退钱|换了|补发)|不退了|不换了|不退款了|不退货了|(?:退款|退货|换货|补发)(?:就)?(?:不用|不要)了"
        ),
        NEG_REFUND,
    ),
)
# Typos and chat slang buyers type for the words that carry an intent (法货 for 发货, 退宽 for 退款,
# 咋 for 怎么). Folded into the word before n-grams are cut, so one spelling in training teaches every
# spelling. Only in the features: the split and duplicate checks keep the text as written.
_VARIANTS = (
    ("法货", "发货"),
    ("发或", "发货"),
    ("伐货", "发货"),
    ("发活", "发货"),
    ("發貨", "发货"),
    ("退宽", "退款"),
    ("退欵", "退款"),
    ("什么时侯", "什么时候"),
    ("时侯", "时候"),
    ("肿么", "怎么"),
    ("咋", "怎么"),
    ("怎莫", "怎么"),
    ("神马", "什么"),
    ("啥", "什么"),
    ("咩", "什么"),
    ("木有", "没有"),
    ("么有", "没有"),
    ("莫有", "没有"),
    ("没得", "没有"),
    ("几时", "什么时候"),
)
_VARIANT = re.compile("|".join(sorted((re.escape(a) for a, _ in _VARIANTS), key=len, reverse=True)))
_VARIANT_OF = dict(_VARIANTS)
_LATIN_WORD = re.compile(r"[a-z][a-z']*")
_DROP = re.compile(r"[\s,.;:，。；：、~～…\"'()（）【】\[\]<>《》*/\\|_=+-]+")


def normalise(message: str) -> str:
    """The message in the model's alphabet: folded script, placeholders as single tokens, no spacing."""
    text = fold(message)
    for pattern, token in _SUBSTITUTIONS:
        text = pattern.sub(token or _bracketed, text)
    text = _LONG_DIGITS.sub(ORDER_NO, text)
    text = _DIGITS.sub(NUMBER, text)
    for pattern, token in _NEGATIONS:
        text = pattern.sub(token, text)
    text = text.replace("？", "?").replace("！", "!")
    text = _REPEAT.sub(r"\1\1", text)
    return text


def compact_for_spans(message: str) -> str:
    """The string the character n-grams are cut from: no spacing (the Taobao corpus style "亲 在 吗"
    is "亲在吗"), English words as one placeholder, typo and slang spellings of intent words put right."""
    spans = _DROP.sub("", _LATIN_WORD.sub(LATIN, normalise(message)))
    spans = _VARIANT.sub(lambda match: _VARIANT_OF[match.group(0)], spans)
    # Again without the spacing: "不 会 给 差评" is the same promise as "不会给差评".
    for pattern, token in _NEGATIONS:
        spans = pattern.sub(token, spans)
    return spans


def compact(message: str) -> str:
    """The normalised text without spacing or punctuation: two messages with the same compact form
    are the same message to the model."""
    return _DROP.sub("", normalise(message))


def _bracketed(match: re.Match) -> str:
    return _BRACKETED.get(match.group(1), NUMBER)


@lru_cache(maxsize=4096)
def features(message: str) -> tuple[str, ...]:
    """Character 1–3-grams of the Chinese (and symbols), word uni- and bigrams of English, a length bucket."""
    words = _LATIN_WORD.findall(normalise(message))
    compact = compact_for_spans(message)
    found: list[str] = []
    padded = "^" + compact + "$"
    for n in (1, 2, 3):
        for i in range(len(padded) - n + 1):
            gram = padded[i : i + n]
            if gram not in ("^", "$"):
                found.append(gram)
    found += ["w:" + word for word in words]
    found += ["w:" + a + "_" + b for a, b in zip(words, words[1:], strict=False)]
    found.append("len:" + _length_bucket(len(compact) - compact.count(LATIN) + len(words)))
    return tuple(dict.fromkeys(found))


def _length_bucket(size: int) -> str:
    for limit, name in ((1, "1"), (2, "2"), (4, "3-4"), (8, "5-8"), (16, "9-16")):
        if size <= limit:
            return name
    return "17+"


def readable(feature: str) -> str:
    """A feature as a shop owner reads it in "matched": placeholders named, anchors dropped."""
    if feature.startswith("w:"):
        return feature[2:].replace("_", " ")
    return "".join(TOKEN_LABELS.get(ch, ch) for ch in feature.strip("^$"))
