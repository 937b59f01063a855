"""The store's schema: created fresh, upgraded from an older app, and never touched by an older app."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from seller_assistant.core.errors import StoreTooNewError, UserError
from seller_assistant.store import migrations, open_store

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def empty_location(store_backend, db_path, request):
    """Where a store not made yet goes: a new SQLite file, or an empty PostgreSQL database."""
    return request.getfixturevalue("pg_url") if store_backend == "postgresql" else db_path


@pytest.mark.sqlite_only(
    reason="WAL and PRAGMA foreign_keys are SQLite's (test_pg_store: a new shared store)"
)
def test_new_store_is_at_the_latest_schema_with_wal_and_foreign_keys(db_path):
    store = open_store(db_path)
    assert migrations.current_version(store) == migrations.latest_version() >= 2
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()


@pytest.mark.sqlite_only(reason="a file's mode: a shared store is the server's, guarded by its roles")
def test_store_file_is_readable_only_by_its_owner(db_path):
    open_store(db_path).close()
    assert db_path.stat().st_mode & 0o077 == 0


def test_store_from_an_older_version_upgrades_and_keeps_its_data(empty_location, store_backend):
    old = open_store(empty_location, migrate=False)
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

    upgraded = open_store(empty_location)
    assert migrations.current_version(upgraded) == migrations.latest_version(store_backend)
    assert "messages" in upgraded.db.table_names()
    row = upgraded.conn.execute("SELECT order_no, buyer FROM orders").fetchone()
    assert row == ("3901234567890123456", "买家")
    upgraded.close()


@pytest.mark.sqlite_only(reason="the file's bytes; on PostgreSQL: test_pg_store's newer-version test")
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


@pytest.mark.sqlite_only(reason="a file given as the store: a shared store is an address")
def test_a_file_that_is_not_a_database_is_refused_with_its_name(tmp_path):
    fake = tmp_path / "orders.db"
    fake.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(UserError, match="orders.db"):
        open_store(fake)
    assert fake.read_bytes().startswith(b"this is a spreadsheet")


def test_a_failing_migration_leaves_the_previous_version(
    empty_location, store_backend, tmp_path, monkeypatch
):
    store = open_store(empty_location, migrate=False)
    migrations.migrate(store, target=1)
    store.close()
    broken = tmp_path / "migrations"
    broken.mkdir()
    for _number, path in migrations.available(store_backend):
        (broken / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (broken / "002_evidence.sql").write_text(
        "CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;\n", encoding="utf-8"
    )
    if store_backend == "postgresql":
        import psycopg

        monkeypatch.setattr(migrations, "PG_MIGRATIONS_DIR", broken)
        with pytest.raises(psycopg.errors.SyntaxError):
            open_store(empty_location)
    else:
        monkeypatch.setattr(migrations, "MIGRATIONS_DIR", broken)
        with pytest.raises(sqlite3.OperationalError):
            open_store(empty_location)
    check = open_store(empty_location, read_only=True)
    assert migrations.current_version(check) == 1
    assert "half_done" not in check.db.table_names()
    check.close()
