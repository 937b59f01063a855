"""Marketplace profiles: the shipped rules files, their validation, and metrics other than Taobao's."""

from __future__ import annotations

import pytest

from seller_assistant.core.errors import UserError
from seller_assistant.core.orders import OrderRecord
from seller_assistant.core.profiles import load_profile_file, load_profiles, profile_for_platform
from seller_assistant.core.settings import PLATFORMS
from seller_assistant.store import events, orders, shops
from seller_assistant.store.risk import risk_report
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

DAY = 86400
HOUR = 3600


def test_every_platform_has_a_profile_and_tmall_shares_taobaos():
    for platform in PLATFORMS:
        assert profile_for_platform(platform).metrics
    assert profile_for_platform("tmall") is profile_for_platform("taobao")
    assert set(load_profiles()) == {"taobao", "pinduoduo", "douyin", "jd", "amazon", "ebay", "other"}


@pytest.mark.parametrize("platform", ["taobao", "tmall"])
def test_taobao_and_tmall_watch_the_four_kinds_over_7_and_30_days_with_the_shops_threshold(platform):
    metric = profile_for_platform(platform).help_rate_metric
    assert metric.kinds == ("dispute", "complaint", "intervention", "ticket_timeout")
    assert metric.windows == (7, 30)
    assert metric.threshold is None and metric.shop_sets_threshold
    assert metric.denominator == "orders_paid"
    assert (metric.unit, metric.dated_by, metric.exclude) == ("events", "event", ())


def test_pinduoduo_jd_and_douyin_have_their_own_metrics_not_a_copy_of_taobaos():
    assert [m.id for m in profile_for_platform("pinduoduo").metrics] == [
        "dispute_refund_rate",
        "quality_refund_rate",
        "late_shipment_rate",
    ]
    assert profile_for_platform("jd").metrics[0].id == "dispute_rate"
    assert profile_for_platform("douyin").health_name("zh") == "商家体验分"
    for platform in ("pinduoduo", "jd", "douyin"):
        assert profile_for_platform(platform).help_rate_metric is None


def test_amazon_has_its_account_health_metrics():
    amazon = profile_for_platform("amazon")
    odr, late, cancel = (
        amazon.metric(i) for i in ("order_defect_rate", "late_shipment_rate", "cancellation_rate")
    )
    assert (odr.windows, odr.threshold, odr.kinds) == (
        (60,),
        0.01,
        ("negative_feedback", "a_to_z_claim", "chargeback"),
    )
    assert (odr.unit, odr.dated_by) == ("orders", "order")
    assert "decided_for_seller" in odr.exclude
    assert (late.windows, late.threshold, late.counts, late.denominator) == (
        (10, 30),
        0.04,
        "late_shipments",
        "orders_shipped",
    )
    assert "fulfilled_by_platform" in late.exclude
    assert (cancel.windows, cancel.threshold) == ((7,), 0.025)
    tracking = amazon.metric("valid_tracking_rate")
    assert (tracking.threshold, tracking.higher_is_worse) == (0.95, False)
    assert amazon.help_rate_metric is None
    assert amazon.health_name("en") == "Account Health"


def test_ebay_limit_is_two_percent_with_half_a_percent_top_rated_over_a_volume_window():
    ebay = profile_for_platform("ebay")
    metric = ebay.metric("transaction_defect_rate")
    assert (metric.threshold, metric.top_rated, metric.denominator, metric.count_floor) == (
        0.02,
        0.005,
        "transactions",
        4,
    )
    assert (metric.volume_window.min_transactions, metric.volume_window.days_otherwise) == (400, 365)
    assert [level.id for level in ebay.levels] == ["top_rated", "above_standard", "below_standard"]


def _write(tmp_path, text: str):
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


_GOOD = """id = "x"
name_zh = "某平台"
name_en = "X"
platforms = ["other"]

[[metrics]]
id = "help_rate"
name_zh = "求助率"
name_en = "help rate"
counts = "events"
kinds = ["dispute"]
denominator = "orders_paid"
windows = [7, 30]
"""


