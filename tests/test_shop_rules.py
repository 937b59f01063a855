"""Ship promise rules belong to the shop: examples off until turned on, a preview before saving."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from seller_assistant.store import open_store, orders
from tests.builders.taobao_export import PAID, order, write_taobao_export
from tests.conftest import SHANGHAI

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).timestamp())


def _shop_with_two_orders(cli, tmp_path):
    cli("shop", "add", "鲜果铺", "--platform", "taobao", "--timezone", "Asia/Shanghai")
    # A Taobao 订单报表 (tests/builders/taobao_export.py): one fresh-food order, one mug.
    export = write_taobao_export(
        tmp_path / "订单报表.csv",
        [
            order(
                "3900000000000000001", status=PAID, paid="2026-11-24 10:00:00", title="新鲜冷链 阳澄湖大闸蟹"
            ),
            order("3900000000000000002", status=PAID, paid="2026-11-24 10:00:00", title="手工陶瓷马克杯"),
        ],
    )
    assert cli("import-orders", str(export)).code == 0


def _deadline(store_location, order_no):
    store = open_store(store_location)
    row = orders.find_order(store, 1, order_no)
    store.close()
    return row["promised_ship_at"], row["promise_rule"]


def test_a_new_shop_lists_the_examples_off_and_they_change_nothing(cli, store_location, tmp_path):
    _shop_with_two_orders(cli, tmp_path)
    listed = json.loads(cli("rules", "list", "--json").out)
    assert {rule["id"] for rule in listed} >= {"presale", "fresh"}
    assert not any(rule["enabled"] for rule in listed)
    assert _deadline(store_location, "3900000000000000001") == (at("2026-11-26T10:00"), "default")


def test_dry_run_shows_the_orders_a_rule_would_move_and_saves_nothing(cli, store_location, tmp_path):
    _shop_with_two_orders(cli, tmp_path)
    preview = cli("rules", "on", "fresh", "--dry-run")
    assert preview.code == 0, preview.err
    assert "3900000000000000001" in preview.out and "3900000000000000002" not in preview.out
    assert "2026-11-25 10:00" in preview.out  # the new deadline: 24 h after payment
    assert not any(rule["enabled"] for rule in json.loads(cli("rules", "list", "--json").out))
    assert _deadline(store_location, "3900000000000000001") == (at("2026-11-26T10:00"), "default")


def test_turning_a_rule_on_and_off_recomputes_the_shops_deadlines(cli, store_location, tmp_path):
    _shop_with_two_orders(cli, tmp_path)
    assert cli("rules", "on", "fresh").code == 0
    assert _deadline(store_location, "3900000000000000001") == (at("2026-11-25T10:00"), "fresh")
    assert _deadline(store_location, "3900000000000000002") == (at("2026-11-26T10:00"), "default")
    assert cli("rules", "off", "fresh").code == 0
    assert _deadline(store_location, "3900000000000000001") == (at("2026-11-26T10:00"), "default")


def test_a_rules_file_becomes_the_shops_own_and_a_bad_one_changes_nothing(cli, store_location, tmp_path):
    _shop_with_two_orders(cli, tmp_path)
    mine = tmp_path / "my_rules.toml"
    mine.write_text(
        '[[rule]]\nid = "mugs"\nname = "马克杯 3 个工作日"\ntitle_contains = ["马克杯"]\nworking_days = 3\n',
        encoding="utf-8",
    )
    assert cli("rules", "import", str(mine)).code == 0
    # Paid Tuesday 24 Nov: Wed, Thu, Fri → Friday night.
    assert _deadline(store_location, "3900000000000000002") == (at("2026-11-27T23:59:59"), "mugs")
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[rule]]\nid = "x"\ntitle_contains = ["a"]\nhours = 24\nworking_days = 2\n', encoding="utf-8"
    )
    refused = cli("rules", "import", str(bad))
    assert refused.code == 2 and "bad.toml" in refused.err and "exactly one" in refused.err
    assert [rule["id"] for rule in json.loads(cli("rules", "list", "--json").out)] == ["mugs"]


def test_rules_are_per_shop(cli, tmp_path):
    _shop_with_two_orders(cli, tmp_path)
    cli("shop", "add", "拼拼", "--platform", "pdd", "--timezone", "Asia/Shanghai")
    assert cli("--shop", "鲜果铺", "rules", "on", "fresh").code == 0
    other = json.loads(cli("--shop", "拼拼", "rules", "list", "--json").out)
    assert not any(rule["enabled"] for rule in other)


@pytest.mark.sqlite_only(
    reason="a SQLite file at an older version; a shared store starts at the newest schema"
)
def test_an_upgraded_store_drops_the_examples_deadlines_unless_the_shop_chose_rules(db_path):
    from seller_assistant.core.settings import ShopSettings
    from seller_assistant.store import migrations, shops

    with open_store(db_path, migrate=False) as store:
        mine = next(n for n, path in migrations.available() if path.stem.endswith("shop_promise_rules"))
        migrations.migrate(store, target=mine - 1)  # before the rules belonged to the shop
        shops.create_shop(
            store, ShopSettings(name="鲜果铺", timezone="Asia/Shanghai", ship_promise_hours=36), 0
        )
        paid = at("2026-11-24T10:00")
        with store.write():
            store.conn.executemany(
                "INSERT INTO orders (shop_id, order_no, item_title, paid_at, promised_ship_at, promise_rule,"
                " promise_override_at, created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, 0, 0)",
                [
                    ("3900000000000000001", "新鲜冷链 大闸蟹", paid, paid + 24 * 3600, "fresh", None),
                    (
                        "3900000000000000002",
                        "预售 茶具",
                        paid,
                        at("2026-11-30T18:00"),
                        "override",
                        at("2026-11-30T18:00"),
                    ),
                ],
            )
    with open_store(db_path) as store:
        fresh = orders.find_order(store, 1, "3900000000000000001")
        kept = orders.find_order(store, 1, "3900000000000000002")
    assert (fresh["promised_ship_at"], fresh["promise_rule"]) == (paid + 36 * 3600, "default")
    assert (kept["promised_ship_at"], kept["promise_rule"]) == (at("2026-11-30T18:00"), "override")
