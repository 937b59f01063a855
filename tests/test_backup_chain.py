"""Backups by page (issue 20): a day's backup writes only the pages that changed, restores to exactly
the store of that day, catches a page that did not reach the disk as it should, and survives a
kill at any moment with the last good backup still restorable."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.store import (
    backup,
    backup_chain,
    backup_folders,
    backup_restore,
    backup_verify,
    chats,
    open_store,
    page_files,
    shops,
)

from .conftest import NOW_EPOCH

# The store's file read page by page: a shared store's backups are pg_dump's (their own tests).
pytestmark = [
    pytest.mark.both_backends,
    pytest.mark.sqlite_only(reason="pages of the SQLite file; a shared store is backed up by pg_dump"),
]

DAY = 86400


def _dump(db_file) -> dict[str, list]:
    """Every row of every table (search indexes' own tables included) and the schema."""
    conn = sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        tables = [name for kind, name, sql in schema if kind == "table" and "VIRTUAL" not in (sql or "")]
        rows = {name: sorted(map(repr, conn.execute(f'SELECT * FROM "{name}"'))) for name in tables}
        return {"schema": schema, **rows}
    finally:
        conn.close()


def _a_days_chat(store, day: int, lines: int = 30) -> None:
    """A day of buyers' questions, sealed through the store as an import seals them."""
    at = NOW_EPOCH + day * DAY
    chats.insert_messages(
        store,
        shops.require_shop(store),
        [
            chats.NewMessage(
                None,
                None,
                f"tb_买家{i % 5}",
                "buyer",
                f"tb_买家{i % 5}",
                at + i,
                f"第{day}天第{i}条：请问什么时候发货",
                None,
                "test",
                f"day-{day}-{i}",
            )
            for i in range(lines)
        ],
        at,
    )


def test_a_days_backup_writes_only_what_changed_and_restores_to_exactly_that_day(demo_store, db_path):
    first = backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    _a_days_chat(demo_store, 1)
    day_one = _dump(db_path)
    second = backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + DAY)
    chain = backup_chain.Chain(paths.backups_dir(db_path))

    # The first day's backup is kept as the pages the second changed, far less than a copy.
    undo = chain.undo_path(backup_folders.generation_of(first.path))
    assert undo.stat().st_size < db_path.stat().st_size / 3
    assert _dump(second.db_file) == day_one  # the newest backup is a whole file SQLite opens
    _a_days_chat(demo_store, 2)
    demo_store.close()

    backup_restore.restore_backup(second, db_path, NOW_EPOCH + 2 * DAY)
    assert _dump(db_path) == day_one
    assert all(backup_verify.verify_backup(b.path) is None for b in backup_folders.list_backups(db_path))


def test_an_older_generation_restores_to_exactly_its_day(demo_store, db_path):
    dumps = {}
    for day in range(4):
        _a_days_chat(demo_store, day)
        dumps[day] = _dump(db_path)
        backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + day * DAY)
    oldest = backup_folders.list_backups(db_path)[-1]
    assert not oldest.db_file.exists()  # only the newest is a whole file; this one is undo pages
    demo_store.close()

    backup_restore.restore_backup(oldest, db_path, NOW_EPOCH + 5 * DAY)

    assert _dump(db_path) == dumps[0]


def test_a_changed_page_that_reads_back_wrong_stops_the_backup_and_leaves_the_last_one_whole(
    demo_store, db_path, monkeypatch
):
    good = backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    good_dump = _dump(good.db_file)
    _a_days_chat(demo_store, 1)
    chain = backup_chain.Chain(paths.backups_dir(db_path))
    undo = chain.undo_path(backup_folders.generation_of(good.path))  # written first: the pages that change
    real_fsync = os.fsync

    def flipped_then_synced(fd):  # the disk kept one of the changed pages with a byte flipped
        if undo.exists() and os.fstat(fd).st_ino == chain.head.stat().st_ino:
            pgno = next(page_files.undo_records(undo))[0]
            offset = (pgno - 1) * 4096 + 200
            os.pwrite(fd, bytes([os.pread(fd, 1, offset)[0] ^ 0xFF]), offset)
            monkeypatch.setattr(os, "fsync", real_fsync)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", flipped_then_synced)

    with pytest.raises(UserError, match=r"did not verify \(page \d+ reads back different"):
        backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + DAY)
    monkeypatch.setattr(os, "fsync", real_fsync)

    assert [b.path for b in backup_folders.list_backups(db_path)] == [good.path]
    assert backup_verify.verify_backup(good.path) is None
    assert _dump(good.db_file) == good_dump  # put back page for page


