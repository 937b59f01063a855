"""A shared store on PostgreSQL (issue 18): opening by address, errors in words, the dialect, one order round trip."""

from __future__ import annotations

import psycopg
import pytest

from seller_assistant.core.errors import UserError
from seller_assistant.core.orders import OrderRecord
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import dialect, migrations, open_store, orders, shops
from seller_assistant.store.connection import connect
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.postgresql_only(
    reason="connecting to a shared store: addresses, passwords, the server's errors"
)

LONG_NO = "3912345678901234567"  # 19 digits: would not survive a float, nor a bigint column


def test_an_order_stored_on_postgresql_reads_back_as_on_sqlite(pg_url):
    store = open_store(pg_url)
    try:
        assert store.shared
        assert migrations.current_version(store) == migrations.latest_version(dialect.POSTGRESQL) > 0
        shop_id = shops.create_shop(
            store,
            ShopSettings(name="青瓷小铺", timezone="Asia/Shanghai", help_rate_threshold=0.02),
            NOW_EPOCH,
        )
        record = OrderRecord(
            order_no=LONG_NO,
            buyer="甜甜兔",
            item_title="手工陶瓷马克杯 350ml",
            amount_cents=123450,
            paid_at=NOW_EPOCH - 3600,
            perishable=True,
        )
        assert orders.insert_orders(store, shop_id, [record], 48, NOW_EPOCH, "manual") == 1
        shipment = orders.ship_order(
            store,
            orders.find_order(store, shop_id, LONG_NO)["id"],
            NOW_EPOCH,
            "SF1234567890",
            "顺丰速运",
            NOW_EPOCH,
        )
    finally:
        store.close()
    # A second desk opening the same database sees it all, as it was written.
    again = open_store(pg_url)
    try:
        found = orders.find_order(again, shop_id, LONG_NO)
        assert found["order_no"] == LONG_NO and isinstance(found["order_no"], str)
        assert found["buyer"] == "甜甜兔"
        assert found["amount_cents"] == 123450
        assert found["status"] == "shipped" and found["tracking_no"] == "SF1234567890"
        assert found["promised_ship_at"] == NOW_EPOCH - 3600 + 48 * 3600
        assert shipment > 0
        assert orders.last_carrier(again, shop_id) == "顺丰速运"
        assert orders.count_orders(again, shop_id) == 1
    finally:
        again.close()


def test_a_store_is_migrated_once_and_opening_it_again_changes_nothing(pg_url):
    open_store(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, migrations.latest_version(dialect.POSTGRESQL) + 1))
    open_store(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(versions)


def test_a_store_from_a_newer_app_is_refused_untouched(pg_url):
    open_store(pg_url).close()
    newer = migrations.latest_version(dialect.POSTGRESQL) + 1
    with psycopg.connect(pg_url) as conn:
        conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (newer,))
    with pytest.raises(UserError, match=f"newer Seller Assistant \\(schema {newer}"):
        open_store(pg_url)


def test_a_failed_write_leaves_nothing_behind(store_on_pg):
    shop_id = shops.current_shop_id(store_on_pg)
    with pytest.raises(RuntimeError), store_on_pg.write() as db:
        db.execute(
            "INSERT INTO orders (shop_id, order_no, updated_at) VALUES (?, ?, ?)", (shop_id, "A-1", NOW_EPOCH)
        )
        raise RuntimeError("the power went")
    assert orders.count_orders(store_on_pg, shop_id) == 0


def test_a_nested_write_that_fails_undoes_only_its_own_part(store_on_pg):
    shop_id = shops.current_shop_id(store_on_pg)
    insert = "INSERT INTO orders (shop_id, order_no, updated_at) VALUES (?, ?, ?)"
    with store_on_pg.write() as db:
        db.execute(insert, (shop_id, "A-1", NOW_EPOCH))
        with pytest.raises(RuntimeError), store_on_pg.write() as inner:
            inner.execute(insert, (shop_id, "A-2", NOW_EPOCH))
            raise RuntimeError("second thoughts")
    numbers = [row[0] for row in store_on_pg.conn.execute("SELECT order_no FROM orders ORDER BY order_no")]
    assert numbers == ["A-1"]


def test_insert_or_ignore_and_percent_signs_mean_the_same_on_postgresql(store_on_pg):
    shop_id = shops.current_shop_id(store_on_pg)
    sql = "INSERT OR IGNORE INTO orders (shop_id, order_no, item_title, updated_at) VALUES (?, ?, ?, ?)"
    with store_on_pg.write() as db:
        assert db.execute(sql, (shop_id, "A-1", "满100减10 (10% off)", NOW_EPOCH)).rowcount == 1
        assert db.execute(sql, (shop_id, "A-1", "again", NOW_EPOCH)).rowcount == 0
    title = store_on_pg.conn.execute(
        "SELECT item_title FROM orders WHERE item_title LIKE '%10\\% off%' ESCAPE '\\' AND order_no = ?",
        ("A-1",),
    ).fetchone()[0]
    assert title == "满100减10 (10% off)"
    # A question mark inside quoted text is text, not a placeholder.
    assert store_on_pg.conn.execute("SELECT '是?' || ?", ("的",)).fetchone()[0] == "是?的"


def test_sums_of_cents_come_back_as_integers_not_decimals(store_on_pg):
    shop_id = shops.current_shop_id(store_on_pg)
    records = [
        OrderRecord(order_no=f"A-{n}", amount_cents=cents, paid_at=NOW_EPOCH)
        for n, cents in enumerate((199, 1))
    ]
    orders.insert_orders(store_on_pg, shop_id, records, 48, NOW_EPOCH, "manual")
    total, average = store_on_pg.conn.execute(
        "SELECT sum(amount_cents), avg(amount_cents) FROM orders"
    ).fetchone()
    assert total == 200 and type(total) is int
    assert average == 100.0


