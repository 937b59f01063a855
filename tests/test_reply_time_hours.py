"""Douyin judges replies only to messages sent 08:00-23:00 shop time: the quarter hours of UTC kept
for a window, worked out a day at a time (core/reply_time.quarters_in_hours), are the ones a
conversion of every quarter keeps, in zones whose offset changes in the window (New York's and
Lord Howe's summer time, Lord Howe's by half an hour), one on a quarter-hour offset (Kathmandu,
+5:45) and the shops' usual Shanghai."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from seller_assistant.core.reply_time import in_hours, quarters_in_hours

QUARTER = 900


@pytest.mark.parametrize(
    "zone", ["Asia/Shanghai", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"]
)
@pytest.mark.parametrize("hours", [(8, 23), (0, 24), (22, 24)])
def test_quarters_kept_day_by_day_are_those_kept_one_by_one(zone, hours):
    tz = ZoneInfo(zone)
    # 2026-02-20 … 2026-11-20 plus a few odd quarters: both of New York's changes (March 8,
    # November 1), Lord Howe's (April 5, October 4), windows starting and ending mid-day.
    first, last = 1771545600 // QUARTER + 37, 1795132800 // QUARTER + 5
    kept = quarters_in_hours(tz, hours, first, last)
    assert kept == {q for q in range(first, last + 1) if in_hours(q * QUARTER, tz, hours)}
    assert 0 < len(kept) <= last - first + 1
