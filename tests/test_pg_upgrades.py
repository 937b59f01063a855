"""A shared store made by an older app upgrades as an old SQLite store does (issue 18).

A PostgreSQL store created at any older schema version, holding a shop, an order and a sealed chat,
is brought to the newest schema by opening it: its rows are kept, the chat's fingerprints follow
today's rule (migration 005's Python step: re-importing the chat adds nothing), the head log gets
its first entry naming every chain sealed before it (010's step), and every chain verifies.
"""

from __future__ import annotations

import hashlib

import psycopg
import pytest

from seller_assistant.core.chat_records import fingerprint, text_without_status
from seller_assistant.core.evidence import GENESIS, link_hash, message_content_hash
from seller_assistant.store import chats, dialect, evidence, head_log, migrations, open_store
from seller_assistant.store.connection import connect
from tests import pg_cluster as pgc
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.postgresql_only(
    reason="a shared store's schema_version upgrades (a SQLite store's: test_migrations.py)"
)

BUYER = "甜甜兔兔"
# (role, sender, seconds after NOW, text as an app before 005 stored it: the receipt inside the text)
CHAT = [
    ("buyer", BUYER, 0, "在吗？什么时候发货\n已读"),
    ("staff", "客服小美", 60, "亲，今天下午发出哦\n已读"),
    ("buyer", BUYER, 60, "好的"),
]


def _old_fingerprint(shop_id, buyer, sender, sent_at, text) -> str:
    """How messages were fingerprinted before migration 005 (buyer included, receipts in the text)."""
    return hashlib.sha256(
        f"{shop_id}\x1f{buyer}\x1f{sender}\x1f{sent_at}\x1f{text}\x1f0".encode()
    ).hexdigest()


def _fill_at(pg: psycopg.Connection, version: int) -> str | None:
    """What an app at `version` would have stored, with the columns that version had; the chain's head."""
    pg.execute("INSERT INTO shops (name, created_at) VALUES ('老店', %s)", (NOW_EPOCH,))
    pg.execute(
        "INSERT INTO orders (shop_id, order_no, buyer, updated_at) VALUES (1, '3901234567890123456', %s, %s)",
        (BUYER, NOW_EPOCH),
    )
    if version < 2:
        return None  # messages and the evidence chain came with 002
    prev = GENESIS
    for seq, (role, sender, later, text) in enumerate(CHAT, start=1):
        sent_at = NOW_EPOCH + later
        (message_id,) = pg.execute(
            "INSERT INTO messages (shop_id, buyer, sender_role, sender_name, sent_at, text, source, fingerprint,"
            " created_at) VALUES (1, %s, %s, %s, %s, %s, 'paste', %s, %s) RETURNING id",
            (
                BUYER,
                role,
                sender,
                sent_at,
                text,
                _old_fingerprint(1, BUYER, sender, sent_at, text),
                NOW_EPOCH,
            ),
        ).fetchone()
        c_hash = message_content_hash("message", message_id, BUYER, role, sender, sent_at, text, None)
        item = link_hash(prev, c_hash, "message", seq)
        pg.execute(
            "INSERT INTO evidence_items (shop_id, chain_key, seq, item_type, item_id, content_hash, prev_hash,"
            " hash, sealed_at) VALUES (1, %s, %s, 'message', %s, %s, %s, %s, %s)",
            (f"buyer:{BUYER}", seq, message_id, c_hash, prev, item, NOW_EPOCH),
        )
        prev = item
    return prev


@pytest.mark.parametrize("version", range(1, migrations.latest_version(dialect.POSTGRESQL)))
def test_a_shared_store_made_at_an_older_version_upgrades_keeping_its_data(pg_url, version):
    assert pgc.migrate(pg_url, upto=version) == version
    with psycopg.connect(pg_url, autocommit=True) as pg:
        head = _fill_at(pg, version)
    if head is not None and version >= 10:  # that app logged each new head as it sealed
        old = connect(pg_url)
        with old.write():
            head_log.record(old, {f"buyer:{BUYER}": (len(CHAT), head)}, NOW_EPOCH)
        old.close()

    store = open_store(pg_url)
    try:
        assert migrations.current_version(store) == migrations.latest_version(dialect.POSTGRESQL)
        assert store.conn.execute("SELECT order_no, buyer FROM orders").fetchall() == [
            ("3901234567890123456", BUYER)
        ]
        if version < 2:
            return
        rows = store.conn.execute(
            "SELECT shop_id, sender_name, sent_at, text, fingerprint FROM messages ORDER BY id"
        ).fetchall()
        assert [r[3] for r in rows] == [text for *_, text in CHAT]  # sealed text untouched
        if version < 5:  # 005 recomputed them: sender, time and text without its receipt
            assert [r[4] for r in rows] == [
                fingerprint(shop, sender, at, text_without_status(text)) for shop, sender, at, text, _ in rows
            ]
        if version < 10:  # 010 wrote the head log's first entry: the chain's head at the upgrade
            assert store.conn.execute("SELECT chain_key, seq FROM head_log_heads").fetchall() == [
                (f"buyer:{BUYER}", len(CHAT))
            ]
        assert evidence.verify_store(store).ok
        assert not list(head_log.problems(store))
        # The append-only guard is back after 005's step set it aside.
        with pytest.raises(psycopg.Error, match="append-only"):
            store.conn.execute("UPDATE messages SET text = '没说过' WHERE id = 1")
        chats.add_message(
            store,
            1,
            order_id=None,
            buyer=BUYER,
            sender_role="staff",
            sender_name="客服小美",
            sent_at=NOW_EPOCH + 120,
            text="已经发出了",
            source="manual",
            now=NOW_EPOCH + 120,
        )
        assert evidence.verify_store(store).ok and not list(head_log.problems(store))
    finally:
        store.close()
