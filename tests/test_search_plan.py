"""A filtered chat search that reads the filter's side first finds exactly what the walk of the
text's matches finds (issue 20: a stage, a staff name, a few days, a small shop)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from seller_assistant.core.settings import ShopSettings
from seller_assistant.imports.chats import import_chat_file
from seller_assistant.store import chats, search, search_plan, shops
from tests.builders.qianniu_export import Conversation, Line, write_export
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.sqlite_only(
    reason="which side SQLite reads first; PostgreSQL plans a filtered search by its own statistics"
)

# Chinese, English (both cases), digits, emoji, punctuation: what shops and buyers type.
PIECES = (
    "发货",
    "什么时候发货",
    "包装破损了",
    "退款",
    "Refund",
    "refund please",
    "订单2026",
    "20261130",
    "7天无理由",
    "🙂",
    "好的👍",
    "顺丰",
    "No.88",
    "ÄRGER",
)
# Characters an index folds into ASCII: KELVIN SIGN (both), LONG S (FTS5's fold), İ (Python's
# lower(), into i + a combining dot): a row test of ASCII letters must find them as the index does.
FOLDED = ("\u212aitty ſale", "İpek", "kitty sale ipek")
QUERIES = (
    "发货",
    "破损",
    "什么时候发货",
    "2026",
    "7天",
    "👍好",
    "好的👍",
    "🙂",
    "顺丰",
    "88",
    "refund",
    "Ärger",
    "琉璃",
    "Kitty",
    "ki",
    "sale",
    "sa",
    "ip",
    "pek",
    "PE",
    "refund please",
    "包邮",
    "包邮吗",
    "帮您",
    "帮您查",
)
STAFF = ("测试小店:小美", "测试小店:阿强")


def _conversations(rng: random.Random, buyers: int, start: datetime, prefix: str) -> list[Conversation]:
    conversations = []
    for index in range(buyers):
        buyer = f"{prefix}{index:02d}"
        lines = []
        for position in range(12):
            start += timedelta(minutes=rng.randrange(1, 600))
            if position % 2 == 0:
                # Now and then a buyer writes from another account: a sender that is not the buyer.
                sender = buyer if rng.random() < 0.9 else f"{buyer}的小号"
            else:
                sender = STAFF[0] if rng.random() < 0.8 else STAFF[1]
            text = "".join(
                rng.choice(PIECES) + rng.choice(("，", "。", " ", "")) for _ in range(rng.randrange(1, 4))
            )
            if position == 5 and index % 3 == 0:
                text += FOLDED[index // 3 % len(FOLDED)]
            # A word only buyers write (as 什么 in a real shop), and one both write now and then:
            # under a staff name the staff's copy of their pairs is the smaller side (migration 027).
            text += {0: "包邮吗" if sender == buyer else "", 2: "帮您查", 3: "帮您查"}.get(position, "")
            lines.append(Line(sender, start, text))
        conversations.append(Conversation(buyer, lines))
    return conversations


def import_two_shops(store, tmp_path, seed: int, first_chat: datetime):
    """Shop 1 with 30 buyers' chats from `first_chat` on, shop 2 with 3, imported from Qianniu
    exports (the layout of tests/builders/qianniu_export.py); a few messages given a stage as the
    Chats page does."""
    rng = random.Random(seed)
    shops.create_shop(store, ShopSettings(name="小铺二号", timezone="Asia/Shanghai"), NOW_EPOCH)
    first = _conversations(rng, 30, first_chat, "买家")
    second = _conversations(rng, 3, datetime(2026, 11, 1, 9), "顾客")
    # UTF-8 with a BOM (the client's other save format: GBK has no emoji), as the builder writes it.
    for shop_id, conversations in ((1, first), (2, second)):
        path = write_export(tmp_path / f"shop{shop_id}.txt", conversations, encoding="utf-8-sig")
        import_chat_file(store, shop_id, path, now=NOW_EPOCH)
    ids = [row["id"] for row in store.db.query("SELECT id FROM messages WHERE shop_id = 1 ORDER BY id")]
    for message_id in rng.sample(ids, 25):
        chats.set_stage(store, message_id, rng.choice(("pre_sale", "after_sale")))
    return store


@pytest.fixture
def two_shops(store, tmp_path):
    return import_two_shops(store, tmp_path, seed=20, first_chat=datetime(2026, 10, 1, 9))


def _filters(store) -> list[dict]:
    times = sorted(row["sent_at"] for row in store.db.query("SELECT sent_at FROM messages WHERE shop_id = 1"))
    day = 86_400
    return [
        {},
        {"stage": "pre_sale"},
        {"stage": "after_sale"},
        {"stage": "shipping"},  # nobody's
        {"sender_name": STAFF[0]},
        {"sender_name": STAFF[1]},
        {"sender_name": "买家03"},
        {"sender_name": "买家04的小号"},
        {"sender_name": "小美"},  # nobody's
        {"since": times[10], "until": times[10] + day},
        {"since": times[-40]},
        {"until": times[30]},
        {"stage": "after_sale", "sender_name": STAFF[0], "since": times[0] + 3 * day},
    ]


def _walked(store, shop_id, query, monkeypatch, **chosen):
    """The search as it was: the text's matches walked newest first, each tested."""
    with monkeypatch.context() as patch:
        patch.setattr(search_plan, "choose", lambda *args, **kwargs: search_plan.WALK)
        return search.search_messages(store, shop_id, query, **chosen)


