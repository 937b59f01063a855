"""A write that another desk's change undid is saved by running it again (store/connection.py:
retrying): chat imports, notes and the other writes a desk makes by hand. Two desks (processes with
their own connections to one PostgreSQL database) importing chats and writing notes on the same
orders at the same moment both succeed and lose nothing."""

from __future__ import annotations

import json
import multiprocessing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from seller_assistant.core.errors import StoreConflictError
from seller_assistant.core.settings import ShopSettings
from seller_assistant.imports.chats import import_chat_file
from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import chain_verify, message_rows, open_store, order_notes, orders, shops
from tests.builders.qianniu_export import Conversation, Line, write_export
from tests.builders.taobao_export import PAID, order, write_taobao_export
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

ORDER_NOS = [f"3912345678902{n:06d}" for n in range(1, 5)]
BUYERS = [f"买家{n}号" for n in range(1, 5)]
START = datetime(2026, 11, 24, 10, 0)  # the shop's local time, as Qianniu writes it


def _shop_with_orders(store, folder: Path) -> int:
    shop_id = shops.require_shop(store)
    export = write_taobao_export(
        folder / "ExportOrderList.csv",
        [order(no, status=PAID, buyer=buyer) for no, buyer in zip(ORDER_NOS, BUYERS, strict=True)],
    )
    import_order_file(store, shop_id, export, now=NOW_EPOCH)
    return shop_id


def _chat(path: Path, desk: str, round_no: int) -> Path:
    """Each buyer writes and the desk's person answers: lines of their own, so none is a repeat."""
    at = START + timedelta(minutes=10 * round_no)
    conversations = [
        Conversation(
            buyer,
            [
                Line(buyer, at, f"第{round_no}次问{desk}：什么时候发货"),
                Line(f"测试小店:{desk}", at + timedelta(minutes=1), f"{desk}答{buyer}第{round_no}次：今天发"),
            ],
        )
        for buyer in BUYERS
    ]
    return write_export(path, conversations)


def _undone_once(monkeypatch, owner, name: str) -> list[int]:
    """`owner.name` raises the conflict PostgreSQL reports (a deadlock) the first time, inside the
    transaction, after its rows were written: the server undid them all."""
    calls = []
    real = getattr(owner, name)

    def conflicting(*args, **kwargs):
        calls.append(1)
        result = real(*args, **kwargs)
        if len(calls) == 1:
            raise StoreConflictError("Another desk was changing the same orders; nothing was saved.")
        return result

    monkeypatch.setattr(owner, name, conflicting)
    return calls


def test_a_chat_import_undone_by_another_desk_is_saved_once_with_its_counts(store, tmp_path, monkeypatch):
    shop_id = _shop_with_orders(store, tmp_path)
    calls = _undone_once(monkeypatch, message_rows.MessageWriter, "finish")
    result = import_chat_file(store, shop_id, _chat(tmp_path / "聊天记录.txt", "小美", 1), now=NOW_EPOCH)
    assert len(calls) == 2  # undone, then run again
    assert result.inserted == 8 and result.orders_linked == 4 and result.unlinked == 0
    assert store.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 8
    assert chain_verify.verify_store(store).ok


def test_a_note_undone_by_another_desk_is_saved_once(store, tmp_path, monkeypatch):
    shop_id = _shop_with_orders(store, tmp_path)
    order_id = orders.find_order(store, shop_id, ORDER_NOS[0])["id"]
    calls = []
    real_execute = store.db.execute

    def execute(sql, *args, **kwargs):
        cursor = real_execute(sql, *args, **kwargs)
        if sql.startswith("INSERT INTO order_notes") and not calls:
            calls.append(1)
            raise StoreConflictError("Another desk was changing the same orders; nothing was saved.")
        return cursor

    monkeypatch.setattr(store.db, "execute", execute)
    note_id = order_notes.add_note(store, order_id, "买家要求改地址，已改", "小美", NOW_EPOCH)
    monkeypatch.undo()
    notes = order_notes.notes_for_order(store, order_id)
    assert [(n["id"], n["text"], n["author"]) for n in notes] == [(note_id, "买家要求改地址，已改", "小美")]


ROUNDS = 5


def _desk(url: str, desk: str, folder: str, start, out: str) -> None:
    """One desk: each round, at the same moment as the other (the barrier), imports a chat of the
    four buyers and writes a note on each of their orders, through the app's own calls only."""
    store = open_store(url)
    store.staff = desk
    shop_id = shops.require_shop(store)
    ids = [orders.find_order(store, shop_id, no)["id"] for no in ORDER_NOS]
    done = {"messages": 0, "notes": []}
    for round_no in range(ROUNDS):
        chat = _chat(Path(folder) / f"{desk}-{round_no}.txt", desk, round_no)
        start.wait(60)
        done["messages"] += import_chat_file(store, shop_id, chat, now=NOW_EPOCH + round_no).inserted
        for order_id in ids:
            done["notes"].append(
                order_notes.add_note(store, order_id, f"{desk}第{round_no}轮", desk, NOW_EPOCH)
            )
    store.close()
    Path(out).write_text(json.dumps(done, ensure_ascii=False))


def test_two_desks_importing_chats_and_writing_notes_on_the_same_orders_at_once_lose_nothing(
    pg_url, tmp_path
):
    store = open_store(pg_url)
    shops.create_shop(store, ShopSettings(name="测试小店", timezone="Asia/Shanghai"), NOW_EPOCH)
    _shop_with_orders(store, tmp_path)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    desks = {"小美": tmp_path / "a.json", "阿强": tmp_path / "b.json"}
    processes = [
        context.Process(target=_desk, args=(pg_url, desk, str(tmp_path), start, str(out)))
        for desk, out in desks.items()
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=300)
        assert process.exitcode == 0, "a desk's chat import or note failed"
    done = {desk: json.loads(out.read_text()) for desk, out in desks.items()}
    # Every message of both desks is stored once, tied to its buyer's order, each named by its desk.
    assert all(d["messages"] == 8 * ROUNDS for d in done.values()), done
    rows = store.conn.execute(
        "SELECT ei.sealed_by, count(*) FROM messages m JOIN evidence_items ei"
        " ON ei.item_type = 'message' AND ei.item_id = m.id WHERE m.order_id IS NOT NULL"
        " GROUP BY ei.sealed_by ORDER BY ei.sealed_by"
    ).fetchall()
    assert sorted(rows) == sorted([("小美", 8 * ROUNDS), ("阿强", 8 * ROUNDS)])
    # Every note a desk was told was saved is there, once.
    notes = store.conn.execute("SELECT id, author FROM order_notes ORDER BY id").fetchall()
    assert sorted(n[0] for n in notes) == sorted(done["小美"]["notes"] + done["阿强"]["notes"])
    assert len(notes) == 2 * 4 * ROUNDS
    assert chain_verify.verify_store(store).ok
    store.close()
