"""Instants: aware datetimes inside, epoch seconds in the store, naive times only in files."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from seller_assistant.core.errors import UserError

# Marketplace exports write times as "2024-03-01 09:15:00", sometimes with slashes or a "T".
_NAIVE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
)


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name, sorted: found by walking the time zone database's folders, so once."""
    return tuple(sorted(available_timezones()))


@cache
def system_timezone_name() -> str:
    """The IANA name of the system's zone, so the shop's default follows the PC it runs on."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name and _is_zone(name):
        return name
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        name = target.split("zoneinfo/", 1)[1]
        if _is_zone(name):
            return name
    timezone_file = Path("/etc/timezone")
    if timezone_file.exists():
        name = timezone_file.read_text(encoding="utf-8", errors="replace").strip()
        if _is_zone(name):
            return name
    # Windows and odd systems: derive a fixed-offset IANA zone (Etc/GMT signs are inverted).
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    hours = int(offset.total_seconds() // 3600)
    if hours == 0 or offset.total_seconds() % 3600:
        return "UTC"
    return f"Etc/GMT{-hours:+d}"


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise UserError("'{name}' is not a known time zone (try Asia/Shanghai).", name=name) from exc


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_instant(text: str, default_tz: tzinfo) -> datetime:
    """Parse an ISO 8601 or marketplace-style time; a naive time is read in `default_tz`."""
    cleaned = text.strip()
    if not cleaned:
        raise UserError("An empty time was given where a date and time is needed.")
    if cleaned.endswith("Z"):
        cleaned = cleaned[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        parsed = None
        for fmt in _NAIVE_FORMATS:
            try:
                parsed = datetime.strptime(cleaned, fmt)
                break
            except ValueError:
                continue
        if parsed is None:
            raise UserError(
                "'{text}' is not a date and time (use e.g. 2026-11-25 14:30 or 2026-11-25T14:30:00+08:00).",
                text=text,
            ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    from seller_assistant.core.limits import limits

    wrong = limits().year_problem(parsed.year)
    if wrong:
        # Stored, a year like 9999 breaks every later export and report of what it touches.
        raise UserError("'{text}' is not a plausible time: {wrong}.", text=text, wrong=wrong)
    return parsed


def to_epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("naive datetime reached the core; attach the shop's time zone at the file boundary")
    return int(moment.timestamp())


def from_epoch(seconds: int | None, tz: tzinfo = UTC) -> datetime | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, tz)


def format_local(seconds: int | None, tz: tzinfo, with_seconds: bool = False) -> str:
    if seconds is None:
        return ""
    return from_epoch(seconds, tz).strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")


def iso(seconds: int, tz: tzinfo) -> str:
    return from_epoch(seconds, tz).isoformat()


_DURATION = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")


def parse_duration(text: str) -> timedelta:
    """'6h', '90m', '2d', '1.5h' -> timedelta (plain numbers are hours)."""
    match = _DURATION.match(text)
    if not match:
        raise UserError("'{text}' is not a duration (use e.g. 6h, 90m or 2d).", text=text)
    value, unit = float(match.group(1)), match.group(2) or "h"
    factor = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[unit]
    return timedelta(seconds=value * factor)


def humanize_delta(seconds: int, lang: str = "en") -> str:
    """A short countdown: '3h 20m', '2d 4h', '-45m' (negative = overdue)."""
    sign = "-" if seconds < 0 else ""
    remaining = abs(int(seconds))
    days, remaining = divmod(remaining, 86400)
    hours, remaining = divmod(remaining, 3600)
    minutes = remaining // 60
    if lang.startswith("zh"):
        if days:
            return f"{sign}{days}天{hours}小时"
        if hours:
            return f"{sign}{hours}小时{minutes}分"
        return f"{sign}{minutes}分钟"
    if days:
        return f"{sign}{days}d {hours}h"
    if hours:
        return f"{sign}{hours}h {minutes}m"
    return f"{sign}{minutes}m"
