"""Backups of a shared store (issue 18): pg_dump, verified in a scratch database, one desk, restored into an empty one.

Runs on the tests' throwaway cluster (tests/pg_cluster.py) with that cluster's own pg_dump and
pg_restore (PostgreSQL 15 here; found in /usr/lib/postgresql/*/bin as on a Debian desk).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import socket
import subprocess
from datetime import UTC, datetime

import psycopg
import pytest

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.store import backup_verify, chain_verify, open_store, pg_backup, pg_tools

from .conftest import NOW_EPOCH

pytestmark = [
    pytest.mark.parametrize("store_backend", ["postgresql"], indirect=True),
    pytest.mark.postgresql_only(
        reason="pg_dump backups of a shared store (a SQLite store's: test_backup.py)"
    ),
]

DAY = 86400


@pytest.fixture
def share(tmp_path, monkeypatch):
    """The shop's shared folder (a NAS share): attachments and, by default, backups go there."""
    folder = tmp_path / "nas-share"
    monkeypatch.setenv(paths.SHARED_FOLDER_ENV, str(folder))
    monkeypatch.delenv(paths.BACKUP_FOLDER_ENV, raising=False)
    return folder


def _orders(store) -> list[tuple]:
    return [
        tuple(row)
        for row in store.conn.execute(
            "SELECT order_no, buyer, status, promised_ship_at FROM orders ORDER BY order_no"
        ).fetchall()
    ]


def _databases(pg_cluster) -> set[str]:
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}


def test_backup_is_a_dump_verified_in_a_scratch_database_that_is_dropped(share, demo_store, cli, pg_cluster):
    before = _databases(pg_cluster)

    result = cli("backup")

    assert result.code == 0, result.err
    (info,) = pg_backup.list_backups(demo_store.location)
    assert info.path.parent == share / f"{pg_backup.pg_connection.database_name(demo_store.location)}.backups"
    manifest = json.loads((info.path / "backup.json").read_text())
    assert manifest["rows"]["orders"] == len(_orders(demo_store)) > 0
    assert manifest["rows"]["evidence_items"] > 0
    assert manifest["made_by"].startswith("postgres on ")
    # pg_dump's custom format starts with PGDMP; only this user may read it
    assert (info.path / "store.dump").read_bytes()[:5] == b"PGDMP"
    assert (info.path / "store.dump").stat().st_mode & 0o077 == 0
    carried = list((info.path / "store.attachments").rglob("*"))
    assert any(p.is_file() for p in carried), "the demo's photos travel with the backup"
    assert _databases(pg_cluster) == before, "the scratch database is dropped after the check"
    assert "Backed up and verified" in result.out
    listed = cli("backups")
    assert info.path.name in listed.out


def test_a_dump_with_a_flipped_byte_is_refused(share, demo_store, pg_cluster):
    info = pg_backup.backup_now(demo_store, "manual", NOW_EPOCH)
    dump = info.path / "store.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))

    problem = pg_backup.verify_dump(demo_store, info.path, pg_backup.manifest_of(info))
    assert "SHA-256 differs" in str(problem)
    target = pg_cluster.url(pg_cluster.create_database())
    with pytest.raises(UserError, match="damaged"):
        pg_backup.restore(info, target)


