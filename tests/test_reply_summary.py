"""The stored pairing of replies (store/reply_summary.py, migration 026) stays the pairing of every
message after every kind of chat write, on both backends, and the reply metrics read from it are
the metrics of the row-level pairing.

Writes: an everyday chat CSV import (the plain chat CSV the app reads: time, sender, text, buyer,
role — importers/chat_csv.py), a second one that lands between the first one's messages (shop
replies to questions left open, buyer lines inside answered runs, new questions before old ones),
a Qianniu/Wangwang export pasted onto the store (tests/builders/qianniu_export.py writes the
client's layout), a reply sent from the playbook (store/replies.log_reply), corrections that
withdraw and supersede messages (rows of their own: the pairing reads the messages as they are,
as before), and a shop's chat history loaded in one go (store/chat_history.py). After each, the
stored questions and quarter hours equal a recount in Python of every message
(tests/builders/reply_pairing.py), and the metric's day buckets at several moments equal the
ones the row-level pairing gives (reply_times' own path, kept for a limit the store does not count)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from seller_assistant.core.clock import from_epoch
from seller_assistant.core.orders import OrderRecord
from seller_assistant.imports.chats import import_chat_file, import_chat_text
from seller_assistant.store import bulk_load, corrections, orders, replies, reply_summary, reply_times
from tests.builders.qianniu_export import Conversation, Line, render
from tests.builders.reply_pairing import recount, stored
from tests.conftest import NOW_EPOCH, SHANGHAI

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

DAY = 86400
STAFF = "测试小店:Anna"
MIGRATION = "seller_assistant/store/migrations/026_reply_summary.sql"


def _csv(tmp_path, name: str, seed: int, used: set, bursts: int, buyers: int = 30) -> object:
    """Bursts of a conversation's lines, answered just inside and outside 3 minutes and 24 hours,
    some after NOW; at most one line per buyer and second (the pairing's order is then certain)."""
    rng = random.Random(seed)
    rows = ["time,sender,text,buyer,role"]
    for burst in range(bursts):
        buyer = f"buyer{rng.randrange(buyers)}"
        at = NOW_EPOCH - rng.randrange(-2 * DAY, 100 * DAY)
        for i in range(rng.randrange(1, 7)):
            at += rng.choice((1, 30, 100, 170, 180, 181, 240, 900, 4000, 90000))
            if (buyer, at) in used:
                continue
            used.add((buyer, at))
            staff = rng.random() < 0.45
            local = from_epoch(at, SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
            rows.append(
                f"{local},{STAFF if staff else buyer},{name} {burst} line {i},{buyer},{'staff' if staff else 'buyer'}"
            )
    path = tmp_path / f"{name}.csv"
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8-sig")
    return path, len(rows) - 1


def _import(store, path, count: int) -> None:
    result = import_chat_file(store, 1, path, now=NOW_EPOCH, format="csv")
    assert result.inserted == count, result.errors


def _assert_kept(store) -> None:
    questions, quarters = stored(store.conn)
    expected_questions, expected_quarters = recount(store.conn)
    assert questions == expected_questions
    assert quarters == expected_quarters


def _assert_metrics_are_row_level(store) -> None:
    moments = (NOW_EPOCH, NOW_EPOCH + 437, NOW_EPOCH - 5 * DAY + 123, NOW_EPOCH + 3 * DAY)
    for within, hours in ((180, (8, 23)), (86400, None)):
        for now in moments:
            for days in (90, 7):
                from_summary = reply_times.reply_buckets(store, 1, now, days, within, hours)
                reply_times._LAST.clear()
                limits = reply_summary.limits
                try:  # the row-level pairing: reply_times' path for a limit not counted per quarter
                    reply_summary.limits = lambda _store: set()
                    row_level = reply_times.reply_buckets(store, 1, now, days, within, hours)
                finally:
                    reply_summary.limits = limits
                assert (from_summary.numerator, from_summary.denominator) == (
                    row_level.numerator,
                    row_level.denominator,
                ), (within, now, days)


@pytest.fixture
def everyday(store, monkeypatch):
    monkeypatch.setattr(bulk_load, "BULK_MIN_ROWS", 10**9)  # every file on the everyday path
    return store


def test_the_stored_pairing_is_every_message_paired_after_each_kind_of_write(everyday, tmp_path):
    store, used = everyday, set()
    _import(store, *_csv(tmp_path, "first", 15, used, 300))
    _assert_kept(store)
    assert sum(n for (_s, _a, _b, replied), n in stored(store.conn)[0].items() if replied is None) > 5
    # Lines between the first file's: they answer open questions, stop runs, open new questions.
    _import(store, *_csv(tmp_path, "second", 16, used, 150))
    _assert_kept(store)
    # A paste in the client's layout: a buyer of the files and a new one.
    pasted_at = from_epoch(NOW_EPOCH - 3 * DAY + 17, SHANGHAI).replace(tzinfo=None)
    text = render(
        [
            Conversation(
                "buyer3",
                [
                    Line("buyer3", pasted_at, "在吗，什么时候发货"),
                    Line(STAFF, pasted_at + timedelta(seconds=150), "亲，明天发"),
                ],
            ),
            Conversation("新买家", [Line("新买家", pasted_at, "有现货吗")]),
        ]
    )
    assert import_chat_text(store, 1, text, now=NOW_EPOCH).inserted == 3
    _assert_kept(store)
    # A reply sent from the playbook, on an order.
    orders.insert_orders(
        store,
        1,
        [OrderRecord("3901", buyer="buyer3", paid_at=NOW_EPOCH - DAY)],
        48,
        NOW_EPOCH,
        source="manual",
    )
    order_id = orders.find_order(store, 1, "3901")["id"]
    replies.log_reply(
        store, 1, order_id, text="亲，已经发货了", template_id=None, sender_name="Anna", now=NOW_EPOCH - 60
    )
    _assert_kept(store)
    # Corrections: rows of their own; the messages, and so the pairing, stay as they are.
    ids = [row[0] for row in store.conn.execute("SELECT id FROM messages WHERE shop_id = 1 ORDER BY id")]
    before = stored(store.conn)
    for message_id in ids[5:300:29]:
        corrections.withdraw(store, 1, message_id, "贴错了聊天", NOW_EPOCH)
    corrections.withdraw(store, 1, ids[1], "重新整理", NOW_EPOCH, replacement_id=ids[2])
    assert stored(store.conn) == before
    _assert_kept(store)
    _assert_metrics_are_row_level(store)


def test_a_history_loaded_in_one_go_is_paired_as_a_whole(store, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk_load, "BULK_MIN_ROWS", 200)  # a file of ~1 000 lines is then a history
    _import(store, *_csv(tmp_path, "history", 21, set(), 300))
    assert store.conn.execute("SELECT count(*) FROM reply_questions").fetchone()[0] > 200
    _assert_kept(store)
    _assert_metrics_are_row_level(store)


def test_the_migration_pairs_the_stored_chats(everyday, tmp_path):
    """The backfill of migrations/026 (its twin runs the same statements) on chats already stored."""
    store = everyday
    _import(store, *_csv(tmp_path, "stored", 31, set(), 200))
    expected = recount(store.conn)
    sql = open(MIGRATION, encoding="utf-8").read()
    backfill = sql[sql.index("-- The stored chats paired once") :]
    with store.write():
        store.conn.execute("DELETE FROM reply_questions")
        store.conn.execute("DELETE FROM reply_quarters")
        for statement in backfill.split(";"):
            if statement.strip(" \n-").strip() and "INSERT" in statement:
                store.conn.execute(statement[statement.index("INSERT") :])
    assert stored(store.conn) == expected
    assert sum(expected[0].values()) > 100


def test_a_limit_the_store_does_not_count_is_paired_from_the_messages(everyday, tmp_path):
    """A profile edited by hand (a 1-hour limit): the metric is still exact, from the messages."""
    store = everyday
    _import(store, *_csv(tmp_path, "hour", 41, set(), 150))
    assert 3600 not in reply_summary.limits(store)
    found = reply_times.reply_buckets(store, 1, NOW_EPOCH, 30, 3600)
    reply_times._LAST.clear()
    questions = [
        (asked, replied) for (_s, asked, _b, replied), n in recount(store.conn)[0].items() for _ in range(n)
    ]
    counted = sum(
        1
        for asked, replied in questions
        if NOW_EPOCH - 30 * DAY < asked <= NOW_EPOCH
        and ((replied is not None and replied <= NOW_EPOCH) or NOW_EPOCH - asked > 3600)
    )
    assert sum(found.denominator.values()) == counted > 10
