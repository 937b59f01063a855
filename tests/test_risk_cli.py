"""`risk` on a store built from a Taobao order export and `add-event` calls: numbers checked by hand."""

from __future__ import annotations

import json

import pytest

from seller_assistant.store import open_store, shops, work_orders
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HEADER = "订单编号,买家会员名,订单状态,订单付款时间,宝贝标题,买家实际支付金额,发货时间"
UNSHIPPED = "买家已付款，等待卖家发货"
SHIPPED = "卖家已发货，等待买家确认"
# NOW is 2026-11-25 09:00 in Shanghai; the export's times are naive China time.
ROWS = [
    ("3901000000000000001", "小王", UNSHIPPED, "2026-11-24 10:00:00", ""),  # A: promise 11-26 10:00, fine
    ("3901000000000000002", "小李", UNSHIPPED, "2026-11-23 08:00:00", ""),  # B: promise 08:00 today: 1 h late
    ("3901000000000000003", "小张", UNSHIPPED, "2026-11-23 12:00:00", ""),  # C: due in 3 h
    (
        "3901000000000000004",
        "小赵",
        SHIPPED,
        "2026-11-18 09:00:00",
        "2026-11-18 15:00:00",
    ),  # D: exactly 7 d ago
    ("3901000000000000005", "小周", SHIPPED, "2026-11-18 09:00:01", "2026-11-18 15:00:00"),  # E: 7 d − 1 s
    ("3901000000000000006", "小吴", SHIPPED, "2026-11-10 10:00:00", "2026-11-11 10:00:00"),  # F
    ("3901000000000000007", "小郑", SHIPPED, "2026-10-26 09:00:00", "2026-10-27 09:00:00"),  # G: exactly 30 d
    ("3901000000000000008", "小孙", UNSHIPPED, "2026-11-25 09:00:00", ""),  # H: paid exactly now
]


