"""Searching chat messages: Chinese without word breaks, English words, short queries, filters."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

import pytest

from seller_assistant.core.settings import ShopSettings
from seller_assistant.imports.chats import import_chat_file, import_chat_text
from seller_assistant.store import chats, migrations, open_store, reply_summary, search, shops
from tests.builders.qianniu_export import Conversation, Line, write_export
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

PHRASES = (
    "发货",
    "什么时候发货",
    "裂纹",
    "退款",
    "refund",
    "Refund please",
    "顺丰冷链",
    "好的",
    "包装破损了",
    "AND OR NEAR",
    'say "hi"',
    "cup*",
)


@pytest.fixture
def chatty_store(store, tmp_path):
    rng = random.Random(5)
    start = datetime(2026, 11, 1, 9, 0, 0)
    conversations = []
    for index in range(40):
        buyer = f"买家{index:02d}"
        lines = []
        for position in range(15):
            start += timedelta(minutes=rng.randrange(1, 30))
            sender = buyer if position % 2 == 0 else "测试小店:小美"
            text = "".join(
                rng.choice(PHRASES) + rng.choice(("，", "。", " ", "？", ""))
                for _ in range(rng.randrange(1, 4))
            )
            lines.append(Line(sender, start, text))
        conversations.append(Conversation(buyer, lines))
    import_chat_file(store, 1, write_export(tmp_path / "chat.txt", conversations), now=NOW_EPOCH)
    return store


def expected_ids(store, needle: str) -> set[int]:
    return {
        row["id"]
        for row in store.db.query("SELECT id, text FROM messages")
        if needle.lower() in row["text"].lower()
    }


@pytest.mark.parametrize("query", ["裂纹", "包装破损了", "refund", "什么时候", "冷链", "破损", "Re", "了。"])
def test_search_finds_exactly_the_messages_containing_the_phrase(chatty_store, query):
    result = search.search_messages(chatty_store, 1, query, limit=10_000)
    expected = expected_ids(chatty_store, query)
    assert expected, "the fixture must contain the phrase"
    assert {hit.message_id for hit in result.hits} == expected
    assert result.mode == ("fts" if len(query) >= 3 else "bigram")


def test_two_characters_are_searched_by_index_completely_and_without_a_warning(chatty_store):
    result = search.search_messages(chatty_store, 1, "好的", limit=10_000)
    assert (result.mode, result.note) == ("bigram", None)
    assert {hit.message_id for hit in result.hits} == expected_ids(chatty_store, "好的")
    newest_first = [hit.message_id for hit in result.hits]
    assert newest_first == sorted(newest_first, reverse=True)
    assert search.search_messages(chatty_store, 1, "琉璃", limit=10_000).hits == []


def test_two_character_pages_continue_where_the_last_one_ended(chatty_store):
    everything = [
        hit.message_id for hit in search.search_messages(chatty_store, 1, "好的", limit=10_000).hits
    ]
    first = search.search_messages(chatty_store, 1, "好的", limit=5).hits
    rest = search.search_messages(chatty_store, 1, "好的", limit=10_000, before_id=first[-1].message_id).hits
    assert [hit.message_id for hit in first + rest] == everything


def test_a_pair_split_by_a_line_break_or_a_space_is_not_found_but_one_across_punctuation_is(store):
    import_chat_text(store, 1, "甜甜兔兔 2026-11-20 14:03:22\n破\n损了。退 款\n", now=NOW_EPOCH)
    assert search.search_messages(store, 1, "破损").hits == []  # what was written is 破 / 损了
    assert search.search_messages(store, 1, "退款").hits == []
    assert len(search.search_messages(store, 1, "。退").hits) == 1


def test_one_character_is_refused_with_a_clear_sentence(chatty_store, cli):
    result = search.search_messages(chatty_store, 1, "好", lang="zh")
    assert (result.mode, result.hits) == ("too_short", [])
    assert "至少输入 2 个字" in result.note
    chatty_store.close()
    run = cli("search", "好")
    assert run.code == 2 and "at least 2 characters" in run.out


@pytest.mark.sqlite_only(
    reason="a SQLite file at an older version; a shared store starts at the newest schema"
)
def test_messages_stored_before_the_bigram_index_are_found_after_the_upgrade(db_path, monkeypatch):
    old = open_store(db_path, migrate=False)
    migrations.migrate(old, target=5)
    shop_id = shops.create_shop(old, ShopSettings(name="测试小店"), NOW_EPOCH)
    # The app of that schema sealed the message but kept no reply pairing (migration 026 came later).
    monkeypatch.setattr(reply_summary, "keep", lambda *_args: None)
    chats.add_message(
        old,
        shop_id,
        order_id=None,
        buyer="甜甜兔兔",
        sender_role="buyer",
        sender_name="甜甜兔兔",
        sent_at=NOW_EPOCH,
        text="杯子破损了，要投诉",
        source="manual",
        now=NOW_EPOCH,
    )
    assert "messages_bigram" not in old.db.table_names()
    old.close()
    upgraded = open_store(db_path)
    assert [hit.text for hit in search.search_messages(upgraded, 1, "投诉").hits] == ["杯子破损了，要投诉"]
    upgraded.close()


def test_english_search_ignores_case_and_highlights_each_occurrence(chatty_store):
    hits = search.search_messages(chatty_store, 1, "REFUND", limit=10_000).hits
    assert hits
    for hit in hits:
        assert [hit.text[s:e].lower() for s, e in hit.highlights] == ["refund"] * hit.text.lower().count(
            "refund"
        )


@pytest.mark.parametrize("query", ["AND OR NEAR", 'say "hi"', "cup*", '"h', "p*", "NEAR(", "a:b"])
def test_fts_syntax_in_the_query_is_searched_literally(chatty_store, query):
    result = search.search_messages(chatty_store, 1, query, limit=10_000)
    assert {hit.message_id for hit in result.hits} == expected_ids(chatty_store, query)


def test_filters_narrow_by_buyer_staff_and_time(chatty_store):
    everything = search.search_messages(chatty_store, 1, "发货", limit=10_000).hits
    by_buyer = search.search_messages(chatty_store, 1, "发货", buyer="买家03", limit=10_000).hits
    assert by_buyer and {h.buyer for h in by_buyer} == {"买家03"}
    assert {h.message_id for h in by_buyer} == {h.message_id for h in everything if h.buyer == "买家03"}
    english = search.search_messages(chatty_store, 1, "REFUND", buyer="买家03", limit=10_000).hits
    assert {h.message_id for h in english} == {
        h.message_id
        for h in search.search_messages(chatty_store, 1, "refund", limit=10_000).hits
        if h.buyer == "买家03"
    }
    first = search.search_messages(chatty_store, 1, "发货", buyer="买家03", limit=2).hits
    rest = search.search_messages(
        chatty_store, 1, "发货", buyer="买家03", before_id=first[-1].message_id
    ).hits
    assert [h.message_id for h in first + rest] == sorted((h.message_id for h in by_buyer), reverse=True)
    staff = search.search_messages(
        chatty_store, 1, "什么时候发货", sender_name="测试小店:小美", limit=10_000
    ).hits
    assert staff and {h.sender_name for h in staff} == {"测试小店:小美"}
    middle = sorted(h.sent_at for h in everything)[len(everything) // 2]
    later = search.search_messages(chatty_store, 1, "发货", since=middle, limit=10_000).hits
    assert later and min(h.sent_at for h in later) >= middle


def test_limit_bounds_the_hits(chatty_store):
    assert len(search.search_messages(chatty_store, 1, "发货", limit=5).hits) == 5
    assert len(search.search_messages(chatty_store, 1, "什么时候发货", limit=5).hits) == 5


def test_cli_search_json_gives_hits_with_highlights(chatty_store, cli):
    chatty_store.close()
    result = cli("search", "包装破损了", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["mode"] == "fts" and data["hits"]
    hit = data["hits"][0]
    start, end = hit["highlights"][0]
    assert hit["text"][start:end] == "包装破损了"
    plain = cli("search", "裂纹")
    assert plain.code == 0 and "裂纹" in plain.out


def test_an_empty_search_lists_the_newest_messages(demo_store):
    from seller_assistant.store.search import search_messages

    result = search_messages(demo_store, 1, "", limit=5)
    newest = demo_store.conn.execute("SELECT max(sent_at) FROM messages").fetchone()[0]
    assert result.mode == "recent"
    assert len(result.hits) == 5
    assert result.hits[0].sent_at == newest
    assert [h.sent_at for h in result.hits] == sorted((h.sent_at for h in result.hits), reverse=True)
