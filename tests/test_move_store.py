"""`move-store` (issue 18, "Moving in"): a store file built by the app moved into an empty PostgreSQL database.

The store is the demo shop (its orders, urges, events, sealed chats and its photo), plus a Qianniu
chat export imported as a shop does (GBK text, tests/builders/qianniu_export.py writes the client's
layout) and a courier receipt attached. After the move the app opened on the server must show what it
showed on the file: the same orders, help rate, search hits, replies, and every chain verifies.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import sqlite3
from datetime import datetime

import psycopg
import pytest

from seller_assistant import paths
from seller_assistant.cli import main as cli_main
from seller_assistant.core.demo import build_demo_shop
from seller_assistant.core.errors import UserError
from seller_assistant.core.settings import ShopSettings
from seller_assistant.paths import SHARED_FOLDER_ENV
from seller_assistant.store import dialect, evidence, migrations, move_in, open_store
from seller_assistant.store.demo import seed_demo
from tests.builders.qianniu_export import Conversation, Line, write_export
from tests.builders.tamper import drop_trigger
from tests.conftest import NOW_EPOCH, NOW_ISO

pytestmark = pytest.mark.postgresql_only(reason="moves a SQLite store into PostgreSQL: both ends are given")


def run(db, *args: str) -> tuple[int, str, str]:
    """The command line, in-process, on the store file or the shared store's address, at NOW."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(["--db", str(db), "--now", NOW_ISO, *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def share(tmp_path, monkeypatch):
    """The shop's NAS share, as every desk names it."""
    folder = tmp_path / "nas-share"
    monkeypatch.setenv(SHARED_FOLDER_ENV, str(folder))
    return folder


@pytest.fixture
def shop_file(db_path, tmp_path):
    """A store file as the app leaves it: the demo shop, an imported chat, an attached receipt."""
    store = open_store(db_path)
    settings = ShopSettings(
        name="青瓷小铺", timezone="Asia/Shanghai", help_rate_threshold=0.02, staff_name="小美"
    )
    seed_demo(store, build_demo_shop(NOW_EPOCH, staff="小美"), settings, NOW_EPOCH)
    order_no, buyer = store.conn.execute("SELECT order_no, buyer FROM orders ORDER BY id LIMIT 1").fetchone()
    store.close()
    day = datetime.fromtimestamp(NOW_EPOCH - 86400)  # naive local time, as the export writes it
    chat = write_export(
        tmp_path / "聊天记录.txt",
        [
            Conversation(
                buyer,
                [
                    Line(buyer, day.replace(hour=10, minute=1), f"订单{order_no}什么时候发货？包装要结实"),
                    Line(
                        "青瓷小铺:小美", day.replace(hour=10, minute=3), "亲，今天下午发顺丰，已备注加固包装"
                    ),
                ],
            )
        ],
        encoding="gbk",
    )
    code, _out, err = run(db_path, "import-chat", str(chat))
    assert code == 0, err
    receipt = tmp_path / "回单.pdf"
    receipt.write_bytes(b"%PDF-1.4\n% courier receipt for " + order_no.encode() + b"\n%%EOF\n")
    code, _out, err = run(db_path, "attach", order_no, str(receipt))
    assert code == 0, err
    return db_path, order_no


