"""Big chat imports and verifies use a worker process: same result as one process, none outlives its parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from seller_assistant.core import processes
from seller_assistant.core.orders import OrderRecord
from seller_assistant.core.settings import ShopSettings
from seller_assistant.imports import chat_pipeline
from seller_assistant.imports.chats import import_chat_file
from seller_assistant.store import evidence, open_store, orders, shops
from seller_assistant.store.search import search_messages
from tests.builders.kill_harness import REPO, child_env, command, integrity
from tests.builders.qianniu_export import write_synthetic_export
from tests.conftest import NOW_EPOCH
from tests.test_chat_import import cracked_mug_chat, expected_rows, stored, write_export

ORDER_NO = "3901234567890123456"
pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def _shop(path):
    store = open_store(path)
    shops.create_shop(store, ShopSettings(name="青瓷小铺", timezone="Asia/Shanghai"), NOW_EPOCH)
    return store


def _rows(store) -> tuple[list, list]:
    return (
        store.conn.execute("SELECT * FROM messages ORDER BY id").fetchall(),
        store.conn.execute("SELECT * FROM evidence_items ORDER BY id").fetchall(),
    )


def test_a_big_export_read_in_a_worker_stores_exactly_what_one_process_stores(
    new_store_location, tmp_path, monkeypatch
):
    path = tmp_path / "聊天记录.txt"
    write_synthetic_export(path, 3000, order_nos=[ORDER_NO])
    outcomes = []
    real = chat_pipeline.import_in_worker
    monkeypatch.setattr(
        chat_pipeline, "import_in_worker", lambda *args: outcomes.append(real(*args)) or outcomes[-1]
    )
    stores = {}
    for name, threshold in (("alone", 10**12), ("worker", 0)):
        monkeypatch.setattr(chat_pipeline, "WORKER_MIN_BYTES", threshold)
        store = stores[name] = _shop(new_store_location(f"{name}.db"))
        orders.insert_orders(
            store,
            1,
            [OrderRecord(ORDER_NO, buyer="买家0000000", paid_at=NOW_EPOCH - 90 * 86400)],
            48,
            NOW_EPOCH,
            source="manual",
        )
        result = import_chat_file(store, 1, path, now=NOW_EPOCH)
        assert (result.messages, result.inserted, result.orders_linked) == (3000, 3000, 1)
    assert len(outcomes) == 1 and outcomes[0] is not None  # the worker did it, no fallback
    assert _rows(stores["worker"]) == _rows(stores["alone"])
    found = [
        [hit.message_id for hit in search_messages(each, 1, "麻烦尽快发货").hits]
        for each in (stores["worker"], stores["alone"])
    ]
    assert found[0] == found[1] != []  # found by the search index, the same in both
    again = import_chat_file(stores["worker"], 1, path, now=NOW_EPOCH + 60)
    assert (again.inserted, again.duplicates) == (0, 3000)
    assert evidence.verify_store(stores["worker"]).ok


def _dying_reader(conn, parent_pid, job):
    """Stands in for chat_pipeline.run_worker: a reader process that dies without a word."""
    os._exit(3)


def test_when_the_reader_process_dies_the_import_is_done_in_this_process(store, tmp_path, monkeypatch):
    monkeypatch.setattr(chat_pipeline, "WORKER_MIN_BYTES", 0)
    real_start = processes.start
    monkeypatch.setattr(
        processes, "start", lambda target, *args, name: real_start(_dying_reader, *args, name=name)
    )
    result = import_chat_file(
        store, 1, write_export(tmp_path / "chat.txt", cracked_mug_chat()), now=NOW_EPOCH
    )
    assert result.inserted == 6 and stored(store) == expected_rows()


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False


def _until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


@pytest.mark.sqlite_only(
    reason="kills the importer on a SQLite file and checks the file; a desk killed on PostgreSQL: test_pg_crash_safety"
)
def test_killing_the_importer_mid_write_kills_its_reader_and_leaves_the_store_as_it_was(tmp_path):
    db_path = tmp_path / "shop.db"
    _shop(db_path).close()
    export = tmp_path / "聊天记录.txt"
    write_synthetic_export(export, 60_000)
    assert export.stat().st_size >= chat_pipeline.WORKER_MIN_BYTES
    wal = db_path.with_name("shop.db-wal")
    importer = subprocess.Popen(
        command(db_path, "import-chat", str(export)),
        env=child_env(tmp_path / "home"),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert _until(lambda: _children(importer.pid), 30), "no reader process was started"
        readers = _children(importer.pid)
        assert _until(lambda: wal.exists() and wal.stat().st_size > 1 << 20, 30), (
            "the import never began writing"
        )
    finally:
        importer.send_signal(signal.SIGKILL)
        importer.wait()
    assert importer.returncode == -signal.SIGKILL
    assert _until(lambda: not any(_alive(pid) for pid in readers), 10), (
        "a worker outlived the killed importer"
    )
    assert integrity(db_path) == "ok"
    with open_store(db_path) as store:
        assert store.conn.execute("SELECT count(*) FROM messages").fetchone() == (0,)
        assert evidence.verify_store(store).ok


# The import command as on a computer with four cores: a history load's parsing goes to two parser
# processes beside the reader (imports/chat_parsers.py); this machine may have fewer.
_WITH_PARSERS = (
    "import runpy, sys\n"
    "from seller_assistant.imports import chat_parsers\n"
    "chat_parsers.parsers_for = lambda size: 2\n"
    "sys.argv = ['seller-assistant', *sys.argv[1:]]\n"
    "runpy.run_module('seller_assistant', run_name='__main__')\n"
)


@pytest.mark.sqlite_only(reason="kills the importer on a SQLite file and checks the file")
def test_killing_a_history_load_kills_its_reader_and_parsers_and_leaves_the_store_as_it_was(tmp_path):
    db_path = tmp_path / "shop.db"
    _shop(db_path).close()
    export = tmp_path / "聊天记录.txt"
    write_synthetic_export(export, 60_000)  # a new store's first chats: its history, one transaction
    wal = db_path.with_name("shop.db-wal")
    importer = subprocess.Popen(
        [sys.executable, "-c", _WITH_PARSERS, *command(db_path, "import-chat", str(export))[3:]],
        env=child_env(tmp_path / "home"),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert _until(lambda: len(_children(importer.pid)) >= 3, 60), "no reader and parsers were started"
        workers = _children(importer.pid)
        assert _until(lambda: wal.exists() and wal.stat().st_size > 1 << 20, 60), (
            "the import never began writing"
        )
    finally:
        importer.send_signal(signal.SIGKILL)
        importer.wait()
    assert importer.returncode == -signal.SIGKILL
    assert _until(lambda: not any(_alive(pid) for pid in workers), 10), "a worker outlived the importer"
    assert integrity(db_path) == "ok"
    with open_store(db_path) as store:
        assert store.conn.execute("SELECT count(*) FROM messages").fetchone() == (0,)
        assert evidence.verify_store(store).ok


def _dying_parser(conn, parent_pid, *job):
    """Stands in for chat_parsers.run_parser: a parser process that dies without a word."""
    os._exit(3)


def test_when_a_parser_process_dies_the_history_is_loaded_by_this_process(store, tmp_path, monkeypatch):
    from seller_assistant.imports import chat_parsers
    from seller_assistant.store import bulk_load

    monkeypatch.setattr(bulk_load, "BULK_MIN_ROWS", 1000)  # 3 000 messages make a history here
    monkeypatch.setattr(chat_pipeline, "WORKER_MIN_BYTES", 0)
    monkeypatch.setattr(chat_parsers, "parsers_for", lambda size: 2)
    real_start = processes.start
    monkeypatch.setattr(
        processes,
        "start",
        lambda target, *args, name: real_start(
            _dying_parser if name == "chat-history-parser" else target, *args, name=name
        ),
    )
    loads = []
    real_load = chat_pipeline.load_history_in_worker
    monkeypatch.setattr(
        chat_pipeline, "load_history_in_worker", lambda *a: loads.append(real_load(*a)) or loads[-1]
    )
    path = tmp_path / "聊天记录.txt"
    write_synthetic_export(path, 3000, order_nos=[ORDER_NO])
    result = import_chat_file(store, 1, path, now=NOW_EPOCH)
    assert loads == [None]  # the reader gave up with its parsers, nothing written: done here instead
    assert (result.messages, result.inserted) == (3000, 3000)
    assert store.conn.execute("SELECT count(*) FROM messages").fetchone() == (3000,)
    assert evidence.verify_store(store).ok
