"""A shop's business calendar: working days, cut-off time, holidays and platform-declared pauses.

Two clocks use it. A promise in hours (Taobao's 48 h) runs day and night but stops during a pause
the platform declared (Spring Festival: "orders paid in the pause ship after it"). A promise in
working days (Amazon/eBay handling time, "ships within 2 working days") counts whole working days:
an order paid after the cut-off, or on a day off, counts from the next working day, and it must ship
by the end of the last working day (Amazon: latest ship date = order date + handling time in
business days; orders after the cut-off count from the next business day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

HOLIDAY = "holiday"  # the shop does not work: no working-day clock
PAUSE = "pause"  # the platform stopped every clock (hours too)
WORKDAY = "workday"  # a working day although its weekday is not (调休: a Saturday worked)
KINDS = (HOLIDAY, PAUSE, WORKDAY)
# How far ahead a clock looks for working time before it gives up (a calendar with no working day).
_HORIZON_DAYS = 3 * 366


@dataclass(frozen=True)
class CalendarEntry:
    kind: str
    starts_on: date
    ends_on: date  # included
    note: str = ""
    id: int | None = None

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


@dataclass(frozen=True)
class BusinessCalendar:
    tz: tzinfo
    working_weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})  # ISO: Monday 1 … Sunday 7
    cutoff: time | None = None  # paid after this (local) counts from the next working day
    entries: tuple[CalendarEntry, ...] = field(default=())

    def _kind_on(self, day: date, kind: str) -> bool:
        return any(e.kind == kind and e.covers(day) for e in self.entries)

    def is_paused(self, day: date) -> bool:
        return self._kind_on(day, PAUSE)

    def is_working_day(self, day: date) -> bool:
        if self.is_paused(day):
            return False
        if self._kind_on(day, WORKDAY):
            return True
        return day.isoweekday() in self.working_weekdays and not self._kind_on(day, HOLIDAY)

    def add_hours(self, start: int, hours: float) -> int:
        """`hours` of clock time after `start` (epoch seconds), the clock stopped during pauses."""
        remaining = round(hours * 3600)
        if not any(e.kind == PAUSE for e in self.entries):
            return start + remaining  # no pause declared: the clock never stops
        at = start
        for pause_start, pause_end in self._pause_spans(start):
            if pause_end <= at:
                continue
            if pause_start <= at:  # paid during a pause: the clock starts when it ends
                at = pause_end
                continue
            if at + remaining <= pause_start:
                break
            remaining -= pause_start - at
            at = pause_end
        return at + remaining

    def add_working_days(self, start: int, days: int) -> int:
        """The end of the `days`-th working day after the day `start` counts for (that day itself
        when `days` is 0: same-day handling). Raises ValueError when the calendar has no working day."""
        day = self._first_counted_day(start)
        counted = 0
        for _ in range(_HORIZON_DAYS):
            if counted == days:
                return self._day_end(day)
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        raise ValueError("no working day in the next three years: check the working days and pauses")

    def _first_counted_day(self, start: int) -> date:
        local = datetime.fromtimestamp(start, self.tz)
        day = local.date()
        late = self.cutoff is not None and local.time() > self.cutoff
        if self.is_working_day(day) and not late:
            return day
        for _ in range(_HORIZON_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError("no working day in the next three years: check the working days and pauses")

    def _day_start(self, day: date) -> int:
        return int(datetime.combine(day, time(0), self.tz).timestamp())

    def _day_end(self, day: date) -> int:
        return self._day_start(day + timedelta(days=1)) - 1

    def _pause_spans(self, start: int) -> list[tuple[int, int]]:
        """Pauses as [start, end) epoch spans from local midnight to midnight, merged and sorted."""
        first_day = datetime.fromtimestamp(start, self.tz).date()
        spans = sorted(
            (self._day_start(e.starts_on), self._day_start(e.ends_on + timedelta(days=1)))
            for e in self.entries
            if e.kind == PAUSE and e.ends_on >= first_day - timedelta(days=1)
        )
        merged: list[tuple[int, int]] = []
        for begin, end in spans:
            if merged and begin <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((begin, end))
        return merged


def parse_weekdays(value: object) -> frozenset[int]:
    """Working weekdays from settings: a list of ISO weekday numbers (Monday 1 … Sunday 7)."""
    if not isinstance(value, list | tuple) or not value:
        raise ValueError("a list of weekday numbers, Monday 1 … Sunday 7, e.g. [1, 2, 3, 4, 5]")
    days = set()
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or not 1 <= item <= 7:
            raise ValueError("a list of weekday numbers, Monday 1 … Sunday 7, e.g. [1, 2, 3, 4, 5]")
        days.add(item)
    return frozenset(days)


def parse_cutoff(value: object) -> time | None:
    """A cut-off time of day, "HH:MM", or empty for none."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("a time of day like 16:00, or empty for none")


def check_entry(kind: str, starts_on: date, ends_on: date) -> None:
    if kind not in KINDS:
        raise ValueError(f"the kind must be one of {', '.join(KINDS)}, not '{kind}'")
    if ends_on < starts_on:
        raise ValueError(f"it ends ({ends_on}) before it starts ({starts_on})")
    if (ends_on - starts_on).days > 366:
        raise ValueError("a holiday or pause longer than a year is surely a typing mistake")