def test_the_schedule_keeps_seven_daily_and_four_weekly_and_each_restores_its_day(demo_store, db_path):
    dumps = {}
    for day in range(30):
        _a_days_chat(demo_store, day, lines=3)
        backup.backup_if_due(demo_store.conn, db_path, NOW_EPOCH + day * DAY)
        dumps[day] = _dump(db_path)
    found = backup_folders.list_backups(db_path)
    assert sum(b.kind == "daily" for b in found) == 7
    assert sum(b.kind == "weekly" for b in found) == 4
    chain = backup_chain.Chain(paths.backups_dir(db_path))
    named = {backup_folders.generation_of(b.path) for b in found}
    assert set(chain.generations()) == named  # the dropped days' pages folded away
    demo_store.close()

    oldest_weekly = [b for b in found if b.kind == "weekly"][-1]
    day = (oldest_weekly.created_at - NOW_EPOCH) // DAY
    assert day == 0
    assert backup_verify.verify_backup(oldest_weekly.path) is None
    backup_restore.restore_backup(oldest_weekly, db_path, NOW_EPOCH + 31 * DAY)
    assert _dump(db_path) == dumps[day]


_BACKUP = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from seller_assistant import paths
    from seller_assistant.store import backup, backup_chain, open_store
    store = open_store(Path(sys.argv[1]))
    if sys.argv[3:] == ["die-with-the-head-half-rolled"]:
        head = backup_chain.Chain(paths.backups_dir(store.path)).head
        real_fsync = os.fsync
        def fsync(fd):  # the new pages are in the head, not yet flushed nor committed
            if head.exists() and os.fstat(fd).st_ino == head.stat().st_ino:
                os.kill(os.getpid(), signal.SIGKILL)
            real_fsync(fd)
        os.fsync = fsync
    print("started", flush=True)
    backup.backup_store(store.conn, store.path, "manual", int(sys.argv[2]))
    print("done", flush=True)
