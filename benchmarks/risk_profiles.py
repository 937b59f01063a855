"""The day's risk report of every marketplace profile on one store, CPU and wall clock (issue 20).

    .venv/bin/python benchmarks/risk_profiles.py STORE.db [--runs 7] [--cold] [--shift SECONDS]

The store is opened read-only and its first shop's report computed as each marketplace would: the
shop's settings are read as stored with only the platform replaced, so nothing is written and the
cached benchmark stores can be measured in place. `--cold` forgets the reply metrics' pairing before
every report (the first report after a chat changed, or a `risk` command in a process of its own);
The first report of each profile is printed apart (CPU and wall): the process's first call, as a
`risk` command makes it. `--shift` moves `now` from the benchmark's moment (01:00 UTC; +39600 puts it at noon UTC, where a
window's edges fall mid-day). CPU time is the figure to read on a loaded machine."""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import NOW  # noqa: E402
from seller_assistant.store import reply_times, risk, shops  # noqa: E402
from seller_assistant.store.connection import connect  # noqa: E402

PLATFORMS = ("taobao", "jd", "pinduoduo", "other", "amazon", "ebay", "douyin")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--shift", type=int, default=0)
    parser.add_argument("--platforms", default=",".join(PLATFORMS))
    args = parser.parse_args()
    store = connect(args.store, read_only=True)
    now = NOW + args.shift
    shop_id = store.conn.execute("SELECT min(id) FROM shops").fetchone()[0]
    stored = shops.load_settings
    print(f"{args.store} (schema {store.conn.execute('PRAGMA user_version').fetchone()[0]}), now {now}")
    try:
        for platform in args.platforms.split(","):
            # risk and reply_times read the settings through the shops module: one replacement serves both.
            shops.load_settings = lambda s, sid, p=platform: dataclasses.replace(stored(s, sid), platform=p)
            # The first report of this profile in this process (a `risk` command computes only this
            # one): with the stored pairing of replies (migration 026) no different from the next.
            wall, cpu = time.perf_counter(), time.process_time()
            risk.risk_report(store, shop_id, now)
            first_cpu, first_wall = (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000
            walls, cpus = [], []
            for _ in range(args.runs):
                if args.cold:
                    reply_times._LAST.clear()
                wall, cpu = time.perf_counter(), time.process_time()
                risk.risk_report(store, shop_id, now)
                cpus.append((time.process_time() - cpu) * 1000)
                walls.append((time.perf_counter() - wall) * 1000)
            print(
                f"{platform:10s} CPU {statistics.median(cpus):7.1f} ms (min {min(cpus):.1f})"
                f"  wall {statistics.median(walls):7.1f} ms"
                f"  first call CPU {first_cpu:7.1f} ms wall {first_wall:7.1f} ms",
                flush=True,
            )
    finally:
        shops.load_settings = stored
        store.close()


if __name__ == "__main__":
    main()
