"""Searching chat messages: Chinese without word breaks, English words, short queries, filters."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

import pytest

from seller_assistant.importers.chats import import_chat_file
from seller_assistant.store import search
from tests.builders.qianniu_export import Conversation, Line, write_export
from tests.conftest import NOW_EPOCH

PHRASES = ("发货", "什么时候发货", "裂纹", "退款", "refund", "Refund please", "顺丰冷链", "好的", "包装破损了",
           "AND OR NEAR", 'say "hi"', "cup*")


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
            text = "".join(rng.choice(PHRASES) + rng.choice(("，", "。", " ", "？", "")) for _ in range(rng.randrange(1, 4)))
            lines.append(Line(sender, start, text))
        conversations.append(Conversation(buyer, lines))
    import_chat_file(store, 1, write_export(tmp_path / "chat.txt", conversations), now=NOW_EPOCH)
    return store


def expected_ids(store, needle: str) -> set[int]:
    return {row["id"] for row in store.db.query("SELECT id, text FROM messages") if needle.lower() in row["text"].lower()}


@pytest.mark.parametrize("query", ["裂纹", "包装破损了", "refund", "什么时候", "冷链"])
def test_search_finds_exactly_the_messages_containing_the_phrase(chatty_store, query):
    result = search.search_messages(chatty_store, 1, query, limit=10_000)
    expected = expected_ids(chatty_store, query)
    assert expected, "the fixture must contain the phrase"
    assert {hit.message_id for hit in result.hits} == expected
    assert result.mode == ("fts" if len(query) >= 3 else "substring")


def test_short_query_says_it_scanned_and_still_finds_exactly(chatty_store):
    result = search.search_messages(chatty_store, 1, "好的", limit=10_000)
    assert result.note and "3" in result.note
    assert {hit.message_id for hit in result.hits} == expected_ids(chatty_store, "好的")
    newest_first = [hit.sent_at for hit in result.hits]
    assert newest_first == sorted(newest_first, reverse=True)


def test_english_search_ignores_case_and_highlights_each_occurrence(chatty_store):
    hits = search.search_messages(chatty_store, 1, "REFUND", limit=10_000).hits
    assert hits
    for hit in hits:
        assert [hit.text[s:e].lower() for s, e in hit.highlights] == ["refund"] * hit.text.lower().count("refund")


@pytest.mark.parametrize("query", ["AND OR NEAR", 'say "hi"', "cup*", '"', "NEAR(", "a:b"])
def test_fts_syntax_in_the_query_is_searched_literally(chatty_store, query):
    result = search.search_messages(chatty_store, 1, query, limit=10_000)
    assert {hit.message_id for hit in result.hits} == expected_ids(chatty_store, query)


def test_filters_narrow_by_buyer_staff_and_time(chatty_store):
    everything = search.search_messages(chatty_store, 1, "发货", limit=10_000).hits
    by_buyer = search.search_messages(chatty_store, 1, "发货", buyer="买家03", limit=10_000).hits
    assert by_buyer and {h.buyer for h in by_buyer} == {"买家03"}
    assert {h.message_id for h in by_buyer} == {h.message_id for h in everything if h.buyer == "买家03"}
    staff = search.search_messages(chatty_store, 1, "什么时候发货", sender_name="测试小店:小美", limit=10_000).hits
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
