#!/usr/bin/env python3
"""The benchmark: build (or reuse) a busy synthetic shop, measure every figure against its raw
baseline, print a table and write benchmarks/results.json.

    python3 tools/dev.py bench              # the full run: 200 000 orders, 2 000 000 messages
    python3 tools/dev.py bench --big        # and the big tier beside it: 1 000 000 orders, 10 000 000 messages
    python3 tools/dev.py bench --quick      # a smoke run: 20 000 orders, 200 000 messages
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import synthetic  # noqa: E402
from benchmarks.measures.common import Figure  # noqa: E402

MEASURES = (
    "import",
    "chats",
    "risk",
    "search",
    "start",
    "orders",
    "bundle",
    "verify",
    "replies",
    "backup",
    "session",
)
IMPORT_MEASURES = {"import", "chats"}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--orders", type=int, default=200_000, help="orders in the big store (default 200 000)"
    )
    parser.add_argument(
        "--messages", type=int, default=2_000_000, help="chat messages in it (default 2 000 000)"
    )
    parser.add_argument(
        "--import-rows", type=int, default=100_000, help="rows of the Taobao export to import"
    )
    parser.add_argument("--chat-messages", type=int, default=1_000_000, help="messages of the Qianniu export")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per figure; the median is reported (default 3)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a fast smoke run: 20 000 orders, 200 000 messages, 20 000 rows, 100 000 chat messages",
    )
    parser.add_argument("--only", metavar="LIST", help=f"comma-separated subset of {', '.join(MEASURES)}")
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "benchmarks" / "work",
        help="cache and scratch folder (default benchmarks/work, git-ignored)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument(
        "--kill-soak",
        type=int,
        metavar="N",
        default=10,
        help="also kill an import N times mid-write and check the store survives",
    )
    parser.add_argument(
        "--big",
        action="store_true",
        help="also measure the big tier (built once and cached) and print each figure's growth",
    )
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="also move the store into a throwaway PostgreSQL cluster (move-store) and measure the read "
        "figures there, printed beside SQLite's",
    )
    parser.add_argument(
        "--big-orders", type=int, default=1_000_000, help="orders in the big tier (1 000 000)"
    )
    parser.add_argument(
        "--big-messages", type=int, default=10_000_000, help="messages in the big tier (10 000 000)"
    )
    parser.add_argument(
        "--big-chat-messages",
        type=int,
        default=200_000,
        help="messages of the Qianniu export imported into the big tier's store (200 000: an everyday import)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.orders, args.messages, args.import_rows, args.chat_messages = 20_000, 200_000, 20_000, 100_000
    args.only = set(args.only.split(",")) if args.only else set(MEASURES)
    unknown = args.only - set(MEASURES)
    if unknown:
        parser.error(f"--only: unknown measure(s) {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    info = machine_info()

    def log(text: str) -> None:
        print(text, flush=True)

    figures: list[Figure] = []
    built = db_path = cached = None
    if args.only - IMPORT_MEASURES:  # the imports start from files and fresh stores: no big store
        log(f"Big store: {args.orders:,} orders, {args.messages:,} messages")
        cached, built = synthetic.ensure_store(work, args.orders, args.messages, log)
        log(f"  built in {built:.0f} s: {cached}" if built else f"  cached: {cached}")
        db_path = synthetic.copy_store(cached, work / "run")
        figures += big_store_measures(args, db_path, work, log)
    figures += import_measures(args, work, log)
    on_postgresql: list[Figure] = []
    if args.postgresql and cached is not None:
        from benchmarks.measures import postgresql

        log("\nPostgreSQL: the same store moved into a throwaway cluster")
        on_postgresql = postgresql.measure(cached, work, args.runs, args.only, log)
    extra = {}
    if args.big:
        if db_path is not None:
            shutil.rmtree(db_path.parent)  # the first tier's copy: the big tier's needs the disk
        extra["big"] = big_tier(args, work, log)
    if args.kill_soak:
        extra["kill_soak"] = kill_soak(args.kill_soak, work, log)
    total = time.perf_counter() - started
    info["load_average_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    print_table(figures)
    if on_postgresql:
        from benchmarks.measures import postgresql

        print()
        for line in postgresql.side_by_side(figures, on_postgresql, format_value):
            print(line)
    if args.big:
        print()
        for line in growth_lines(figures, extra["big"], args):
            print(line)
    results = {
        "machine": info,
        "parameters": {
            "orders": args.orders,
            "messages": args.messages,
            "import_rows": args.import_rows,
            "chat_messages": args.chat_messages,
            "runs": args.runs,
            "quick": args.quick,
        },
        "store_build_seconds": built,
        "total_seconds": round(total, 1),
        "figures": {f.key: f.to_json() for f in figures},
        **({"postgresql": {f.key: f.to_json() for f in on_postgresql}} if on_postgresql else {}),
        **extra,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    log(f"\nWrote {args.out} ({total:.0f} s in all)")
    return 0


def big_tier(args, work: Path, log) -> dict:
    """The big tier: its own cached store, the same store measures (imports are the same work on
    any size of store and are measured once, in the first tier)."""
    log(f"\nBig tier: {args.big_orders:,} orders, {args.big_messages:,} messages")
    cached, built = synthetic.ensure_store(work, args.big_orders, args.big_messages, log)
    log(f"  built in {built:.0f} s: {cached}" if built else f"  cached: {cached}")
    tier = argparse.Namespace(**{**vars(args), "orders": args.big_orders, "messages": args.big_messages})
    figures: list[Figure] = []
    if args.only - IMPORT_MEASURES:
        db_path = synthetic.copy_store(cached, work / "run-big")
        figures += big_store_measures(tier, db_path, work, log)
        shutil.rmtree(db_path.parent)
    if "chats" in args.only:  # its own copies (the app's, then raw SQLite's), one at a time
        from benchmarks.measures import imports

        figures += _step(
            "2. chat import into the big store",
            lambda: imports.measure_chat_import_into_big(cached, work, args.big_chat_messages, log),
            log,
        )
    return {
        "parameters": {"orders": args.big_orders, "messages": args.big_messages},
        "store_build_seconds": built,
        "figures": {f.key: f.to_json() for f in figures},
    }


def growth_lines(figures: list[Figure], big: dict, args) -> list[str]:
    """Each figure of the first tier beside the big tier's, each with its raw baseline and ratio,
    and the growth big / first: a cost growing faster than the store (5× the orders, 5× the
    messages) shows up here."""
    size = f"{args.big_orders // 1000:,} k / {args.big_messages / 1e6:g} M"
    lines = [
        f"| Figure | {args.orders // 1000:,} k orders (raw, ratio) | {size} (raw, ratio) | growth"
        " | big-tier target | pass |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        first = _with_baseline(f.value, f.baseline, f.ratio, f.unit)
        other = big["figures"].get(f.key)
        if other is None:
            lines.append(f"| {f.label} | {first} | (first tier only) | | {f.target} | |")
            continue
        growth = f"{other['value'] / f.value:.1f}×" if f.value else ""
        verdict = {True: "yes", False: "**no**", None: "–"}[other["passed"]]
        second = _with_baseline(other["value"], other["baseline"], other["ratio"], f.unit)
        lines.append(f"| {f.label} | {first} | {second} | {growth} | {other['target']} | {verdict} |")
    return lines


def _with_baseline(value: float, baseline: float | None, ratio: float | None, unit: str) -> str:
    if baseline is None:
        return format_value(value, unit)
    ratio_text = f", {ratio:.2f}×" if ratio is not None else ""
    return f"{format_value(value, unit)} ({format_value(baseline, unit)}{ratio_text})"


def big_store_measures(args, db_path: Path, work: Path, log) -> list[Figure]:
    from benchmarks.measures import backups, bundle, queries, session, ui
    from seller_assistant.store import open_store

    figures: list[Figure] = []
    store = open_store(db_path)
    try:
        steps = (
            ("risk", "3. risk report", lambda: queries.measure_risk(store, max(args.runs, 5))),
            ("search", "4. search", lambda: queries.measure_search(store, max(args.runs, 5))),
            ("start", "5. cold start", lambda: ui.measure_cold_start(db_path, work, args.runs)),
            ("orders", "6. orders table", lambda: ui.measure_order_window(store, args.runs, args.orders)),
            (
                "bundle",
                "7. evidence bundle",
                lambda: bundle.measure_bundle(store, synthetic.bundle_order_no(db_path), work, args.runs),
            ),
            ("verify", "8. verify", lambda: queries.measure_verify(store, args.runs)),
            ("replies", "9. replies list", lambda: queries.measure_replies(store, max(args.runs, 5))),
            # Before the backups: their two whole copies (17 GB at 1 M orders) push the window's own
            # code, its fonts and the store out of the page cache, and the session then measured the
            # disk (gaps of 30–52 ms with 4–15 ms of the GUI thread's CPU; 40–87 ms after dropping the
            # caches). Its own start-of-day backup is its last step; measure_backups removes it first.
            ("session", "11. GUI session", lambda: session.measure_session(db_path, work, args.orders, log)),
            (
                "backup",
                "10. start-of-day backup",
                lambda: backups.measure_backups(
                    db_path, work, log, f"{args.orders:,} orders / {args.messages:,} messages"
                ),
            ),
        )
        for name, label, measure in steps:
            if name in args.only:
                figures += _step(label, measure, log)
    finally:
        store.close()
    return figures


def import_measures(args, work: Path, log) -> list[Figure]:
    from benchmarks.measures import imports

    figures: list[Figure] = []
    if "import" in args.only:
        figures += _step(
            "1. order import",
            lambda: imports.measure_order_import(work, args.import_rows, args.runs, log),
            log,
        )
    if "chats" in args.only:
        figures += _step(
            "2. chat import",
            lambda: imports.measure_chat_import(work, args.chat_messages, args.import_rows, log),
            log,
        )
    return figures


def _step(label: str, measure, log) -> list[Figure]:
    log(f"{label} …")
    started = time.perf_counter()
    figures = measure()
    for f in figures:  # as they come: a long run that dies half-way keeps what it measured
        baseline = (
            f" (raw {format_value(f.baseline, f.unit)}, {f.ratio:.2f}×)" if f.baseline and f.ratio else ""
        )
        log(f"    {f.label}: {format_value(f.value, f.unit)}{baseline}")
    log(f"  done in {time.perf_counter() - started:.1f} s")
    return figures


def kill_soak(kills: int, work: Path, log) -> dict:
    """benchmarks/kill_soak.py SIGKILLs imports, an export and a migration mid-write; its summary
    says how many kills the stores came through with nothing lost."""
    from benchmarks import kill_soak as soak

    log(f"kill soak ({kills} kills) …")
    folder = work / "kill-soak"
    code = soak.main(["--kills", str(kills), "--work", str(folder)])
    summary = json.loads((folder / "kill-soak.json").read_text(encoding="utf-8"))
    return {"kills": kills, "exit_code": code, "nothing_lost": code == 0, **summary}


def machine_info() -> dict:
    from PySide6 import __version__ as pyside_version

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "pyside6": pyside_version,
        "load_average_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit in ("rows/s", "messages/s", "items/s"):
        return f"{value:,.0f} {unit}"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    return f"{value:.2f} {unit}"


def print_table(figures: list[Figure]) -> None:
    print()
    for line in table_lines(figures):
        print(line)


def table_lines(figures: list[Figure]) -> list[str]:
    """A Markdown table (the README pastes it as is)."""
    lines = [
        "| Figure | Result | Raw baseline | Ratio | Target | Pass | CPU-time figure |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        baseline = format_value(f.baseline, f.unit) if f.baseline is not None else ""
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else ""
        verdict = {True: "yes", False: "**no**", None: "–"}[f.passed]
        note = f" ({f.note})" if f.note else ""
        cpu = format_value(f.cpu_value, f.unit) if f.cpu_value is not None else ""
        lines.append(
            f"| {f.label}{note} | {format_value(f.value, f.unit)} | {baseline} | {ratio} | {f.target} "
            f"| {verdict} | {cpu} |"
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
