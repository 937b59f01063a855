"""Tracking numbers checked per carrier: the carrier list, each carrier's number format, and the
check digit where the carrier has one. Feeds valid-tracking rates and the warning at ship time.

Sources, in our words: UPS 1Z numbers end in a mod-10 check digit over the 15 characters after
"1Z" (letters map to digits, every second one doubled), as public tracking libraries implement it
(e.g. drogher's shippers/ups.py); USPS 20/22-digit IMpb numbers end in a mod-10 digit with weights
3 and 1 from the right; FedEx 12-digit Express numbers end in a mod-11 digit with weights 1, 3, 7
from the right; DHL Express 10-digit waybills end in the first nine digits mod 7; the UPU S10 format
(two letters, eight digits, a check digit, the country: Royal Mail "…GB", China Post/EMS "…CN")
uses weights 8 6 4 2 3 5 9 7 mod 11 (UPU standard S10). Chinese domestic carriers publish no check
digit: their numbers are checked for form only, and those forms are what their waybills show
(SF + 12–13 digits for 顺丰, YT + 13 digits for 圆通, JT + 13 digits for 极兔, JD + letters and
digits for 京东, plain digits of a fixed length for 中通, 韵达, 申通, 邮政) — unconfirmed beyond
that (?), so a mismatch is a warning, never a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VALID, INVALID, UNCHECKED = "valid", "invalid", "unchecked"


def ups_check(number: str) -> bool:
    body, check = number[2:-1], number[-1]
    if not check.isdigit():
        return False
    total = 0
    for i, char in enumerate(body):
        value = int(char) if char.isdigit() else (ord(char) - 3) % 10  # A→2 … I→0, J→1 …
        total += value * 2 if i % 2 else value
    return (10 - total % 10) % 10 == int(check)


def mod10_31_check(number: str) -> bool:
    """USPS IMpb: weights 3, 1, 3 … from the rightmost digit before the check digit."""
    body, check = number[:-1], number[-1]
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == int(check)


def fedex12_check(number: str) -> bool:
    body, check = number[:-1], number[-1]
    total = sum(int(d) * w for d, w in zip(reversed(body), [1, 3, 7] * 4, strict=False))
    return total % 11 % 10 == int(check)


def dhl10_check(number: str) -> bool:
    return int(number[:-1]) % 7 == int(number[-1])


def s10_check(number: str) -> bool:
    """UPU S10: AA 12345678 C CC; C from weights 8 6 4 2 3 5 9 7, 11 − sum mod 11 (10 → 0, 11 → 5)."""
    serial, check = number[2:10], int(number[10])
    rest = 11 - sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
    return {10: 0, 11: 5}.get(rest, rest) == check


@dataclass(frozen=True)
class Carrier:
    id: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]  # other names shops and exports use (lower case)
    patterns: tuple[str, ...]  # full-match regular expressions, on the number without spaces
    check: object = None  # a check-digit function for numbers that match, or None (form only)

    def name(self, lang: str) -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en

    def check_digit_for(self, number: str):
        """The check function that applies to this number (S10 only for the S10 form)."""
        if self.check is s10_check and not _S10.fullmatch(number):
            return None
        return self.check


_S10 = re.compile(r"[A-Z]{2}\d{9}[A-Z]{2}")

CARRIERS: tuple[Carrier, ...] = (
    Carrier(
        "sf", "顺丰速运", "SF Express", ("顺丰", "sf", "sf express", "shunfeng"), (r"SF\d{12,13}", r"\d{12}")
    ),
    Carrier("zto", "中通快递", "ZTO Express", ("中通", "zto"), (r"\d{12}", r"\d{14}")),
    Carrier("yto", "圆通速递", "YTO Express", ("圆通", "yto"), (r"YT\d{13}",)),
    Carrier("yunda", "韵达快递", "Yunda Express", ("韵达", "yunda"), (r"\d{13}", r"\d{15}")),
    Carrier("sto", "申通快递", "STO Express", ("申通", "sto"), (r"\d{12,13}",)),
    Carrier(
        "jtexpress", "极兔速递", "J&T Express", ("极兔", "j&t", "jt", "jt express", "百世"), (r"JT\d{13}",)
    ),
    Carrier(
        "jd",
        "京东物流",
        "JD Logistics",
        ("京东", "京东快递", "京东配送", "jd", "jdl"),
        (r"JD[0-9A-Z]{11,13}",),
    ),
    Carrier(
        "chinapost",
        "中国邮政",
        "China Post",
        ("邮政", "邮政快递包裹", "china post", "中国邮政速递物流"),
        (r"\d{13}", r"[A-Z]{2}\d{9}CN"),
        s10_check,
    ),
    Carrier(
        "ems",
        "EMS",
        "EMS",
        ("ems", "邮政ems", "中国ems", "e邮宝"),
        (r"\d{13}", r"E[A-Z]\d{9}CN", r"[A-Z]{2}\d{9}CN"),
        s10_check,
    ),
    Carrier("ups", "UPS", "UPS", ("ups",), (r"1Z[0-9A-Z]{16}",), ups_check),
    Carrier(
        "usps",
        "美国邮政",
        "USPS",
        ("usps", "us postal service"),
        (r"9[1-5]\d{18}", r"9[1-5]\d{20}"),
        mod10_31_check,
    ),
    Carrier("fedex", "联邦快递", "FedEx", ("fedex", "fed ex", "联邦"), (r"\d{12}",), fedex12_check),
    Carrier("dhl", "DHL", "DHL Express", ("dhl", "dhl express"), (r"\d{10}",), dhl10_check),
    Carrier(
        "royalmail",
        "英国皇家邮政",
        "Royal Mail",
        ("royal mail", "royalmail"),
        (r"[A-Z]{2}\d{9}GB",),
        s10_check,
    ),
)


def carrier_names(lang: str) -> list[str]:
    """Every carrier's name in the language, for a typeable list in the ship dialog."""
    return [carrier.name(lang) for carrier in CARRIERS]


