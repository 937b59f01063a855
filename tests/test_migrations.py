"""The store's schema: created fresh, upgraded from an older app, and never touched by an older app."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from seller_assistant.core.errors import StoreTooNewError, UserError
from seller_assistant.store import migrations, open_store

from .conftest import NOW_EPOCH


def test_new_store_is_at_the_latest_schema_with_wal_and_foreign_keys(db_path):
    store = open_store(db_path)
    assert migrations.current_version(store) == migrations.latest_version() >= 2
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()


def test_store_file_is_readable_only_by_its_owner(db_path):
    open_store(db_path).close()
    assert db_path.stat().st_mode & 0o077 == 0


def test_store_from_an_older_version_upgrades_and_keeps_its_data(db_path):
    old = open_store(db_path, migrate=False)
    migrations.migrate(old, target=1)
    old.conn.execute(
        "INSERT INTO shops (name, platform, created_at) VALUES ('老店', 'taobao', ?)", (NOW_EPOCH,)
    )
    old.conn.execute(
        "INSERT INTO orders (shop_id, order_no, buyer, updated_at) VALUES (1, '3901234567890123456', '买家', ?)",
        (NOW_EPOCH,),
    )
    assert migrations.current_version(old) == 1
    assert "messages" not in old.db.table_names()
    old.close()

    upgraded = open_store(db_path)
    assert migrations.current_version(upgraded) == migrations.latest_version()
    assert "messages" in upgraded.db.table_names()
    row = upgraded.conn.execute("SELECT order_no, buyer FROM orders").fetchone()
    assert row == ("3901234567890123456", "买家")
    upgraded.close()


def test_store_written_by_a_newer_version_is_refused_and_left_byte_for_byte(db_path):
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.latest_version() + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()

    with pytest.raises(StoreTooNewError, match="newer Seller Assistant"):
        open_store(db_path)

    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_a_file_that_is_not_a_database_is_refused_with_its_name(tmp_path):
    fake = tmp_path / "orders.db"
    fake.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(UserError, match="orders.db"):
        open_store(fake)
    assert fake.read_bytes().startswith(b"this is a spreadsheet")


def test_a_failing_migration_leaves_the_previous_version(db_path, tmp_path, monkeypatch):
    store = open_store(db_path, migrate=False)
    migrations.migrate(store, target=1)
    store.close()
    broken = tmp_path / "migrations"
    broken.mkdir()
    for _number, path in migrations.available():
        (broken / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (broken / "002_evidence.sql").write_text(
        "CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;\n", encoding="utf-8"
    )
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", broken)
    with pytest.raises(sqlite3.OperationalError):
        open_store(db_path)
    check = sqlite3.connect(db_path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "half_done" not in {r[0] for r in check.execute("SELECT name FROM sqlite_master")}
    check.close()
