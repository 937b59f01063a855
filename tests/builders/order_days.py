"""order_days (migration 022, the orders counted by day) as stored and as it must be: counted again
in Python from the orders' rows, by the same rules as the migration's triggers, independently of them."""

from __future__ import annotations

from collections import Counter

DAY = 86400


def recount(rows) -> Counter:
    """order_days as it must be, counted in Python from the orders' rows."""
    counted: Counter = Counter()

    def add(order, basis, at, flag=0, tracking=""):
        paid = basis == "paid"
        key = (
            order["shop_id"],
            basis,
            at // DAY,
            int(order["deleted"] != 0),
            int(order["fulfilled_by"] != "platform"),
            int(flag),
            tracking,
            (order["ship_country"] or "") if paid else "",
            int(order["ship_country"] is not None) if paid else 1,
            (order["currency"] or "") if paid else "",
            int(order["currency"] is not None) if paid else 1,
        )
        amount = order["amount_cents"]
        counted[(*key, "n")] += 1
        counted[(*key, "amount")] += amount or 0
        counted[(*key, "amount_unknown")] += amount is None

    for o in rows:
        if o["paid_at"] is not None:
            add(o, "paid", o["paid_at"])
        elif o["created_at"] is not None:
            add(o, "created", o["created_at"])
        if o["shipped_at"] is not None:
            deadline = o["platform_promised_ship_at"] or o["promised_ship_at"]
            tracking = {"valid": "v", "unchecked": "u"}.get(o["tracking_check"], "")
            add(o, "shipped", o["shipped_at"], deadline is not None and o["shipped_at"] > deadline, tracking)
        if o["delivered_at"] is not None and o["latest_delivery_at"] is not None:
            add(o, "delivered", o["delivered_at"], o["delivered_at"] <= o["latest_delivery_at"])
    return +counted  # zero counts dropped


def summary(conn) -> Counter:
    """order_days as stored (a store's connection on either backend, or a sqlite3 connection)."""
    found: Counter = Counter()
    for row in conn.execute(
        "SELECT shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency,"
        " currency_known, n, amount, amount_unknown FROM order_days"
    ):
        key = tuple(row[:11])
        found[(*key, "n")] += row[11]
        found[(*key, "amount")] += row[12]
        found[(*key, "amount_unknown")] += row[13]
    return +found
