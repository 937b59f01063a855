"""A shop's ship promise rules (kept in its settings as JSON) and what applying them would change."""

from __future__ import annotations

import json
from typing import NamedTuple

from seller_assistant.core.settings import ShopSettings
from seller_assistant.core.ship_rules import (
    PromiseRule,
    example_rules,
    promise_for,
    promise_source,
    rules_from_list,
)
from seller_assistant.store.calendar import shop_calendar
from seller_assistant.store.connection import Store, retried

RULES_KEY = "ship_promise_rules"


def shop_rules(store: Store, shop_id: int) -> tuple[PromiseRule, ...]:
    """The shop's rules; a shop that never saved any has the package's examples, all off."""
    row = store.conn.execute(
        "SELECT value FROM settings WHERE shop_id = ? AND key = ?", (shop_id, RULES_KEY)
    ).fetchone()
    if row is None:
        return example_rules()
    return rules_from_list(json.loads(row[0]), f"{store.path.name} settings ({RULES_KEY})")


@retried
def save_shop_rules(store: Store, shop_id: int, rules: tuple[PromiseRule, ...]) -> None:
    value = json.dumps([rule.to_mapping() for rule in rules], ensure_ascii=False)
    rules_from_list(json.loads(value), "rules")  # never store what could not be read back
    with store.write() as db:
        db.execute(
            "INSERT INTO settings (shop_id, key, value) VALUES (?, ?, ?) "
            "ON CONFLICT (shop_id, key) DO UPDATE SET value = excluded.value",
            (shop_id, RULES_KEY, value),
        )


class PromiseChange(NamedTuple):
    order_id: int
    order_no: str
    title: str
    old_at: int | None
    old_rule: str | None
    new_at: int | None
    new_rule: str | None


def promise_changes(
    store: Store,
    shop_id: int,
    settings: ShopSettings,
    rules: tuple[PromiseRule, ...] | None = None,
    calendar=None,
    only_open: bool = False,
) -> list[PromiseChange]:
    """Every order whose deadline (or its reason) would change under these rules and this calendar."""
    rules = shop_rules(store, shop_id) if rules is None else rules
    calendar = shop_calendar(store, shop_id, settings) if calendar is None else calendar
    tz = settings.tz()
    sql = (
        "SELECT id, order_no, item_title, paid_at, sku, category, promise_override_at, platform_promised_ship_at,"
        " promised_ship_at, promise_rule FROM orders WHERE shop_id = ?"
        # A platform-fulfilled order (Amazon FBA) has no deadline of the shop's to recompute.
        " AND fulfilled_by = 'shop'"
    )
    if only_open:
        sql += " AND shipped_at IS NULL AND status = 'paid'"
    changes = []
    for (
        order_id,
        order_no,
        title,
        paid_at,
        sku,
        category,
        override_at,
        platform_at,
        old_at,
        old_rule,
    ) in store.conn.execute(sql, (shop_id,)):
        promise = promise_for(
            rules,
            paid_at,
            title,
            sku,
            category,
            settings.ship_promise_hours,
            tz,
            override_at,
            platform_at,
            calendar,
            settings.ship_promise_working_days,
        )
        if (promise.at, promise.rule) != (old_at, old_rule):
            changes.append(
                PromiseChange(order_id, order_no, title or "", old_at, old_rule, promise.at, promise.rule)
            )
    return changes


@retried
def apply_changes(store: Store, changes: list[PromiseChange], now: int) -> None:
    with store.write():
        store.conn.executemany(
            "UPDATE orders SET promised_ship_at = ?, promise_rule = ?, promise_source = ?, updated_at = ?"
            " WHERE id = ?",
            [(c.new_at, c.new_rule, promise_source(c.new_rule), now, c.order_id) for c in changes],
        )
