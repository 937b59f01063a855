"""A filtered chat search on the shared store finds exactly what the plain walk of the text's
matches finds, however store/pg_search_plan.py reads it (issue 20): the newest messages walked
first, the text's index alone, the staff's side of the bigram index (migration 028), a date range's
id window from message_days (027), and the walk it falls back to. On SQLite the same assertions
hold for search_plan's own ways (tests/test_search_plan.py checks those one by one).

The chats are Qianniu exports in the client's text layout (tests/builders/qianniu_export.py), the
same shops as tests/test_search_plan.py: buyers, two staff, a buyer's second account, a word only
buyers write (包邮吗) and one both write (帮您查)."""

from __future__ import annotations

from datetime import datetime

import pytest

from seller_assistant.store import chats, pg_search_plan, search, search_plan
from tests.conftest import NOW_EPOCH
from tests.test_search_plan import QUERIES, STAFF, import_two_shops

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def two_shops(store, tmp_path):
    """The same two shops with two months of chats (from 1 September): date ranges that cross them."""
    return import_two_shops(store, tmp_path, seed=28, first_chat=datetime(2026, 9, 1, 9))


def _filters(store) -> list[dict]:
    """The Chats page's filters: a staff name (alone, far back, within days), date ranges from a
    day to most of the history, a stage, a second account's name, a name nobody has."""
    times = sorted(row["sent_at"] for row in store.db.query("SELECT sent_at FROM messages WHERE shop_id = 1"))
    day = 86_400
    return [
        {"sender_name": STAFF[0]},
        {"sender_name": STAFF[1], "until": times[len(times) // 3]},
        {"sender_name": STAFF[0], "since": times[-60]},
        {"sender_name": "买家04的小号"},
        {"sender_name": "买家03"},  # a buyer's own name: none of its messages on the staff's side
        {"sender_name": "小美"},
        {"since": times[10], "until": times[10] + day},
        {"until": times[40]},
        {"until": times[-30]},
        {"since": times[-40]},
        {"since": times[100], "until": times[200]},
        {"stage": "after_sale", "since": times[0] + 3 * day},
    ]


def _walked(store, query, **chosen):
    """The search as it was: the text's matches walked newest first by the plain query, each
    tested against the filters (no plan on either backend)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_plan, "choose", lambda *args, **kwargs: search_plan.WALK)
        patch.setattr(
            pg_search_plan, "page_match", lambda store, shop, index, match, param, *rest: (match, param)
        )
        patch.setattr(pg_search_plan, "narrow", lambda *args: None)
        return search.search_messages(store, 1, query, **chosen)


@pytest.mark.parametrize(
    ("short_walk", "walk_rows", "cap"),
    # Every message walked; a page among the newest few or not; the short walk, the long, the cap.
    [(2000, 20_000, 20_000), (3, 20_000, 20_000), (1, 3, 20_000), (1, 3, 2)],
)
def test_every_way_of_reading_a_filtered_search_finds_what_the_walk_finds(
    two_shops, monkeypatch, short_walk, walk_rows, cap
):
    monkeypatch.setattr(pg_search_plan, "SHORT_WALK", short_walk)
    monkeypatch.setattr(pg_search_plan, "WALK_ROWS", walk_rows)
    monkeypatch.setattr(pg_search_plan, "CAP", cap)
    for chosen in _filters(two_shops):
        for query in QUERIES:
            got = search.search_messages(two_shops, 1, query, limit=7, **chosen)
            expected = _walked(two_shops, query, limit=7, **chosen)
            assert [h.message_id for h in got.hits] == [h.message_id for h in expected.hits], (query, chosen)
            if got.hits:  # the next page continues where the first ended
                after = {"limit": 7, "before_id": got.hits[-1].message_id, **chosen}
                more = search.search_messages(two_shops, 1, query, **after)
                assert [h.message_id for h in more.hits] == [
                    h.message_id for h in _walked(two_shops, query, **after).hits
                ], (query, chosen)


def test_a_word_only_buyers_write_is_answered_under_the_staff_from_the_staffs_pairs(two_shops, monkeypatch):
    """包邮 / 包邮吗 under a staff name: nothing; with the walk and the cap shrunk to nothing, the
    answer still comes from the index (PostgreSQL: the staff's side, migration 028), not the walk."""
    monkeypatch.setattr(pg_search_plan, "SHORT_WALK", 1)
    monkeypatch.setattr(pg_search_plan, "WALK_ROWS", 1)
    monkeypatch.setattr(pg_search_plan, "CAP", 1)
    plans = []
    page_match = pg_search_plan.page_match
    monkeypatch.setattr(
        pg_search_plan, "page_match", lambda *args: plans.append(page_match(*args)) or plans[-1]
    )
    for query in ("包邮", "包邮吗"):
        assert search.search_messages(two_shops, 1, query, sender_name=STAFF[0]).hits == []
        assert search.search_messages(two_shops, 1, query).hits, "buyers wrote it"
    if two_shops.shared:
        # Under the staff: the page's ids (none); without the filter the text is denser than the cap.
        assert [plan[0] for plan in plans] == ["m.id = ANY(?)", "chat_bigrams(m.text) @> ?::text[]"] + [
            "m.id = ANY(?)",
            "m.text ILIKE ? ESCAPE '\\'",
        ]
        assert plans[0][1] == [] and plans[2][1] == []


@pytest.mark.parametrize("store_backend", ["postgresql"], indirect=True)  # 028's index: PostgreSQL's
def test_the_staffs_side_is_its_own_index_kept_on_every_insert(two_shops):
    """The partial GIN index answers the staff's pairs (EXPLAIN names it), and a line typed in
    afterwards by the staff is found through it at once."""
    plan = "\n".join(
        row[0]
        for row in two_shops.conn.execute(
            "EXPLAIN SELECT id FROM messages m WHERE chat_bigrams(m.text) @> ?::text[] AND m.sender_name <> m.buyer",
            [["5305x90ae"]],
        ).fetchall()
    )
    assert "messages_bigram_staff" in plan
    chats.add_message(
        two_shops,
        1,
        order_id=None,
        buyer="买家01",
        sender_role="staff",
        sender_name=STAFF[0],
        sent_at=NOW_EPOCH - 60,
        text="亲，包邮的哦",
        source="manual",
        now=NOW_EPOCH,
    )
    found = search.search_messages(two_shops, 1, "包邮", sender_name=STAFF[0])
    assert [h.text for h in found.hits] == ["亲，包邮的哦"]