def find_carrier(text: str | None) -> Carrier | None:
    """The carrier a shop or an export named ("中通快递", "ZTO", "Royal Mail"), else None."""
    if not text:
        return None
    wanted = text.strip().casefold()
    for carrier in CARRIERS:
        names = {carrier.id, carrier.name_zh.casefold(), carrier.name_en.casefold(), *carrier.aliases}
        if wanted in names:
            return carrier
    for carrier in CARRIERS:  # "中通快递(ZTO)", "顺丰标快": a known name inside a longer one
        if any(
            len(alias) > 2 and alias in wanted for alias in (carrier.name_zh.casefold(), *carrier.aliases)
        ):
            return carrier
    return None


@dataclass(frozen=True)
class TrackingCheck:
    status: str  # valid | invalid | unchecked
    problem: str | None = None  # empty | format | check_digit | carrier_unknown
    carrier: Carrier | None = None


def normalize(number: str) -> str:
    return re.sub(r"[\s-]", "", number).upper()


def check_tracking(number: str | None, carrier_text: str | None) -> TrackingCheck:
    """The number against its carrier: valid, invalid (wrong form or check digit), or unchecked
    (no number, or a carrier we have no rules for)."""
    if not number or not number.strip():
        return TrackingCheck(INVALID, "empty", find_carrier(carrier_text))
    carrier = find_carrier(carrier_text)
    if carrier is None:
        return TrackingCheck(UNCHECKED, "carrier_unknown")
    clean = normalize(number)
    if not any(re.fullmatch(pattern, clean) for pattern in carrier.patterns):
        return TrackingCheck(INVALID, "format", carrier)
    check = carrier.check_digit_for(clean)
    if check is not None and not check(clean):
        return TrackingCheck(INVALID, "check_digit", carrier)
    return TrackingCheck(VALID, None, carrier)


def tracking_check_value(number: str | None, carrier_text: str | None) -> str | None:
    """What orders.tracking_check stores: valid | invalid | unchecked; None for an order with
    neither number nor carrier (nothing to check)."""
    if not (number and number.strip()) and not carrier_text:
        return None
    return check_tracking(number, carrier_text).status
