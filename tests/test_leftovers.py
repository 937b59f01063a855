"""Side files a killed export left (`.bundle.zip.*.part`, up to 190 MB) are removed at the next start —
only ours (by exact name pattern, writer gone), only in folders we wrote to."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_exports_side_files_are_removed_at_start_and_nothing_else(demo_store, cli, tmp_path):
    out = tmp_path / "bundles"
    out.mkdir()
    order_no = demo_store.conn.execute("SELECT order_no FROM orders ORDER BY id LIMIT 1").fetchone()[0]
    assert cli("export-evidence", order_no, "--out", str(out / "b.zip")).code == 0
    dead, hour_ago = _dead_pid(), time.time() - 7200
    ours_dead = out / f".b.zip.{dead}.k3j9x2a_.part"
    ours_alive = out / f".b.zip.{os.getpid()}.q8w7e6r5.part"  # an export running right now
    legacy_old = out / ".b.zip.abcdefgh.part"
    legacy_fresh = out / ".c.zip.hgfedcba.part"
    csv_dead = out / f".orders-{dead}.zz99yy88.csv.part"
    not_ours = [out / ".notes.part", out / "b.zip.part", out / ".b.zip.abc.part", out / "keep.csv"]
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    stranger = elsewhere / f".b.zip.{dead}.k3j9x2a_.part"  # same pattern, but a folder we never wrote
    for path in (ours_dead, ours_alive, legacy_old, legacy_fresh, csv_dead, *not_ours, stranger):
        path.write_bytes(b"x" * 100)
    os.utime(legacy_old, (hour_ago, hour_ago))

    demo_store.close()
    assert cli("risk").code == 0  # any command: the cleanup runs when the store opens

    assert not ours_dead.exists() and not legacy_old.exists() and not csv_dead.exists()
    assert ours_alive.exists() and legacy_fresh.exists() and stranger.exists()
    assert all(path.exists() for path in not_ours)
    assert (out / "b.zip").exists()


def test_leftover_attachment_copies_in_the_store_folder_are_removed(store, cli):
    """A copy of a photo cut short (`.incoming-…`, attachments.py) in the store's attachment folder:
    beside the file, or in the shared folder every desk uses for a shared store."""
    attachments = store.attachments_dir / "ab"
    attachments.mkdir(parents=True)
    old = attachments / ".incoming-a1b2c3d4"
    old.write_bytes(b"half a screenshot")
    hour_ago = time.time() - 7200
    os.utime(old, (hour_ago, hour_ago))
    fresh = attachments / ".incoming-e5f6g7h8"  # another desk copying a photo right now
    fresh.write_bytes(b"a screenshot arriving")
    kept = attachments / ("ab" + "0" * 62)
    kept.write_bytes(b"a real attachment")
    store.close()
    assert cli("risk").code == 0  # any command: the cleanup runs when the store opens
    assert not old.exists()
    assert kept.exists() and fresh.exists()
