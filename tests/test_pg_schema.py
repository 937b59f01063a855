"""The shared store's schema (migrations_pg/) is SQLite's (migrations/), number for number.

Both schemas are read back from the databases after every migration and compared: a SQLite migration
without its PostgreSQL twin, or a twin that differs (a column, a type, a default, an index, a key, an
append-only guard), fails here.
"""

from __future__ import annotations

import re

import psycopg
import pytest

from seller_assistant.store import migrations, open_store
from tests import pg_cluster as pgc

pytestmark = pytest.mark.postgresql_only(
    reason="compares PostgreSQL's migrations with SQLite's, reading both back"
)

# SQLite's declared types as PostgreSQL's information_schema names them (INTEGER is 64-bit on SQLite).
PG_TYPE = {"INTEGER": "bigint", "TEXT": "text", "BLOB": "bytea"}
# PostgreSQL's own bookkeeping, with no SQLite twin (SQLite keeps the version in PRAGMA user_version).
PG_ONLY_TABLES = {"schema_version"}
PG_ONLY_GIN_INDEXES = {"messages_bigram_staff"}


@pytest.fixture
def lite(tmp_path):
    store = open_store(tmp_path / "lite.db")
    yield store.conn
    store.close()


@pytest.fixture
def pg(pg_migrated_url):
    with psycopg.connect(pg_migrated_url, autocommit=True) as conn:
        yield conn


def _virtual_tables(lite) -> set[str]:
    return {
        name
        for (name,) in lite.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
    }


def _lite_tables(lite) -> list[str]:
    virtual = _virtual_tables(lite)
    names = [
        name
        for (name,) in lite.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    # FTS5 keeps each index in shadow tables named after it (messages_fts_data, …).
    return [n for n in names if n not in virtual and not any(n.startswith(v + "_") for v in virtual)]


def _pg_tables(pg) -> list[str]:
    rows = pg.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    ).fetchall()
    return [name for (name,) in rows if name not in PG_ONLY_TABLES]


def test_every_sqlite_migration_has_its_postgresql_twin_with_the_same_number_and_topic():
    lite = [path.name for _n, path in migrations.available()]
    twins = sorted(path.name for path in pgc.MIGRATIONS_PG.glob("*.sql"))
    assert twins == lite


def test_both_backends_reach_the_same_version(pg_url):
    assert pgc.migrate(pg_url) == migrations.latest_version()


def test_same_tables_and_columns_with_the_same_types_nullability_and_defaults(lite, pg):
    assert _pg_tables(pg) == _lite_tables(lite)
    for table in _lite_tables(lite):
        expected = []
        for _cid, name, decl, notnull, default, pk in lite.execute(f"PRAGMA table_info({table})"):
            # An INTEGER PRIMARY KEY is SQLite's rowid: never NULL, and PostgreSQL numbers it itself.
            expected.append((name, PG_TYPE[decl.upper()], bool(notnull or pk), _default(default)))
        got = [
            (name, data_type, nullable == "NO", _default(default))
            for name, data_type, nullable, default in pg.execute(
                "SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
                (table,),
            )
        ]
        assert got == expected, table


def _default(value: str | None) -> str | None:
    """A column default as both write it: '0', "'taobao'" (PostgreSQL adds a cast: 'taobao'::text)."""
    if value is None:
        return None
    return re.sub(r"::[a-z ]+$", "", str(value))


def test_same_primary_keys_unique_keys_and_foreign_keys(lite, pg):
    for table in _lite_tables(lite):
        pk = [
            name
            for _c, name, _t, _n, _d, pos in sorted(
                lite.execute(f"PRAGMA table_info({table})"), key=lambda r: r[5]
            )
            if pos
        ]
        uniques = set()
        for _seq, index, unique, origin, _partial in lite.execute(f"PRAGMA index_list({table})"):
            if unique and origin == "u":
                uniques.add(tuple(r[2] for r in lite.execute(f"PRAGMA index_info({index})")))
        foreign = {
            (row[3], row[2], row[4], row[6])  # from column, to table, to column, on delete
            for row in lite.execute(f"PRAGMA foreign_key_list({table})")
        }
        constraints = pg.execute(
            "SELECT c.contype, ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)"
            "   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),"
            " c.confrelid::regclass::text,"
            " ARRAY(SELECT a.attname FROM unnest(c.confkey) k(n)"
            "   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n),"
            " c.confdeltype"
            " FROM pg_constraint c WHERE c.conrelid = %s::regclass",
            (table,),
        ).fetchall()
        on_delete = {"a": "NO ACTION", "c": "CASCADE", "r": "RESTRICT", "n": "SET NULL", "d": "SET DEFAULT"}
        assert [c[1] for c in constraints if c[0] == "p"] == [pk], table
        assert {tuple(c[1]) for c in constraints if c[0] == "u"} == uniques, table
        assert {(c[1][0], c[2], c[3][0], on_delete[c[4]]) for c in constraints if c[0] == "f"} == foreign, (
            table
        )


