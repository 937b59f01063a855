"""Whether a buyer's message was answered in time (Amazon's "response time under 24 hours")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import cache

ON_TIME, LATE, WAITING = "on_time", "late", "waiting"


def reply_outcome(asked_at: int, replied_at: int | None, now: int, within_seconds: int) -> str:
    """A buyer's message (the first of a run of buyer messages) and the shop's next message after it.

    Answered within the limit: on time; answered later, or still unanswered past the limit: late;
    unanswered but still inside the limit: waiting, which Amazon does not count yet (and neither do we).
    The clock runs on weekends and holidays too: Amazon counts them."""
    if replied_at is not None and replied_at <= now:
        return ON_TIME if replied_at - asked_at <= within_seconds else LATE
    return LATE if now - asked_at > within_seconds else WAITING


def in_hours(at: int, tz: tzinfo, hours: tuple[int, int]) -> bool:
    """Asked within the hours a platform judges replies in (Douyin: 08:00 to 23:00, shop's time)."""
    return hours[0] <= datetime.fromtimestamp(at, tz).hour < hours[1]


# Every time zone's offset, and every change of it, falls on a quarter hour of UTC (Asia/Kathmandu
# +5:45, Lord Howe's half-hour summer time): within one quarter the local hour cannot change.
_QUARTER = 900


def in_hours_test(tz: tzinfo, hours: tuple[int, int]) -> Callable[[int], bool]:
    """`in_hours` for many times in one zone: worked out once per quarter hour of UTC, not per
    message (90 days of a busy shop's questions are ~350 000 `datetime` conversions otherwise)."""

    @cache
    def quarter(number: int) -> bool:
        return in_hours(number * _QUARTER, tz, hours)

    return lambda at: quarter(at // _QUARTER)


def quarters_in_hours(tz: tzinfo, hours: tuple[int, int], first: int, last: int) -> set[int]:
    """The quarter hours of UTC numbered first … last that `in_hours` keeps, worked out a UTC day
    at a time: where the zone's offset is the same at a day's first and last quarter it held all day
    (no zone changes its offset twice within a day), and each quarter's local hour is arithmetic;
    on a day of a change, quarter by quarter. 90 days are 180 conversions instead of 8 640."""
    kept: set[int] = set()
    per_day = 86400 // _QUARTER
    start = first
    while start <= last:
        end = min(last, (start // per_day + 1) * per_day - 1)
        offset = datetime.fromtimestamp(start * _QUARTER, tz).utcoffset()
        if offset is not None and offset == datetime.fromtimestamp(end * _QUARTER, tz).utcoffset():
            seconds = int(offset.total_seconds())
            kept.update(
                q
                for q in range(start, end + 1)
                if hours[0] <= (q * _QUARTER + seconds) // 3600 % 24 < hours[1]
            )
        else:
            kept.update(q for q in range(start, end + 1) if in_hours(q * _QUARTER, tz, hours))
        start = end + 1
    return kept
