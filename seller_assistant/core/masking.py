"""Hiding a buyer's phone, address and real name in what the shop hands to people outside the platform."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Chinese mobiles (138 1234 5678, +86-138…), never inside a longer digit run: order numbers
# (19 digits) and tracking numbers (13-15 digits) must stay readable in a dispute bundle.
_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
# Landlines with an area code: 0571-88886666, (010) 12345678.
_LANDLINE = re.compile(r"(?<!\d)\(?0\d{2,3}\)?[\s-]?(\d{7,8})(?!\d)")
# The detailed part of an address typed into a chat: "文三路12号3栋501室" (street and door number).
_STREET = re.compile(
    r"(?:(?![省市区县镇乡])[\u4e00-\u9fff]){1,8}(?:路|街|道|巷|弄|村|大道)\s*\d+\s*号(?:\s*\d+\s*(?:栋|幢|号楼|单元|楼|室))*"
)
_CITY_END = ("市", "州", "盟", "县")


def mask_phone_match(match: re.Match) -> str:
    return f"{match.group(1)}****{match.group(3)}"


def mask_name(name: str) -> str:
    """王先生 -> 王**: keep the family name so staff can still tell buyers apart."""
    name = name.strip()
    if not name:
        return name
    return name[0] + "*" * max(2, len(name) - 1)


def mask_address(address: str) -> str:
    """浙江省杭州市西湖区文三路12号 -> 浙江省杭州市****: the city stays (it explains courier routes)."""
    address = address.strip()
    cut = -1
    for index, char in enumerate(address[:12]):
        if char in _CITY_END:
            cut = index + 1
    keep = address[:cut] if cut > 0 else address[:3]
    return keep + "****"


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
            value = value.replace(phone, _mask_digits(phone))
        for name in sorted(self.names, key=len, reverse=True):
            value = value.replace(name, mask_name(name))
        value = _MOBILE.sub(mask_phone_match, value)
        value = _LANDLINE.sub(lambda m: m.group(0)[: -len(m.group(1))] + "*" * len(m.group(1)), value)
        value = _STREET.sub("****", value)
        return value

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


def _mask_digits(phone: str) -> str:
    digits = [i for i, ch in enumerate(phone) if ch.isdigit()]
    if len(digits) < 7:
        return "*" * len(phone)
    hidden = set(digits[3:-4])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(phone))