def test_a_dump_whose_message_was_rewritten_fails_the_chain_check(share, demo_store, pg_cluster):
    """Someone rewrites a sealed message in the dump and even fixes the recorded SHA-256: restoring
    it into the scratch database and verifying the chains there names the message."""
    info = pg_backup.backup_now(demo_store, "manual", NOW_EPOCH)
    forged_db = pg_cluster.create_database()
    tool_dir = pg_tools.find_tool("pg_restore", 13).path.parent
    dump = info.path / "store.dump"
    subprocess.run(
        [tool_dir / "pg_restore", "--no-owner", "--no-acl", f"--dbname={pg_cluster.url(forged_db)}", dump],
        check=True,
        capture_output=True,
    )
    with psycopg.connect(pg_cluster.url(forged_db), autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # a superuser stepping around the triggers
        conn.execute("UPDATE messages SET text = '已经退款了' WHERE id = (SELECT min(id) FROM messages)")
    subprocess.run(
        [tool_dir / "pg_dump", "--format=custom", f"--file={dump}", pg_cluster.url(forged_db)],
        check=True,
        capture_output=True,
    )
    manifest = pg_backup.manifest_of(info)
    manifest["sha256"] = backup_verify.sha256_of(dump)
    (info.path / "backup.json").write_text(json.dumps(manifest))

    problem = pg_backup.verify_dump(demo_store, info.path, manifest)

    assert problem is not None and str(problem).startswith("evidence chain")
    target = pg_cluster.url(pg_cluster.create_database())
    with pytest.raises(UserError, match="does not verify"):
        pg_backup.restore(info, target)


def test_a_desk_finding_the_backup_lock_taken_says_who_makes_it(share, demo_store):
    with psycopg.connect(demo_store.location, autocommit=True) as other_desk:
        other_desk.execute("SET application_name = 'seller-assistant backup: wei on PACKING-PC'")
        other_desk.execute("SELECT pg_advisory_lock(%s, 0)", (pg_backup.BACKUP_LOCK,))

        outcome = pg_backup.backup_if_due(demo_store, NOW_EPOCH)
        with pytest.raises(UserError, match="being made by wei on PACKING-PC"):
            pg_backup.backup_now(demo_store, "manual", NOW_EPOCH)

    assert outcome.made == []
    assert str(outcome.note) == "The shared store's backup is being made by wei on PACKING-PC right now."
    assert pg_backup.list_backups(demo_store.location) == []


def _desk_opens(url: str, share: str, now: int, start, results) -> None:
    """One desk opening the app at the start of the day: the automatic backup, if due."""
    os.environ[paths.SHARED_FOLDER_ENV] = share
    store = open_store(url)
    try:
        start.wait(30)
        outcome = pg_backup.backup_if_due(store, now)
        results.put(([b.kind for b in outcome.made], outcome.note and str(outcome.note)))
    finally:
        store.close()


def test_two_desks_opening_at_once_make_one_backup(share, demo_store):
    spawn = multiprocessing.get_context("spawn")
    start, results = spawn.Barrier(2), spawn.Queue()
    desks = [
        spawn.Process(target=_desk_opens, args=(demo_store.location, str(share), NOW_EPOCH, start, results))
        for _ in range(2)
    ]
    for desk in desks:
        desk.start()
    outcomes = [results.get(timeout=180) for _ in desks]
    for desk in desks:
        desk.join(30)

    made = [kinds for kinds, _ in outcomes if kinds]
    told = [note for kinds, note in outcomes if not kinds]
    assert made == [["daily", "weekly"]]
    assert len(told) == 1 and "by postgres on " in told[0]
    kinds = sorted(b.kind for b in pg_backup.list_backups(demo_store.location))
    assert kinds == ["daily", "weekly"]


def test_next_desk_the_same_day_is_told_who_made_it(share, demo_store):
    first = pg_backup.backup_if_due(demo_store, NOW_EPOCH)
    again = pg_backup.backup_if_due(demo_store, NOW_EPOCH + 3600)

    assert [b.kind for b in first.made] == ["daily", "weekly"]
    assert again.made == []
    when = datetime.fromtimestamp(NOW_EPOCH).strftime("%H:%M")
    assert str(again.note).startswith("Today's backup of the shared store was made by postgres on ")
    assert str(again.note).endswith(f" at {when}.")
    # A Chinese window (or terminal) reads the same note in Chinese, the desk named its way round.
    host = socket.gethostname()
    assert again.note.text("zh") == f"今天的共享店铺数据库备份已由 {host} 上的 postgres 于 {when} 完成。"


def test_schedule_keeps_seven_daily_and_four_weekly(share, demo_store):
    made = pg_backup.backup_if_due(demo_store, NOW_EPOCH - 60 * DAY).made[0]
    root = made.path.parent
    # Earlier backups of the same store, as the schedule would have left them over 60 days (the
    # same verified files under older names: pruning goes by name and kind).
    for day in range(1, 15):
        _copy_as(made, root, NOW_EPOCH - day * DAY, "daily")
    for week in range(1, 8):
        _copy_as(made, root, NOW_EPOCH - week * 7 * DAY + 3600, "weekly")

    outcome = pg_backup.backup_if_due(demo_store, NOW_EPOCH)

    assert [b.kind for b in outcome.made] == ["daily"]  # the last weekly is not yet a week old
    found = pg_backup.list_backups(demo_store.location)
    dailies = [b.created_at for b in found if b.kind == "daily"]
    weeklies = [b.created_at for b in found if b.kind == "weekly"]
    assert dailies == [NOW_EPOCH] + [NOW_EPOCH - d * DAY for d in range(1, 7)]
    assert weeklies == [NOW_EPOCH - w * 7 * DAY + 3600 for w in range(1, 5)]


def _copy_as(info, root, when: int, kind: str) -> None:
    stamp = datetime.fromtimestamp(when, UTC).strftime("%Y%m%dT%H%M%SZ")
    shutil.copytree(info.path, root / f"{stamp}-{kind}")


def test_restore_into_an_empty_database_gives_the_same_orders_and_chains(share, demo_store, cli, pg_cluster):
    orders = _orders(demo_store)
    assert cli("backup").code == 0
    empty = pg_cluster.url(pg_cluster.create_database())

    result = cli("restore", "--latest", "--into", empty)

    assert result.code == 0, result.err
    assert "verified" in result.out
    restored = open_store(empty)
    try:
        assert _orders(restored) == orders
        report = chain_verify.verify_store(restored)
        assert report.ok and report.items > 0
        assert any(restored.attachments_dir.rglob("*")), "attachments restored beside the new database"
    finally:
        restored.close()


def test_restore_never_goes_over_a_store_in_use(share, demo_store, cli):
    orders = _orders(demo_store)
    assert cli("backup").code == 0

    result = cli("restore", "--latest")  # into the --db database itself, which holds the store

    assert result.code == 2
    assert "is not empty" in result.err and "Traceback" not in result.err
    assert _orders(demo_store) == orders


def test_missing_or_too_old_pg_dump_is_said_in_words(share, demo_store, cli, tmp_path, monkeypatch):
    monkeypatch.setattr(pg_tools, "SEARCH_GLOBS", [])
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))

    missing = cli("backup")

    assert missing.code == 2
    assert "pg_dump (PostgreSQL's own program) was not found" in missing.err
    assert "postgresql-client-" in missing.err and "Traceback" not in missing.err

    old = tmp_path / "old-bin"
    old.mkdir()
    fake = old / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 12.4'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(old))

    too_old = cli("backup")

    assert too_old.code == 2
    assert f"pg_dump here is version 12.4 ({fake})" in too_old.err
    assert "older than the store's PostgreSQL server" in too_old.err
    assert pg_backup.list_backups(demo_store.location) == []


