"""Search on PostgreSQL finds what SQLite's full-text tables find (migrations_pg/002, 007, 014).

SQLite answers from FTS5 tables (trigram for 3+ characters, character pairs for 2); PostgreSQL from
GIN indexes: pg_trgm under ILIKE, and chat_bigrams() (core/grams.py's bigram_words in SQL). The same
messages and orders, asked the same queries, give the same ids on both; and PostgreSQL answers them
from the index, not a read of every row.
"""

from __future__ import annotations

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seller_assistant.core.grams import bigram_word, bigram_words, char_words, order_words, search_words
from seller_assistant.store import open_store
from seller_assistant.store.search import fts_phrase

pytestmark = pytest.mark.postgresql_only(
    reason="pg_trgm and bigram GIN indexes (SQLite's FTS5: test_search.py)"
)

# Buyers write like this (our own lines, not a copied corpus): Chinese with Latin brand names and
# sizes, full-width punctuation and spaces, emoji.
TEXTS = [
    "你好，到货破损了，外箱也压坏了",
    "快递一直没更新，投诉了",
    "申请退款，尺码XL偏小",
    "Nike 鞋子 size 42 太大了",
    "NIKE的盒子破了 😢",
    "退货退款都可以吗？",
    "亲，已经补发了顺丰SF1234567890",
    "100% 纯棉吗　谢谢",
    "这个_下划线_和%百分号%也要能搜",
    "破 损（中间有空格）",
]
QUERIES = [
    "破损",
    "投诉",
    "退款",
    "nike",
    "NIKE",
    "Ni",
    "鞋子",
    "SF123",
    "纯棉吗",
    "100%",
    "_下划线_",
    "%百分",
    "破 损",
    "谢谢",
    "压坏了",
    "不存在",
]


def like_pattern(query: str) -> str:
    """The ILIKE pattern of a substring search: \\ % _ in the query are the characters themselves."""
    return "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@pytest.fixture
def lite(tmp_path):
    store = open_store(tmp_path / "lite.db")
    conn = store.conn
    conn.execute("INSERT INTO shops (id, name, created_at) VALUES (1, '小店', 1)")
    for n, text in enumerate(TEXTS, start=1):
        conn.execute(
            "INSERT INTO orders (id, shop_id, order_no, buyer, item_title, updated_at) VALUES (?, 1, ?, ?, ?, 1)",
            (n, f"39{n:017d}", text[:4], text),
        )
        conn.execute(
            "INSERT INTO messages (id, shop_id, sender_role, sent_at, text, fingerprint, created_at)"
            " VALUES (?, 1, 'buyer', ?, ?, ?, 1)",
            (n, n, text, f"f{n}"),
        )
    yield conn
    store.close()


@pytest.fixture
def pg(pg_migrated_url, lite):
    with psycopg.connect(pg_migrated_url, autocommit=True) as conn:
        conn.execute("INSERT INTO shops (id, name, created_at) VALUES (1, '小店', 1)")
        for row in lite.execute("SELECT id, shop_id, order_no, buyer, item_title, updated_at FROM orders"):
            conn.execute(
                "INSERT INTO orders (id, shop_id, order_no, buyer, item_title, updated_at)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                row,
            )
        for row in lite.execute(
            "SELECT id, shop_id, sender_role, sent_at, text, fingerprint, created_at FROM messages"
        ):
            conn.execute(
                "INSERT INTO messages (id, shop_id, sender_role, sent_at, text, fingerprint, created_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                row,
            )
        yield conn


def _lite_messages(lite, query: str) -> set[int]:
    if len(query) >= 3:
        sql = "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?"
        return {r[0] for r in lite.execute(sql, (fts_phrase(query),))}
    sql = "SELECT rowid FROM messages_bigram WHERE messages_bigram MATCH ?"
    return {r[0] for r in lite.execute(sql, (fts_phrase(bigram_word(query)),))}


PG_TRIGRAM = "SELECT id FROM messages m WHERE m.text ILIKE %s"
PG_BIGRAM = "SELECT id FROM messages m WHERE chat_bigrams(m.text) @> ARRAY[%s]"
PG_ORDERS = "SELECT id FROM orders o WHERE order_words(o.buyer, o.item_title) @> %s::text[]"


def _pg_messages(pg, query: str) -> set[int]:
    if len(query) >= 3:
        return {r[0] for r in pg.execute(PG_TRIGRAM, (like_pattern(query),))}
    return {r[0] for r in pg.execute(PG_BIGRAM, (bigram_word(query),))}


def test_messages_found_for_each_query_are_the_same_on_both(lite, pg):
    found_any = False
    for query in QUERIES:
        expected = _lite_messages(lite, query)
        assert _pg_messages(pg, query) == expected, query
        found_any = found_any or bool(expected)
    assert _lite_messages(lite, "破损") == {1}  # the pair, not 破 … 损 apart (message 10)
    assert _lite_messages(lite, "nike") == {4, 5}  # Latin letters in either case
    assert found_any


