"""Kill a Seller Assistant command with SIGKILL at chosen moments and check the store it leaves.

Used by tests/test_crash_safety.py (a few kills per scenario, in CI) and benchmarks/kill_soak.py
(many). A run is "survived" when the store passes integrity_check and verify_store, every row
present before the command is still there unchanged, and the command's own writes are all there
or none (one transaction per file).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.builders import reply_pairing
from tests.builders.order_days import recount, summary

REPO = Path(__file__).resolve().parents[2]
NOW_ISO = "2026-11-25T09:00:00+08:00"
# Write-lock polls: often enough to catch a transaction of a few hundred milliseconds.
POLL_SECONDS = 0.003


# ---- what the store holds -------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    version: int
    schema: frozenset[tuple[str, str, str]]  # (type, name, sql) of every table, index and trigger
    rows: dict[str, frozenset[tuple]]  # every row of every table we own (FTS shadow tables excluded)
    columns: dict[str, tuple[str, ...]]  # each table's column names, in the order of its rows

    def count(self, table: str) -> int:
        return len(self.rows.get(table, ()))


def _tables(conn: sqlite3.Connection) -> list[str]:
    # The search indexes (trigram and bigram) are derived from messages and orders; integrity_check
    # and the row checks cover them. order_days is the orders counted by day (migration 022): its
    # counts change with every order written, so it is checked against a recount instead; so are
    # reply_questions and reply_quarters, the chats' replies paired (migration 026), and
    # message_days (migration 027), whose id ranges widen with every message written.
    return [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'messages_fts%' AND name NOT LIKE 'messages_bigram%'"
            " AND name NOT LIKE 'orders_bigram%' AND name != 'order_days'"
            " AND name NOT IN ('reply_questions', 'reply_quarters', 'message_days') ORDER BY name"
        )
    ]


def summary_problems(db_path: Path) -> list[str]:
    """order_days must be exactly the orders counted by day after any kill (a trigger's half-done
    count would make every help rate of the window wrong), the stored pairing of replies the
    messages paired again (a half-kept pairing would make the reply metrics wrong), and each day's
    message ids the messages counted again (a missed day would hide a date range's messages)."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    problems = []
    try:
        problems += _message_days_problems(conn)
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'order_days'").fetchone():
            kept, recounted = summary(conn), recount(conn.execute("SELECT * FROM orders"))
            if kept != recounted:
                differ = len(set(kept.items()) ^ set(recounted.items()))
                problems.append(f"order_days: {differ} count(s) differ from the orders counted again")
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'reply_quarters'").fetchone():
            for name, kept, recounted in zip(
                ("reply_questions", "reply_quarters"),
                reply_pairing.stored(conn),
                reply_pairing.recount(conn),
                strict=True,
            ):
                if kept != recounted:
                    differ = len(set(kept.items()) ^ set(recounted.items()))
                    problems.append(f"{name}: {differ} row(s) differ from the messages paired again")
    finally:
        conn.close()
    return problems


def _message_days_problems(conn: sqlite3.Connection) -> list[str]:
    """message_days (migration 027) must be each shop's messages per UTC day, lowest and highest id."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'message_days'").fetchone():
        return []
    kept = set(map(tuple, conn.execute("SELECT shop_id, day, low_id, high_id FROM message_days")))
    recounted = set(
        map(
            tuple,
            conn.execute("SELECT shop_id, sent_at / 86400, min(id), max(id) FROM messages GROUP BY 1, 2"),
        )
    )
    if kept == recounted:
        return []
    return [f"message_days: {len(kept ^ recounted)} day(s) differ from the messages counted again"]


def snapshot(db_path: Path) -> Snapshot:
    conn = sqlite3.connect(db_path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        schema = frozenset(
            conn.execute(
                "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        )
        tables = _tables(conn)
        rows = {table: frozenset(conn.execute(f'SELECT * FROM "{table}"')) for table in tables}
        columns = {
            table: tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')) for table in tables
        }
    finally:
        conn.close()
    return Snapshot(version, schema, rows, columns)


def integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def verify_chains(db_path: Path) -> str | None:
    """None when every evidence chain verifies (opening with the app migrates an older store)."""
    from seller_assistant.store import open_store
    from seller_assistant.store.evidence import verify_store

    store = open_store(db_path)
    try:
        report = verify_store(store)
    finally:
        store.close()
    if report.ok:
        return None
    first = report.problems[0]
    return f"verify_store: {first.chain_key} {first.item_type} {first.item_id}: {first.message}"


def _projected(after: Snapshot, table: str, columns: tuple[str, ...]) -> frozenset[tuple]:
    """After's rows seen through before's columns: a migration that adds a column changes no row."""
    after_columns = after.columns.get(table, ())
    if after_columns == columns or not all(c in after_columns for c in columns):
        return after.rows.get(table, frozenset())
    positions = [after_columns.index(c) for c in columns]
    return frozenset(tuple(row[i] for i in positions) for row in after.rows.get(table, ()))


def lost_rows(before: Snapshot, after: Snapshot) -> list[str]:
    """Tables where a row present before is gone or changed after."""
    problems = []
    for table, rows in before.rows.items():
        missing = rows - _projected(after, table, before.columns.get(table, ()))
        if missing:
            problems.append(f"{table}: {len(missing)} row(s) committed before the kill are gone or changed")
    return problems


def copy_store(source: Path, target_dir: Path) -> Path:
    """A fresh copy of a closed store (database and attachments) to run one kill on."""
    from seller_assistant import paths

    # A folder left by an earlier run (the benchmark's soak reuses its work folder) starts over.
    shutil.rmtree(target_dir, ignore_errors=True)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / source.name
    for suffix in ("", "-wal", "-shm"):
        if Path(str(source) + suffix).exists():
            shutil.copy2(str(source) + suffix, str(target) + suffix)
    attachments = paths.attachments_dir(source)
    if attachments.is_dir():
        shutil.copytree(attachments, paths.attachments_dir(target))
    return target


# ---- running and killing ----------------------------------------------------------------------


def command(db_path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "seller_assistant", "--db", str(db_path), "--now", NOW_ISO, *args]


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["XDG_DATA_HOME"] = str(home / "data")
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("SELLER_ASSISTANT_DB", None)
    return env


@dataclass
class RunOutcome:
    killed: bool  # SIGKILL arrived while the command was still running
    saw_write: bool  # it had taken the store's write lock (or started its file) when the kill was timed
    returncode: int
    seconds: float
    stderr: str


def _write_locked(probe: sqlite3.Connection) -> bool:
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    probe.execute("ROLLBACK")
    return False


def run_and_kill(
    argv: list[str],
    env: dict[str, str],
    *,
    after: float | None = None,
    when_writing: Path | None = None,
    when_file: Callable[[], bool] | None = None,
    extra: float = 0.0,
    limit: float = 120.0,
) -> RunOutcome:
    """Start argv; SIGKILL it `after` seconds, or `extra` seconds after it takes the store's write
    lock (`when_writing` = the store) or after `when_file()` turns true. None of them: run to the end."""
    started = time.monotonic()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO)
    probe = None
    killed = saw_write = False
    try:
        if when_writing is not None or when_file is not None:
            while process.poll() is None and time.monotonic() - started < limit:
                if when_file is not None and when_file():
                    saw_write = True
                    break
                if when_writing is not None and when_writing.exists():
                    if probe is None:
                        probe = sqlite3.connect(when_writing, timeout=0, isolation_level=None)
                    if _write_locked(probe):
                        saw_write = True
                        break
                time.sleep(POLL_SECONDS)
            if probe is not None:
                probe.close()
                probe = None
            deadline = time.monotonic() + extra
        elif after is not None:
            deadline = started + after
        else:
            deadline = None
        if deadline is not None:
            while process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed = True
        _, err = process.communicate(timeout=limit)
    finally:
        if probe is not None:
            probe.close()
        if process.poll() is None:
            process.kill()
            process.wait()
    return RunOutcome(
        killed, saw_write, process.returncode, time.monotonic() - started, err.decode("utf-8", "replace")
    )


# ---- scenarios and the soak -------------------------------------------------------------------


@dataclass
class Scenario:
    """A command run on a copy of `base`. `adds` = rows per table the whole command adds: after a
    kill each table must have gained all of them or none. `check(db_path, before)` returns
    (state, problems) for scenarios that judge the outcome themselves (bundle, migration)."""

    name: str
    base: Path
    args: Callable[[Path], list[str]]  # work folder -> command arguments after --db/--now
    adds: dict[str, int] = field(default_factory=dict)
    check: Callable[[Path, Snapshot, Snapshot], tuple[str, list[str]]] | None = None
    watch_file: Callable[[Path], bool] | None = None  # work folder -> the command has started writing


@dataclass
class SoakReport:
    kills: int = 0  # runs where SIGKILL arrived while the command was running
    runs: int = 0
    mid_write: int = 0  # kills aimed at a moment after the command began writing
    lost: int = 0  # runs whose store failed a check
    lost_killed: int = 0  # of those, runs that were really killed
    states: Counter = field(default_factory=Counter)  # 'none' / 'all' / scenario states
    problems: list[str] = field(default_factory=list)

    def merge(self, other: SoakReport) -> None:
        self.kills += other.kills
        self.runs += other.runs
        self.mid_write += other.mid_write
        self.lost += other.lost
        self.lost_killed += other.lost_killed
        self.states.update(other.states)
        self.problems.extend(other.problems)

    def to_json(self) -> dict:
        return {
            "runs": self.runs,
            "kills": self.kills,
            "mid_write": self.mid_write,
            "survived": self.kills - self.lost_killed,
            "lost": self.lost,
            "states": dict(self.states),
            "problems": self.problems[:20],
        }

    def line(self) -> str:
        return f"{self.kills - self.lost_killed} kills survived, {self.lost} lost"


def _all_or_none(scenario: Scenario, before: Snapshot, after: Snapshot) -> tuple[str, list[str]]:
    gained = {table: after.count(table) - before.count(table) for table in scenario.adds}
    if all(n == 0 for n in gained.values()):
        return "none", []
    if gained == scenario.adds:
        return "all", []
    return "partial", [f"half-written: gained {gained}, expected all of {scenario.adds} or none"]


def judge(scenario: Scenario, db_path: Path, before: Snapshot) -> tuple[str, list[str]]:
    """The store after a run: (state, problems). No problems = nothing lost, nothing half-written."""
    problems = []
    result = integrity(db_path)
    if result != "ok":
        return "corrupt", [f"integrity_check: {result}"]
    after = snapshot(db_path)
    problems += lost_rows(before, after)
    problems += summary_problems(db_path)
    if scenario.check is not None:
        state, more = scenario.check(db_path, before, after)
    else:
        state, more = _all_or_none(scenario, before, after)
        if after.schema != before.schema:
            more.append("the schema changed (a dropped trigger or index was not restored)")
    problems += more
    chains = verify_chains(db_path)
    if chains:
        problems.append(chains)
    return state, problems


def calibrate(scenario: Scenario, work: Path, env: dict[str, str]) -> float:
    """Run once to the end: the command must succeed and leave the 'all' state. Returns seconds."""
    db_path = copy_store(scenario.base, work)
    before = snapshot(db_path)
    outcome = run_and_kill(command(db_path, *scenario.args(work)), env)
    if outcome.returncode != 0:
        raise AssertionError(f"{scenario.name}: the command failed without a kill: {outcome.stderr[-2000:]}")
    state, problems = judge(scenario, db_path, before)
    if problems or state != "all":
        raise AssertionError(f"{scenario.name}: an uninterrupted run left state {state}: {problems}")
    return outcome.seconds


def soak(
    scenario: Scenario,
    kills: int,
    seed: int,
    work_root: Path,
    env: dict[str, str],
    duration: float | None = None,
    keep: bool = False,
) -> SoakReport:
    """`kills` runs with seeded random kill moments: even runs at a random time over the command's
    life, odd runs a random moment after it takes the write lock (or starts writing its file)."""
    rng = random.Random(f"{scenario.name}-{seed}")
    if duration is None:
        duration = calibrate(scenario, work_root / f"{scenario.name}-calibrate", env)
    before = snapshot(scenario.base)
    report = SoakReport()
    for index in range(kills):
        work = work_root / f"{scenario.name}-{index}"
        db_path = copy_store(scenario.base, work)
        argv = command(db_path, *scenario.args(work))
        if index % 2 == 0:
            outcome = run_and_kill(argv, env, after=rng.uniform(0.05, duration * 0.95))
        else:
            # The first of these kills as soon as the writing begins: surely mid-transaction.
            extra = 0.0 if index == 1 else rng.uniform(0.0, duration * 0.3)
            if scenario.watch_file is not None:
                outcome = run_and_kill(
                    argv, env, when_file=lambda work=work: scenario.watch_file(work), extra=extra
                )
            else:
                outcome = run_and_kill(argv, env, when_writing=db_path, extra=extra)
        if not outcome.killed and outcome.returncode != 0:
            report.problems.append(
                f"{scenario.name} run {index}: failed without a kill: {outcome.stderr[-500:]}"
            )
        state, problems = judge(scenario, db_path, before)
        report.runs += 1
        report.kills += outcome.killed
        report.mid_write += outcome.killed and outcome.saw_write
        report.states[f"{scenario.name}:{state}"] += 1
        if problems:
            report.lost += 1
            report.lost_killed += outcome.killed
            report.problems += [f"{scenario.name} run {index}: {p}" for p in problems]
        if not keep and not problems:
            shutil.rmtree(work, ignore_errors=True)
    return report
