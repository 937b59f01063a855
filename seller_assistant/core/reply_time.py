"""Whether a buyer's message was answered in time (Amazon's "response time under 24 hours")."""

from __future__ import annotations

ON_TIME, LATE, WAITING = "on_time", "late", "waiting"


def reply_outcome(asked_at: int, replied_at: int | None, now: int, within_seconds: int) -> str:
    """A buyer's message (the first of a run of buyer messages) and the shop's next message after it.

    Answered within the limit: on time; answered later, or still unanswered past the limit: late;
    unanswered but still inside the limit: waiting, which Amazon does not count yet (and neither do we).
    The clock runs on weekends and holidays too: Amazon counts them."""
    if replied_at is not None and replied_at <= now:
        return ON_TIME if replied_at - asked_at <= within_seconds else LATE
    return LATE if now - asked_at > within_seconds else WAITING
