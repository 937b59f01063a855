#!/usr/bin/env python3
"""The orders-only tier: the Orders table and the Replies list at 200 000 and 1 000 000 orders.

Builds each store once with synthetic.py's order and event generators (no chat messages, so a
million orders build in under a minute) and caches it; prints each figure with its raw-SQL
baseline, the ratio, and the growth from the small store to the big one.

    .venv/bin/python benchmarks/orders_scale.py [--work /tmp/seller-assistant-orders-scale]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import synthetic  # noqa: E402
from benchmarks.measures.common import Figure, median, timed  # noqa: E402
from benchmarks.measures.queries import measure_replies  # noqa: E402
from benchmarks.run import format_value  # noqa: E402
from seller_assistant.store import open_store, shops  # noqa: E402
from seller_assistant.store.migrations import MIGRATIONS_DIR  # noqa: E402
from seller_assistant.store.order_queries import OrderQuery, OrderWindow  # noqa: E402

SIZES = (200_000, 1_000_000)
PAGE = 200
_COLUMNS = ("id, order_no, buyer, item_title, amount_cents, paid_at, promised_ship_at, shipped_at, status,"
            " refund_status, logistics_status, tracking_no, carrier")


def orders_store(work: Path, orders: int) -> Path:
    """The cached orders-only store (rebuilt when the migrations change)."""
    migrations = len(list(MIGRATIONS_DIR.glob("*.sql")))
    path = work / f"orders-o{orders}-b{synthetic.BUILD_VERSION}-s{migrations}" / "shop.db"
    if (path.parent / "complete").exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    store = open_store(path)
    try:
        shop_id = shops.create_shop(store, synthetic.SHOP, synthetic.NOW - synthetic.HISTORY_DAYS * synthetic.DAY)
        rng = random.Random(20261125)
        rows = synthetic._insert_orders(store, shop_id, orders, rng)
        synthetic._insert_events_and_work_orders(store, shop_id, rows, rng)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    (path.parent / "complete").write_text("ok\n")
    print(f"  built {orders:,} orders in {time.perf_counter() - started:.0f} s: {path}", flush=True)
    return path


def _ms(fn, runs: int) -> list[float]:
    fn()  # the first read brings the pages into the cache
    return [timed(fn)[0] * 1000 for _ in range(runs)]


def measure_orders_table(store, orders: int, runs: int) -> list[Figure]:
    """OrderWindow as the table uses it: count and a page, first and last, by deadline and by buyer.
    Baselines: the raw SQL that reads the same 200 rows the cheapest way an index allows."""
    conn = store.conn
    shop_id = shops.require_shop(store)
    lead = int(shops.load_settings(store, shop_id).due_soon_lead_hours * 3600)
    name = synthetic.buyer_name(orders // 7)

    def page(query: OrderQuery, last: bool) -> list[dict]:
        window = OrderWindow(store, shop_id, query, synthetic.NOW, lead)
        return window.rows(max(window.total - PAGE, 0) if last else 0, PAGE)

    # The deadline sort's last page is the oldest paid orders: read from the start of orders_paid_at.
    last_raw = (f"SELECT {_COLUMNS} FROM orders WHERE shop_id = ? AND NOT (shipped_at IS NULL AND status = 'paid')"
                " ORDER BY paid_at, id LIMIT ?")
    buyer_raw = f"SELECT {_COLUMNS} FROM orders WHERE shop_id = ? AND buyer = ? ORDER BY buyer, id LIMIT ?"
    first_raw = (f"SELECT {_COLUMNS} FROM orders WHERE shop_id = ? AND shipped_at IS NULL AND status = 'paid'"
                 " ORDER BY promised_ship_at, id LIMIT ?")
    def counted(sql: str) -> list:
        # The table needs the count too (its scroll bar): the raw side counts the shop's orders.
        conn.execute("SELECT count(*) FROM orders WHERE shop_id = ?", (shop_id,)).fetchone()
        return conn.execute(sql, (shop_id, PAGE)).fetchall()

    cases = (
        ("orders_page_first", "6e. orders: deadline sort, count + first page", OrderQuery(), False,
         lambda: counted(first_raw), "raw: count + awaiting-ship index, 200 rows"),
        ("orders_page_last", "6f. orders: deadline sort, count + last page", OrderQuery(), True,
         lambda: counted(last_raw), "raw: count + orders_paid_at from its start, 200 rows"),
        ("orders_buyer_filter", f"6g. orders: filter by buyer ({name})", OrderQuery(search=name), False,
         lambda: conn.execute(buyer_raw, (shop_id, name, PAGE)).fetchall(), "raw: orders_buyer equality"),
    )
    figures = []
    for key, label, query, last, raw, raw_label in cases:
        ms = _ms(lambda q=query, lst=last: page(q, lst), runs)
        raw_ms = _ms(raw, runs)
        value, base = median(ms), median(raw_ms)
        figures.append(Figure(key, label, value, "ms", baseline=base, baseline_label=raw_label,
                              ratio=value / base if base else None, target="≤ 100 ms", passed=value <= 100,
                              samples=ms, baseline_samples=raw_ms))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="orders_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/seller-assistant-orders-scale"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backups", action="store_true", help="also the start-of-day backup at each size")
    args = parser.parse_args(argv)
    by_size: dict[int, list[Figure]] = {}
    for orders in SIZES:
        path = orders_store(args.work, orders)
        store = open_store(path)
        try:
            by_size[orders] = measure_orders_table(store, orders, args.runs) + measure_replies(store, args.runs)
        finally:
            store.close()
    if args.backups:
        _print_backups(args.work)
    small, big = by_size[SIZES[0]], by_size[SIZES[1]]
    print("| Figure | 200 k | raw | ratio | 1 M | raw | ratio | growth 1 M / 200 k | target | pass at 1 M |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for a, b in zip(small, big, strict=True):
        print(f"| {b.label} | {format_value(a.value, a.unit)} | {format_value(a.baseline, a.unit)} | {a.ratio:.1f}× "
              f"| {format_value(b.value, b.unit)} | {format_value(b.baseline, b.unit)} | {b.ratio:.1f}× "
              f"| {b.value / a.value:.1f}× | {b.target} | {'yes' if b.passed else '**no**'} |")
    return 0


def _print_backups(work: Path) -> None:
    """The start-of-day backup (measures/backups.py) of the orders-only store at each size."""
    from benchmarks.measures.backups import measure_backups

    print("| Backup | seconds | raw floor | ratio | target | pass | |")
    print("|---|---|---|---|---|---|---|")
    for orders in SIZES:
        for f in measure_backups(orders_store(work, orders), work, print, f"{orders:,} orders"):
            print(f"| {f.label} | {f.value:.1f} | {f.baseline:.1f} | {f.ratio:.1f}× | {f.target} "
                  f"| {'yes' if f.passed else '**no**'} | {f.note} |")


if __name__ == "__main__":
    sys.exit(main())
