"""Deadline states at an instant: late, due soon, or fine. Times are epoch seconds."""

from __future__ import annotations

LATE = "late"
DUE_SOON = "due_soon"
ON_TRACK = "on_track"


def deadline_state(deadline: int | None, now: int, lead_seconds: int) -> str | None:
    """`late` once now is past the deadline; `due_soon` when at most `lead_seconds` remain.

    A deadline exactly equal to now is not yet late (late means now > deadline); None means
    there is no deadline to keep (not paid yet, or already shipped/answered)."""
    if deadline is None:
        return None
    if now > deadline:
        return LATE
    if deadline - now <= lead_seconds:
        return DUE_SOON
    return ON_TRACK
