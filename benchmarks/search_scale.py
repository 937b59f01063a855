#!/usr/bin/env python3
"""Message search (figure 4, measures/queries.py) on the stores given, each query beside the bare
index query returning the same rows, and the growth from the first store to each later one.

    .venv/bin/python benchmarks/search_scale.py STORE.db [BIGGER.db ...] [--runs 7]

Open copies, never a store in use: opening may migrate it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.measures.queries import measure_search  # noqa: E402
from seller_assistant.store import open_store  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="search_scale", description=__doc__.splitlines()[0])
    parser.add_argument("stores", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    by_store = []
    for path in args.stores:
        store = open_store(path)
        try:
            messages = store.conn.execute("SELECT max(id) FROM messages").fetchone()[0] or 0
            by_store.append((messages, measure_search(store, args.runs)))
        finally:
            store.close()
    sizes = " | ".join(f"{n / 1e6:g} M messages (raw, ratio)" for n, _ in by_store)
    print(f"| Figure | {sizes} | growth last / first | pass at the last |")
    print("|---" * (len(by_store) + 3) + "|")
    for number, first in enumerate(by_store[0][1]):
        cells = []
        for _n, figures in by_store:
            f = figures[number]
            ratio = f"{f.ratio:.1f}×" if f.ratio else "–"
            cells.append(f"{f.value:.1f} ms ({f.baseline:.1f} ms, {ratio}); {f.note}")
        last = by_store[-1][1][number]
        growth = f"{last.value / first.value:.1f}×" if first.value > 0.05 else "–"
        print(f"| {first.label} | {' | '.join(cells)} | {growth} | {'yes' if last.passed else '**no**'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
