"""The business calendar: working days, cut-off, holidays, pauses; the CLI that keeps them per shop."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seller_assistant.core.business_calendar import BusinessCalendar, CalendarEntry
from seller_assistant.store import open_store, orders

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

NEW_YORK = ZoneInfo("America/New_York")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str, tz=SHANGHAI) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=tz).timestamp())


def test_friday_evening_order_with_two_working_days_is_due_tuesday_night():
    us = BusinessCalendar(NEW_YORK)
    assert us.add_working_days(at("2026-11-27T19:30", NEW_YORK), 2) == at("2026-12-01T23:59:59", NEW_YORK)


def test_an_order_after_the_cut_off_counts_from_the_next_working_day():
    us = BusinessCalendar(NEW_YORK, cutoff=time(14, 0))
    assert us.add_working_days(at("2026-11-27T19:30", NEW_YORK), 2) == at("2026-12-02T23:59:59", NEW_YORK)
    assert us.add_working_days(at("2026-11-27T13:59", NEW_YORK), 2) == at("2026-12-01T23:59:59", NEW_YORK)
    # Paid on Saturday: the clock starts Monday, whatever the hour.
    assert us.add_working_days(at("2026-11-28T09:00", NEW_YORK), 0) == at("2026-11-30T23:59:59", NEW_YORK)


def test_holidays_are_skipped_and_an_extra_workday_counts():
    national_day = CalendarEntry("holiday", date(2026, 10, 1), date(2026, 10, 7), "国庆")
    makeup = CalendarEntry("workday", date(2026, 10, 10), date(2026, 10, 10), "调休")
    shop = BusinessCalendar(SHANGHAI, entries=(national_day, makeup))
    # Paid Wednesday 30 Sept, 1 working day: 1-7 Oct off, Thursday 8 Oct.
    assert shop.add_working_days(at("2026-09-30T10:00"), 1) == at("2026-10-08T23:59:59")
    # Paid Friday 9 Oct, 1 working day: Saturday 10 Oct is a working day (调休).
    assert shop.add_working_days(at("2026-10-09T10:00"), 1) == at("2026-10-10T23:59:59")


def test_a_spring_festival_pause_moves_an_hours_deadline_by_its_length():
    pause = CalendarEntry("pause", date(2027, 2, 5), date(2027, 2, 11), "春节停发")
    shop = BusinessCalendar(SHANGHAI, entries=(pause,))
    paid = at("2027-02-04T10:00")
    assert BusinessCalendar(SHANGHAI).add_hours(paid, 48) == at("2027-02-06T10:00")
    assert shop.add_hours(paid, 48) == at("2027-02-06T10:00") + 7 * 86400
    # Paid during the pause: the 48 hours start when it ends.
    assert shop.add_hours(at("2027-02-08T15:00"), 48) == at("2027-02-14T00:00")
    # A pause before payment or after the deadline changes nothing; weekends do not stop hours.
    assert shop.add_hours(at("2027-02-20T10:00"), 48) == at("2027-02-22T10:00")


_DAYS = st.integers(min_value=0, max_value=120)


@st.composite
def pauses(draw):
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        first = date(2027, 1, 1) + timedelta(days=draw(_DAYS))
        spans.append(CalendarEntry("pause", first, first + timedelta(days=draw(st.integers(0, 10)))))
    return tuple(spans)


@settings(max_examples=100, deadline=None)
@given(pauses(), st.integers(0, 150 * 86400), st.floats(min_value=0, max_value=24 * 30))
def test_the_hours_clock_runs_exactly_the_promised_time_outside_pauses(entries, offset, hours):
    shop = BusinessCalendar(SHANGHAI, entries=entries)
    start = at("2027-01-01T00:00") + offset
    due = shop.add_hours(start, hours)
    paused = {d for e in entries for d in range(e.days) for d in [e.starts_on + timedelta(days=d)]}
    running = (
        sum(
            1
            for second in range(start, due, 60)
            if datetime.fromtimestamp(second, SHANGHAI).date() not in paused
        )
        * 60
    )
    assert abs(running - round(hours * 3600)) <= 60
    if not entries:
        assert due == start + round(hours * 3600)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 200 * 86400),
    st.integers(0, 15),
    st.frozensets(st.integers(1, 7), min_size=1),
    st.one_of(st.none(), st.times()),
)
def test_working_days_end_at_night_on_a_working_day_after_exactly_n_working_days(
    offset, days, weekdays, cutoff
):
    shop = BusinessCalendar(NEW_YORK, frozenset(weekdays), cutoff)
    start = at("2027-01-01T00:00", NEW_YORK) + offset
    due = datetime.fromtimestamp(shop.add_working_days(start, days), NEW_YORK)
    assert due.time() == time(23, 59, 59) and due.isoweekday() in weekdays
    paid = datetime.fromtimestamp(start, NEW_YORK)
    between = [paid.date() + timedelta(days=n) for n in range(1, (due.date() - paid.date()).days + 1)]
    counted = sum(1 for day in between if day.isoweekday() in weekdays)
    starts_same_day = paid.isoweekday() in weekdays and (cutoff is None or paid.time() <= cutoff)
    assert counted == (days if starts_same_day else days + 1)


def _amazon_unshipped(path):
    # Amazon's Unshipped Orders report is tab-separated with these column names (Seller Central help,
    # "Unshipped Orders Report"); purchase-date is ISO 8601 with an offset. Only the columns read here.
    path.write_text(
        "order-id\tpurchase-date\tproduct-name\tquantity-purchased\n"
        "112-3456789-1234567\t2026-11-27T19:30:00-05:00\tMaple syrup gift box\t1\n",
        encoding="utf-8",
    )
    return path


def test_amazon_friday_evening_order_shipped_monday_is_on_time(cli, store_location, tmp_path):
    assert (
        cli("shop", "add", "Maple Goods", "--platform", "amazon", "--timezone", "America/New_York").code == 0
    )
    assert cli("settings", "--set", "ship_promise_working_days=2").code == 0
    result = cli(
        "import-orders",
        str(_amazon_unshipped(tmp_path / "unshipped.txt")),
        "--format",
        "generic",
        "--map",
        "order_no=order-id",
        "--map",
        "paid_at=purchase-date",
        "--map",
        "item_title=product-name",
    )
    assert result.code == 0, result.err
    assert (
        cli(
            "ship",
            "112-3456789-1234567",
            "--at",
            "2026-11-30T10:00:00-05:00",
            "--tracking",
            "1Z999AA10123456784",
            "--carrier",
            "UPS",
        ).code
        == 0
    )
    store = open_store(store_location)
    row = orders.find_order(store, 1, "112-3456789-1234567")
    store.close()
    assert row["promised_ship_at"] == at("2026-12-01T23:59:59", NEW_YORK)
    assert row["shipped_at"] < row["promised_ship_at"]


def test_a_pause_added_with_the_cli_moves_the_open_orders_deadline(cli, store_location, tmp_path):
    from tests.builders.taobao_export import PAID, order, write_taobao_export

    cli("shop", "add", "青瓷小铺", "--platform", "taobao", "--timezone", "Asia/Shanghai")
    export = write_taobao_export(
        tmp_path / "订单报表.csv", [order("3900000000000000001", status=PAID, paid="2027-02-04 10:00:00")]
    )
    assert cli("import-orders", str(export)).code == 0
    added = cli("calendar", "add", "pause", "2027-02-05", "2027-02-11", "--note", "春节停发")
    assert added.code == 0, added.err
    assert "orders whose deadline changed: 1." in added.out or "订单：1 个" in added.out
    store = open_store(store_location)
    assert orders.find_order(store, 1, "3900000000000000001")["promised_ship_at"] == at("2027-02-13T10:00")
    store.close()
    listed = json.loads(cli("calendar", "list", "--json").out)
    assert listed == [
        {"id": 1, "kind": "pause", "starts_on": "2027-02-05", "ends_on": "2027-02-11", "note": "春节停发"}
    ]
    assert cli("calendar", "remove", "1").code == 0
    store = open_store(store_location)
    assert orders.find_order(store, 1, "3900000000000000001")["promised_ship_at"] == at("2027-02-06T10:00")
    store.close()


def test_calendar_mistakes_are_one_sentence(cli):
    cli("shop", "add", "青瓷小铺", "--platform", "taobao", "--timezone", "Asia/Shanghai")
    backwards = cli("calendar", "add", "holiday", "2026-10-07", "2026-10-01")
    assert backwards.code == 2 and "before it starts" in backwards.err
    assert cli("calendar", "add", "vacation", "2026-10-01").code == 2
    assert "no entry number 9" in cli("calendar", "remove", "9").err
    bad = cli("settings", "--set", "cutoff_time=late")
    assert bad.code == 2 and "cutoff_time" in bad.err
    bad = cli("settings", "--set", "working_weekdays=[0,8]")
    assert bad.code == 2 and "working_weekdays" in bad.err
    shown = json.loads(
        cli("settings", "--set", "cutoff_time=16:00", "--set", "working_weekdays=[1,2,3,4,5,6]", "--json").out
    )
    assert (shown["cutoff_time"], shown["working_weekdays"]) == ("16:00", [1, 2, 3, 4, 5, 6])