def fingerprint(db_path) -> dict[str, str]:
    """What the store file holds (every row of every table, read as SQLite reads it) and its
    attachment files, by content: the move must leave them as they were."""
    conn = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
        ]
        found = {
            t: hashlib.sha256(
                repr(conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()).encode()
            ).hexdigest()
            for t in tables
            if not t.endswith(("_fts", "_bigram"))  # full-text tables cannot be scanned; their shadows are
        }
    finally:
        conn.close()
    folder = paths.attachments_dir(db_path)
    found.update(
        {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    )
    return found


def test_a_moved_store_shows_the_same_orders_rates_search_and_replies_and_verifies(
    shop_file, pg_url, share, tmp_path
):
    db_path, order_no = shop_file
    before = fingerprint(db_path)
    code, out, err = run(db_path, "move-store", "--to", pg_url)
    assert code == 0, err
    assert "Verified on the server" in out and "evidence chains" in out
    assert "rows copied" in err  # progress, on stderr
    assert fingerprint(db_path) == before  # the store file and its attachments untouched

    for args in (
        ("risk", "--json"),
        ("search", "发货", "--json"),  # two characters: the bigram index on both
        ("search", "包装要结实", "--json"),
        ("search", "SF", "--json"),
        ("suggest", "--order", order_no, "--json"),
        ("settings", "--json"),
    ):
        on_file, on_server = run(db_path, *args), run(pg_url, *args)
        assert on_file[0] == on_server[0] == 0, (args, on_file[2], on_server[2])
        assert json.loads(on_server[1]) == json.loads(on_file[1]), args
        if args[0] == "search" and args[1] != "SF":
            assert json.loads(on_file[1])["hits"], args  # a comparison of something, not of nothing
    exported = {}
    for name, db in (("file", db_path), ("server", pg_url)):
        target = tmp_path / f"orders-{name}.csv"
        assert run(db, "export-orders", "--out", str(target))[0] == 0
        exported[name] = target.read_bytes()
    assert exported["server"] == exported["file"] and exported["file"].count(b"\n") > 300

    code, out, err = run(pg_url, "verify")
    assert code == 0 and "Evidence intact: all 117 items in 32 chains match" in out, err
    # Attachment files went to the shared folder: the demo's photo and the receipt.
    assert len([p for p in share.rglob("*") if p.is_file()]) == 2

    # The next rows the server numbers do not collide with the ids moved in.
    photo = tmp_path / "破损.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"another photo")
    assert run(pg_url, "attach", order_no, str(photo))[0] == 0
    assert run(pg_url, "note", order_no, "买家要求加固包装")[0] == 0
    later = datetime.fromtimestamp(NOW_EPOCH - 3600)
    more_chat = write_export(
        tmp_path / "聊天记录2.txt",
        [Conversation("新买家", [Line("新买家", later, f"订单{order_no}的发票怎么开？")])],
        encoding="gbk",
    )
    code, out, err = run(pg_url, "import-chat", str(more_chat))
    assert code == 0, out + err
    code, out, err = run(pg_url, "verify")
    assert code == 0 and "all 119 items" in out, out + err
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 3


def test_a_database_that_is_not_empty_is_refused_and_left_as_it_was(shop_file, pg_url, share):
    db_path, _ = shop_file
    assert run(db_path, "move-store", "--to", pg_url)[0] == 0
    with psycopg.connect(pg_url) as conn:
        orders_before = conn.execute("SELECT count(*) FROM orders").fetchone()[0]
    code, _out, err = run(db_path, "move-store", "--to", pg_url)
    assert code == 2
    assert "is not empty" in err and "orders" in err and "Nothing was changed" in err
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == orders_before


def test_a_database_holding_other_tables_is_refused(shop_file, pg_url, share):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE customers (id bigint PRIMARY KEY, name text)")
    code, _out, err = run(shop_file[0], "move-store", "--to", pg_url)
    assert code == 2 and "not empty" in err and "customers" in err


def test_a_store_of_another_schema_version_on_the_server_is_refused(shop_file, pg_url, share):
    older = migrations.latest_version(dialect.POSTGRESQL) - 1
    from tests.pg_cluster import migrate

    migrate(pg_url, upto=older)
    code, _out, err = run(shop_file[0], "move-store", "--to", pg_url)
    assert code == 2 and f"schema version {older}" in err
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == older


def test_an_unreachable_server_is_named(shop_file, tmp_path, share):
    nowhere = f"postgresql:///shop?host={tmp_path / 'no-server-here'}&user=postgres"
    code, _out, err = run(shop_file[0], "move-store", "--to", nowhere)
    assert code == 2 and "cannot be reached" in err


def test_a_store_file_of_an_older_schema_is_refused_untouched(db_path, pg_url, share):
    store = open_store(db_path, migrate=False)
    migrations.migrate(store, migrations.latest_version() - 1)
    store.close()
    before = db_path.read_bytes()
    with pytest.raises(UserError, match="open the store once with this version"):
        move_in.move_store(db_path, pg_url)
    assert db_path.read_bytes() == before
    assert _server_tables(pg_url) == []


def _server_tables(url: str) -> list:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()


def test_a_chain_that_does_not_verify_after_copying_leaves_the_database_empty(shop_file, pg_url, share):
    db_path, _ = shop_file
    store = open_store(db_path)  # altered behind the app's back, as evidence.verify would report
    drop_trigger(store, "messages_append_only_update")
    store.conn.execute("UPDATE messages SET text = '好评返现' WHERE id = (SELECT max(id) FROM messages)")
    store.close()
    code, _out, err = run(db_path, "move-store", "--to", pg_url)
    assert code == 2
    assert "did not verify" in err and "as empty as before" in err
    assert _server_tables(pg_url) == []
    assert not [p for p in share.rglob("*") if p.is_file()]  # the files it had copied are gone again


def test_cancelling_half_way_leaves_the_database_empty(shop_file, pg_url, share):
    seen = []

    def progress(stage, done, total):
        seen.append(stage)

    with pytest.raises(move_in.MoveCancelled, match="as empty as before"):
        move_in.move_store(shop_file[0], pg_url, progress, cancelled=lambda: "copy" in seen)
    assert _server_tables(pg_url) == []


def test_attachments_need_the_shared_folder_named(shop_file, pg_url, monkeypatch):
    monkeypatch.delenv(SHARED_FOLDER_ENV, raising=False)
    code, _out, err = run(shop_file[0], "move-store", "--to", pg_url)
    assert code == 2 and SHARED_FOLDER_ENV in err
    assert _server_tables(pg_url) == []


def test_the_moved_store_verifies_with_the_apps_verify(shop_file, pg_url, share):
    report = move_in.move_store(shop_file[0], pg_url)
    assert report.verified.ok and report.attachment_files == 2
    store = open_store(pg_url)
    try:
        again = evidence.verify_store(store)
        assert again.ok and (again.chains, again.items) == (report.verified.chains, report.verified.items)
        assert report.rows["messages"] == store.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    finally:
        store.close()


def test_a_role_that_may_not_create_tables_is_told_to_move_as_the_owner(shop_file, pg_cluster, pg_url, share):
    """PostgreSQL 15 lets only the database's owner create tables in it (docs/SHARED_STORE.md)."""
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS wei")
        conn.execute("CREATE ROLE wei LOGIN")
    as_desk = pg_url.replace("user=postgres", "user=wei")
    try:
        code, _out, err = run(shop_file[0], "move-store", "--to", as_desk)
        assert code == 2
        assert "move the store as the database's owner" in err and "as empty as before" in err
        assert _server_tables(pg_url) == []
    finally:
        with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
            conn.execute("DROP ROLE wei")
