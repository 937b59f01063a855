"""A shop's chat history (the first import, or one that dwarfs what is stored) is loaded in one
transaction with the indexes built after the rows (store/chat_history.py). What the user sees of it —
verify, search (two Chinese characters by the bigram index too), an order's chat and chain, a
re-import refused as duplicates — must be exactly what the everyday import (an import run written
in short steps) gives for the same file; and a failure late in the load leaves the store as it was.

The chats are Qianniu exports in the real text layout, GBK (tests/builders/qianniu_export.py).
"""

from __future__ import annotations

import sqlite3

import pytest

from seller_assistant.core.errors import UserError
from seller_assistant.core.orders import OrderRecord
from seller_assistant.core.settings import ShopSettings
from seller_assistant.imports import chat_pipeline
from seller_assistant.imports.chats import import_chat_file, loads_as_history
from seller_assistant.store import bulk_load, chats, evidence, message_rows, open_store, orders, shops
from seller_assistant.store.search import search_messages
from tests.builders.qianniu_export import synthetic_conversations, write_export, write_synthetic_export
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

ORDER_NOS = [str(3_901_234_567_890_120_000 + i) for i in range(12)]
MESSAGES = 3000
# Small enough for a test: the history rule and the worker apply from these sizes here.
SMALL_HISTORY = 1000


def _shop(path):
    store = open_store(path)
    shops.create_shop(store, ShopSettings(name="青瓷小铺", timezone="Asia/Shanghai"), NOW_EPOCH)
    orders.insert_orders(
        store,
        1,
        [
            OrderRecord(no, buyer=f"买家{i * 10:07d}", paid_at=NOW_EPOCH - (900 - i) * 86400)
            for i, no in enumerate(ORDER_NOS)
        ],
        48,
        NOW_EPOCH,
        source="manual",
    )
    return store


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "聊天记录.txt"
    write_synthetic_export(path, MESSAGES, order_nos=ORDER_NOS)
    return path


@pytest.fixture
def small_history(monkeypatch):
    monkeypatch.setattr(bulk_load, "BULK_MIN_ROWS", SMALL_HISTORY)
    monkeypatch.setattr(chat_pipeline, "WORKER_MIN_BYTES", 0)
    loads = []
    real = chat_pipeline.load_history_in_worker
    monkeypatch.setattr(
        chat_pipeline, "load_history_in_worker", lambda *args: loads.append(real(*args)) or loads[-1]
    )
    return loads


def _what_the_user_sees(store) -> dict:
    linked = [row[0] for row in store.conn.execute("SELECT id FROM orders ORDER BY id")]
    report = evidence.verify_store(store)
    return {
        "verify": (report.ok, report.chains, report.items),
        "searches": {
            query: (result.mode, [(hit.message_id, hit.text, hit.order_no) for hit in result.hits])
            for query in ("发货", "裂纹", "麻烦尽快发货", "dishwasher", "琉璃")
            for result in [search_messages(store, 1, query, limit=500)]
        },
        "order chats": {oid: chats.messages_for_order(store, oid) for oid in linked},
        "order chains": {oid: evidence.chain_for_order(store, oid) for oid in linked},
        "unlinked": chats.unlinked_messages(store, 1),
        "messages": store.conn.execute("SELECT * FROM messages ORDER BY id").fetchall(),
        "schema": _schema(store),
    }


def _schema(store) -> list[tuple]:
    """Tables, indexes and triggers as the database describes them (a history load drops and
    rebuilds some: they must all be back, as they were)."""
    if store.shared:
        return store.conn.execute(
            "SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            " UNION ALL SELECT 'trigger', tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal"
            " ORDER BY 2"
        ).fetchall()
    return store.conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_a_history_load_shows_exactly_what_the_everyday_import_shows(
    new_store_location, tmp_path, export, small_history, monkeypatch
):
    history = _shop(new_store_location("history.db"))
    assert loads_as_history(history, 1, export)
    loaded = import_chat_file(history, 1, export, now=NOW_EPOCH)
    assert len(small_history) == 1 and small_history[0] is not None  # the worker loaded it, no fallback
    assert loaded.import_id is None  # one transaction: no import run to list, undo or resume

    everyday = _shop(new_store_location("everyday.db"))
    monkeypatch.setattr(bulk_load, "BULK_MIN_ROWS", 10**9)  # the same file as an everyday import
    assert not loads_as_history(everyday, 1, export)
    stepped = import_chat_file(everyday, 1, export, now=NOW_EPOCH)
    assert stepped.import_id is not None

    assert (loaded.messages, loaded.inserted, loaded.orders_linked, loaded.unlinked) == (
        stepped.messages,
        stepped.inserted,
        stepped.orders_linked,
        stepped.unlinked,
    )
    assert loaded.inserted == MESSAGES and loaded.orders_linked >= 6 and loaded.unlinked > 0
    seen = _what_the_user_sees(history)
    assert seen == _what_the_user_sees(everyday)
    assert seen["verify"][0] and seen["verify"][2] >= MESSAGES
    assert seen["searches"]["发货"][0] == "bigram" and seen["searches"]["发货"][1]
    assert seen["searches"]["裂纹"][1] and seen["searches"]["琉璃"][1] == []


