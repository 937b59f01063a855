"""Whether a buyer's message was answered in time (Amazon's "response time under 24 hours")."""

from __future__ import annotations

from datetime import datetime, tzinfo

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