@pytest.fixture
def shop(store, cli, tmp_path):
    """The store above, imported from a GBK export, with events recorded through the CLI."""
    export = tmp_path / "ExportOrderList202611250900.csv"
    lines = [HEADER] + [
        f'="{no}",{buyer},{status},{paid},陶瓷杯,49.00,{shipped}' for no, buyer, status, paid, shipped in ROWS
    ]
    export.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    result = cli("import-orders", str(export), "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["inserted"] == 8
    for order, kind, at in [
        ("3901000000000000006", "dispute", "2026-11-18 09:00:00"),  # exactly 7 d ago: 30 d only
        ("3901000000000000005", "complaint", "2026-11-18 09:00:01"),  # just inside 7 d
        ("3901000000000000005", "intervention", "2026-11-24 12:00:00"),  # stacks on E
        ("3901000000000000007", "dispute", "2026-10-20 10:00:00"),  # older than 30 d
    ]:
        added = cli("add-event", order, kind, "--at", at, "--reason", "quality")
        assert added.code == 0, added.err
    ids = {no: row for no, row in store.conn.execute("SELECT order_no, id FROM orders")}
    hour = 3600
    # An urge on B left unanswered past 08:30 (one ticket timeout), one on C due at 10:00.
    work_orders.open_work_order(
        store, 1, ids["3901000000000000002"], NOW_EPOCH - 2 * hour, NOW_EPOCH - hour // 2, NOW_EPOCH
    )
    work_orders.open_work_order(
        store, 1, ids["3901000000000000003"], NOW_EPOCH - hour, NOW_EPOCH + hour, NOW_EPOCH
    )
    shops.save_settings(store, 1, shops.load_settings(store, 1).updated(language="en"))
    return store


def test_risk_json_gives_the_numbers_worked_out_by_hand(shop, cli):
    result = cli("risk", "--json", "--threshold", "0.58")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["now"] == NOW_EPOCH
    # 7 d: orders A B C E H = 5; events: complaint + intervention on E, ticket timeout on B = 3.
    assert report["help_rate"]["7d"] == {
        "events": 3,
        "orders": 5,
        "rate": 0.6,
        "threshold": 0.58,
        "headroom": -1,
        "status": "over",
        "by_kind": {"complaint": 1, "intervention": 1, "ticket_timeout": 1},
    }
    # 30 d: orders A B C D E F H = 7; events add the dispute on F = 4; floor(0.58 × 7) = 4.
    assert report["help_rate"]["30d"] == {
        "events": 4,
        "orders": 7,
        "rate": 4 / 7,
        "threshold": 0.58,
        "headroom": 0,
        "status": "warning",
        "by_kind": {"complaint": 1, "dispute": 1, "intervention": 1, "ticket_timeout": 1},
    }
    assert report["metrics"] == {"help_rate": report["help_rate"]}
    assert report["ship"] == {"late": ["3901000000000000002"], "due_soon": ["3901000000000000003"]}
    assert report["work_orders"] == {"overdue": ["3901000000000000002"], "due_soon": ["3901000000000000003"]}
    assert report["streaks"] == {"dispute": 7, "complaint": 6, "intervention": 0, "ticket_timeout": 0}
    assert [(a["severity"], a["kind"], a["order_id"]) for a in report["alerts"]] == [
        ("critical", "ship_late", "3901000000000000002"),  # 1 h late
        ("critical", "work_order_overdue", "3901000000000000002"),  # 30 min late
        ("critical", "metric_over", None),
        ("warning", "work_order_due_soon", "3901000000000000003"),  # 1 h left
        ("warning", "ship_due_soon", "3901000000000000003"),  # 3 h left
        ("warning", "metric_warning", None),
        # E (intervention) and F (dispute) are in open disputes with no chat, agreement or tracking.
        ("info", "evidence_missing", "3901000000000000005"),
        ("info", "evidence_missing", "3901000000000000006"),
        ("info", "few_orders", None),
    ]
    assert report["alerts"][0]["message"] == "Order 3901000000000000002 is 1h 0m past its promised ship time"
    assert report["alerts"][2]["message"] == (
        "The 7-day platform help rate is 60%, above the threshold of 58% (3 events / 5 orders)"
    )


def test_an_order_in_dispute_is_told_which_evidence_it_lacks_until_it_has_it(shop, cli):
    def gap_message():
        alerts = json.loads(cli("risk", "--json").out)["alerts"]
        return next(
            (
                a["message"]
                for a in alerts
                if a["kind"] == "evidence_missing" and a["order_id"] == "3901000000000000006"
            ),
            None,
        )

    assert gap_message() == (
        "Order 3901000000000000006 is in a refund or dispute and its evidence still lacks: Pre-sale chat, "
        "Agreement, Shipping proof (tracking number), Delivery chat, After-sale chat. Add it before platform staff ask"
    )
    assert cli("ship", "3901000000000000006", "--tracking", "75011112222", "--carrier", "中通快递").code == 0
    assert "Shipping proof" not in gap_message()


def test_rate_equal_to_the_threshold_is_not_over_on_the_command_line(shop, cli):
    report = json.loads(cli("risk", "--json", "--threshold", "0.6").out)
    assert (report["help_rate"]["7d"]["rate"], report["help_rate"]["7d"]["status"]) == (0.6, "warning")


def test_risk_uses_the_shops_threshold_setting_without_the_option(shop, cli):
    report = json.loads(cli("risk", "--json").out)
    assert report["help_rate"]["7d"]["threshold"] == 0.02  # the fixture shop's setting


def test_risk_text_report_in_chinese(shop, cli):
    shops.save_settings(shop, 1, shops.load_settings(shop, 1).updated(language="zh"))
    result = cli("risk", "--threshold", "0.58")
    assert result.code == 0, result.err
    assert "近7天：60%（3 次 / 5 单）阈值 58%，余量 -1，已超标" in result.out
    assert "[紧急] 订单 3901000000000000002 已超过承诺发货时间 1小时0分" in result.out
    assert "纠纷：7 天" in result.out
    assert "2026-11-26" in result.out  # the look-ahead


def test_risk_text_report_in_english(shop, cli):
    result = cli("risk")
    assert result.code == 0, result.err
    assert "7 days: 60% (3 events / 5 orders), threshold 2%, headroom -3, over" in result.out
    assert "intervention: 0 days" in result.out


def test_risk_twice_records_the_timed_out_urge_once(shop, cli):
    cli("risk", "--json")
    cli("risk", "--json")
    with open_store(shop.location) as again:
        count = again.conn.execute(
            "SELECT count(*) FROM help_events WHERE kind = 'ticket_timeout'"
        ).fetchone()[0]
    assert count == 1


def test_a_bad_threshold_is_one_sentence_and_exit_2(shop, cli):
    result = cli("risk", "--threshold", "1.5")
    assert result.code == 2
    assert "fraction between 0 and 1" in result.err
