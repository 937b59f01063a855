"""The page logs of the app's checkpoints (issue 20): the next day's backup reads only the pages the
app's checkpoints logged, and a change the logs could not see — a checkpoint by another program,
a kill at any point of the app's checkpoint, a WAL left to be recovered after a crash — never
makes a backup wrong: it is caught, and answered by reading every page.

The WAL is SQLite's own (sqlite.org/fileformat2.html, "4. The Write-Ahead Log"); the other program
is plain `sqlite3` with SQLite's defaults, as the sqlite3 shell opens a file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.store import (
    backup,
    backup_chain,
    backup_folders,
    backup_verify,
    backup_wal,
    open_store,
    page_files,
)

from .conftest import NOW_EPOCH
from .test_backup_chain import _a_days_chat, _dump, _grow

pytestmark = [
    pytest.mark.both_backends,
    pytest.mark.sqlite_only(reason="the WAL of the SQLite file; a shared store is backed up by pg_dump"),
]

DAY = 86400


def _pages_read(monkeypatch) -> list[int]:
    """Every page the backup reads from the store or the head, counted."""
    counted: list[int] = []
    real = page_files.read_pages

    def counting(file, page_size, first, count):
        counted.append(count)
        return real(file, page_size, first, count)

    monkeypatch.setattr(page_files, "read_pages", counting)
    return counted


def _store_pages(db_path) -> int:
    return backup_chain.Chain(paths.backups_dir(db_path)).state()["pages"]


def _wal(db_path):
    return db_path.with_name(db_path.name + "-wal")


def test_the_next_days_backup_reads_only_the_pages_the_days_checkpoints_logged(
    demo_store, db_path, monkeypatch
):
    _grow(demo_store, 3000)  # ~12 MB of history
    backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    _a_days_chat(demo_store, 1)
    _grow(demo_store, 200)
    read = _pages_read(monkeypatch)

    made = backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + DAY)

    assert sum(read) < _store_pages(db_path) / 4  # the day's pages, read and read back
    assert _dump(made.db_file) == _dump(db_path)
    assert backup_verify.verify_backup(made.path) is None


def test_the_app_checkpoints_a_growing_wal_itself_logging_the_pages_first(demo_store, db_path, monkeypatch):
    _grow(demo_store, 3000)
    backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    _grow(demo_store, 2000)  # ~8 MB in one commit: past the size at which the app checkpoints
    _a_days_chat(demo_store, 1)  # the next commit starts the emptied WAL over, cut back to its size
    assert _wal(db_path).stat().st_size < backup_wal.DUE_BYTES
    logs = backup_wal.epochs(backup_wal.log_dir(db_path))
    logged = backup_wal.changed_pages(backup_wal.log_dir(db_path), logs[0], logs[-1], 10**6, 10**6)
    assert logged is not None and logged.count(1) >= 2000  # every page it wrote into the file
    read = _pages_read(monkeypatch)

    made = backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + DAY)

    assert sum(read) < _store_pages(db_path)  # not every page: the day's, read and read back
    assert _dump(made.db_file) == _dump(db_path)


@pytest.mark.parametrize("how", ["shell_checkpoint_while_the_app_runs", "shell_closing_last"])
def test_a_checkpoint_by_another_program_is_caught_and_the_backup_reads_every_page(
    demo_store, db_path, monkeypatch, how
):
    _grow(demo_store, 3000)
    backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    store = demo_store
    if how == "shell_closing_last":
        store.close()
    other = sqlite3.connect(db_path, isolation_level=None)  # SQLite's defaults, as the shell has them
    other.execute("UPDATE filler SET body = zeroblob(3000) WHERE id = 7")  # a page the app never writes
    if how == "shell_checkpoint_while_the_app_runs":
        assert other.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    other.close()  # closing last, it checkpoints the WAL into the file and deletes it
    if how == "shell_closing_last":
        store = open_store(db_path)
    try:
        # The app's day goes on: its checkpoints log their pages and the WAL starts over, so the
        # logs alone would look whole without the shell's page.
        _grow(store, 50)
        backup_wal.checkpoint_if_due(store.conn, db_path, force=True)
        _a_days_chat(store, 1)
        read = _pages_read(monkeypatch)

        made = backup.backup_store(store.conn, db_path, "manual", NOW_EPOCH + DAY)

        assert sum(read) >= _store_pages(db_path)  # every page read
        assert _dump(made.db_file) == _dump(db_path)
        row = sqlite3.connect(made.db_file).execute("SELECT body FROM filler WHERE id = 7").fetchone()
        assert row == (bytes(3000),)
    finally:
        if store is not demo_store:
            store.close()


_CHECKPOINT_KILLED = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from seller_assistant.store import backup_wal, open_store
    store = open_store(Path(sys.argv[1]))
    with store.write():
        store.conn.execute("UPDATE filler SET body = zeroblob(3000) WHERE id BETWEEN 10 AND 40")
    real = backup_wal._checkpoint
    def die(checkpointer):
        os.kill(os.getpid(), signal.SIGKILL)
    def checkpoint_then_die(checkpointer):
        real(checkpointer)
        os.kill(os.getpid(), signal.SIGKILL)
    moment = sys.argv[2]
    if moment == "before_any_checkpoint":  # the commit in the WAL only, left to be recovered
        os.kill(os.getpid(), signal.SIGKILL)
    backup_wal._checkpoint = die if moment == "logged_not_checkpointed" else checkpoint_then_die
    backup_wal.checkpoint_if_due(store.conn, store.path, force=True)
    print("not killed")
""")


