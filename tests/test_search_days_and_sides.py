"""Migration 027's search aids are kept right by every writer of messages: each shop's messages per
UTC day with their lowest and highest id (message_days, both backends) and, in SQLite's bigram
index, the staff's copy of a staff message's pairs (on PostgreSQL, migration 028's partial GIN
index of the staff's messages). Writers: a shop's chat history loaded in one go
(the reading worker's bigram words), an everyday import (an import run, indexed by batches), a paste
(the triggers, row by row), a reply, a line typed in, and a correction with its replacement.

The chats are Qianniu exports in the client's text layout (tests/builders/qianniu_export.py), GBK
for the history, UTF-8 for the everyday file, the paste as copied from the client's window."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from seller_assistant.core.grams import bigram_word, bigram_words, sided_words
from seller_assistant.core.orders import OrderRecord
from seller_assistant.core.settings import ShopSettings
from seller_assistant.imports import chat_pipeline
from seller_assistant.imports.chats import import_chat_file, import_chat_text
from seller_assistant.store import bulk_load, chats, corrections, orders, replies, search, shops
from tests.builders.qianniu_export import Conversation, Line, render, write_export, write_synthetic_export
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends

ORDER_NO = "3901234567890120001"
STAFF = "青瓷小铺:小美"


def _conversations(start: datetime, buyers: int, lines: int) -> list[Conversation]:
    """Buyers and the staff, days apart (so many days are written), a buyer now and then from a
    second account (not the conversation's buyer: the staff's side, as migration 019 counts it)."""
    conversations = []
    for number in range(buyers):
        buyer = f"顾客{number:03d}"
        messages = []
        for position in range(lines):
            start += timedelta(hours=7, minutes=number)
            if position % 2:
                messages.append(Line(STAFF, start, f"亲，已经帮您催发货了，第{position}次"))
            else:
                sender = f"{buyer}的小号" if position == 4 else buyer
                messages.append(Line(sender, start, f"什么时候发货？包邮吗 {position}"))
        conversations.append(Conversation(buyer, messages))
    return conversations


@pytest.fixture
def written(store, tmp_path, monkeypatch):
    """One shop's messages from every writer, in the order a shop meets them."""
    shops.create_shop(store, ShopSettings(name="青瓷小铺", timezone="Asia/Shanghai"), NOW_EPOCH)
    orders.insert_orders(
        store,
        1,
        [OrderRecord(ORDER_NO, buyer="顾客000", paid_at=NOW_EPOCH - 40 * 86400)],
        48,
        NOW_EPOCH,
        source="manual",
    )
    # The history: the first import, loaded in one transaction by the reading worker.
    monkeypatch.setattr(bulk_load, "BULK_MIN_ROWS", 500)
    monkeypatch.setattr(chat_pipeline, "WORKER_MIN_BYTES", 0)
    history = write_synthetic_export(tmp_path / "历史聊天记录.txt", 1500, order_nos=[ORDER_NO])
    assert import_chat_file(store, 1, tmp_path / "历史聊天记录.txt", now=NOW_EPOCH).import_id is None
    # An everyday import (an import run, indexed a batch at a time).
    monkeypatch.setattr(bulk_load, "BULK_MIN_ROWS", 10**9)
    everyday = write_export(
        tmp_path / "聊天记录.txt", _conversations(datetime(2026, 9, 1, 9), 12, 10), encoding="utf-8-sig"
    )
    assert import_chat_file(store, 1, everyday, now=NOW_EPOCH).import_id is not None
    # A paste of a few lines (the triggers, a row at a time).
    pasted = render(_conversations(datetime(2026, 11, 20, 9), 1, 6))
    import_chat_text(store, 1, pasted, now=NOW_EPOCH)
    order_id = orders.find_order(store, 1, ORDER_NO)["id"]
    reply = replies.log_reply(
        store, 1, order_id, text="您好，已经帮您加急发货", template_id=None, sender_name=STAFF, now=NOW_EPOCH
    )
    typed = chats.add_message(
        store,
        1,
        order_id=order_id,
        buyer="顾客000",
        sender_role="buyer",
        sender_name="顾客000",
        sent_at=NOW_EPOCH - 3600,
        text="收到了，谢谢",
        source="manual",
        now=NOW_EPOCH,
    )
    corrections.withdraw(store, 1, reply, "说错了时间", NOW_EPOCH, replacement_id=typed)
    assert history == 1500
    return store


