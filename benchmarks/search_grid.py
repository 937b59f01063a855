#!/usr/bin/env python3
"""Chats searches on a cached store, every query frequency × every filter selectivity (issue 20).

    .venv/bin/python benchmarks/search_grid.py STORE.db [--runs 3] [--worst 15]

Opens the store read-only. Each query (rare to common, two characters and longer, Chinese and
English) is searched under each filter (a buyer, the staff, days to years, the staff within a
year); each cell prints how many messages the text and the filter hold (from their indexes),
the hits, the plan search_plan chose and the CPU and wall time of the search (median of --runs,
after one run to warm the pages). The worst cells by CPU come last."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from seller_assistant.store import search, search_plan  # noqa: E402
from seller_assistant.store.connection import connect  # noqa: E402
from seller_assistant.store.dialect import fts_phrase  # noqa: E402

DAY = 86_400
# Two characters and longer; each text's share of the synthetic chats differs by 100× and more,
# and some are written by only one side (the staff, or buyers), so a filter on the other side
# holds none of them: the cases where both sides are large and their intersection is tiny.
QUERIES = (
    "发货",
    "退款",
    "催促",
    "什么",
    "谢谢",
    "裂纹",
    "琉璃",
    "什么时候",
    "已经帮您",
    "ship",
    "dishwasher",
    "tracking",
)


def _filters(conn, shop_id: int) -> list[tuple[str, dict]]:
    first, last = conn.execute(
        "SELECT min(sent_at), max(sent_at) FROM messages INDEXED BY messages_sent WHERE shop_id = ?",
        (shop_id,),
    ).fetchone()
    staff = conn.execute(
        "SELECT sender_name FROM messages INDEXED BY messages_sender WHERE shop_id = ? AND sender_name <> buyer LIMIT 1",
        (shop_id,),
    ).fetchone()[0]
    buyer = conn.execute("SELECT buyer FROM messages WHERE shop_id = ? LIMIT 1", (shop_id,)).fetchone()[0]
    return filter_grid(first, last, staff, buyer)


def filter_grid(first: int, last: int, staff: str, buyer: str) -> list[tuple[str, dict]]:
    """The eleven filters of the grid, from the shop's first and last message times, a staff name
    and a buyer's (search_grid_pg.py reads the same four from a shared store)."""
    return [
        ("a buyer", {"sender_name": buyer}),
        ("the staff", {"sender_name": staff}),
        ("last 7 days", {"since": last - 7 * DAY}),
        ("last 30 days", {"since": last - 30 * DAY}),
        ("a day 200 days in", {"since": first + 200 * DAY, "until": first + 201 * DAY}),
        ("first 30 days", {"until": first + 30 * DAY}),
        ("first year", {"until": first + 365 * DAY}),
        ("all but the last year", {"until": last - 365 * DAY}),
        ("last year", {"since": last - 365 * DAY}),
        ("staff, last year", {"sender_name": staff, "since": last - 365 * DAY}),
        ("staff, first year", {"sender_name": staff, "until": first + 365 * DAY}),
    ]


def _count(conn, sql: str, params) -> int:
    return conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="search_grid", description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--worst", type=int, default=15)
    parser.add_argument("--queries", default=",".join(QUERIES))
    args = parser.parse_args(argv)
    store = connect(args.store, read_only=True)
    conn = store.conn
    shop_id = conn.execute("SELECT min(id) FROM shops").fetchone()[0]
    plans: list = []
    choose = search_plan.choose

    def spy(*a, **k):
        plans.append(choose(*a, **k))
        return plans[-1]

    search_plan.choose = spy
    cells = []
    filters = _filters(conn, shop_id)
    sizes = {}
    for name, chosen in filters:
        sides = search_plan.filter_sides(
            shop_id,
            before_id=None,
            several_shops=False,
            stage=None,
            **{
                "sender_name": chosen.get("sender_name"),
                "since": chosen.get("since"),
                "until": chosen.get("until"),
            },
        )
        sizes[name] = min((_count(conn, side.ids_sql, side.params) for side in sides), default=0)
    print("| query | text's messages | filter | filter's messages | hits | plan | CPU ms | wall ms |")
    print("|---|---|---|---|---|---|---|---|")
    for query in args.queries.split(","):
        table = "messages_bigram" if len(query) == 2 else "messages_fts"
        word = search.bigram_word(query) if len(query) == 2 else query
        text_count = _count(conn, f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (fts_phrase(word),))
        for name, chosen in filters:
            result = search.search_messages(store, shop_id, query, **chosen)  # warm
            cpus, walls = [], []
            for _ in range(args.runs):
                plans.clear()
                wall, cpu = time.perf_counter(), time.process_time()
                result = search.search_messages(store, shop_id, query, **chosen)
                cpus.append((time.process_time() - cpu) * 1000)
                walls.append((time.perf_counter() - wall) * 1000)
            plan = plans[-1] if plans else None
            how = _describe(plan)
            cpu, wall = sorted(cpus)[len(cpus) // 2], sorted(walls)[len(walls) // 2]
            cells.append((cpu, wall, query, text_count, name, sizes[name], len(result.hits), how))
            print(
                f"| {query} | {text_count:,} | {name} | {sizes[name]:,} | {len(result.hits)} | {how}"
                f" | {cpu:.1f} | {wall:.1f} |",
                flush=True,
            )
    print(f"\nWorst {args.worst} by CPU:")
    for cpu, wall, query, text_count, name, size, hits, how in sorted(cells, reverse=True)[: args.worst]:
        print(
            f"  {cpu:8.1f} ms CPU {wall:8.1f} ms wall  {query} ({text_count:,}) × {name} ({size:,}): {hits} hits, {how}"
        )
    store.close()
    return 0


def _describe(plan) -> str:
    if plan is None:
        return "-"
    described = getattr(plan, "describe", None)
    if described is not None:
        return described()
    if getattr(plan, "walk_from", None) is not None:
        return "newest matches walked first"
    if plan.side is not None:
        return "filter first"
    if plan.window is not None:
        return "walk in id window"
    return "walk"


if __name__ == "__main__":
    raise SystemExit(main())
