"""A two-character chat search finds the same messages, newest first, whichever way the shared
store reads it (store/pg_search_plan.py): a pair common among the newest messages, a pair only old
messages hold, a pair no message holds — and with the thresholds shrunk, the walk it falls back to.
On SQLite the same assertions hold for its FTS5 bigram index."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from seller_assistant.imports.chats import import_chat_file
from seller_assistant.store import pg_search_plan, search
from tests.builders.qianniu_export import Conversation, Line, write_export
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

COMMON = ("亲，什么时候发货呀", "已经发货了哦", "好的谢谢", "在吗", "Refund please", "👍")
OLD_ONLY = "这个琉璃杯有裂纹"  # said once, in the first conversation: only old messages hold 琉璃


@pytest.fixture
def chats_store(store, tmp_path):
    """40 buyers' chats imported from a Qianniu export (tests/builders/qianniu_export.py's layout,
    UTF-8 with a BOM), the rare pair in the oldest conversation only."""
    rng = random.Random(7)
    start = datetime(2026, 10, 1, 9)
    conversations = []
    for index in range(40):
        lines = []
        for position in range(10):
            start += timedelta(minutes=rng.randrange(1, 300))
            text = OLD_ONLY if index == 0 and position == 2 else rng.choice(COMMON)
            sender = f"买家{index:02d}" if position % 2 == 0 else "测试小店:小美"
            lines.append(Line(sender, start, text))
        conversations.append(Conversation(f"买家{index:02d}", lines))
    path = write_export(tmp_path / "chats.txt", conversations, encoding="utf-8-sig")
    import_chat_file(store, 1, path, now=NOW_EPOCH)
    return store


def _expected(store, query: str, limit: int, buyer: str | None = None) -> list[int]:
    rows = store.db.query("SELECT id, buyer, text FROM messages WHERE shop_id = 1 ORDER BY id DESC")
    return [
        row["id"]
        for row in rows
        if query.lower() in row["text"].lower() and (buyer is None or row["buyer"] == buyer)
    ][:limit]


@pytest.mark.parametrize(("walk_rows", "cap"), [(20_000, 20_000), (5, 20_000), (5, 3)])
@pytest.mark.parametrize("query", ["发货", "琉璃", "投诉", "RE", "谢谢"])
def test_a_pair_is_found_in_the_same_messages_however_it_is_read(
    chats_store, monkeypatch, walk_rows, cap, query
):
    monkeypatch.setattr(pg_search_plan, "SHORT_WALK", min(walk_rows, pg_search_plan.SHORT_WALK))
    monkeypatch.setattr(pg_search_plan, "WALK_ROWS", walk_rows)
    monkeypatch.setattr(pg_search_plan, "CAP", cap)
    result = search.search_messages(chats_store, 1, query, limit=30)
    assert [hit.message_id for hit in result.hits] == _expected(chats_store, query, 30)
    assert result.mode == "bigram"
    if query == "琉璃":
        assert [hit.text for hit in result.hits] == [OLD_ONLY]


def test_the_next_page_of_a_pair_continues_where_the_last_ended(chats_store, monkeypatch):
    monkeypatch.setattr(pg_search_plan, "SHORT_WALK", 5)
    monkeypatch.setattr(pg_search_plan, "WALK_ROWS", 5)
    first = search.search_messages(chats_store, 1, "发货", limit=20)
    second = search.search_messages(chats_store, 1, "发货", limit=20, before_id=first.hits[-1].message_id)
    found = [hit.message_id for hit in first.hits + second.hits]
    assert found == _expected(chats_store, "发货", 40)
