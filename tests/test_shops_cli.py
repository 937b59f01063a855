"""Several shops in one store: `shop add`/`shop list`, the global --shop, and where an import goes.

An empty store has no hidden default shop (issue 13/17): the first `shop add` makes the only one.
"""

from __future__ import annotations

import json

import pytest

from seller_assistant.cli import shops as shop_cli
from seller_assistant.store import open_store, orders, shops
from tests.builders.taobao_export import PAID, order, write_taobao_export

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def _taobao_file(tmp_path, order_no="3900000000000000001"):
    # The 订单报表 as the seller centre writes it (GBK, ="…" numbers): tests/builders/taobao_export.py.
    rows = [
        order(
            order_no,
            buyer="甜甜兔",
            status=PAID,
            created="2026-11-24 09:58:12",
            paid="2026-11-24 10:00:00",
            title="手工陶瓷马克杯 350ml",
            paid_amount="68.00",
            total="68.00",
        )
    ]
    return write_taobao_export(tmp_path / "订单报表.csv", rows)


def test_an_empty_store_says_to_add_a_shop_and_makes_none(cli, store_location):
    result = cli("settings", "--set", "ship_promise_hours=24")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "shop add" in result.err and "我的小店" not in result.err
    store = open_store(store_location)
    assert shops.list_shops(store) == []
    store.close()


def test_empty_store_then_shop_add_then_import_goes_to_that_shop_and_says_so(cli, store_location, tmp_path):
    added = cli("shop", "add", "青瓷小铺", "--platform", "taobao", "--timezone", "Asia/Shanghai")
    assert added.code == 0, added.err
    assert "青瓷小铺" in added.out and "Asia/Shanghai" in added.out
    result = cli("import-orders", str(_taobao_file(tmp_path)))
    assert result.code == 0, result.err
    assert "青瓷小铺 (taobao)" in result.out and "only" in result.out.lower() + "唯一"
    store = open_store(store_location)
    (shop,) = shops.list_shops(store)
    assert orders.find_order(store, shop.id, "3900000000000000001")["buyer"] == "甜甜兔"
    store.close()
    # settings --set keeps working on a one-shop store, with no --shop.
    assert cli("settings", "--set", "help_rate_threshold=0.015").code == 0


def test_json_import_keeps_its_shape_and_says_the_shop_on_stderr(cli, tmp_path):
    cli("shop", "add", "青瓷小铺", "--platform", "taobao", "--timezone", "Asia/Shanghai")
    result = cli("import-orders", str(_taobao_file(tmp_path)), "--json")
    assert result.code == 0, result.err
    assert set(json.loads(result.out)) == {
        "file",
        "format",
        "encoding",
        "rows",
        "inserted",
        "updated",
        "unchanged",
        "errors",
        "preset",
        "items",
    }
    assert "青瓷小铺" in result.err


def test_the_zone_defaults_to_the_computers_and_the_output_says_so(cli, monkeypatch):
    monkeypatch.setattr(shop_cli, "system_timezone_name", lambda: "Europe/Berlin")  # the PC's zone
    result = cli("shop", "add", "Maple Goods", "--platform", "ebay")
    assert result.code == 0, result.err
    assert "Europe/Berlin" in result.out
    listed = json.loads(cli("shop", "list", "--json").out)
    assert listed == [{"id": 1, "name": "Maple Goods", "platform": "ebay", "timezone": "Europe/Berlin"}]


def test_a_chinese_marketplace_on_a_pc_in_another_zone_gets_a_hint(cli, monkeypatch):
    monkeypatch.setattr(shop_cli, "system_timezone_name", lambda: "Etc/UTC")
    result = cli("shop", "add", "拼拼", "--platform", "pdd")
    assert result.code == 0, result.err
    assert "Asia/Shanghai" in result.out and "settings --set timezone=" in result.out


def test_pinduoduo_and_pdd_are_the_same_marketplace(cli):
    assert cli("shop", "add", "拼拼", "--platform", "pinduoduo", "--timezone", "Asia/Shanghai").code == 0
    assert cli("shop", "add", "多多二店", "--platform", "PDD", "--timezone", "Asia/Shanghai").code == 0
    listed = json.loads(cli("shop", "list", "--json").out)
    assert [s["platform"] for s in listed] == ["pinduoduo", "pinduoduo"]