@pytest.mark.parametrize(
    ("probe_rows", "bounded_walk", "deep_rows"),
    [
        (3, 5000, 200_000),
        (40, 5000, 200_000),
        (5000, 5000, 200_000),
        # Both sides large: the newest few matches walked first, then the rest planned again.
        (3, 4, 200_000),
        (3, 4, 30),
        (10, 25, 60),
    ],
)
def test_a_filter_read_first_finds_the_same_messages_in_the_same_order(
    two_shops, monkeypatch, probe_rows, bounded_walk, deep_rows
):
    monkeypatch.setattr(search_plan, "PROBE_ROWS", probe_rows)
    monkeypatch.setattr(search_plan, "BOUNDED_WALK", bounded_walk)
    monkeypatch.setattr(search_plan, "DEEP_ROWS", deep_rows)
    plans = []
    choose = search_plan.choose

    def spy(*args, **kwargs):
        plans.append(choose(*args, **kwargs))
        return plans[-1]

    monkeypatch.setattr(search_plan, "choose", spy)
    compared = 0
    for shop_id in (1, 2):
        for chosen in _filters(two_shops):
            for query in QUERIES:
                ours = search.search_messages(two_shops, shop_id, query, limit=10_000, **chosen)
                walked = _walked(two_shops, shop_id, query, monkeypatch, limit=10_000, **chosen)
                assert [h.message_id for h in ours.hits] == [h.message_id for h in walked.hits], (
                    query,
                    chosen,
                )
                assert [h.highlights for h in ours.hits] == [h.highlights for h in walked.hits]
                assert ours.mode == walked.mode
                compared += bool(walked.hits)
    assert compared > 100, "the fixture must give the queries hits under most filters"
    assert any(plan.side is not None for plan in plans), "some filter must have been read first"
    if probe_rows == 3 and bounded_walk < 5000:
        assert any(plan.window is not None for plan in plans), "some walk must have been bounded by dates"
    sided = [plan.side for plan in plans if plan.side is not None and "messages_bigram" in plan.side.ids_sql]
    assert sided, "some search under a sender must have read the text's pairs on the sender's side first"
    if bounded_walk < 5000:
        assert any(plan.walk_from is not None for plan in plans), "some walk must have been bounded"


def test_pages_of_a_filter_read_first_continue_where_the_last_ended(two_shops, monkeypatch):
    monkeypatch.setattr(search_plan, "PROBE_ROWS", 40)
    for chosen in ({"sender_name": STAFF[1]}, {"stage": "after_sale"}, {"until": NOW_EPOCH}):
        everything = [
            h.message_id for h in _walked(two_shops, 1, "发货", monkeypatch, limit=10_000, **chosen).hits
        ]
        assert len(everything) > 3, chosen
        paged, before = [], None
        while True:
            hits = search.search_messages(two_shops, 1, "发货", limit=3, before_id=before, **chosen).hits
            if not hits:
                break
            paged += [h.message_id for h in hits]
            before = hits[-1].message_id
        assert paged == everything


def test_a_stage_nobody_has_is_answered_from_its_index_without_walking_the_text(two_shops, monkeypatch):
    """What a shop notices at 10 M messages as seconds instead of an instant 'no messages'."""
    seen = []
    two_shops.conn.set_trace_callback(seen.append)
    try:
        result = search.search_messages(two_shops, 1, "发货", stage="shipping")
    finally:
        two_shops.conn.set_trace_callback(None)
    assert result.hits == [] and result.mode == "bigram"
    assert any("INDEXED BY messages_stage" in sql for sql in seen)
    assert not any("ORDER BY b.rowid DESC" in sql for sql in seen), "the text's matches were walked"


def test_letters_keep_the_walk_because_the_index_folds_case(two_shops):
    assert not search_plan.caseless("Refund") and not search_plan.caseless("Ärger")
    assert search_plan.caseless("发货") and search_plan.caseless("2026") and search_plan.caseless("好的👍")
    assert not search_plan.caseless("\u0307字"), "a combining mark is what İ lower-cases into"


def test_letters_read_from_a_narrow_filter_find_what_their_index_finds(two_shops):
    """An English word under a buyer's name: that buyer's few messages are read, not every match."""
    seen = []
    two_shops.conn.set_trace_callback(seen.append)
    try:
        result = search.search_messages(two_shops, 1, "Refund", sender_name="买家03")
    finally:
        two_shops.conn.set_trace_callback(None)
    assert result.hits and all(h.sender_name == "买家03" for h in result.hits)
    assert all("refund" in h.text.lower() for h in result.hits)
    assert any("INDEXED BY messages_buyer" in sql for sql in seen)
    assert not any("ORDER BY f.rowid DESC" in sql for sql in seen), "the text's matches were walked"
    assert search_plan.row_test("Ärger", "trigram") is None, "letters beyond ASCII keep the walk"


def test_the_characters_folded_into_ascii_are_every_one_either_index_folds():
    """FOLDED_INTO_ASCII against SQLite's own FTS5 trigram folding and Python's lower(), every
    code point beyond ASCII: a character missing there would be found by the index, not the row."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    # The messages' index's tokenizer (migration 002); detail=none: only which rows hold a term.
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram', detail=none)")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
    points = [p for p in range(0x80, 0x110000) if not 0xD800 <= p <= 0xDFFF]
    conn.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", ((p, chr(p) * 3) for p in points))
    ascii_terms = [term for (term,) in conn.execute("SELECT term FROM v") if term.isascii()]
    by_fts = {
        chr(rowid): term[0]
        for term in ascii_terms
        for (rowid,) in conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (f'"{term}"',))
    }
    assert by_fts == search_plan.FOLDED_INTO_ASCII["trigram"]
    by_python = {chr(p): chr(p).lower() for p in points if any(c.isascii() for c in chr(p).lower())}
    assert by_python == search_plan.FOLDED_INTO_ASCII["bigram"]
