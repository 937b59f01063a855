"""The long kill run: SIGKILL an order import, a chat import, a bundle export and a migration at many
random moments on real-size files, and count the stores that came through with nothing lost.

    python benchmarks/kill_soak.py --kills 200 [--seed 1] [--orders 50000] [--messages 50000] [--work DIR]

Prints "N kills survived, 0 lost" and writes kill-soak.json in the work folder; exit 0 only when
nothing was lost. A soak starts clean: what an earlier soak left in the work folder (finished,
interrupted, or the benchmark's other tier) is removed first. tests/test_crash_safety.py is the short version that runs in CI.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kill_soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100, help="kills in all, shared by the four scenarios")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=50_000, help="rows in the Taobao export")
    parser.add_argument("--messages", type=int, default=50_000, help="messages in the Qianniu export")
    parser.add_argument("--old-orders", type=int, default=50_000, help="orders in the store to migrate")
    parser.add_argument(
        "--work",
        type=Path,
        help="work folder (default: a temporary one, removed after); its soak parts are rebuilt every run",
    )
    parser.add_argument("--keep", action="store_true", help="keep every run's store, not only failed ones")
    return parser.parse_args(argv)


# What a soak builds in its work folder. The stores are built by adding to what is there (the
# old store's orders are copied in by id), so a leftover from an earlier soak — an interrupted one,
# or the benchmark's first tier before its big tier — made the next one fail on orders.id.
SOAK_PARTS = ("bases", "runs", "home", "kill-soak.json")


def start_clean(work: Path) -> None:
    """Remove what an earlier soak left in `work`, and only that: the folder may hold other things."""
    for name in SOAK_PARTS:
        part = work / name
        if part.is_dir():
            shutil.rmtree(part)
        elif part.exists():
            part.unlink()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from tests.builders import kill_scenarios
    from tests.builders.kill_harness import SoakReport, child_env, soak

    work = args.work or Path(tempfile.mkdtemp(prefix="kill-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    start_clean(work)
    env = child_env(work / "home")
    started = time.perf_counter()
    print(f"building the stores and files in {work} …", flush=True)
    demo = kill_scenarios.demo_base(work / "bases" / "demo")
    scenarios = [
        kill_scenarios.order_import(demo, work / "bases", args.orders),
        kill_scenarios.chat_import(demo, work / "bases", args.messages),
        kill_scenarios.bundle_export(demo),
        kill_scenarios.migration(
            kill_scenarios.old_store_base(work / "bases" / "old", args.old_orders), work / "bases"
        ),
    ]
    total = SoakReport()
    per_scenario = {}
    for number, scenario in enumerate(scenarios):
        kills = args.kills // len(scenarios) + (1 if number < args.kills % len(scenarios) else 0)
        if kills == 0:
            continue
        report = soak(scenario, kills, args.seed, work / "runs", env, keep=args.keep)
        per_scenario[scenario.name] = report.to_json()
        print(
            f"  {scenario.name}: {report.line()} ({report.mid_write} after writing began; "
            f"{dict(report.states)})",
            flush=True,
        )
        total.merge(report)
    summary = {
        "summary": total.line(),
        **total.to_json(),
        "scenarios": per_scenario,
        "seconds": round(time.perf_counter() - started, 1),
        "work": str(work),
    }
    (work / "kill-soak.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    print(total.line())
    for problem in total.problems[:20]:
        print(f"  LOST: {problem}")
    if args.work is None and total.lost == 0:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if total.lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
