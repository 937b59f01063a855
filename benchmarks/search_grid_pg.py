#!/usr/bin/env python3
"""search_grid.py's Chats searches on a shared store: the server's time of each (issue 20).

    .venv/bin/python benchmarks/search_grid_pg.py 'postgresql:///DB?host=SOCKET_DIR' [--runs 3] [--worst 15]

The store is a PostgreSQL database holding a moved store (`seller-assistant --db STORE.db
move-store URL`, or benchmarks/measures/postgresql.py's throwaway cluster); it is only read. The same
12 queries × 11 filters as search_grid.py, through the app's search_messages; each cell prints the
hits, the server backend's CPU time (its on-CPU nanoseconds from /proc/PID/schedstat: the machine
running the server must be this one), the wall clock and this process's CPU, the median of --runs
after one run to warm the pages. The worst cells by server time come last."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.search_grid import QUERIES, filter_grid  # noqa: E402
from seller_assistant.store import search  # noqa: E402
from seller_assistant.store.connection import connect  # noqa: E402


def _filters(conn, shop_id: int) -> list[tuple[str, dict]]:
    """search_grid.py's filters, read without SQLite's INDEXED BY."""
    first, last = conn.execute(
        "SELECT min(sent_at), max(sent_at) FROM messages WHERE shop_id = ?", (shop_id,)
    ).fetchone()
    staff = conn.execute(
        "SELECT sender_name FROM messages WHERE shop_id = ? AND sender_name <> buyer LIMIT 1", (shop_id,)
    ).fetchone()[0]
    buyer = conn.execute(
        "SELECT buyer FROM messages WHERE shop_id = ? ORDER BY id LIMIT 1", (shop_id,)
    ).fetchone()[0]
    return filter_grid(first, last, staff, buyer)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="search_grid_pg", description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--worst", type=int, default=15)
    parser.add_argument("--queries", default=",".join(QUERIES))
    args = parser.parse_args(argv)
    store = connect(args.url)
    conn = store.conn
    backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]

    def server_ms() -> float:
        with open(f"/proc/{backend}/schedstat", encoding="ascii") as stat:
            return int(stat.read().split()[0]) / 1e6

    shop_id = conn.execute("SELECT min(id) FROM shops").fetchone()[0]
    cells = []
    print("| query | filter | hits | server ms | wall ms | client CPU ms |")
    print("|---|---|---|---|---|---|")
    for query in args.queries.split(","):
        for name, chosen in _filters(conn, shop_id):
            result = search.search_messages(store, shop_id, query, **chosen)  # warm
            servers, walls, cpus = [], [], []
            for _ in range(args.runs):
                server, wall, cpu = server_ms(), time.perf_counter(), time.process_time()
                result = search.search_messages(store, shop_id, query, **chosen)
                servers.append(server_ms() - server)
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
            cell = (statistics.median(servers), statistics.median(walls), statistics.median(cpus))
            cells.append((*cell, query, name, len(result.hits)))
            print(
                f"| {query} | {name} | {len(result.hits)} | {cell[0]:.1f} | {cell[1]:.1f} | {cell[2]:.1f} |",
                flush=True,
            )
    print(f"\nWorst {args.worst} by server time:")
    for server, wall, cpu, query, name, hits in sorted(cells, reverse=True)[: args.worst]:
        print(
            f"  {server:8.1f} ms server {wall:8.1f} ms wall {cpu:6.1f} ms client  {query} × {name}: {hits} hits"
        )
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