""")


def _grow(store, rows: int) -> None:
    """Bulk the store up so that a backup takes long enough to be killed half-way (a scratch
    table: the backup copies pages, whatever they hold)."""
    with store.write():
        store.conn.execute("CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body BLOB)")
        store.conn.executemany("INSERT INTO filler (body) VALUES (randomblob(3000))", [()] * rows)


def _run_backup(db_path, now: int, kill_after: float | None, *how: str):
    """Uninterrupted: the seconds the backup took; else whether it finished before the kill."""
    child = subprocess.Popen(
        [sys.executable, "-c", _BACKUP, str(db_path), str(now), *how],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert child.stdout.readline().strip() == "started"
    if kill_after is None:
        started = time.monotonic()
        assert child.wait(timeout=300) == 0
        return time.monotonic() - started
    time.sleep(kill_after)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    return child.returncode == 0


def test_a_backup_killed_at_any_moment_leaves_the_last_good_backup_restorable(demo_store, db_path):
    _grow(demo_store, 6000)  # ~20 MB
    good = backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    good_dump = _dump(good.db_file)
    _a_days_chat(demo_store, 1)
    _grow(demo_store, 3000)  # a day that changed a third of the file
    took = _run_backup(db_path, NOW_EPOCH + DAY, None)  # how long one takes, uninterrupted
    newest = backup_folders.list_backups(db_path)[0]
    import shutil

    shutil.rmtree(newest.path)  # the last good one is `good` again (its generation stays)
    backup_folders.prune(db_path)

    interrupted = mid_roll = 0
    chain = backup_chain.Chain(paths.backups_dir(db_path))
    for step, fraction in enumerate((0.1, 0.25, 0.4, 0.55, 0.7, 0.85)):
        _a_days_chat(demo_store, 2 + step, lines=5)
        _grow(demo_store, 3000)
        finished = _run_backup(db_path, NOW_EPOCH + (2 + step) * DAY, took * fraction)
        interrupted += not finished
        state = chain.state()
        mid_roll += state is not None and chain.undo_path(state["gen"]).exists()  # the head half-rolled
        for found in backup_folders.list_backups(db_path):
            assert backup_verify.verify_backup(found.path) is None, found.path.name
        if finished:  # a whole new backup: go on from it as the last good one
            good = backup_folders.list_backups(db_path)[0]
            good_dump = _dump(good.db_file)
            # exactly the store: the pages logged since the last finished backup, across the kills
            assert good_dump == _dump(db_path)
    print(f"{interrupted} kills, {mid_roll} while the head was being rolled forward")
    assert interrupted >= 2

    demo_store.close()
    backup_restore.restore_backup(good, db_path, NOW_EPOCH + 30 * DAY)
    assert _dump(db_path) == good_dump
    reopened = open_store(db_path)
    try:  # and the chain goes on: the next backup finishes what the kill left and verifies
        _a_days_chat(reopened, 31)
        made = backup.backup_store(reopened.conn, db_path, "manual", NOW_EPOCH + 31 * DAY)
        assert backup_verify.verify_backup(made.path) is None
        assert _dump(made.db_file) == _dump(db_path)
    finally:
        reopened.close()


def test_a_backup_killed_with_the_newest_file_half_rolled_forward_is_put_back_page_for_page(
    demo_store, db_path
):
    good = backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    good_dump = _dump(good.db_file)
    _a_days_chat(demo_store, 1)
    chain = backup_chain.Chain(paths.backups_dir(db_path))
    head_before = chain.head.read_bytes()

    child = subprocess.run(
        [sys.executable, "-c", _BACKUP, str(db_path), str(NOW_EPOCH + DAY), "die-with-the-head-half-rolled"],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        timeout=300,
    )

    assert child.returncode == -signal.SIGKILL
    assert chain.head.read_bytes() != head_before  # the kill came after the head was written to
    assert [b.path for b in backup_folders.list_backups(db_path)] == [good.path]
    assert backup_verify.verify_backup(good.path) is None  # read through the undo file, as it was
    demo_store.close()
    backup_restore.restore_backup(good, db_path, NOW_EPOCH + 2 * DAY)
    assert _dump(db_path) == good_dump
    assert chain.head.read_bytes() != head_before  # rolled forward again, by the pre-restore backup


def test_backups_taken_while_another_connection_keeps_writing_are_each_one_whole_moment(demo_store, db_path):
    import threading

    stop = threading.Event()

    def keep_writing() -> None:  # the window sealing chat lines while the backup runs
        writer = open_store(db_path)
        try:
            day = 100
            while not stop.is_set():
                _a_days_chat(writer, day, lines=20)
                day += 1
        finally:
            writer.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        made = [
            backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + d * DAY) for d in range(3)
        ]
    finally:
        stop.set()
        thread.join()
    for info in made:  # structure and every evidence chain, each at its own moment
        assert backup_verify.verify_backup(info.path) is None, info.path.name


def test_a_first_backup_whose_file_reads_back_wrong_is_refused_and_leaves_no_backup(
    demo_store, db_path, monkeypatch
):
    # The chain's first generation is read back beside its structural and evidence checks (issue
    # 20: one pass over the file for each, at once); a page the disk kept wrong still stops it.
    chain = backup_chain.Chain(paths.backups_dir(db_path))
    real_fsync = os.fsync

    def flipped_then_synced(fd):  # the disk kept one page of the new file with a byte flipped
        if chain.head.exists() and os.fstat(fd).st_ino == chain.head.stat().st_ino:
            offset = 2 * 4096 + 300  # page 3
            os.pwrite(fd, bytes([os.pread(fd, 1, offset)[0] ^ 0xFF]), offset)
            monkeypatch.setattr(os, "fsync", real_fsync)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", flipped_then_synced)

    with pytest.raises(UserError, match=r"did not verify \(page 3 reads back different"):
        backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    monkeypatch.setattr(os, "fsync", real_fsync)

    assert backup_folders.list_backups(db_path) == []
    assert not chain.dir.exists()  # no half chain for the next backup to take for a head
    made = backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + 60)
    assert backup_verify.verify_backup(made.path) is None
    assert _dump(made.db_file) == _dump(db_path)


def _children_allowed(conn, parent_pid: int) -> None:
    """In a worker like the backup's: may it start the chain verifier's processes, and do they run?"""
    from seller_assistant.core import processes
    from seller_assistant.store import backup_job

    processes.become_worker(parent_pid)
    backup_job.may_have_workers()
    started = processes.start(_answer, name="grandchild") if processes.may_spawn() else None
    if started is None:
        conn.send("no children")
        return
    worker, pipe = started
    conn.send(pipe.recv())
    processes.stop(worker, pipe, True)


def _answer(conn, parent_pid: int) -> None:
    conn.send(f"verifier ran beside {parent_pid}")


def _answer_of_a_worker(target) -> tuple[object, int]:
    """What a worker started as the backup's is (`target` sends one answer), and its pid."""
    from seller_assistant.core import processes

    worker, conn = processes.start(target, name="backup-like")
    try:
        return conn.recv(), worker.pid
    finally:
        processes.stop(worker, conn, True)


def _priority(conn, parent_pid: int) -> None:
    from seller_assistant.core import processes

    processes.become_worker(parent_pid)
    conn.send(os.getpriority(os.PRIO_PROCESS, 0))


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="Unix process priorities")
def test_a_worker_process_runs_below_the_window():
    # A first backup's copy and its verifiers kept both cores of a small PC busy; the window's
    # event loop waited for a core. Workers yield to it.
    from seller_assistant.core import processes

    theirs, _pid = _answer_of_a_worker(_priority)
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    assert theirs == min(19, ours + processes.WORKER_NICENESS)


def test_the_backups_worker_process_may_verify_on_two_more_processes():
    # A daemonic worker may have no children, so a big store's first backup verified every chain
    # on one core, beside an idle one (issue 20: 10 M items). The backup's worker lifts that.
    answer, pid = _answer_of_a_worker(_children_allowed)
    assert answer == f"verifier ran beside {pid}"
