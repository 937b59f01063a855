"""The risk report's orders counted from the per-day summary (order_days, migration 022) give exactly
the report the orders' rows give, for every marketplace profile, on both backends.

The summary is kept by triggers: after random edits (paid, shipped, tracking, delivery, the
platform's latest ship date, fulfilment, country, currency, amount), deletions, restores of
deleted orders and a real order import, it must still be the orders counted by day, as a recount
in Python gives them; and every profile's report (windows, projections, look-ahead, daily rates,
seller level) at several moments, on a day's edge and off it, must equal the row-level report."""

from __future__ import annotations

import dataclasses
import random

import pytest

from seller_assistant.core.profiles import load_profiles
from seller_assistant.core.settings import ShopSettings
from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import migrations, risk, shops
from seller_assistant.store.connection import connect
from tests.builders import jd_export as jd
from tests.builders.order_days import recount as _recount
from tests.builders.order_days import summary

from .conftest import NOW_EPOCH
from .test_risk_windows_by_index import _generate

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

DAY, HOUR = 86400, 3600
PLATFORMS = sorted({profile.id for profile in load_profiles().values()})


def _orders(store) -> list[dict]:
    return list(store.db.query("SELECT * FROM orders"))


def _churn(store, rng: random.Random, now: int) -> None:
    """Edits of every column the summary keys on, deletions, and restores of deleted orders."""
    ids = [row[0] for row in store.conn.execute("SELECT id FROM orders ORDER BY id")]
    changes = (
        ("paid_at", lambda: rng.choice((None, now - rng.randrange(400 * DAY)))),
        ("created_at", lambda: now - rng.randrange(400 * DAY)),
        ("shipped_at", lambda: rng.choice((None, now - rng.randrange(400 * DAY)))),
        ("tracking_check", lambda: rng.choice((None, "valid", "invalid", "unchecked"))),
        ("platform_promised_ship_at", lambda: rng.choice((None, now - rng.randrange(400 * DAY)))),
        ("promised_ship_at", lambda: now - rng.randrange(400 * DAY)),
        ("delivered_at", lambda: rng.choice((None, now - rng.randrange(400 * DAY)))),
        ("latest_delivery_at", lambda: rng.choice((None, now - rng.randrange(400 * DAY)))),
        ("fulfilled_by", lambda: rng.choice(("shop", "platform"))),
        ("deleted", lambda: rng.choice((0, 1))),  # the shop removes an order, or restores it
        ("ship_country", lambda: rng.choice((None, "US", "GB", ""))),
        ("currency", lambda: rng.choice((None, "USD", "GBP"))),
        ("amount_cents", lambda: rng.choice((None, rng.randrange(100, 90000)))),
    )
    with store.write():
        for order_id in rng.sample(ids, len(ids) // 3):
            column, value = rng.choice(changes)
            store.conn.execute(f"UPDATE orders SET {column} = ? WHERE id = ?", (value(), order_id))
        for order_id in rng.sample(ids, len(ids) // 20):  # two columns in one statement
            store.conn.execute(
                "UPDATE orders SET shipped_at = ?, deleted = ?, ship_country = ? WHERE id = ?",
                (now - rng.randrange(40 * DAY), rng.choice((0, 1)), rng.choice((None, "US")), order_id),
            )
        for order_id in rng.sample(ids, len(ids) // 25):
            store.conn.execute(
                "DELETE FROM orders WHERE id = ? AND NOT EXISTS"
                " (SELECT 1 FROM help_events e WHERE e.order_id = orders.id)",
                (order_id,),
            )


def _import_jd(store, shop_id: int, folder) -> None:
    """A JD export through the app's own import (one live order, one the platform deleted)."""
    path = jd.write_jd_export(
        folder / "订单导出.csv",
        [
            jd.line(
                "281234567890",
                "100012345678",
                下单时间="2026-11-24 08:59:40",
                付款确认时间="2026-11-24 09:00:05",
            ),
            jd.line(
                "281234567891",
                "100012345678",
                订单状态="(删除)等待出库",
                下单时间="2026-11-20 10:00:00",
                付款确认时间="2026-11-20 10:00:30",
            ),
        ],
    )
    import_order_file(store, shop_id, path, now=NOW_EPOCH)


@pytest.fixture
def churned(store, tmp_path):
    rng = random.Random(22)
    first = shops.require_shop(store)
    other = shops.create_shop(store, ShopSettings(name="另一家店", timezone="America/New_York"), NOW_EPOCH)
    _generate(store, first, 1500, rng, NOW_EPOCH)
    _generate(store, other, 400, rng, NOW_EPOCH)
    with store.write():  # the level's countries, currencies and amounts
        for (order_id,) in store.conn.execute("SELECT id FROM orders").fetchall():
            store.conn.execute(
                "UPDATE orders SET ship_country = ?, currency = ?, amount_cents = ? WHERE id = ?",
                (
                    rng.choice((None, "US", "US", "GB")),
                    rng.choice((None, "USD", "USD", "GBP")),
                    rng.choice((None, rng.randrange(100, 90000))),
                    order_id,
                ),
            )
    _churn(store, rng, NOW_EPOCH)
    _import_jd(store, first, tmp_path)
    return store, (first, other), rng


def test_summary_is_the_orders_counted_by_day_after_edits_deletions_restores_and_imports(churned):
    store, _, rng = churned
    assert summary(store.conn) == _recount(_orders(store))
    _churn(store, rng, NOW_EPOCH)
    assert summary(store.conn) == _recount(_orders(store))


def _row_level_report(store, shop_id: int, now: int, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(risk, "OrderDays", lambda *args: None)
        return risk.risk_report(store, shop_id, now)


def _figures(report) -> tuple:
    return (
        report.metrics,
        report.projections,
        report.daily_rates,
        report.lookahead,
        report.level,
        report.help_rate,
    )


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_profiles_report_from_the_summary_is_the_row_level_report(churned, platform, monkeypatch):
    store, shop_ids, _ = churned
    on_a_day = NOW_EPOCH - NOW_EPOCH % DAY  # UTC midnight: a window's edges on the summary's days
    moments = (NOW_EPOCH, on_a_day, on_a_day - 1, on_a_day + 1, NOW_EPOCH - 200 * DAY + 7 * HOUR)
    for shop_id in shop_ids:
        settings = shops.load_settings(store, shop_id)
        shops.save_settings(store, shop_id, dataclasses.replace(settings, platform=platform))
        for now in moments:
            row_level = _figures(_row_level_report(store, shop_id, now, monkeypatch))
            assert _figures(risk.risk_report(store, shop_id, now)) == row_level, (platform, shop_id, now)
            with monkeypatch.context() as patched:  # the short windows from the summary too
                patched.setattr(risk, "SHORT_WINDOW_DAYS", 0)
                summed = _figures(risk.risk_report(store, shop_id, now))
            assert summed == row_level, (platform, shop_id, now, "every window summed")


def test_a_deleted_order_is_no_order_of_the_shop_in_any_profile(store, tmp_path):
    """A deleted order (JD's "(删除)…", an order the shop or the platform removed) is no order
    placed, paid or shipped with the shop: Amazon's placed orders (order defect and cancellation
    rates) counted it while every other profile did not."""
    shop_id = shops.require_shop(store)
    _import_jd(store, shop_id, tmp_path)
    settings = shops.load_settings(store, shop_id)
    for platform in PLATFORMS:
        shops.save_settings(store, shop_id, dataclasses.replace(settings, platform=platform))
        report = risk.risk_report(store, shop_id, NOW_EPOCH)
        for metric in report.profile.metrics:
            if metric.denominator in ("orders", "orders_paid", "transactions"):
                for window in report.metrics[metric.id].values():
                    assert window.orders == 1, (platform, metric.id, window.window)
        if platform == "amazon":
            assert report.metrics["order_defect_rate"]["60d"].orders == 1
            assert report.metrics["cancellation_rate"]["7d"].orders == 1


@pytest.mark.sqlite_only(
    reason="the backfill of a SQLite store file; PostgreSQL's twin runs the same INSERTs"
)
def test_the_migration_counts_the_orders_already_stored(tmp_path):
    older = connect(tmp_path / "old.db")
    try:
        migrations.migrate(older, target=21)
        shop_id = older.conn.execute(
            "INSERT INTO shops (name, platform, created_at) VALUES ('老店', 'ebay', ?) RETURNING id",
            (NOW_EPOCH,),
        ).fetchone()[0]
        older.conn.commit()
        _generate(older, shop_id, 800, random.Random(5), NOW_EPOCH)
        assert "order_days" not in {
            row[0] for row in older.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        migrations.migrate(older)
        assert summary(older.conn) == _recount(_orders(older))
    finally:
        older.close()


@pytest.mark.sqlite_only(reason="moves a SQLite store file into PostgreSQL itself")
def test_a_store_moved_to_postgresql_keeps_its_summary_exact(db_path, pg_url, tmp_path, monkeypatch):
    """move-store copies every table by COPY, order_days too; the orders' trigger must not count
    the copied orders a second time on top of the copied summary."""
    from seller_assistant.paths import SHARED_FOLDER_ENV
    from seller_assistant.store import move_in, open_store

    monkeypatch.setenv(SHARED_FOLDER_ENV, str(tmp_path / "nas-share"))
    lite = open_store(db_path)
    try:
        _generate(
            lite,
            shops.create_shop(lite, ShopSettings(name="搬家店"), NOW_EPOCH),
            300,
            random.Random(9),
            NOW_EPOCH,
        )
        expected = summary(lite.conn)
    finally:
        lite.close()
    move_in.move_store(db_path, pg_url)
    moved = open_store(pg_url)
    try:
        assert summary(moved.conn) == expected == _recount(_orders(moved))
    finally:
        moved.close()