def test_same_indexes_and_a_postgresql_index_for_each_sqlite_full_text_table(lite, pg):
    """SQLite's FTS5 tables (trigram messages_fts, bigram messages_bigram and orders_bigram) are GIN
    indexes of the same names on PostgreSQL (migrations_pg/002, 007, 014)."""
    expected = {
        (name, bool(unique), bool(partial), table)
        for table in _lite_tables(lite)
        for _seq, name, unique, origin, partial in lite.execute(f"PRAGMA index_list({table})")
        if origin == "c"  # made by CREATE INDEX (not a key's own index)
    }
    search = _virtual_tables(lite)
    got = pg.execute(
        "SELECT i.relname, x.indisunique, x.indpred IS NOT NULL, t.relname, am.amname FROM pg_index x"
        " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
        " JOIN pg_am am ON am.oid = i.relam"
        " WHERE t.relnamespace = current_schema()::regnamespace"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
    ).fetchall()
    assert {(n, u, p, t) for n, u, p, t, am in got if am == "btree"} == expected
    # messages_bigram_staff (028): the staff's side of messages_bigram, which SQLite's FTS5 table
    # holds as the staff's copy of each pair (027) rather than as an index of its own.
    gin = {n for n, _u, _p, _t, am in got if am == "gin"}
    assert gin - PG_ONLY_GIN_INDEXES == set(search) and PG_ONLY_GIN_INDEXES <= gin


def _guarded(sql_of_trigger: str) -> tuple[str, tuple[str, ...]]:
    match = re.search(r"BEFORE\s+(UPDATE|DELETE)(?:\s+OF\s+(.*?))?\s+ON\s", sql_of_trigger, re.S | re.I)
    columns = tuple(sorted(c.strip() for c in match.group(2).split(","))) if match.group(2) else ()
    return match.group(1).upper(), columns


# Triggers that keep a summary up to date (not guards): order_days (022) and message_days (027) on both backends.
COUNTING_FUNCTIONS = "SELECT oid FROM pg_proc WHERE proname IN ('order_days_keep', 'message_days_keep')"


def test_the_orders_are_counted_by_day_by_triggers_on_both(lite, pg):
    lite_triggers = {
        name
        for name, table in lite.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        if table == "orders" and name.startswith("order_days")
    }
    assert lite_triggers == {"order_days_insert", "order_days_update", "order_days_delete"}
    pg_triggers = pg.execute(
        "SELECT g.tgname, g.tgtype & 28 FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid"
        f" WHERE c.relname = 'orders' AND g.tgfoid IN ({COUNTING_FUNCTIONS})"
    ).fetchall()
    # tgtype bits: 4 INSERT, 8 DELETE, 16 UPDATE.
    assert sorted(pg_triggers) == [("order_days_insert_delete", 12), ("order_days_update", 16)]


def test_same_append_only_triggers_on_the_same_tables_events_and_columns(lite, pg):
    expected = {
        (name, table, *_guarded(sql))
        for name, table, sql in lite.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
        )
        if "RAISE(ABORT" in sql
    }
    rows = pg.execute(
        "SELECT g.tgname, c.relname, g.tgtype,"
        " ARRAY(SELECT a.attname FROM unnest(g.tgattr::int2[]) k(n)"
        "   JOIN pg_attribute a ON a.attrelid = g.tgrelid AND a.attnum = k.n ORDER BY a.attname)"
        " FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE NOT g.tgisinternal"
        f" AND g.tgfoid NOT IN ({COUNTING_FUNCTIONS})"
    ).fetchall()
    # tgtype bits: 8 DELETE, 16 UPDATE, 32 TRUNCATE (SQLite has no TRUNCATE; PostgreSQL refuses it too).
    got = {
        (name, table, "DELETE" if kind & 8 else "UPDATE", tuple(columns))
        for name, table, kind, columns in rows
        if not kind & 32
    }
    assert got == expected
    truncate_guarded = {table for name, table, kind, _c in rows if kind & 32}
    assert truncate_guarded == {table for _n, table, _e, _c in expected}


def test_the_promise_rule_migration_moves_the_same_orders_on_both(tmp_path, pg_url):
    """011 is the one migration that changes rows: run on the same orders it gives the same deadlines."""
    lite_store = open_store(tmp_path / "old.db", migrate=False)
    migrations.migrate(lite_store, target=10)
    pgc.migrate(pg_url, upto=10)
    paid = 1_764_000_000
    rows = [
        # order_no, promise_rule, override, platform promise, shop
        ("A-presale", "presale", None, None, 1),
        ("B-fresh-own-hours", "fresh", None, None, 2),
        ("C-overridden", "presale", paid + 7200, None, 1),
        ("D-platform", "fresh", None, paid + 3600, 1),
        ("E-own-rules", "presale", None, None, 3),
        ("F-default", "default", None, None, 1),
    ]
    statements = [
        ("INSERT INTO shops (id, name, created_at) VALUES (?, ?, 1)", [(1, "甲"), (2, "乙"), (3, "丙")]),
        (
            "INSERT INTO settings (shop_id, key, value) VALUES (?, ?, ?)",
            [(2, "ship_promise_hours", "36.5"), (3, "ship_promise_rules", "[]")],
        ),
        (
            "INSERT INTO orders (shop_id, order_no, paid_at, promised_ship_at, promise_rule,"
            " promise_override_at, platform_promised_ship_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
            [(shop, no, paid, paid + 99, rule, over, plat) for no, rule, over, plat, shop in rows],
        ),
    ]
    with psycopg.connect(pg_url, autocommit=True) as pg:
        for sql, params in statements:
            lite_store.conn.executemany(sql, params)
            pg.cursor().executemany(sql.replace("?", "%s"), params)
    migrations.migrate(lite_store)
    assert pgc.migrate(pg_url) == migrations.latest_version()
    query = "SELECT order_no, promised_ship_at, promise_rule, promise_source FROM orders ORDER BY order_no"
    expected = lite_store.conn.execute(query).fetchall()
    lite_store.close()
    with psycopg.connect(pg_url) as pg:
        assert [tuple(r) for r in pg.execute(query)] == expected
    assert expected[0][1:] == (paid + 48 * 3600, "default", "default")
    assert expected[1][1] == paid + round(36.5 * 3600)
