"""Ship promises: the shop's default, rules from the editable file, and a per-order override."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from seller_assistant.core.errors import UserError
from seller_assistant.core.ship_rules import load_promise_rules, parse_promise_rules, promise_for
from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import orders, ship_rules, shops
from tests.builders.taobao_export import order, write_taobao_export
from tests.conftest import NOW_EPOCH, SHANGHAI

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

PAID_AT = "2026-11-24 10:00:00"


def epoch(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).timestamp())


RULES = parse_promise_rules(
    """
    [[rule]]
    id = "presale"
    title_contains = ["预售"]
    sku_prefix = ["YS-"]
    hours = 360

    [[rule]]
    id = "fresh"
    category = ["生鲜"]
    hours = 24

    [[rule]]
    id = "christmas"
    title_contains = ["圣诞"]
    ship_by = "2026-12-10"
    """.encode(),
    "test.toml",
)


def promise(title="马克杯", sku=None, category=None, override=None):
    return promise_for(RULES, epoch("2026-11-24T10:00:00"), title, sku, category, 48, SHANGHAI, override)


def test_default_promise_is_paid_time_plus_the_shop_setting():
    assert promise() == (epoch("2026-11-26T10:00:00"), "default")


def test_first_matching_rule_sets_the_promise():
    assert promise(title="【预售】青花茶具") == (epoch("2026-12-09T10:00:00"), "presale")
    assert promise(sku="YS-001") == (epoch("2026-12-09T10:00:00"), "presale")
    assert promise(category="生鲜") == (epoch("2026-11-25T10:00:00"), "fresh")
    assert promise(title="预售 生鲜", category="生鲜").rule == "presale"


def test_fixed_date_rule_means_the_end_of_that_day_in_the_shop_zone():
    assert promise(title="圣诞礼盒") == (epoch("2026-12-10T23:59:59"), "christmas")


def test_override_beats_every_rule():
    assert promise(title="预售", override=epoch("2026-11-30T12:00:00")) == (
        epoch("2026-11-30T12:00:00"),
        "override",
    )


def test_unpaid_order_owes_no_shipment_yet():
    assert promise_for(RULES, None, "预售", None, None, 48, SHANGHAI).at is None


def test_shipped_rules_file_is_valid():
    assert {rule.id for rule in load_promise_rules()} >= {"presale", "fresh"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[[rule]]\nid = "x"\ntitle_contains = ["a"]\nhours = -1', "'hours'"),
        ('[[rule]]\nid = "x"\nhours = 24', "title_contains"),
        ('[[rule]]\nid = "x"\ntitle_contains = ["a"]\nhours = 24\nship_by = "2026-12-01"', "exactly one"),
        ('[[rule]]\nid = "x"\ntitle_contains = ["a"]\nship_by = "soon"', "'ship_by'"),
        ('[[rule]]\nid = "x"\ntitle_contains = ["a"]\nhour = 24', "unknown key 'hour'"),
        ('[[rule]]\ntitle_contains = ["a"]\nhours = 24', "'id'"),
        ("[[rule]\n", "not a valid TOML"),
    ],
)
def test_a_bad_rules_file_is_refused_naming_file_and_key(text, named):
    with pytest.raises(UserError) as error:
        parse_promise_rules(text.encode(), "ship_promise.toml")
    assert "ship_promise.toml" in str(error.value) and named in str(error.value)


def imported(store, tmp_path, **fields):
    path = write_taobao_export(
        tmp_path / "orders.csv", [order("3900000000000000001", paid=PAID_AT, **fields)]
    )
    import_order_file(store, shops.require_shop(store), path, now=NOW_EPOCH)
    return orders.find_order(store, shops.require_shop(store), "3900000000000000001")


def test_the_shipped_examples_are_off_until_the_shop_turns_them_on(store, tmp_path):
    # Issue 13: the "fresh food 24 h" example silently changed deadlines of shops that never chose it.
    row = imported(store, tmp_path, title="新鲜冷链 阳澄湖大闸蟹")
    assert (row["promise_rule"], row["promised_ship_at"]) == ("default", epoch("2026-11-26T10:00:00"))
    assert not any(rule.enabled for rule in ship_rules.shop_rules(store, shops.require_shop(store)))


def test_import_applies_a_rule_the_shop_turned_on(store, tmp_path):
    shop_id = shops.require_shop(store)
    ship_rules.save_shop_rules(
        store,
        shop_id,
        tuple(replace(rule, enabled=rule.id == "presale") for rule in ship_rules.shop_rules(store, shop_id)),
    )
    row = imported(store, tmp_path, title="【预售】景德镇青花茶具套装")
    assert (row["promise_rule"], row["promised_ship_at"]) == ("presale", epoch("2026-12-09T10:00:00"))
    assert row["promise_source"] is None or row["promise_source"] == "rule"


def test_override_and_clearing_it(store, tmp_path):
    row = imported(store, tmp_path)
    orders.set_promise_override(store, row["id"], epoch("2026-11-28T18:00:00"), NOW_EPOCH)
    row = orders.get_order(store, row["id"])
    assert (row["promise_rule"], row["promised_ship_at"]) == ("override", epoch("2026-11-28T18:00:00"))

    orders.set_promise_override(store, row["id"], None, NOW_EPOCH)

    row = orders.get_order(store, row["id"])
    assert (row["promise_rule"], row["promised_ship_at"], row["promise_override_at"]) == (
        "default",
        epoch("2026-11-26T10:00:00"),
        None,
    )


def test_recompute_after_the_default_changes_keeps_overrides(store, tmp_path):
    shop_id = shops.require_shop(store)
    path = write_taobao_export(
        tmp_path / "orders.csv",
        [order("3900000000000000001", paid=PAID_AT), order("3900000000000000002", paid=PAID_AT)],
    )
    import_order_file(store, shop_id, path, now=NOW_EPOCH)
    second = orders.find_order(store, shop_id, "3900000000000000002")
    orders.set_promise_override(store, second["id"], epoch("2026-11-30T12:00:00"), NOW_EPOCH)
    settings = shops.load_settings(store, shop_id).updated(ship_promise_hours=72)

    changed = orders.recompute_promises(store, shop_id, settings, NOW_EPOCH)

    assert changed == 1
    assert orders.find_order(store, shop_id, "3900000000000000001")["promised_ship_at"] == epoch(
        "2026-11-27T10:00:00"
    )
    assert orders.find_order(store, shop_id, "3900000000000000002")["promised_ship_at"] == epoch(
        "2026-11-30T12:00:00"
    )


def test_cli_ship_deadline_sets_and_clears(store, cli, tmp_path):
    imported(store, tmp_path)
    assert cli("ship-deadline", "3900000000000000001", "--at", "2026-11-28 18:00").code == 0
    row = orders.find_order(store, shops.require_shop(store), "3900000000000000001")
    assert row["promised_ship_at"] == epoch("2026-11-28T18:00:00")
    assert cli("ship-deadline", "3900000000000000001", "--clear").code == 0
    row = orders.find_order(store, shops.require_shop(store), "3900000000000000001")
    assert row["promised_ship_at"] == epoch("2026-11-26T10:00:00")