def test_a_good_profile_file_loads(tmp_path):
    profile = load_profile_file(_write(tmp_path, _GOOD))
    assert profile.metrics[0].shop_sets_threshold  # no threshold: the shop enters it


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('denominator = "orders_paid"', 'denominator = "visitors"'), "metrics[0].denominator"),
        (('kinds = ["dispute"]', 'kinds = ["tantrum"]'), "metrics[0].kinds"),
        (("windows = [7, 30]", "windows = [7, 7]"), "metrics[0].windows"),
        (("windows = [7, 30]", "windows = [7, 30]\nthreshold = 2"), "metrics[0].threshold"),
        (('counts = "events"', 'counts = "vibes"'), "metrics[0].counts"),
        (('platforms = ["other"]', "platforms = []"), "platforms"),
        (('counts = "events"', 'counts = "events"\nunit = "people"'), "metrics[0].unit"),
        (('counts = "events"', 'counts = "events"\ndated_by = "moon"'), "metrics[0].dated_by"),
        (('counts = "events"', 'counts = "events"\nexclude = ["rainy_days"]'), "metrics[0].exclude"),
        (('counts = "events"', 'counts = "events"\ncount_floor = -1'), "metrics[0].count_floor"),
        (('counts = "events"', 'counts = "events"\nreasons = ["quality"]'), "metrics[0].reasons"),
        (
            ("windows = [7, 30]", "window_by_volume = { look_back_days = 90, min_transactions = 400 }"),
            "metrics[0].window_by_volume.days_if_at_least",
        ),
        (
            (
                "windows = [7, 30]",
                "windows = [7, 30]\nwindow_by_volume = { look_back_days = 90, min_transactions = 400, "
                "days_if_at_least = 90, days_otherwise = 365 }",
            ),
            "metrics[0].windows",
        ),
        (
            (
                "windows = [7, 30]",
                'windows = [7, 30]\n[[levels]]\nid = "top"\nname_zh = "优"\nname_en = "Top"\n'
                'rules = [{ metric = "nope", max = 0.01 }]',
            ),
            "levels[0].rules[0].metric",
        ),
        (
            (
                "windows = [7, 30]",
                'windows = [7, 30]\n[[levels]]\nid = "top"\nname_zh = "优"\nname_en = "Top"\n'
                'rules = [{ metric = "help_rate" }]',
            ),
            "levels[0].rules[0].max",
        ),
        (('counts = "events"', 'counts = "replies_on_time"'), "metrics[0].denominator"),
        (('counts = "events"', 'counts = "events"\nbad_en = ["late reply"]'), "metrics[0].bad_en"),
        (
            (
                "windows = [7, 30]",
                'windows = [7, 30]\n[[levels]]\nid = "top"\nname_zh = "优"\nname_en = "Top"\n'
                'min_sales = 1000.0\nsales_currency = "USD"',
            ),
            "levels[0].min_sales",
        ),
        (
            (
                "windows = [7, 30]",
                'windows = [7, 30]\n[[levels]]\nid = "top"\nname_zh = "优"\nname_en = "Top"\n'
                'min_sales = "1000.00"\nsales_currency = "dollars"',
            ),
            "levels[0].sales_currency",
        ),
        (
            (
                "windows = [7, 30]",
                'windows = [7, 30]\n[[levels]]\nid = "top"\nname_zh = "优"\nname_en = "Top"\n'
                'buyer_country = "United States"',
            ),
            "levels[0].buyer_country",
        ),
    ],
)
def test_a_bad_profile_names_the_file_and_key(tmp_path, change, key):
    with pytest.raises(UserError) as caught:
        load_profile_file(_write(tmp_path, _GOOD.replace(*change)))
    assert "broken.toml" in str(caught.value)
    assert f"'{key}'" in str(caught.value)


def test_a_profile_that_is_not_toml_names_the_file(tmp_path):
    with pytest.raises(UserError, match="broken.toml"):
        load_profile_file(_write(tmp_path, "id = \n"))


def _switch(store, platform: str) -> None:
    settings = shops.load_settings(store, 1).updated(
        platform=platform, help_rate_threshold=None, language="en"
    )
    shops.save_settings(store, 1, settings)


def test_amazon_late_shipment_rate_comes_from_the_orders_own_ship_times(store):
    _switch(store, "amazon")
    records = []
    for i in range(50):  # shipped 2 days ago; 3 of them after their promise (no latest ship date given)
        paid = NOW_EPOCH - 5 * DAY
        shipped = paid + (50 * HOUR if i < 3 else 20 * HOUR)
        records.append(
            OrderRecord(order_no=f"111-000000{i:02d}", status="shipped", paid_at=paid, shipped_at=shipped)
        )
    orders.insert_orders(store, 1, records, 48.0, NOW_EPOCH, "manual")
    report = risk_report(store, 1, NOW_EPOCH)
    late = report.metrics["late_shipment_rate"]
    assert (late["10d"].events, late["10d"].orders, late["10d"].rate) == (3, 50, 0.06)
    assert late["10d"].status == "over"  # 6 % > 4 %
    assert report.help_rate == {}
    assert set(report.to_json()["metrics"]) == {
        "order_defect_rate",
        "late_shipment_rate",
        "cancellation_rate",
        "valid_tracking_rate",
        "on_time_delivery_rate",
        "response_time_24h",
    }
    assert report.streaks == {
        "negative_feedback": None,
        "a_to_z_claim": None,
        "chargeback": None,
        "seller_cancellation": None,
    }


def test_ebay_within_standard_but_above_top_rated_says_so(store):
    _switch(store, "ebay")
    records = [
        OrderRecord(order_no=f"12-3456-{i:04d}", paid_at=NOW_EPOCH - 10 * DAY, status="completed")
        for i in range(200)
    ]
    orders.insert_orders(store, 1, records, 48.0, NOW_EPOCH, "manual")
    first = orders.find_order(store, 1, "12-3456-0000")["id"]
    second = orders.find_order(store, 1, "12-3456-0001")["id"]
    events.add_event(store, 1, first, "case_unresolved", NOW_EPOCH - 5 * DAY, NOW_EPOCH)
    events.add_event(store, 1, second, "seller_cancellation", NOW_EPOCH - 4 * DAY, NOW_EPOCH)
    events.add_event(store, 1, first, "dispute", NOW_EPOCH - 5 * DAY, NOW_EPOCH)  # not an eBay defect
    report = risk_report(store, 1, NOW_EPOCH)
    window = report.metrics["transaction_defect_rate"]["365d"]  # 200 transactions < 400: 12 months
    assert (window.events, window.orders, window.headroom, window.status) == (2, 200, 2, "ok")
    top = [a for a in report.alerts if a.kind == "top_rated"]
    assert top and top[0].message_en == (
        "The transaction defect rate is 1%: within the standard of 2% but above the top-rated line of 0.5%"
    )


def test_command_line_threshold_applies_to_the_main_metric_of_a_fixed_limit_profile(store):
    _switch(store, "amazon")
    report = risk_report(store, 1, NOW_EPOCH, threshold=0.005)
    assert report.metrics["order_defect_rate"]["60d"].threshold == 0.005
    assert report.metrics["late_shipment_rate"]["10d"].threshold == 0.04