def test_a_password_from_the_keyring_reaches_pg_dump_in_a_private_file_only(share, demo_store, monkeypatch):
    monkeypatch.setattr(pg_backup.pg_connection, "_keyring_password", lambda params: "s3cret:pw")
    seen = []
    real_run = subprocess.run

    def watch(args, **kwargs):
        env = kwargs.get("env") or {}
        if "PGPASSFILE" in env:
            seen.append(
                (list(map(str, args)), open(env["PGPASSFILE"]).read(), os.stat(env["PGPASSFILE"]).st_mode)
            )
        return real_run(args, **kwargs)

    monkeypatch.setattr(pg_tools.subprocess, "run", watch)

    pg_backup.backup_now(demo_store, "manual", NOW_EPOCH)

    assert seen, "pg_dump and pg_restore got a password file"
    for argv, passfile, mode in seen:
        assert not any("s3cret" in word for word in argv)
        assert passfile.endswith(":s3cret\\:pw\n")
        assert mode & 0o077 == 0


def test_a_desk_that_may_not_create_databases_is_told_how_to_grant_it(share, demo_store, pg_cluster):
    role = f"desk_{os.getpid()}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
    with psycopg.connect(demo_store.location, autocommit=True) as owner:
        owner.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        owner.execute(f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    desk_url = demo_store.location.replace("user=postgres", f"user={role}")
    desk = open_store(desk_url, migrate=False)
    try:
        with pytest.raises(UserError, match=f"ALTER ROLE {role} CREATEDB"):
            pg_backup.backup_now(desk, "manual", NOW_EPOCH)
    finally:
        desk.close()
    assert pg_backup.list_backups(demo_store.location) == []


def test_an_upgrade_of_a_shared_store_is_backed_up_first(share, pg_url, store_backend):
    """A store at the previous schema (the app before this version) is backed up, verified, then migrated."""
    from seller_assistant.store import migrations
    from tests import pg_cluster as pgc

    older = migrations.latest_version("postgresql") - 1
    pgc.migrate(pg_url, upto=older)

    store = open_store(pg_url)
    try:
        assert migrations.current_version(store) == older + 1
    finally:
        store.close()

    (made,) = pg_backup.list_backups(pg_url)
    assert made.kind == "pre-migration"
    assert pg_backup.manifest_of(made)["schema_version"] == older


def test_scheduled_backup_command_says_which_desk_made_todays(share, demo_store, cli):
    """`backup --if-due` (a desk's scheduled task): the first run makes the day's backup, the next says whose it is."""
    first = cli("backup", "--if-due")
    again = cli("backup", "--if-due", now="2026-11-25T11:00:00+08:00")

    assert first.code == 0 and first.out.count("Backed up and verified") == 2  # the daily and the weekly
    assert again.code == 0
    assert "Today's backup of the shared store was made by postgres on " in again.out
    when = datetime.fromtimestamp(NOW_EPOCH).strftime("%H:%M")  # this desk's clock, as the window shows it
    assert f" at {when}." in again.out
