#!/usr/bin/env python3
"""The orders-only tier: the Orders table and the Replies list at 200 000 and 1 000 000 orders
(measures/orders.py: every sort, page, filter and search; the figures are CPU time).

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
from benchmarks.measures.common import Figure  # noqa: E402
from benchmarks.measures.orders import measure_orders  # noqa: E402
from benchmarks.measures.queries import measure_replies  # noqa: E402
from benchmarks.run import format_value  # noqa: E402
from seller_assistant.store import open_store, shops  # noqa: E402
from seller_assistant.store.migrations import MIGRATIONS_DIR  # noqa: E402

SIZES = (200_000, 1_000_000)


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
        shop_id = shops.create_shop(
            store, synthetic.SHOP, synthetic.NOW - synthetic.HISTORY_DAYS * synthetic.DAY
        )
        rng = random.Random(20261125)
        rows = synthetic._insert_orders(store, shop_id, orders, rng)
        synthetic._insert_events_and_work_orders(store, shop_id, rows, rng)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    (path.parent / "complete").write_text("ok\n")
    print(f"  built {orders:,} orders in {time.perf_counter() - started:.0f} s: {path}", flush=True)
    return path


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
            by_size[orders] = measure_orders(store, orders, args.runs) + measure_replies(store, args.runs)
        finally:
            store.close()
    if args.backups:
        _print_backups(args.work)
    small, big = by_size[SIZES[0]], by_size[SIZES[1]]
    print("| Figure | 200 k | raw | ratio | 1 M | raw | ratio | growth 1 M / 200 k | target | pass at 1 M |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for a, b in zip(small, big, strict=True):
        print(
            f"| {b.label} | {format_value(a.value, a.unit)} | {format_value(a.baseline, a.unit)} | {a.ratio:.1f}× "
            f"| {format_value(b.value, b.unit)} | {format_value(b.baseline, b.unit)} | {b.ratio:.1f}× "
            f"| {b.value / a.value:.1f}× | {b.target} | {'yes' if b.passed else '**no**'} |"
        )
    return 0


def _print_backups(work: Path) -> None:
    """The start-of-day backup (measures/backups.py) of the orders-only store at each size."""
    from benchmarks.measures.backups import measure_backups

    print("| Backup | seconds | raw floor | ratio | target | pass | |")
    print("|---|---|---|---|---|---|---|")
    for orders in SIZES:
        for f in measure_backups(orders_store(work, orders), work, print, f"{orders:,} orders"):
            print(
                f"| {f.label} | {f.value:.1f} | {f.baseline:.1f} | {f.ratio:.1f}× | {f.target} "
                f"| {'yes' if f.passed else '**no**'} | {f.note} |"
            )


if __name__ == "__main__":
    sys.exit(main())