@pytest.mark.parametrize(
    ("moment", "every_page"),
    [
        ("before_any_checkpoint", False),  # its frames recovered from the WAL, logged later
        ("logged_not_checkpointed", False),  # pages logged that the file does not have yet
        ("checkpointed_before_the_log_knew", True),  # the file written, its stat not yet kept
    ],
)
def test_an_app_killed_at_any_point_of_its_checkpoint_never_makes_a_backup_wrong(
    demo_store, db_path, monkeypatch, moment, every_page
):
    _grow(demo_store, 3000)
    backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    demo_store.close()  # the killed process is the only one: its WAL is recovered when reopened

    child = subprocess.run(
        [sys.executable, "-c", _CHECKPOINT_KILLED, str(db_path), moment],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr

    store = open_store(db_path)
    try:
        _a_days_chat(store, 1)  # the day goes on after the crash
        read = _pages_read(monkeypatch)
        made = backup.backup_store(store.conn, db_path, "manual", NOW_EPOCH + DAY)
        assert (sum(read) >= _store_pages(db_path)) is every_page
        assert _dump(made.db_file) == _dump(db_path)
        ids = "SELECT id FROM filler WHERE body = zeroblob(3000) ORDER BY id"
        assert [r[0] for r in sqlite3.connect(made.db_file).execute(ids)] == list(range(10, 41))
        _a_days_chat(store, 2)  # and the next day's backup goes on from the logs again
        read.clear()
        made = backup.backup_store(store.conn, db_path, "manual", NOW_EPOCH + 2 * DAY)
        assert sum(read) < _store_pages(db_path) / 4
        assert _dump(made.db_file) == _dump(db_path)
    finally:
        store.close()


def test_on_a_file_system_with_coarse_times_every_backup_reads_every_page(demo_store, db_path, monkeypatch):
    # FAT keeps times to 2 s, exFAT to 10 ms: another program's write in the same tick as the app's
    # checkpoint would leave the file's stat as it was, so such a log vouches for nothing.
    monkeypatch.setattr(backup_wal, "COARSE_NS", 1)  # every time is a whole multiple: as on FAT
    _grow(demo_store, 3000)
    backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    _a_days_chat(demo_store, 1)
    read = _pages_read(monkeypatch)

    made = backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + DAY)

    assert sum(read) >= _store_pages(db_path)
    assert _dump(made.db_file) == _dump(db_path)


def test_a_page_log_lost_is_never_taken_for_the_one_the_backup_needs(demo_store, db_path, monkeypatch):
    """A log removed (as the app does when it cannot write one on a full disk) and later ones begun
    by backups that failed: none of them covers the time since the last backup."""
    _grow(demo_store, 3000)
    backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    folder = backup_wal.log_dir(db_path)
    for epoch in backup_wal.epochs(folder):
        (folder / f"pages-{epoch}").unlink()
    with demo_store.write():  # unlogged: no log to write it in
        demo_store.conn.execute("UPDATE filler SET body = zeroblob(3000) WHERE id = 7")
    backup_wal.checkpoint_if_due(demo_store.conn, db_path, force=True)
    real_scan = backup_chain.Chain.scan

    def failing_scan(self, *args):
        raise OSError("the disk failed")

    monkeypatch.setattr(backup_chain.Chain, "scan", failing_scan)
    for day in (1, 2):  # each begins a new log at its freeze, then fails
        with pytest.raises(UserError):
            backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + day * DAY)
    monkeypatch.setattr(backup_chain.Chain, "scan", real_scan)
    read = _pages_read(monkeypatch)

    made = backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + 3 * DAY)

    assert sum(read) >= _store_pages(db_path)
    row = sqlite3.connect(made.db_file).execute("SELECT body FROM filler WHERE id = 7").fetchone()
    assert row == (bytes(3000),)


@pytest.mark.sqlite_only(
    reason="an old-schema SQLite file upgraded on opening; a shared store's upgrade is backed up by pg_dump"
)
def test_an_upgrade_backs_up_a_store_whose_chain_is_current_as_its_next_generation(db_path, monkeypatch):
    # Opening a store with an older schema backs it up before migrating (store/opening.py). With
    # its chain current that is the chain's next generation from the page logs — the pages since
    # the last backup — not a whole second copy of the store (issue 20: 594 s for 8 GB).
    from seller_assistant.store import migrations

    old = open_store(db_path, migrate=False)
    migrations.migrate(old, target=migrations.latest_version() - 1)
    _grow(old, 3000)  # ~12 MB of history
    first = backup.backup_store(old.conn, db_path, "daily", NOW_EPOCH)
    _grow(old, 20)  # the day's work since
    old.close()
    before_upgrade = _dump(db_path)
    read = _pages_read(monkeypatch)

    open_store(db_path).close()

    (kept,) = [b for b in backup_folders.list_backups(db_path) if b.kind == "pre-migration"]
    assert backup_folders.generation_of(kept.path) == backup_folders.generation_of(first.path) + 1
    assert sum(read) < _store_pages(db_path) / 4  # the logged pages, read and read back
    chain = backup_chain.Chain(paths.backups_dir(db_path))
    undo = chain.undo_path(backup_folders.generation_of(first.path))
    assert undo.stat().st_size < db_path.stat().st_size / 4  # the day's pages kept, not the store
    assert _dump(kept.db_file) == before_upgrade
    assert backup_verify.verify_backup(kept.path) is None
    assert backup_verify.verify_backup(first.path) is None