def test_every_writer_keeps_each_days_id_range(written):
    kept = written.conn.execute(
        "SELECT shop_id, day, low_id, high_id FROM message_days ORDER BY shop_id, day"
    ).fetchall()
    recounted = written.conn.execute(
        "SELECT shop_id, sent_at / 86400, min(id), max(id) FROM messages GROUP BY shop_id, sent_at / 86400"
        " ORDER BY 1, 2"
    ).fetchall()
    assert [tuple(row) for row in kept] == [tuple(row) for row in recounted]
    assert len(kept) > 30, "the writers must have written many days"


@pytest.mark.sqlite_only(
    reason="PostgreSQL's bigram index is a GIN index over chat_bigrams(text): no side words"
)
def test_every_writer_gives_a_staff_message_the_staffs_copy_of_its_pairs(written):
    conn = written.conn
    conn.execute("CREATE VIRTUAL TABLE temp.bigram_words USING fts5vocab(main, messages_bigram, 'instance')")
    held: dict[int, set[str]] = {}
    for term, rowid in conn.execute("SELECT term, doc FROM bigram_words"):
        held.setdefault(rowid, set()).add(term)
    messages = conn.execute("SELECT id, text, sender_name <> buyer FROM messages").fetchall()
    staff = 0
    for message_id, text, of_staff in messages:
        expected = set(sided_words(bigram_words(text), bool(of_staff)).split())
        assert held.get(message_id, set()) == expected, message_id
        staff += bool(of_staff)
    assert 0 < staff < len(messages)


def test_a_word_the_staff_never_write_is_answered_from_the_index_under_a_staff_name(written):
    """包邮 (only buyers write it, and a buyer's second account) under the staff: nothing, read from
    the staff's pairs alone on SQLite; on both, the second account's lines are found under its name."""
    seen = []
    if not written.shared:
        written.conn.set_trace_callback(seen.append)
    try:
        result = search.search_messages(written, 1, "包邮", sender_name=STAFF)
        longer = search.search_messages(written, 1, "包邮吗", sender_name=STAFF)
    finally:
        if not written.shared:
            written.conn.set_trace_callback(None)
    assert result.hits == [] and longer.hits == []
    if not written.shared:
        assert not any("ORDER BY b.rowid DESC" in sql or "ORDER BY f.rowid DESC" in sql for sql in seen)
    second = search.search_messages(written, 1, "包邮", sender_name="顾客003的小号")
    assert [hit.sender_name for hit in second.hits] == ["顾客003的小号"]
    assert search.search_messages(written, 1, "催发货", sender_name=STAFF).hits


@pytest.mark.parametrize("store_backend", ["postgresql"], indirect=True)  # migration 028: PostgreSQL's
def test_every_writer_puts_a_staff_message_in_the_staffs_side_of_postgresqls_bigram_index(written):
    """The partial GIN index messages_bigram_staff, read alone (bitmap scans only), holds a pair
    for exactly the staff's messages holding it, whoever wrote them: the history, the everyday
    import, the paste, the reply (加急), the line typed in (谢谢, a buyer's: not there)."""
    conn = written.conn
    rows = conn.execute("SELECT id, text, sender_name <> buyer FROM messages").fetchall()
    words = sorted({word for _id, text, _staff in rows for word in bigram_words(text).split()})
    sample = words[:: max(1, len(words) // 60)] + [
        bigram_word(pair) for pair in ("加急", "催发", "谢谢", "包邮")
    ]
    with conn.transaction():
        conn.execute("SET LOCAL enable_seqscan = off")
        conn.execute("SET LOCAL enable_indexscan = off")
        sql = "SELECT id FROM messages WHERE chat_bigrams(text) @> ?::text[] AND sender_name <> buyer"
        plan = "\n".join(row[0] for row in conn.execute("EXPLAIN " + sql, [[sample[0]]]).fetchall())
        assert "messages_bigram_staff" in plan
        for word in sample:
            got = sorted(row[0] for row in conn.execute(sql, [[word]]).fetchall())
            held = sorted(i for i, text, staff in rows if staff and word in bigram_words(text).split())
            assert got == held, word
    assert conn.execute(sql, [[bigram_word("加急")]]).fetchall(), "the reply is the staff's"
