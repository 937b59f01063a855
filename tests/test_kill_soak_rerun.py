"""The benchmark's kill soak (benchmarks/kill_soak.py) run again in a work folder an earlier soak
used: `make bench ARGS=--big` runs it per tier in one folder, and an interrupted soak leaves its
half-built stores behind."""

from __future__ import annotations

import json

from benchmarks import kill_soak

TINY = ["--kills", "0", "--orders", "40", "--messages", "40", "--old-orders", "40"]


def test_a_second_soak_in_the_same_work_folder_builds_its_stores_again(tmp_path):
    work = tmp_path / "kill-soak"
    assert kill_soak.main([*TINY, "--work", str(work)]) == 0
    first_old_store = (work / "bases" / "old" / "old.db").stat().st_mtime_ns

    # Before the fix the second soak copied the old store's orders into the first one's store and
    # stopped on "UNIQUE constraint failed: orders.id".
    assert kill_soak.main([*TINY, "--work", str(work)]) == 0

    assert (work / "bases" / "old" / "old.db").stat().st_mtime_ns != first_old_store
    assert (
        json.loads((work / "kill-soak.json").read_text(encoding="utf-8"))["summary"]
        == "0 kills survived, 0 lost"
    )


def test_a_soak_after_an_interrupted_one_removes_its_leftovers_and_nothing_else(tmp_path):
    work = tmp_path / "kill-soak"
    # What a soak killed while building its old store and running its first kill leaves behind.
    (work / "bases" / "old").mkdir(parents=True)
    (work / "bases" / "old" / "old.db").write_bytes(b"SQLite format 3\x00 half written")
    (work / "bases" / "old" / "scratch.db-journal").write_bytes(b"\x00" * 512)
    (work / "runs" / "import-orders-0").mkdir(parents=True)
    (work / "runs" / "import-orders-0" / "shop.db").write_bytes(b"killed")
    mine = work / "notes.txt"
    mine.write_text("the shop's own file", encoding="utf-8")

    assert kill_soak.main([*TINY, "--work", str(work)]) == 0

    assert not (work / "runs" / "import-orders-0").exists()
    assert not (work / "bases" / "old" / "scratch.db-journal").exists()
    assert mine.read_text(encoding="utf-8") == "the shop's own file"
