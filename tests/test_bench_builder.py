"""The benchmark's raw store builder (benchmarks/raw_messages.py) writes a store the app accepts as
its own: every chain verifies with the app's verify, search finds what it holds by both indexes,
and the app goes on writing and searching in it as in a store it built itself."""

from __future__ import annotations

import pytest

from benchmarks import synthetic
from seller_assistant.store import chats, evidence, open_store, search, shops

pytestmark = pytest.mark.sqlite_only(reason="the benchmark's raw builder writes a SQLite file page by page")

ORDERS, MESSAGES = 400, 6000


def _built(tmp_path):
    path, seconds = synthetic.ensure_store(tmp_path, ORDERS, MESSAGES, log=lambda _line: None)
    assert seconds is not None
    return path


def test_a_built_store_verifies_with_the_apps_own_verify(tmp_path):
    path = _built(tmp_path)
    store = open_store(path)
    try:
        report = evidence.verify_store(store)
        attachments = store.conn.execute("SELECT count(*) FROM attachments").fetchone()[0]
        linked = store.conn.execute("SELECT count(*) FROM messages WHERE order_id IS NOT NULL").fetchone()[0]
        by_chain = dict(
            store.conn.execute(
                "SELECT substr(chain_key, 1, 5), count(*) FROM evidence_items WHERE item_type = 'message'"
                " GROUP BY 1"
            ).fetchall()
        )
    finally:
        store.close()
    assert report.ok, report.problems[:3]
    assert report.items == MESSAGES + attachments
    # Most conversations are about an order (sealed in its chain), the rest in the buyer's chain.
    assert by_chain["order"] == linked and by_chain["buyer"] == MESSAGES - linked
    assert 0.8 * MESSAGES < linked < MESSAGES


def test_search_finds_the_built_messages_and_the_ones_the_app_adds_after(tmp_path):
    path = _built(tmp_path)
    store = open_store(path)
    try:
        shop_id = shops.require_shop(store)
        two = search.search_messages(store, shop_id, "发货", limit=5)
        english = search.search_messages(store, shop_id, "dishwasher", limit=5)
        assert two.mode == "bigram" and len(two.hits) == 5
        assert english.mode == "fts" and all("dishwasher" in hit.text for hit in english.hits)
        # The search triggers and secondary indexes are back: a message the app adds is found.
        order_id = store.conn.execute("SELECT id FROM orders LIMIT 1").fetchone()[0]
        chats.add_message(
            store,
            shop_id,
            order_id=order_id,
            buyer="",
            sender_role="buyer",
            sender_name="买家",
            sent_at=synthetic.NOW - 60,
            text="琉璃摆件碎了",
            source="manual",
            now=synthetic.NOW,
        )
        assert [hit.text for hit in search.search_messages(store, shop_id, "琉璃", limit=5).hits] == [
            "琉璃摆件碎了"
        ]
        assert [hit.text for hit in search.search_messages(store, shop_id, "摆件碎", limit=5).hits] == [
            "琉璃摆件碎了"
        ]
        indexes = {
            row[0] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'messages'")
        }
        assert evidence.verify_store(store).ok
    finally:
        store.close()
    assert {"messages_order", "messages_buyer", "messages_sent", "messages_fts_insert"} <= indexes
    assert "messages_bigram_insert" in indexes


def test_the_cache_holds_only_complete_stores(tmp_path):
    path = _built(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [path.parent.name]
    again, seconds = synthetic.ensure_store(tmp_path, ORDERS, MESSAGES, log=lambda _line: None)
    assert again == path and seconds is None


def test_a_build_killed_half_way_is_built_again_and_a_running_one_is_waited_for(tmp_path):
    import subprocess
    import sys

    path = synthetic.cache_path(tmp_path, ORDERS, MESSAGES)
    partial = path.parent.with_name(path.parent.name + ".partial")
    partial.mkdir(parents=True)
    (partial / "shop.db").write_bytes(b"half a store")
    # A builder that is still running: its store appears (renamed from .partial) when it is done.
    finisher = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import pathlib, sys, time; time.sleep(2); p = pathlib.Path(sys.argv[1]);"
            " (p / 'complete').write_text('ok'); p.rename(sys.argv[2])",
            str(partial),
            str(path.parent),
        ]
    )
    (partial / "builder.pid").write_text(f"{finisher.pid}\n")
    waited, seconds = synthetic.ensure_store(tmp_path, ORDERS, MESSAGES, log=lambda _line: None)
    finisher.wait()
    assert waited == path and seconds is None
    assert path.read_bytes() == b"half a store"  # the other builder's store, not one built here

    # A builder that was killed: its pid is gone, so its leftovers are removed and built again.
    path.parent.rename(partial)
    (partial / "complete").unlink()
    (partial / "builder.pid").write_text(f"{finisher.pid}\n")
    rebuilt, seconds = synthetic.ensure_store(tmp_path, ORDERS, MESSAGES, log=lambda _line: None)
    assert rebuilt == path and seconds is not None
    assert not partial.exists() and path.read_bytes()[:15] == b"SQLite format 3"