def test_orders_holding_every_pair_of_a_search_are_the_same_on_both(lite, pg):
    # One character (a digit, 破, a Latin letter in either case) is a word of both indexes too
    # (migrations 020 and 024), so the Orders page reads a one-character search by index.
    for query in [*QUERIES, "破", "1", "n", "N", "😢", "_", "琉"]:
        words = sorted(search_words(query))
        if not words:
            continue
        match = " ".join(f'"{w}"' for w in words)
        expected = {
            r[0]
            for r in lite.execute("SELECT rowid FROM orders_bigram WHERE orders_bigram MATCH ?", (match,))
        }
        assert {r[0] for r in pg.execute(PG_ORDERS, (words,))} == expected, query


def test_a_renamed_buyer_is_found_by_its_new_name_on_both(lite, pg):
    """A re-import that renames the buyer: SQLite's trigger swaps the pairs, PostgreSQL's index
    follows the row; both then find the order by the new name and not by the old one."""
    for conn, mark in ((lite, "?"), (pg, "%s")):
        conn.execute(
            f"UPDATE orders SET buyer = {mark}, item_title = {mark} WHERE id = 2", ("王小明", "袜子")
        )
    for query, expected in (("小明", {2}), ("快递", set())):
        words = sorted(bigram_words(query).split())
        match = " ".join(f'"{w}"' for w in words)
        assert {
            r[0]
            for r in lite.execute("SELECT rowid FROM orders_bigram WHERE orders_bigram MATCH ?", (match,))
        } == expected
        assert {r[0] for r in pg.execute(PG_ORDERS, (words,))} == expected


def test_postgresql_answers_from_the_index(pg):
    """The query as written must match the indexed expression, or every search reads every row."""
    pg.execute("SET enable_seqscan = off")  # ten rows: the planner would read them all otherwise
    plans = {
        "messages_bigram": pg.execute("EXPLAIN " + PG_BIGRAM, ("7834x635f",)).fetchall(),
        "messages_fts": pg.execute("EXPLAIN " + PG_TRIGRAM, (like_pattern("压坏了"),)).fetchall(),
        "orders_bigram": pg.execute("EXPLAIN " + PG_ORDERS, (["7834x635f"],)).fetchall(),
    }
    for index, plan in plans.items():
        assert index in " ".join(row[0] for row in plan), plan
    one_character = pg.execute("EXPLAIN " + PG_ORDERS, (["7834"],)).fetchall()  # 破 alone
    assert "orders_bigram" in " ".join(row[0] for row in one_character), one_character


def test_trigram_index_narrows_chinese_queries_too(pg):
    """pg_trgm takes CJK characters as word characters under a UTF-8 ctype (the test cluster's
    C.UTF-8, docs/SHARED_STORE.md): a Chinese query yields trigrams, so the index narrows it."""
    grams = pg.execute("SELECT show_trgm('压坏了')").fetchone()[0]
    assert grams, "no trigrams for Chinese text: the database's LC_CTYPE is not UTF-8"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="破损投诉退款Ab Éé\u3000\t\n😀1_%\x1c\u00a0", max_size=14))
def test_chat_bigrams_in_sql_is_bigram_words_in_python(pg_migrated_url, text):
    with psycopg.connect(pg_migrated_url) as conn:
        got = conn.execute("SELECT chat_bigrams(%s)", (text,)).fetchone()[0]
    assert sorted(got) == sorted(bigram_words(text).split())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(st.none(), st.text(alphabet="破损投诉Ab Éé\u3000\t😀1_%\x1c\u00a0", max_size=10)),
    st.one_of(st.none(), st.text(alphabet="普洱茶Xx 1\u3000", max_size=10)),
)
def test_order_words_in_sql_are_order_words_in_python(pg_migrated_url, buyer, item_title):
    """PostgreSQL's index of order words (migration 024) holds what SQLite's FTS5 table holds."""
    with psycopg.connect(pg_migrated_url) as conn:
        got = conn.execute("SELECT order_words(%s, %s)", (buyer, item_title)).fetchone()[0]
        chars = conn.execute("SELECT chat_chars(%s)", (item_title,)).fetchone()[0]
    assert sorted(set(got)) == sorted(set(order_words(buyer, item_title).split()))
    assert chars is None if item_title is None else sorted(chars) == char_words(item_title)


def test_chat_bigrams_of_a_long_chat_are_bigram_words_in_python(pg_migrated_url):
    """Past 200 characters the SQL function keeps each pair once at the end (migration 024)."""
    text = "".join(TEXTS) * 3 + "Nike NIKE nike"
    with psycopg.connect(pg_migrated_url) as conn:
        got = conn.execute("SELECT chat_bigrams(%s)", (text,)).fetchone()[0]
    assert len(text) > 200 and len(got) == len(set(got))
    assert sorted(got) == sorted(bigram_words(text).split())
