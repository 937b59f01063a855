"""The store's chains catch truncation: the head log records every head, and every evidence table is append-only.

The attacker here edits the database file behind the app (drops a trigger, deletes or rewrites
rows); store `verify` must name what happened instead of saying "intact" (or hanging, or crashing).
"""

from __future__ import annotations

import os

import pytest

from seller_assistant.core.head_log import entry_hash, leaf_hash, merkle_proof, merkle_root, root_from_proof
from seller_assistant.store import evidence, head_log
from tests.builders.tamper import drop_trigger, refused_errors

from .bundle_fixtures import ORDER_NO, add_disputed_order

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

KEY = evidence.order_chain_key(ORDER_NO)


@pytest.fixture
def order(store):
    return add_disputed_order(store)


def _bypass(store, *triggers: str) -> None:
    for trigger in triggers:
        drop_trigger(store, trigger)


def test_every_seal_is_recorded_and_a_fresh_store_verifies(cli, store, order):
    last = store.conn.execute(
        "SELECT seq, hash FROM evidence_items WHERE chain_key = ? ORDER BY seq DESC LIMIT 1", (KEY,)
    ).fetchone()
    logged = store.conn.execute(
        "SELECT seq, head FROM head_log_heads WHERE chain_key = ? ORDER BY entry_n DESC LIMIT 1", (KEY,)
    ).fetchone()
    assert logged == last
    result = cli("verify")
    assert result.code == 0, result.out


def test_deleting_a_chains_last_item_is_caught(cli, store, order):
    _bypass(store, "evidence_items_append_only_delete")
    store.conn.execute(
        "DELETE FROM evidence_items WHERE chain_key = ? AND seq = "
        "(SELECT max(seq) FROM evidence_items WHERE chain_key = ?)",
        (KEY, KEY),
    )
    result = cli("verify")
    assert result.code == 1
    assert KEY in result.out and "cut off or deleted" in result.out


def test_deleting_a_whole_chain_is_caught(cli, store, order):
    _bypass(store, "evidence_items_append_only_delete")
    store.conn.execute("DELETE FROM evidence_items WHERE chain_key = ?", (KEY,))
    result = cli("verify")
    assert result.code == 1
    assert KEY in result.out and "cut off or deleted" in result.out


def test_deleting_the_head_logs_own_entries_is_caught(cli, store, order):
    _bypass(store, "head_log_append_only_delete", "head_log_heads_append_only_delete")
    first = store.conn.execute("SELECT min(n) FROM head_log").fetchone()[0]
    store.conn.execute("DELETE FROM head_log_heads WHERE entry_n = ?", (first + 1,))
    store.conn.execute("DELETE FROM head_log WHERE n = ?", (first + 1,))
    result = cli("verify")
    assert result.code == 1
    assert "head log" in result.out and "missing" in result.out


def test_items_sealed_around_the_app_are_named(cli, store, order):
    """A forger appends a re-sealed item without the head log: it is not vouched for."""
    from seller_assistant.core.evidence import link_hash

    seq, prev = store.conn.execute(
        "SELECT seq, hash FROM evidence_items WHERE chain_key = ? ORDER BY seq DESC LIMIT 1", (KEY,)
    ).fetchone()
    message_id = store.conn.execute("SELECT min(id) FROM messages").fetchone()[0]
    content = evidence.item_content(store, "link", message_id)
    from seller_assistant.core.evidence import content_hash

    c_hash = content_hash("link", content)
    store.conn.execute(
        "INSERT INTO evidence_items (shop_id, chain_key, seq, item_type, item_id, content_hash, prev_hash, hash,"
        " sealed_at) VALUES (1, ?, ?, 'link', ?, ?, ?, ?, 0)",
        (KEY, seq + 1, message_id, c_hash, prev, link_hash(prev, c_hash, "link", seq + 1)),
    )
    store.conn.commit()
    result = cli("verify")
    assert result.code == 1 and "never recorded in the head log" in result.out


