"""Evidence stays append-only on PostgreSQL as on SQLite: the same edits refused with the same words,
and on PostgreSQL the desks' role refused them by privilege too (store/pg_grants.sql)."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest

from seller_assistant.store import open_store
from seller_assistant.store.pg_privileges import DESK_ROLE, grant_desk_privileges

pytestmark = pytest.mark.postgresql_only(
    reason="the server's roles and privileges on evidence (SQLite's triggers: test_evidence_chain.py)"
)

# One row in each table an evidence row needs, in the order their keys need them. A new evidence
# table (one with an append-only trigger on SQLite) must get its row here: the tests say so.
ROWS = [
    ("shops", {"id": 1, "name": "小店", "platform": "taobao", "created_at": 1}),
    ("orders", {"id": 1, "shop_id": 1, "order_no": "3901234567890123456", "updated_at": 1}),
    (
        "messages",
        {
            "id": 1,
            "shop_id": 1,
            "order_id": 1,
            "buyer": "买家",
            "sender_role": "buyer",
            "sent_at": 1,
            "text": "到货破损了",
            "fingerprint": "f1",
            "created_at": 1,
        },
    ),
    (
        "agreements",
        {"id": 1, "shop_id": 1, "order_id": 1, "message_id": 1, "kind": "other", "text": "补发"}
        | {"agreed_at": 1, "created_at": 1},
    ),
    (
        "attachments",
        {"id": 1, "shop_id": 1, "order_id": 1, "message_id": 1, "sha256": "ab" * 32}
        | {"original_name": "破损.jpg", "media_type": "image/jpeg", "size": 3, "added_at": 1},
    ),
    (
        "shipments",
        {"id": 1, "shop_id": 1, "order_id": 1, "shipped_at": 1, "tracking_no": "SF1", "recorded_at": 1},
    ),
    (
        "evidence_items",
        {"id": 1, "shop_id": 1, "chain_key": "order:3901234567890123456", "seq": 1, "item_type": "message"}
        | {"item_id": 1, "content_hash": "c", "prev_hash": "0" * 64, "hash": "h", "sealed_at": 1},
    ),
    ("head_log", {"n": 1, "root": "r", "prev_hash": "0" * 64, "hash": "h", "recorded_at": 1}),
    ("head_log_heads", {"entry_n": 1, "chain_key": "order:3901234567890123456", "seq": 1, "head": "h"}),
    (
        "corrections",
        {"id": 1, "shop_id": 1, "kind": "withdrawn", "message_id": 1, "reason": "打错字", "recorded_at": 1},
    ),
    (
        "bundle_keys",
        {"id": 1, "shop_id": 1, "bundle_id": "b1", "order_no": "3901234567890123456", "key_hex": "00"}
        | {"created_at": 1},
    ),
    (
        "head_log_anchors",
        {"id": 1, "entry_n": 1, "entry_hash": "h", "tsa_url": "https://tsa.example", "authority": "CN=TSA"}
        | {"gen_time": 1, "token": b"\x30\x00", "recorded_at": 1},
    ),
]


def _fill(execute, placeholder: str) -> None:
    for table, row in ROWS:
        columns = ", ".join(row)
        marks = ", ".join([placeholder] * len(row))
        execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))


@pytest.fixture
def lite(tmp_path):
    store = open_store(tmp_path / "lite.db")
    _fill(store.conn.execute, "?")
    yield store.conn
    store.close()


@pytest.fixture
def pg(pg_migrated_url):
    with psycopg.connect(pg_migrated_url, autocommit=True) as conn:
        _fill(conn.execute, "%s")
        # Rows given with their ids (as a store moved in keeps them): the identities go on after them.
        for table, row in ROWS:
            if "id" in row:
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
        yield conn


def _evidence_tables(lite) -> list[str]:
    return sorted(
        {
            table
            for table, sql in lite.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            if "RAISE(ABORT" in sql
        }
    )


def _columns(lite, table: str) -> list[str]:
    return [row[1] for row in lite.execute(f"PRAGMA table_info({table})")]


def _lite_refusal(lite, sql: str) -> str | None:
    try:
        lite.execute(sql)
    except sqlite3.IntegrityError as exc:
        return str(exc)
    return None


def _pg_refusal(pg, sql: str, error=psycopg.errors.IntegrityConstraintViolation) -> str | None:
    try:
        with pg.transaction(force_rollback=True):
            pg.execute(sql)
    except error as exc:
        return exc.diag.message_primary
    return None


def test_every_evidence_table_has_a_row_in_this_test(lite):
    assert {table for table, _row in ROWS} >= set(_evidence_tables(lite))


def test_the_same_edits_and_deletes_are_refused_with_the_same_words_on_both(lite, pg):
    for table in _evidence_tables(lite):
        for column in _columns(lite, table):
            sql = f"UPDATE {table} SET {column} = {column}"
            assert _pg_refusal(pg, sql) == _lite_refusal(lite, sql), sql
        refused = _lite_refusal(lite, f"DELETE FROM {table}")
        assert refused and "append-only" in refused, table
        assert _pg_refusal(pg, f"DELETE FROM {table}") == refused, table
        # SQLite has no TRUNCATE; on PostgreSQL it would empty a table without a row trigger firing.
        assert _pg_refusal(pg, f"TRUNCATE {table} CASCADE") == refused, table
        assert pg.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1


def test_what_a_correction_needs_stays_writable_on_both(lite, pg):
    """A message is tied to its order later and its stage is the shop's to set (the chain seals
    neither): both backends allow exactly that."""
    for execute in (lite.execute, pg.execute):
        execute("UPDATE messages SET stage = 'after_sale', status = 'read'")
        execute("UPDATE orders SET buyer = '新买家'")
    assert lite.execute("SELECT stage FROM messages").fetchone()[0] == "after_sale"
    assert pg.execute("SELECT stage FROM messages").fetchone()[0] == "after_sale"


@pytest.fixture
def desk(pg_cluster, pg_migrated_url, pg):
    """A desk's connection: a login role in the desks' group role, which owns nothing."""
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        # Each role on its own: another test of the same cluster may have made the group role alone.
        admin.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{DESK_ROLE}') THEN"
            f" CREATE ROLE {DESK_ROLE} NOLOGIN; END IF; END $$"
        )
        admin.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anna') THEN"
            " CREATE ROLE anna LOGIN; END IF; END $$"
        )
        admin.execute(f"GRANT {DESK_ROLE} TO anna")
    grant_desk_privileges(pg)  # as the owner, as the runner does after migrating
    with psycopg.connect(pg_migrated_url.replace("user=postgres", "user=anna"), autocommit=True) as conn:
        yield conn


def test_the_desks_role_may_not_update_or_delete_evidence(lite, pg, desk):
    denied = psycopg.errors.InsufficientPrivilege
    for table in _evidence_tables(lite):
        for column in _columns(lite, table):
            sql = f"UPDATE {table} SET {column} = {column}"
            # Denied by privilege exactly where the trigger refuses it.
            assert (_pg_refusal(desk, sql, denied) is not None) == (_lite_refusal(lite, sql) is not None), sql
        assert "permission denied" in _pg_refusal(desk, f"DELETE FROM {table}", denied)
        assert "permission denied" in _pg_refusal(desk, f"TRUNCATE {table} CASCADE", denied)
        # Owning nothing, it cannot set the triggers aside either.
        assert "must be owner" in _pg_refusal(desk, f"ALTER TABLE {table} DISABLE TRIGGER USER", denied)


def test_the_desks_role_does_its_daily_work(pg, desk):
    desk.execute(
        "INSERT INTO messages (shop_id, order_id, sender_role, sent_at, text, fingerprint, created_at)"
        " VALUES (1, 1, 'staff', 2, '已补发', 'f2', 2)"
    )
    desk.execute("UPDATE messages SET stage = 'after_sale' WHERE fingerprint = 'f2'")
    desk.execute("UPDATE orders SET tracking_no = 'SF2' WHERE id = 1")
    desk.execute("INSERT INTO order_notes (order_id, at, text) VALUES (1, 2, '补发一个')")
    desk.execute("DELETE FROM order_notes")
    assert desk.execute("SELECT max(version) FROM schema_version").fetchone()[0] >= 16
    assert _pg_refusal(
        desk, "INSERT INTO schema_version (version) VALUES (99)", psycopg.errors.InsufficientPrivilege
    )