@pytest.fixture
def store_on_pg(pg_url):
    opened = open_store(pg_url)
    shops.create_shop(opened, ShopSettings(name="测试小店", timezone="Asia/Shanghai"), NOW_EPOCH)
    yield opened
    opened.close()


# --- opening: what a shop can get wrong, said in words (no server needed for most) ---


def test_a_password_in_the_address_is_refused_and_never_repeated():
    with pytest.raises(UserError) as caught:
        connect("postgresql://shop:s3cret-pw@192.0.2.1/shop")
    message = str(caught.value)
    assert "s3cret-pw" not in message
    assert ".pgpass" in message and "postgresql://shop@192.0.2.1/shop" in message


def test_a_password_given_as_a_parameter_is_refused_too():
    with pytest.raises(UserError, match="contains a password") as caught:
        connect("postgresql://shop@192.0.2.1/shop?password=s3cret-pw")
    assert "s3cret-pw" not in str(caught.value)


def test_an_address_without_a_database_says_so():
    with pytest.raises(UserError, match="names no database"):
        connect("postgresql://shop@192.0.2.1")


def test_an_unreachable_server_is_named_as_such(tmp_path):
    # A socket folder with no server in it: nothing listens there.
    with pytest.raises(UserError, match="cannot be reached"):
        connect(f"postgresql:///shop?host={tmp_path}&user=shop")


def test_a_missing_database_is_named(pg_url):
    address = pg_url.replace("postgresql:///", "postgresql:///no_such_shop_", 1)
    with pytest.raises(UserError, match="has no database 'no_such_shop_"):
        connect(address)


def test_an_unknown_role_is_named(pg_url):
    with pytest.raises(UserError, match="has no role \\(user\\) 'nobody_here'"):
        connect(pg_url.replace("user=postgres", "user=nobody_here"))


def test_a_wrong_password_points_to_pgpass(pg_url, tmp_path, monkeypatch):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE ROLE desk2 LOGIN PASSWORD 'right-one'")
    try:
        # The test cluster trusts every local login; this desk's pg_hba would ask for the password.
        pgpass = tmp_path / "pgpass"
        pgpass.write_text("*:*:*:desk2:wrong-one\n")
        pgpass.chmod(0o600)
        monkeypatch.setenv("PGPASSFILE", str(pgpass))
        error = psycopg.OperationalError('password authentication failed for user "desk2"')
        from seller_assistant.store.pg_connection import explain_connect_error

        sentence = str(explain_connect_error(error, "postgresql://desk2@shop-nas/shop", {"user": "desk2"}))
        assert "refused the password for the role 'desk2'" in sentence and ".pgpass" in sentence
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("DROP ROLE desk2")


def test_a_server_older_than_the_oldest_tested_is_refused(pg_url, monkeypatch):
    from seller_assistant.store import pg_connection

    monkeypatch.setattr(dialect, "MIN_POSTGRES_VERSION", 99)
    with pytest.raises(UserError, match="needs PostgreSQL 99 or newer"):
        pg_connection.open_connection(pg_url)


# --- the dialect alone ---


def test_placeholders_become_psycopg_ones_outside_quotes_only():
    assert dialect.to_postgres("SELECT ? || '?' || \"a?\" WHERE x LIKE '%a'") == (
        "SELECT %s || '?' || \"a?\" WHERE x ILIKE '%%a'"
    )


def test_insert_or_ignore_becomes_on_conflict_do_nothing_before_returning():
    assert dialect.to_postgres("INSERT OR IGNORE INTO t (a) VALUES (?) RETURNING id") == (
        "INSERT INTO t (a) VALUES (%s) ON CONFLICT DO NOTHING RETURNING id"
    )
    assert dialect.to_postgres("INSERT OR IGNORE INTO t (a) SELECT a FROM u") == (
        "INSERT INTO t (a) SELECT a FROM u ON CONFLICT DO NOTHING"
    )


def test_only_postgresql_addresses_are_urls():
    assert dialect.is_url("postgresql://shop@nas/shop") and dialect.is_url(" postgres://nas/shop")
    assert not dialect.is_url("/home/shop/seller_assistant.db") and not dialect.is_url(None)


# --- files of a shared store ---


def test_attachments_of_a_shared_store_go_to_the_shared_folder_every_desk_names(
    pg_url, tmp_path, monkeypatch
):
    from seller_assistant.paths import SHARED_FOLDER_ENV
    from seller_assistant.store import attachments

    photo = tmp_path / "破损照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 a broken mug")
    monkeypatch.delenv(SHARED_FOLDER_ENV, raising=False)
    with open_store(pg_url) as store:
        shop_id = shops.create_shop(store, ShopSettings(name="测试小店", timezone="Asia/Shanghai"), NOW_EPOCH)
        orders.insert_orders(
            store, shop_id, [OrderRecord(order_no="A-1", paid_at=NOW_EPOCH)], 48, NOW_EPOCH, "manual"
        )
        order_id = orders.find_order(store, shop_id, "A-1")["id"]
        with pytest.raises(UserError, match=f"set {SHARED_FOLDER_ENV} to that folder"):
            attachments.add_attachment(store, shop_id, order_id, photo, NOW_EPOCH)
        assert attachments.attachments_for_order(store, order_id) == []
        share = tmp_path / "nas"
        monkeypatch.setenv(SHARED_FOLDER_ENV, str(share))
        added = attachments.add_attachment(store, shop_id, order_id, photo, NOW_EPOCH)
    database = pg_url.split("///", 1)[1].split("?", 1)[0]
    stored = share / f"{database}.attachments" / added["sha256"][:2] / added["sha256"]
    assert stored.read_bytes() == photo.read_bytes()
