"""Help events from the platforms' own refund / after-sales exports: every refund the platform
stepped into is a dispute on its order at its time, never recorded twice, with the outcome where the
file says who was held responsible. Formats and their sources: tests/builders/refund_export.py."""

from __future__ import annotations

import json

import pytest

from seller_assistant.store import orders, shops
from tests.builders import douyin_export, pdd_export, refund_export
from tests.builders.taobao_export import order as taobao_order
from tests.builders.taobao_export import write_taobao_export
from tests.test_marketplace_presets import epoch

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

TB_DISPUTED = "3912345678901234567"
TB_SETTLED = "3912345678901234568"


def events(store) -> list[dict]:
    return list(
        store.db.query(
            "SELECT o.order_no, e.kind, e.at, e.reason, e.outcome, e.external_id, e.note FROM help_events e"
            " JOIN orders o ON o.id = e.order_id ORDER BY e.external_id"
        )
    )


def import_json(cli, path) -> dict:
    result = cli("import-events", str(path), "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_taobao_refund_export_makes_disputes_of_the_refunds_the_platform_stepped_into(store, cli, tmp_path):
    write_taobao_export(tmp_path / "orders.csv", [taobao_order(TB_DISPUTED), taobao_order(TB_SETTLED)])
    assert cli("import-orders", str(tmp_path / "orders.csv")).code == 0
    path = refund_export.write_taobao_refunds(
        tmp_path / "退款列表.csv",
        [
            {
                "订单编号": TB_DISPUTED,
                "退款编号": "190876543210123456",
                "退款的申请时间": "2026-11-22 15:04:00",
                "退款状态": "卖家拒绝退款",
                "客服介入状态": "客服已经介入",
                "买家退款原因": "质量问题",
                "责任方": "卖家",
                "买家退款金额": "49.00",
            },
            {
                "订单编号": TB_SETTLED,
                "退款编号": "190876543210123457",
                "退款的申请时间": "2026-11-23 09:00:00",
                "退款状态": "退款成功",
                "客服介入状态": "不需客服介入",
                "买家退款原因": "不想要了",
            },
        ],
    )

    first = import_json(cli, path)

    assert (
        first["format"],
        first["rows"],
        first["inserted"],
        first["without_platform"],
        first["errors"],
    ) == ("taobao_refunds", 2, 1, 1, [])
    (event,) = events(store)
    assert (event["order_no"], event["kind"], event["reason"], event["outcome"]) == (
        TB_DISPUTED,
        "dispute",
        "quality",
        "buyer_favour",
    )
    assert event["at"] == epoch("2026-11-22T15:04:00") and event["external_id"] == "190876543210123456"
    assert "客服已经介入" in event["note"]
    again = import_json(cli, path)
    assert (again["inserted"], again["duplicates"]) == (0, 1)
    assert len(events(store)) == 1


def test_douyin_arbitration_is_a_dispute_and_the_party_held_responsible_is_its_outcome(store, cli, tmp_path):
    items = [
        douyin_export.item("6925887766554433221", "6925887766554433222", 支付完成时间="2026-11-20 10:00:00"),
        douyin_export.item("6925887766554433221", "6925887766554433223", 支付完成时间="2026-11-20 10:00:00"),
        douyin_export.item("6925000000000000001", "6925000000000000002", 支付完成时间="2026-11-21 10:00:00"),
    ]
    assert (
        cli("import-orders", str(douyin_export.write_douyin_export(tmp_path / "订单.csv", items))).code == 0
    )
    rows = [
        {
            "售后单号": "146512345678901",
            "订单号": "6925887766554433221",
            "商品单号": "6925887766554433223",
            "售后类型": "仅退款",
            "售后状态": "售后完成",
            "售后申请时间": "2026-11-23 20:10:00",
            "售后原因": "商品破损",
            "仲裁状态": "仲裁完成",
            "纠纷责任方": "买家责任",
        },
        {
            "售后单号": "146512345678902",
            "订单号": "6925000000000000001",
            "售后类型": "退货退款",
            "售后状态": "待商家处理",
            "售后申请时间": "2026-11-24 08:00:00",
            "仲裁状态": "无",
            "纠纷责任方": "",
        },
    ]
    path = refund_export.write_douyin_after_sales(tmp_path / "售后.csv", rows)

    result = import_json(cli, path)

    assert (result["format"], result["inserted"], result["without_platform"]) == ("douyin_after_sales", 1, 1)
    (event,) = events(store)
    assert (event["order_no"], event["outcome"], event["reason"]) == (
        "6925887766554433221",
        "seller_favour",
        "logistics",
    )
    assert event["at"] == epoch("2026-11-23T20:10:00")
    # The platform decides later: the same number, now with the other party held responsible.
    rows[0]["纠纷责任方"] = "商家责任"
    updated = import_json(cli, refund_export.write_douyin_after_sales(tmp_path / "售后2.csv", rows))
    assert (updated["inserted"], updated["updated"]) == (0, 1)
    assert [e["outcome"] for e in events(store)] == ["buyer_favour"]


def test_pdd_after_sales_platform_intervention_and_an_unknown_order(store, cli, tmp_path):
    order = pdd_export.order(
        "261123-318802771230561", 支付时间="2026-11-23 09:00:00", 拼单成功时间="2026-11-23 09:05:12"
    )
    assert cli("import-orders", str(pdd_export.write_pdd_export(tmp_path / "订单.csv", [order]))).code == 0
    path = refund_export.write_pdd_after_sales(
        tmp_path / "售后.csv",
        [
            {
                "售后编号": "8123456789",
                "订单编号": "261123-318802771230561",
                "售后类型": "仅退款",
                "售后状态": "平台处理中",
                "申请时间": "2026-11-24 11:00:00",
                "售后原因": "未收到货",
                "平台介入状态": "平台介入中",
            },
            {
                "售后编号": "8123456790",
                "订单编号": "261101-000000000000001",
                "售后类型": "仅退款",
                "售后状态": "平台处理中",
                "申请时间": "2026-11-24 12:00:00",
                "平台介入状态": "平台介入中",
            },
            {
                "售后编号": "8123456791",
                "订单编号": "261123-318802771230561",
                "售后类型": "退货退款",
                "售后状态": "退款成功",
                "申请时间": "2026-11-24 13:00:00",
                "平台介入状态": "否",
            },
        ],
    )

    result = import_json(cli, path)

    assert (result["format"], result["inserted"], result["without_platform"]) == ("pdd_after_sales", 1, 1)
    assert result["errors"] == [
        {"line": 3, "message": "there is no order 261101-000000000000001 in this shop"}
    ]
    (event,) = events(store)
    assert (event["kind"], event["reason"], event["outcome"]) == ("dispute", "logistics", None)
    shop = shops.require_shop(store)
    assert orders.find_order(store, shop, "261123-318802771230561")["refund_status"] is None