@pytest.mark.sqlite_only(
    reason="tampers as SQLite allows (a text in an integer column, sqlite3's errors); PostgreSQL's guards: test_pg_evidence_guards"
)
def test_a_text_seq_names_the_chain_instead_of_crashing(cli, store, order):
    _bypass(store, "evidence_items_append_only_update")
    store.conn.execute("UPDATE evidence_items SET seq = 'two' WHERE chain_key = ? AND seq = 2", (KEY,))
    store.conn.commit()
    result = cli("verify")
    assert result.code == 1, result.err
    assert KEY in result.out and "Traceback" not in result.err


def test_a_fifo_in_the_attachment_folder_is_named_not_waited_on(cli, store, order):
    sha = store.conn.execute("SELECT sha256 FROM attachments").fetchone()[0]
    path = store.attachments_dir / sha[:2] / sha
    path.unlink()
    os.mkfifo(path)
    result = cli("verify")
    assert result.code == 1
    assert "not a plain file" in result.out


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ("UPDATE shipments SET tracking_no = '000'", "shipments"),
        ("DELETE FROM shipments", "shipments"),
        ("UPDATE attachments SET media_type = 'text/plain'", "attachments"),
        ("UPDATE messages SET id = id + 1000", "messages"),
        ("DELETE FROM head_log", "head_log"),
        ("UPDATE head_log_heads SET head = '0'", "head_log_heads"),
    ],
)
def test_evidence_tables_refuse_edits_in_the_database_itself(store, order, sql, table):
    with pytest.raises(refused_errors(store), match="append-only"):
        store.conn.execute(sql)


def test_a_bundles_merkle_proof_names_only_its_own_chain():
    leaves = [leaf_hash(f"order:{n}", 1, f"{n:064x}") for n in range(7)]
    root = merkle_root(leaves)
    for leaf in leaves:
        proof = merkle_proof(leaves, leaf)
        assert root_from_proof(leaf, proof) == root
        assert all(len(step[0]) == 64 for step in proof)  # hashes only: no other chain's key
    assert root_from_proof(leaf_hash("order:x", 1, "0" * 64), merkle_proof(leaves, leaves[0])) != root
    assert entry_hash("0" * 64, 1, root) != entry_hash("0" * 64, 2, root)


@pytest.mark.sqlite_only(reason="a SQLite file from before the head log; a shared store starts with one")
def test_a_store_sealed_before_the_head_log_gets_one_entry_naming_every_chain(tmp_path):
    """Migration 010 on a store of version 9: every existing chain's head is recorded once."""
    from seller_assistant.core.settings import ShopSettings
    from seller_assistant.store import chats, migrations, open_store, shops

    path = tmp_path / "old.db"
    store = open_store(path, migrate=False)
    migrations.migrate(store, 9)
    shop = shops.create_shop(store, ShopSettings(name="旧店", timezone="Asia/Shanghai"), 1_700_000_000)
    store.conn.execute(
        "INSERT INTO messages (shop_id, buyer, sender_role, sent_at, text, fingerprint, created_at)"
        " VALUES (?, 'a', 'buyer', 1, 'hi', 'f1', 1)",
        (shop,),
    )
    message_id = store.conn.execute("SELECT id FROM messages").fetchone()[0]
    from seller_assistant.core.evidence import content_hash, link_hash

    c_hash = content_hash("message", evidence.item_content(store, "message", message_id))
    store.conn.execute(
        "INSERT INTO evidence_items (shop_id, chain_key, seq, item_type, item_id, content_hash, prev_hash, hash,"
        " sealed_at) VALUES (?, 'buyer:a', 1, 'message', ?, ?, ?, ?, 1)",
        (shop, message_id, c_hash, "0" * 64, link_hash("0" * 64, c_hash, "message", 1)),
    )
    store.conn.commit()
    migrations.migrate(store)
    assert store.conn.execute("SELECT chain_key, seq FROM head_log_heads").fetchall() == [("buyer:a", 1)]
    assert not list(head_log.problems(store))
    chats.add_message(
        store,
        shop,
        order_id=None,
        buyer="a",
        sender_role="staff",
        sender_name="客服",
        sent_at=2,
        text="在的",
        source="manual",
        now=2,
    )
    assert not list(head_log.problems(store))
    store.close()
