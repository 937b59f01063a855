"""Issue 13's check: one store with a Taobao, a Pinduoduo and a Douyin shop — `risk --json` lists
exactly each shop's late and due-soon orders, names the shop in every alert, and rates each shop
against its own marketplace's rules."""

from __future__ import annotations

import json

import pytest

from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import orders, shops
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600
SHOPS = {"测试小店": "taobao", "拼拼好货": "pdd", "抖音小铺": "douyin"}


def _orders_for(store, shop_id: int, prefix: str) -> tuple[str, str]:
    late, soon, fine = f"{prefix}01", f"{prefix}02", f"{prefix}03"
    records = [
        OrderRecord(order_no=late, paid_at=NOW_EPOCH - 50 * HOUR),  # 48 h promise: 2 h late
        OrderRecord(order_no=soon, paid_at=NOW_EPOCH - 45 * HOUR),  # 3 h left: inside the 6 h lead
        OrderRecord(order_no=fine, paid_at=NOW_EPOCH - 2 * HOUR),  # 46 h left
    ]
    orders.insert_orders(store, shop_id, records, 48.0, NOW_EPOCH, "import")
    return late, soon


def test_three_marketplaces_each_list_their_own_late_and_due_soon_orders(store, cli):
    for name, platform in SHOPS.items():
        if name != "测试小店":  # the fixture's Taobao shop is already there
            assert cli("shop", "add", name, "--platform", platform, "--timezone", "Asia/Shanghai").code == 0
    expected = {}
    for number, name in enumerate(SHOPS, start=1):
        shop = shops.find_shop(store, name)
        expected[name] = _orders_for(store, shop.id, f"39{number}000000000000")

    result = cli("risk", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    by_shop = {report["health"]["shop"]: report for report in data["shops"]}
    assert set(by_shop) == set(SHOPS)
    for name, (late, soon) in expected.items():
        report = by_shop[name]
        assert report["ship"]["late"] == [late], name
        assert report["ship"]["due_soon"] == [soon], name
        assert all(alert["shop"] == name for alert in report["alerts"]), name
    names = {report["health"]["shop"]: report["health"]["name"] for report in data["shops"]}
    assert names["测试小店"] == "platform help rate"
    assert names["拼拼好货"] != names["测试小店"]  # Pinduoduo is judged by its own metrics
    # The JSON names an alert's order by its number under "order_id" (today's shape, kept).
    late_alerts = [a for a in data["alerts"] if a.get("order_id") in {late for late, _ in expected.values()}]
    assert {a["shop"] for a in late_alerts} == set(SHOPS)
