"""Hiding a buyer's phone, ID number, e-mail, address and real name in what the shop hands to people outside the platform.

One module finds them however they are written: mobiles with any separators (139.1234.5678,
139 1234 5678, 139-1234-5678), with +86/0086, in full-width digits (１３９…) or Chinese numerals
(一三九…); 18-digit ID numbers (check digit verified, X allowed); e-mail addresses (also with a
full-width ＠); street addresses with door numbers; and the order's own receiver name, phone and
address however they recur. Order numbers (18-19 digits) and tracking numbers stay readable: a
match never starts or ends inside a longer run of digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Any way a digit is written in a chat: ASCII, full-width, Chinese numerals (幺 is "one" read aloud).
_DIGIT_VALUES = {
    **{str(d): d for d in range(10)},
    **{chr(0xFF10 + d): d for d in range(10)},
    "〇": 0,
    "零": 0,
    "一": 1,
    "幺": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_D = "[0-9\uff10-\uff19〇零一幺二两三四五六七八九]"
_S = r"[ \t\-.·．－—_/]?"  # at most one separator between two digits
_PREFIX = r"(?:(?:\+|＋|00|００)?(?:86|８６)[ \t\-－]?)?"
# Eleven digits (a mobile) with separators: the value is checked in _mask_mobile.
_MOBILE = re.compile(rf"(?<!{_D}){_PREFIX}({_D}(?:{_S}{_D}){{10}})(?!{_S}{_D})")
_ID_NUMBER = re.compile(rf"(?<!{_D})({_D}(?:{_S}{_D}){{16}}{_S}[{_D[1:-1]}Xx×])(?![{_D[1:-1]}Xx])")
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]{1,64})[@＠]([\w-]+(?:[.．][\w-]+)+)")
# Landlines with an area code: 0571-88886666, (010) 12345678.
_LANDLINE = re.compile(r"(?<!\d)\(?0\d{2,3}\)?[\s-]?(\d{7,8})(?!\d)")
# The detailed part of an address typed into a chat: "文三路12号3栋501室", "阳光小区5栋302".
_STREET = re.compile(
    r"(?:(?![省市区县镇乡])[\u4e00-\u9fff]){1,8}(?:路|街|道|巷|弄|村|大道|小区|花园|公寓|大厦|广场|苑)\s*"
    r"[0-9０-９]+\s*(?:号|栋|幢|号楼|单元)(?:\s*[0-9０-９]+\s*(?:栋|幢|号楼|单元|楼|室|号)?)*"
)
_DOOR = re.compile(
    r"(?<![0-9])[0-9０-９]{1,4}\s*(?:栋|幢|号楼)\s*(?:[0-9０-９]{1,3}\s*单元\s*)?[0-9０-９]{2,5}\s*(?:室|号)?"
)
_CITY_END = ("市", "州", "盟", "县")
MASK = "*"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def digits_of(text: str) -> str:
    """The ASCII digits of however a number was written (separators dropped)."""
    return "".join(str(_DIGIT_VALUES[ch]) for ch in text if ch in _DIGIT_VALUES)


def _mask_digit_run(run: str, keep_head: int, keep_tail: int) -> str:
    """Replace the digits of `run` between the first keep_head and the last keep_tail with *."""
    positions = [i for i, ch in enumerate(run) if ch in _DIGIT_VALUES or ch in "Xx×"]
    hidden = set(positions[keep_head : len(positions) - keep_tail])
    return "".join(MASK if i in hidden else ch for i, ch in enumerate(run))


def _mask_mobile(match: re.Match) -> str:
    number = digits_of(match.group(1))
    if not re.fullmatch(r"1[3-9]\d{9}", number):
        return match.group(0)
    start = match.start(1) - match.start(0)
    return match.group(0)[:start] + _mask_digit_run(match.group(1), 3, 4)


def is_id_number(text: str) -> bool:
    """An 18-character resident ID: a plausible birth date and a matching ISO 7064 check digit."""
    body = digits_of(text[:-1]) if len(digits_of(text[:-1])) == 17 else ""
    last = text[-1]
    if not body:
        return False
    check = "X" if last in "Xx×" else str(_DIGIT_VALUES.get(last, ""))
    year, month, day = int(body[6:10]), int(body[10:12]), int(body[12:14])
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return False
    expected = "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
    return check == expected


def _mask_id(match: re.Match) -> str:
    return _mask_digit_run(match.group(0), 4, 2) if is_id_number(match.group(1)) else match.group(0)


def _mask_email(match: re.Match) -> str:
    local = match.group(1)
    return local[0] + MASK * 3 + match.group(0)[len(local) :]


def mask_name(name: str) -> str:
    """王先生 -> 王**: keep the family name so staff can still tell buyers apart."""
    name = name.strip()
    if not name:
        return name
    return name[0] + MASK * max(2, len(name) - 1)


def mask_address(address: str) -> str:
    """浙江省杭州市西湖区文三路12号 -> 浙江省杭州市****: the city stays (it explains courier routes)."""
    address = address.strip()
    cut = -1
    for index, char in enumerate(address[:12]):
        if char in _CITY_END:
            cut = index + 1
    keep = address[:cut] if cut > 0 else address[:3]
    return keep + MASK * 4


def mask_patterns(value: str) -> str:
    """Every phone, ID number, e-mail, landline and street address found in the text, masked."""
    value = _EMAIL.sub(_mask_email, value)
    value = _ID_NUMBER.sub(_mask_id, value)
    value = _MOBILE.sub(_mask_mobile, value)
    value = _LANDLINE.sub(lambda m: m.group(0)[: -len(m.group(1))] + MASK * len(m.group(1)), value)
    value = _STREET.sub(MASK * 4, value)
    value = _DOOR.sub(MASK * 4, value)
    return value


@dataclass(frozen=True)
class Masker:
    """Replaces personal data in any text. `enabled=False` is the identity (platform submission)."""

    enabled: bool = False
    names: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    phones: tuple[str, ...] = field(default=())

    def text(self, value: str | None) -> str | None:
        if not self.enabled or not value:
            return value
        # The order's own values first (exact, longest first), then patterns for what buyers type.
        for address in sorted(self.addresses, key=len, reverse=True):
            value = value.replace(address, mask_address(address))
        for phone in self.phones:
            value = value.replace(phone, _mask_digit_run(phone, 3, 4))
        for name in sorted(self.names, key=len, reverse=True):
            value = value.replace(name, mask_name(name))
        return mask_patterns(value)

    def value(self, value):
        """Mask every text inside plain JSON-like data (dicts, lists, strings); other values pass."""
        if not self.enabled:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        return value


NO_MASKING = Masker()


def masker_for_order(order: dict, enabled: bool) -> Masker:
    """A masker that knows this order's receiver name, phone and address."""
    if not enabled:
        return NO_MASKING
    names = tuple(v for v in (order.get("receiver_name"),) if v and v.strip())
    phones = tuple(v for v in (order.get("receiver_phone"),) if v and v.strip())
    addresses = tuple(v for v in (order.get("receiver_address"),) if v and v.strip())
    return Masker(True, names, addresses, phones)