def test_unknown_marketplace_zone_and_duplicate_name_are_refused(cli):
    bad = cli("shop", "add", "x", "--platform", "wish")
    assert bad.code == 2 and "wish" in bad.err and "pdd" in bad.err
    bad = cli("shop", "add", "x", "--platform", "jd", "--timezone", "Mars/Olympus")
    assert bad.code == 2 and "Mars/Olympus" in bad.err
    assert cli("shop", "add", "京京", "--platform", "jd", "--timezone", "Asia/Shanghai").code == 0
    again = cli("shop", "add", "京京", "--platform", "jd", "--timezone", "Asia/Shanghai")
    assert again.code == 2 and "already has a shop named '京京'" in again.err


def test_two_shops_need_shop_and_the_error_lists_them(cli, store_location, tmp_path):
    cli("shop", "add", "青瓷小铺", "--platform", "taobao", "--timezone", "Asia/Shanghai")
    cli("shop", "add", "拼拼", "--platform", "pdd", "--timezone", "Asia/Shanghai")
    result = cli("settings")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "青瓷小铺 (taobao)" in result.err and "拼拼 (pinduoduo)" in result.err and "--shop" in result.err
    chosen = cli("--shop", "拼拼", "settings", "--set", "ship_promise_hours=24", "--json")
    assert chosen.code == 0, chosen.err
    assert json.loads(chosen.out)["name"] == "拼拼"
    store = open_store(store_location)
    assert shops.load_settings(store, 1).ship_promise_hours == 48  # the other shop is untouched
    store.close()
    unknown = cli("--shop", "抖抖", "settings")
    assert unknown.code == 2 and "抖抖" in unknown.err and "青瓷小铺" in unknown.err


def test_a_taobao_file_goes_to_the_only_taobao_shop_among_several(cli, store_location, tmp_path):
    cli("shop", "add", "拼拼", "--platform", "pdd", "--timezone", "Asia/Shanghai")
    cli("shop", "add", "青瓷小铺", "--platform", "taobao", "--timezone", "Asia/Shanghai")
    result = cli("import-orders", str(_taobao_file(tmp_path)), "--format", "taobao")
    assert result.code == 0, result.err
    assert "青瓷小铺 (taobao)" in result.out
    store = open_store(store_location)
    assert orders.count_orders(store, 2) == 1 and orders.count_orders(store, 1) == 0
    store.close()


def test_a_file_of_no_known_marketplace_among_several_shops_asks_which(cli, db_path, tmp_path):
    cli("shop", "add", "拼拼", "--platform", "pdd", "--timezone", "Asia/Shanghai")
    cli("shop", "add", "青瓷小铺", "--platform", "taobao", "--timezone", "Asia/Shanghai")
    own = tmp_path / "我的表.csv"  # a shop's own table: no marketplace's export
    own.write_text("订单号,付款时间\nA-1,2026-11-24 10:00:00\n", encoding="utf-8")
    result = cli("import-orders", str(own))
    assert result.code == 2 and "--shop" in result.err and "拼拼 (pinduoduo)" in result.err
    named = cli("--shop", "拼拼", "import-orders", str(own))
    assert named.code == 0, named.err
    assert "拼拼 (pinduoduo)" in named.out and "--shop" in named.out


def test_an_export_recognised_by_its_columns_goes_to_that_marketplaces_shop(cli, tmp_path):
    cli("shop", "add", "拼拼", "--platform", "pdd", "--timezone", "Asia/Shanghai")
    cli("shop", "add", "青瓷小铺", "--platform", "taobao", "--timezone", "Asia/Shanghai")
    result = cli("import-orders", str(_taobao_file(tmp_path)))
    assert result.code == 0, result.err
    assert "青瓷小铺 (taobao)" in result.out


def test_a_time_without_offset_among_shops_in_different_zones_needs_shop(cli):
    cli("shop", "add", "青瓷小铺", "--platform", "taobao", "--timezone", "Asia/Shanghai")
    cli("shop", "add", "Maple Goods", "--platform", "amazon", "--timezone", "America/New_York")
    assert cli("shop", "list", now="2026-11-25T09:00:00+08:00").code == 0
    result = cli("--shop", "Maple Goods", "settings", now="2026-11-25 09:00")
    assert result.code == 0, result.err
