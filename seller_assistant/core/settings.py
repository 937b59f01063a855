"""A shop's settings: what they mean, their defaults, and how they are checked."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from seller_assistant.core.business_calendar import BusinessCalendar, parse_cutoff, parse_weekdays
from seller_assistant.core.clock import system_timezone_name, zone
from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message

PLATFORMS = ("taobao", "tmall", "jd", "pinduoduo", "douyin", "amazon", "ebay", "other")
CHINESE_PLATFORMS = frozenset({"taobao", "tmall", "jd", "pinduoduo", "douyin"})
LANGUAGES = ("zh", "en")
# FreeTSA: free for anyone, no account, answers RFC 3161 over HTTPS, publishes its CA certificate.
DEFAULT_TIMESTAMP_AUTHORITY = "https://freetsa.org/tsr"
# What people type for a marketplace; each maps onto one of PLATFORMS.
PLATFORM_ALIASES = {
    "pdd": "pinduoduo",
    "拼多多": "pinduoduo",
    "淘宝": "taobao",
    "天猫": "tmall",
    "京东": "jd",
    "抖音": "douyin",
    "抖店": "douyin",
}


def platform_from_text(text: str) -> str | None:
    """The marketplace a user's word names (`pdd`, `Pinduoduo`, `拼多多`), else None."""
    word = text.strip().lower()
    word = PLATFORM_ALIASES.get(word, word)
    return word if word in PLATFORMS else None


@dataclass(frozen=True)
class ShopSettings:
    name: str = "我的小店"
    platform: str = "taobao"
    timezone: str = field(default_factory=system_timezone_name)
    # Taobao's default promise is 48 h from payment; some categories promise 24 h or 72 h.
    ship_promise_hours: float = 48.0
    # Amazon/eBay handling time, or "ships within N working days": when set, the default promise is
    # the end of the N-th working day (business calendar) instead of ship_promise_hours.
    ship_promise_working_days: int | None = None
    working_weekdays: tuple[int, ...] = (1, 2, 3, 4, 5)  # ISO weekdays: Monday 1 … Sunday 7
    cutoff_time: str | None = None  # "16:00": paid later counts from the next working day
    # The category average the shop reads in its seller centre; unknown until the shop enters it.
    help_rate_threshold: float | None = None
    due_soon_lead_hours: float = 6.0
    work_order_lead_hours: float = 2.0
    commitment_lead_hours: float = 6.0
    warning_margin: int = 1
    language: str | None = None  # None: follow the system locale
    morning_summary_hour: int = 9
    minimize_to_tray: bool = False
    staff_name: str = ""
    # The demo shop (invented data, its own store): marked in the title bar, on every page and export.
    demo: bool = False
    # The one network use, off unless the shop switches it on: once a day one SHA-256 hash of the
    # head log goes to this RFC 3161 timestamp authority (store/anchors.py), nothing else.
    timestamp_anchor: bool = False
    timestamp_authority: str = DEFAULT_TIMESTAMP_AUTHORITY

    def tz(self):
        return zone(self.timezone)

    def calendar(self, entries=()) -> BusinessCalendar:
        """The shop's business calendar with its holidays and pauses (from the store)."""
        return BusinessCalendar(
            self.tz(), frozenset(self.working_weekdays), parse_cutoff(self.cutoff_time), tuple(entries)
        )

    def report_language(self) -> str:
        """The language of reports and replies: the setting, else Chinese for Chinese marketplaces."""
        if self.language:
            return self.language
        return "zh" if self.platform in CHINESE_PLATFORMS else "en"

    def to_mapping(self) -> dict[str, Any]:
        return asdict(self)

    def updated(self, **changes: Any) -> ShopSettings:
        merged = self.to_mapping() | changes
        return settings_from_mapping(merged)


_FIELD_TYPES = {f.name: f.type for f in fields(ShopSettings)}


def settings_from_mapping(values: dict[str, Any], source: str = "settings") -> ShopSettings:
    """Build settings from stored or user-given values, naming the first bad key."""
    unknown = set(values) - set(_FIELD_TYPES)
    if unknown:
        raise UserError("{source}: unknown setting '{key}'.", source=source, key=sorted(unknown)[0])
    clean: dict[str, Any] = {}
    for key, value in values.items():
        clean[key] = _check(key, value, source)
    settings = replace(ShopSettings(), **clean)
    return settings


def _check(key: str, value: Any, source: str) -> Any:
    def bad(expected: str | Message) -> UserError:
        return UserError(
            "{source}: setting '{key}' must be {expected}, not {value}.",
            source=source,
            key=key,
            expected=expected,
            value=repr(value),
        )

    if key in ("name", "staff_name"):
        if not isinstance(value, str) or (key == "name" and not value.strip()):
            raise bad(Message("a non-empty text") if key == "name" else Message("a text"))
        return value.strip()
    if key == "platform":
        platform = platform_from_text(value) if isinstance(value, str) else None
        if platform is None:
            raise bad(Message("one of {choices}", choices=", ".join(PLATFORMS)))
        return platform
    if key == "timezone":
        if not isinstance(value, str):
            raise bad(Message("a time zone name"))
        zone(value)
        return value
    if key == "language":
        if value not in (None, *LANGUAGES):
            raise bad(Message("zh, en or empty"))
        return value
    if key == "help_rate_threshold":
        if value is None or value == "":
            return None
        number = _number(value, bad)
        if not 0 < number < 1:
            raise bad(Message("a fraction between 0 and 1 (1.5 % is 0.015)"))
        return number
    if key in ("ship_promise_hours", "due_soon_lead_hours", "work_order_lead_hours", "commitment_lead_hours"):
        number = _number(value, bad)
        if not 0 <= number <= 24 * 60:
            raise bad(Message("a number of hours between 0 and 1440"))
        return number
    if key == "ship_promise_working_days":
        if value is None or value == "":
            return None
        number = _number(value, bad)
        if number != int(number) or not 0 <= number <= 60:
            raise bad(Message("a whole number of working days from 0 to 60, or empty"))
        return int(number)
    if key == "working_weekdays":
        try:
            return tuple(sorted(parse_weekdays(value)))
        except ValueError as exc:
            raise bad(str(exc)) from None
    if key == "cutoff_time":
        try:
            cutoff = parse_cutoff(value)
        except ValueError as exc:
            raise bad(str(exc)) from None
        return cutoff.strftime("%H:%M") if cutoff else None
    if key == "warning_margin":
        number = _number(value, bad)
        if number != int(number) or number < 0:
            raise bad(Message("a whole number of events, 0 or more"))
        return int(number)
    if key == "morning_summary_hour":
        number = _number(value, bad)
        if number != int(number) or not 0 <= number <= 23:
            raise bad(Message("an hour from 0 to 23"))
        return int(number)
    if key == "timestamp_authority":
        if not isinstance(value, str) or not _is_web_address(value.strip()):
            raise bad(Message("a web address starting with https:// or http://"))
        return value.strip()
    if key in ("minimize_to_tray", "demo", "timestamp_anchor"):
        if isinstance(value, bool):
            return value
        if value in ("true", "1", 1, "yes"):
            return True
        if value in ("false", "0", 0, "no"):
            return False
        raise bad(Message("true or false"))
    raise bad(Message("known"))  # unreachable: unknown keys are refused above


def _is_web_address(text: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("https", "http") and bool(parts.hostname) and not any(c.isspace() for c in text)


def _number(value: Any, bad) -> float:
    if isinstance(value, bool):
        raise bad(Message("a number"))
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise bad(Message("a number")) from None
    if not math.isfinite(number):
        raise bad(Message("a finite number"))
    return number
