"""Help-rate windows, headroom, status, look-ahead, what-if and streaks, against a real store."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seller_assistant.core import helprate
from seller_assistant.core.orders import OrderRecord
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import events, open_store, orders, shops, upkeep, work_orders
from seller_assistant.store.risk import daily_trend, events_by_kind_and_reason, risk_report
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

DAY = 86400
WEEK_AGO = NOW_EPOCH - 7 * DAY


def _orders(store, *paid_times, shipped=True, promise_hours=48.0, prefix="39000000000000000"):
    records = [
        OrderRecord(
            order_no=f"{prefix}{i:02d}",
            buyer=f"买家{i}",
            status="shipped" if shipped else "paid",
            item_title="陶瓷杯",
            paid_at=paid,
            shipped_at=(paid + 3600) if shipped else None,
        )
        for i, paid in enumerate(paid_times)
    ]
    orders.insert_orders(store, 1, records, promise_hours, NOW_EPOCH, "manual")
    return {r.order_no: orders.find_order(store, 1, r.order_no)["id"] for r in records}


def _event(store, order_id, kind, at, reason=None):
    events.add_event(store, 1, order_id, kind, at, NOW_EPOCH, reason)


# --- pure figures ----------------------------------------------------------------------------


def test_rate_equal_to_threshold_is_not_over():
    figures = helprate.window_figures("7d", 7, 3, 200, 0.015, warning_margin=0)
    assert figures.rate == 0.015
    assert figures.status == "warning"  # headroom 0 is within a margin of 0, but not over
    assert figures.headroom == 0


def test_headroom_uses_exact_decimals_not_float_floor():
    # 0.015 * 200 in floats is 2.9999999999999996; floor would wrongly give 2.
    assert helprate.headroom(0, 200, 0.015) == 3
    assert helprate.headroom(0, 100, 0.07) == 7  # 0.07 * 100 = 7.000000000000001 in floats


def test_headroom_is_negative_once_over_and_status_is_over():
    figures = helprate.window_figures("30d", 30, 5, 100, 0.02)
    assert figures.headroom == -3
    assert figures.status == "over"


def test_one_past_the_margin_is_ok_and_at_the_margin_is_warning():
    assert helprate.window_figures("7d", 7, 0, 100, 0.02).status == "ok"  # headroom 2 > margin 1
    assert helprate.window_figures("7d", 7, 1, 100, 0.02).status == "warning"  # headroom 1


def test_open_situations_outnumbering_headroom_give_a_warning():
    assert helprate.window_figures("7d", 7, 0, 500, 0.02, at_risk=10).status == "ok"  # 10 = headroom
    assert helprate.window_figures("7d", 7, 0, 500, 0.02, at_risk=11).status == "warning"


def test_no_orders_and_no_events_is_a_zero_rate():
    figures = helprate.window_figures("7d", 7, 0, 0, 0.02)
    assert figures.rate == 0.0
    assert figures.status == "warning"  # any single event would put the window over


def test_events_without_orders_have_no_rate_and_count_as_over():
    figures = helprate.window_figures("7d", 7, 2, 0, 0.02)
    assert figures.rate is None
    assert figures.status == "over"
    assert figures.headroom == -2


def test_without_a_threshold_the_status_is_unknown():
    figures = helprate.window_figures("7d", 7, 1, 10, None)
    assert (figures.status, figures.headroom) == ("unknown", None)


def test_what_if_adds_events_and_spends_the_at_risk_situations():
    today = helprate.window_figures("7d", 7, 1, 200, 0.015, at_risk=3)
    assert (today.headroom, today.status) == (2, "warning")  # three open situations outnumber 2
    worse = helprate.what_if(today, 3)
    assert (worse.events, worse.headroom, worse.status) == (4, -1, "over")
    assert worse.at_risk == 0
    assert helprate.what_if(today, 0) == today


def test_streak_is_whole_days_since_the_last_event():
    assert helprate.streak_days(None, NOW_EPOCH) is None
    assert helprate.streak_days(NOW_EPOCH - 7 * DAY, NOW_EPOCH) == 7
    assert helprate.streak_days(NOW_EPOCH - 7 * DAY + 1, NOW_EPOCH) == 6


# --- windows in the store --------------------------------------------------------------------


def test_event_exactly_seven_days_old_is_outside_the_window(store):
    ids = _orders(store, NOW_EPOCH - DAY)
    _event(store, ids["3900000000000000000"], "dispute", WEEK_AGO)
    report = risk_report(store, 1, NOW_EPOCH)
    assert report.help_rate["7d"].events == 0
    assert report.help_rate["30d"].events == 1


def test_event_one_second_inside_seven_days_counts(store):
    ids = _orders(store, NOW_EPOCH - DAY)
    _event(store, ids["3900000000000000000"], "dispute", WEEK_AGO + 1)
    assert risk_report(store, 1, NOW_EPOCH).help_rate["7d"].events == 1


def test_order_paid_exactly_now_is_in_and_exactly_a_window_ago_is_out(store):
    _orders(store, NOW_EPOCH, WEEK_AGO, WEEK_AGO + 1, NOW_EPOCH - 30 * DAY, NOW_EPOCH + 1)
    report = risk_report(store, 1, NOW_EPOCH)
    assert report.help_rate["7d"].orders == 2  # now, and a week ago + 1 s; the future one is not yet
    assert report.help_rate["30d"].orders == 3  # plus the one exactly a week ago


def test_events_stack_on_one_order(store):
    ids = _orders(store, NOW_EPOCH - 2 * DAY, *[NOW_EPOCH - 3 * DAY] * 99)
    order_id = ids["3900000000000000000"]
    for kind in ("dispute", "complaint", "intervention", "ticket_timeout"):
        _event(store, order_id, kind, NOW_EPOCH - DAY)
    week = risk_report(store, 1, NOW_EPOCH).help_rate["7d"]
    assert (week.events, week.orders, week.rate) == (4, 100, 0.04)
    assert week.by_kind == {"dispute": 1, "complaint": 1, "intervention": 1, "ticket_timeout": 1}
    assert week.headroom == -2 and week.status == "over"  # threshold 2 %: floor(2) − 4


def test_events_with_no_orders_in_window_are_over(store):
    ids = _orders(store, NOW_EPOCH - 20 * DAY)
    _event(store, ids["3900000000000000000"], "complaint", NOW_EPOCH - DAY)
    week = risk_report(store, 1, NOW_EPOCH).help_rate["7d"]
    assert (week.orders, week.events, week.rate, week.status) == (0, 1, None, "over")


def test_command_line_threshold_wins_over_the_setting(store):
    _orders(store, *[NOW_EPOCH - DAY] * 200)
    report = risk_report(store, 1, NOW_EPOCH, threshold=0.015)
    assert report.help_rate["7d"].threshold == 0.015
    assert report.help_rate["7d"].headroom == 3


def test_no_threshold_gives_unknown_and_an_info_alert_to_enter_it(store):
    shops.save_settings(
        store, 1, shops.load_settings(store, 1).updated(help_rate_threshold=None, language="en")
    )
    _orders(store, NOW_EPOCH - DAY)
    report = risk_report(store, 1, NOW_EPOCH)
    assert report.help_rate["7d"].status == "unknown"
    missing = [a for a in report.alerts if a.kind == "threshold_missing"]
    assert missing and missing[0].severity == "info"
    assert "category's average" in missing[0].message_en


def test_few_orders_in_the_week_are_said_plainly(store):
    _orders(store, *[NOW_EPOCH - DAY] * 50)
    few = [a for a in risk_report(store, 1, NOW_EPOCH).alerts if a.kind == "few_orders"]
    assert len(few) == 1
    assert "one event moves the platform help rate by 2%" in few[0].message_en
    assert "50 笔订单" in few[0].message_zh


def test_late_order_alert_names_how_late_it_is(store):
    _orders(store, NOW_EPOCH - 48 * 3600 - (3 * 3600 + 20 * 60), shipped=False)
    report = risk_report(store, 1, NOW_EPOCH)
    assert [o.order_no for o in report.ship_late] == ["3900000000000000000"]
    first = report.alerts[0]
    assert (first.severity, first.kind) == ("critical", "ship_late")
    assert first.message_zh == "订单 3900000000000000000 已超过承诺发货时间 3小时20分"
    assert first.message_en == "Order 3900000000000000000 is 3h 20m past its promised ship time"


def test_open_situations_turn_a_roomy_window_into_a_warning(store):
    # 200 orders at 2 %: headroom 4. Five unshipped, late orders outnumber it.
    _orders(store, *[NOW_EPOCH - DAY] * 195)
    _orders(store, *[NOW_EPOCH - 3 * DAY] * 5, shipped=False, prefix="39100000000000000")
    report = risk_report(store, 1, NOW_EPOCH)
    assert report.at_risk_count == 5
    week = report.help_rate["7d"]
    assert (week.headroom, week.status) == (4, "warning")


def test_overdue_work_order_becomes_one_ticket_timeout_event(store):
    ids = _orders(store, NOW_EPOCH - DAY)
    work_orders.open_work_order(
        store, 1, ids["3900000000000000000"], NOW_EPOCH - 3 * 3600, NOW_EPOCH - 3600, NOW_EPOCH
    )
    assert risk_report(store, 1, NOW_EPOCH).help_rate["7d"].by_kind == {}  # the report only reads
    assert upkeep.record_due(store, 1, NOW_EPOCH) == 1  # the minute's upkeep records the timeout
    upkeep.record_due(store, 1, NOW_EPOCH)
    report = risk_report(store, 1, NOW_EPOCH)
    assert report.help_rate["7d"].by_kind == {"ticket_timeout": 1}
    assert report.streaks["ticket_timeout"] == 0
    assert [w.order_no for w in report.work_orders_overdue] == ["3900000000000000000"]


def test_lookahead_shows_the_day_a_bad_event_stops_counting(store):
    _orders(store, *[NOW_EPOCH - 10 * DAY] * 100)  # orders outside the week
    ids = _orders(store, *[NOW_EPOCH - 6 * DAY - 3600] * 50, prefix="39200000000000000")
    _orders(store, *[NOW_EPOCH - DAY] * 50, prefix="39300000000000000")
    _event(store, ids["3920000000000000000"], "dispute", NOW_EPOCH - 6 * DAY - 3600)
    _event(store, ids["3920000000000000001"], "complaint", NOW_EPOCH - 2 * DAY)
    report = risk_report(store, 1, NOW_EPOCH)
    assert (report.help_rate["7d"].events, report.help_rate["7d"].orders) == (2, 100)
    tomorrow = report.lookahead[0]
    assert (tomorrow.day_offset, tomorrow.date) == (1, "2026-11-26")
    assert (tomorrow.figures["7d"].events, tomorrow.figures["7d"].orders) == (1, 50)
    assert tomorrow.figures["7d"].by_kind == {"complaint": 1}
    assert tomorrow.figures["30d"].events == 2
    in_five = report.lookahead[4]  # now + 5 days: the complaint (2 days old) is 7 days old: out
    assert (in_five.figures["7d"].events, in_five.figures["7d"].orders) == (0, 50)
    assert len(report.lookahead) == 7


def test_streaks_count_days_since_each_kind_and_none_if_never(store):
    ids = _orders(store, NOW_EPOCH - 100 * DAY)
    order_id = ids["3900000000000000000"]
    _event(store, order_id, "dispute", NOW_EPOCH - 60 * DAY)
    _event(store, order_id, "dispute", NOW_EPOCH - 45 * DAY - 1)
    _event(store, order_id, "complaint", NOW_EPOCH - 3 * 3600)
    _event(store, order_id, "complaint", NOW_EPOCH + DAY)  # a future time is not history yet
    streaks = risk_report(store, 1, NOW_EPOCH).streaks
    assert streaks == {"dispute": 45, "complaint": 0, "intervention": None, "ticket_timeout": None}


def test_daily_trend_last_point_matches_the_report_and_earlier_points_age(store):
    ids = _orders(store, *[NOW_EPOCH - 2 * DAY] * 100)
    _event(store, ids["3900000000000000000"], "dispute", NOW_EPOCH - DAY)
    trend = daily_trend(store, 1, NOW_EPOCH, days=90)
    assert len(trend) == 90
    last, before = trend[-1], trend[-4]
    assert (last.at, last.events_7d, last.orders_7d, last.rate_7d) == (NOW_EPOCH, 1, 100, 0.01)
    assert (before.events_7d, before.orders_7d, before.rate_7d) == (0, 0, 0.0)  # three days back: nothing
    assert (trend[-3].orders_7d, trend[-3].events_7d) == (100, 0)  # paid exactly then: in; event not yet
    assert trend[-1].day_start == NOW_EPOCH - 9 * 3600  # local midnight in Shanghai


def test_events_by_kind_and_reason_counts_the_window(store):
    ids = _orders(store, NOW_EPOCH - 2 * DAY)
    order_id = ids["3900000000000000000"]
    _event(store, order_id, "dispute", NOW_EPOCH - DAY, "quality")
    _event(store, order_id, "complaint", NOW_EPOCH - DAY, "quality")
    _event(store, order_id, "complaint", NOW_EPOCH - DAY)
    _event(store, order_id, "complaint", NOW_EPOCH - 40 * DAY, "logistics")
    counts = events_by_kind_and_reason(store, 1, NOW_EPOCH, 30)
    assert counts["total"] == 3
    assert counts["by_kind"] == {"complaint": 2, "dispute": 1}
    assert counts["by_reason"] == {"quality": 2, "unspecified": 1}
    assert counts["by_kind_and_reason"]["complaint"] == {"quality": 1, "unspecified": 1}


# --- property: the store's rate equals a naive recount ----------------------------------------

_SPAN = 40 * DAY
_times = st.integers(min_value=NOW_EPOCH - _SPAN, max_value=NOW_EPOCH + DAY)


@pytest.mark.sqlite_only(
    reason="hypothesis makes hundreds of stores; the rates' queries run on PostgreSQL in this module's other tests"
)
@settings(max_examples=40, deadline=None)
@given(
    paid=st.lists(_times, max_size=40),
    event_times=st.lists(
        st.tuples(_times, st.sampled_from(["dispute", "complaint", "intervention", "ticket_timeout"])),
        max_size=25,
    ),
    threshold=st.sampled_from([0.01, 0.015, 0.02, 0.05, 0.1, 0.3]),
    edge=st.booleans(),
)
def test_rates_match_a_naive_recount(paid, event_times, threshold, edge):
    if edge:  # make the exact window boundaries likely
        paid = paid + [NOW_EPOCH - 7 * DAY, NOW_EPOCH - 30 * DAY, NOW_EPOCH]
        event_times = event_times + [(NOW_EPOCH - 7 * DAY, "dispute"), (NOW_EPOCH - 7 * DAY + 1, "complaint")]
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "p.db")
        try:
            shops.create_shop(
                store, ShopSettings(name="p", timezone="Asia/Shanghai", help_rate_threshold=threshold)
            )
            ids = _orders(store, *(paid or [NOW_EPOCH - 50 * DAY]))
            first = next(iter(ids.values()))
            for at, kind in event_times:
                _event(store, first, kind, at)
            report = risk_report(store, 1, NOW_EPOCH)
            for days in (7, 30):
                lo = NOW_EPOCH - days * DAY
                n_events = sum(1 for at, _ in event_times if lo < at <= NOW_EPOCH)
                n_orders = sum(1 for at in paid if lo < at <= NOW_EPOCH)
                figures = report.help_rate[f"{days}d"]
                assert (figures.events, figures.orders) == (n_events, n_orders)
                expected = (0.0 if not n_events else None) if n_orders == 0 else n_events / n_orders
                assert figures.rate == expected
                over = n_events > 0 if n_orders == 0 else n_events * 1000 > round(threshold * 1000) * n_orders
                assert (figures.status == "over") == over
                if n_orders:
                    assert figures.headroom == (round(threshold * 1000) * n_orders) // 1000 - n_events
        finally:
            store.close()
