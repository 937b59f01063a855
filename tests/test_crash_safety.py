"""Killed at any moment (SIGKILL) during an import, a chat import, a bundle export or a migration,
the store still verifies and keeps every row it had; two writers at once never corrupt it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.builders import kill_scenarios
from tests.builders.kill_harness import (
    REPO,
    SoakReport,
    child_env,
    command,
    integrity,
    snapshot,
    soak,
    verify_chains,
)

# The app killed mid-write must leave its SQLite file whole (journal, WAL, one writer's lock). A shared
# store's server keeps its own write-ahead log and undoes a killed desk's open transaction itself;
# desks writing at once on PostgreSQL: tests/test_pg_concurrency.py; a desk killed mid-import:
# tests/test_pg_crash_safety.py.
pytestmark = [
    pytest.mark.both_backends,
    pytest.mark.sqlite_only(
        reason="the SQLite file's crash safety and locking; PostgreSQL's is the server's"
    ),
]

# Bounded for CI: the benchmark (benchmarks/kill_soak.py) runs the long version.
KILLS_PER_SCENARIO = 5
SEED = 2026
ORDERS_IN_EXPORT = 8000
# A shop's order history (≥ 20 000 orders, 8 MB, dwarfing the demo's): parsed by a worker process
# while the killed process writes (imports/order_pipeline.py), one transaction, indexes after.
ORDERS_IN_HISTORY = 25_000
MESSAGES_IN_EXPORT = 8000
# A shop's chat history (≥ 20 000 messages, dwarfing the demo's): one transaction, indexes after.
MESSAGES_IN_HISTORY = 30_000
ORDERS_IN_OLD_STORE = 8000


@pytest.fixture(scope="module")
def bases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill-bases")
    demo = kill_scenarios.demo_base(folder / "demo")
    return {
        "import-orders": lambda: kill_scenarios.order_import(demo, folder, ORDERS_IN_EXPORT),
        "import-order-history": lambda: kill_scenarios.order_import(
            demo, _folder(folder / "order-history"), ORDERS_IN_HISTORY
        ),
        "import-chat": lambda: kill_scenarios.chat_import(demo, folder, MESSAGES_IN_EXPORT),
        "import-chat-history": lambda: kill_scenarios.chat_import(
            demo, _folder(folder / "history"), MESSAGES_IN_HISTORY
        ),
        "export-evidence": lambda: kill_scenarios.bundle_export(demo),
        "migration": lambda: kill_scenarios.migration(
            kill_scenarios.old_store_base(folder / "old", ORDERS_IN_OLD_STORE), folder
        ),
        "home": folder / "home",
    }


def _folder(path):
    path.mkdir(exist_ok=True)
    return path


@pytest.mark.parametrize(
    "name",
    [
        "import-orders",
        "import-order-history",
        "import-chat",
        "import-chat-history",
        "export-evidence",
        "migration",
    ],
)
def test_store_survives_sigkill_at_random_moments_with_nothing_lost(bases, name, tmp_path):
    scenario = bases[name]()
    report = soak(scenario, KILLS_PER_SCENARIO, SEED, tmp_path, child_env(bases["home"]))
    summary = {"scenario": name, **report.to_json(), "summary": report.line()}
    (tmp_path / "kill-summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(
        f"\n{name}: {report.line()} ({report.mid_write} after the write began; states {dict(report.states)})"
    )
    assert report.problems == [], summary
    assert report.lost == 0, summary
    # The kills really interrupted the command, and at least one landed after it began writing.
    assert report.kills >= 2, summary
    assert report.mid_write >= 1, summary


def test_the_soak_report_counts_a_lost_run_as_lost():
    report = SoakReport(kills=3, runs=3, lost=1, lost_killed=1)
    assert report.line() == "2 kills survived, 1 lost"


_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from seller_assistant.store import open_store, shops
    from seller_assistant.store.events import add_event
    from seller_assistant.store.orders import ship_order

    db, stop, now = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    store = open_store(db)
    shop_id = shops.require_shop(store)
    order_ids = [r[0] for r in store.conn.execute("SELECT id FROM orders ORDER BY id LIMIT 50")]
    to_ship = [r[0] for r in store.conn.execute(
        "SELECT id FROM orders WHERE status = 'paid' AND shipped_at IS NULL ORDER BY id LIMIT 40")]
    events = ships = 0
    started = time.monotonic()
    while not stop.exists() and time.monotonic() - started < 60:
        add_event(store, shop_id, order_ids[events % len(order_ids)], "complaint", now - events, now,
                  note=f"concurrent {events}")
        events += 1
        if to_ship:
            ship_order(store, to_ship.pop(), now, f"SF{ships:010d}", "顺丰速运", now)
            ships += 1
        time.sleep(0.003)
    print(events, ships)
""")


def test_two_processes_writing_at_once_never_corrupt_the_store_or_report_it_locked(bases, tmp_path):
    from tests.builders.kill_harness import copy_store

    scenario = bases["import-orders"]()
    db_path = copy_store(scenario.base, tmp_path / "shared")
    before = snapshot(db_path)
    env = child_env(bases["home"])
    stop = tmp_path / "stop"
    now = str(kill_scenarios._now_epoch())
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db_path), str(stop), now],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        importer = subprocess.run(
            command(db_path, *scenario.args(tmp_path), "--json"),
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    assert importer.returncode == 0, importer.stderr
    assert writer.returncode == 0, err
    assert "locked" not in importer.stderr + err
    events, ships = (int(n) for n in out.split())
    assert events > 0 and ships > 0
    assert json.loads(importer.stdout)["inserted"] == ORDERS_IN_EXPORT
    assert integrity(db_path) == "ok"
    after = snapshot(db_path)
    assert after.count("help_events") == before.count("help_events") + events
    assert after.count("shipments") == before.count("shipments") + ships
    assert after.count("orders") == before.count("orders") + ORDERS_IN_EXPORT
    assert verify_chains(db_path) is None