def test_the_same_history_again_adds_nothing(new_store_location, tmp_path, export, small_history):
    store = _shop(new_store_location("shop.db"))
    import_chat_file(store, 1, export, now=NOW_EPOCH)
    before = store.conn.execute("SELECT count(*) FROM evidence_items").fetchone()[0]
    again = import_chat_file(store, 1, export, now=NOW_EPOCH + 60)
    assert (again.inserted, again.duplicates) == (0, MESSAGES)
    assert store.conn.execute("SELECT count(*) FROM evidence_items").fetchone()[0] == before


def test_a_history_over_some_stored_messages_refuses_the_ones_already_there(
    new_store_location, tmp_path, export, small_history
):
    """A few days of the chat were imported before the whole history: those are duplicates."""
    store = _shop(new_store_location("shop.db"))
    first_days = tmp_path / "first.txt"
    write_synthetic_export(first_days, 200, order_nos=ORDER_NOS)  # the same conversations' start
    import_chat_file(store, 1, first_days, now=NOW_EPOCH)
    assert loads_as_history(store, 1, export)
    result = import_chat_file(store, 1, export, now=NOW_EPOCH + 60)
    assert small_history and small_history[-1] is not None
    assert (result.inserted, result.duplicates) == (MESSAGES - 200, 200)
    assert store.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == MESSAGES
    assert evidence.verify_store(store).ok


@pytest.mark.parametrize("worker", [True, False], ids=["worker", "in-process"])
def test_a_failure_late_in_a_history_load_leaves_the_store_as_it_was(
    new_store_location, tmp_path, export, small_history, monkeypatch, worker
):
    if not worker:
        monkeypatch.setattr(chat_pipeline, "WORKER_MIN_BYTES", 10**12)
    store = _shop(new_store_location("shop.db"))
    schema = _schema(store)
    tables = {
        t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in _TABLES
        if t in store.db.table_names()
    }

    def disk_full(self):
        if store.shared:
            import psycopg

            raise psycopg.errors.DiskFull("could not extend file: No space left on device")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(message_rows.MessageWriter, "finish", disk_full)  # after every row was written
    with pytest.raises(UserError):
        import_chat_file(store, 1, export, now=NOW_EPOCH)
    assert _schema(store) == schema
    assert {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables} == tables
    assert search_messages(store, 1, "发货").hits == []


# The search indexes by their own storage (a contentless index cannot be counted row by row).
_TABLES = (
    "messages",
    "evidence_items",
    "messages_bigram_data",
    "messages_fts_data",
    "head_log",
    "import_runs",
)


def test_a_history_whose_export_holds_a_conversation_twice_keeps_it_once(
    new_store_location, tmp_path, small_history, monkeypatch
):
    """Two exports of overlapping months pasted into one file: the second copy of each message is a
    duplicate, even thousands of messages later (in another of the worker's batches)."""
    conversations = list(synthetic_conversations(MESSAGES, order_nos=ORDER_NOS))
    path = write_export(tmp_path / "聊天记录_合并.txt", conversations + conversations)
    results = {}
    for name, history_from in (("history", SMALL_HISTORY), ("everyday", 10**9)):
        monkeypatch.setattr(bulk_load, "BULK_MIN_ROWS", history_from)
        store = _shop(new_store_location(f"{name}.db"))
        result = import_chat_file(store, 1, path, now=NOW_EPOCH)
        results[name] = (result.messages, result.inserted, result.duplicates, _what_the_user_sees(store))
    assert small_history and small_history[0] is not None
    assert results["history"][:3] == (2 * MESSAGES, MESSAGES, MESSAGES)
    assert results["history"] == results["everyday"]


def test_a_history_parsed_by_several_processes_stores_exactly_what_one_reader_stores(
    new_store_location, tmp_path, export, small_history, monkeypatch
):
    """On a computer with cores to spare a big history's parsing is shared by parser processes
    (imports/chat_parsers.py): the same ids, seals, chains, links and search results."""
    from seller_assistant.core import processes
    from seller_assistant.imports import chat_parsers

    monkeypatch.setattr(chat_parsers, "PIECE_CHARS", 20_000)  # ~10 pieces of this file
    names = []
    real_start = processes.start
    monkeypatch.setattr(
        processes,
        "start",
        lambda target, *args, name: names.append(name) or real_start(target, *args, name=name),
    )
    seen = {}
    for parsers in (0, 2):
        monkeypatch.setattr(chat_parsers, "parsers_for", lambda size, n=parsers: n)
        store = _shop(new_store_location(f"parsers-{parsers}.db"))
        result = import_chat_file(store, 1, export, now=NOW_EPOCH)
        seen[parsers] = (
            (result.messages, result.inserted, result.orders_linked, result.unlinked, result.errors),
            _what_the_user_sees(store),
            store.conn.execute("SELECT * FROM evidence_items ORDER BY id").fetchall(),
        )
    assert len(small_history) == 2 and None not in small_history  # no fallback to one process
    assert names.count("chat-history-parser") == 2
    assert seen[2] == seen[0]
    assert seen[2][0][1] == MESSAGES and seen[2][1]["verify"][0]
