"""Who did it (issue 18): every sealed item and action names the staff member of the desk that did it.

A shared store has several desks, each with its own person (`Store.staff`: the window's desk
setting, the command line's --as); a single desk that set none is named by the shop's staff_name.
The name of a sealed item is inside its seal (seal version 2), so changing it is caught by verify,
and items sealed before migration 018 (seal version 1) verify as they did.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from seller_assistant.core.bundle import MANIFEST, encode_manifest
from seller_assistant.core.bundle_verify import verify_bundle
from seller_assistant.core.evidence import content_hash, link_hash
from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import (
    agreements,
    chain_verify,
    chats,
    commitments,
    events,
    evidence,
    migrations,
    open_store,
    orders,
    shops,
    timeline,
    work_orders,
)
from seller_assistant.store.staff import acting_staff
from tests.builders.tamper import drop_trigger
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends

ORDER_NO = "3907778889990001112"


def _order(store) -> int:
    orders.insert_orders(
        store,
        1,
        [OrderRecord(ORDER_NO, buyer="甜甜兔兔", paid_at=NOW_EPOCH - 7200)],
        48,
        NOW_EPOCH,
        source="manual",
    )
    return orders.find_order(store, 1, ORDER_NO)["id"]


def _sealers(store) -> dict[str, str | None]:
    return {
        item_type: sealed_by
        for item_type, sealed_by in store.conn.execute(
            "SELECT item_type, sealed_by FROM evidence_items ORDER BY id"
        ).fetchall()
    }


def test_each_desk_s_person_is_recorded_with_what_they_seal_and_do(store):
    order_id = _order(store)
    store.staff = "小美"  # the packing desk
    orders.ship_order(store, order_id, NOW_EPOCH - 600, "75012345678901", "中通快递", NOW_EPOCH)
    store.staff = "阿伟"  # the service desk
    chats.add_message(
        store,
        1,
        order_id=order_id,
        buyer="甜甜兔兔",
        sender_role="staff",
        sender_name="阿伟",
        sent_at=NOW_EPOCH - 300,
        text="亲，已经发出了",
        source="manual",
        now=NOW_EPOCH,
    )
    agreements.add_agreement(store, 1, order_id, "delivery_date", "周五前送达", NOW_EPOCH - 200, NOW_EPOCH)
    commitments.add_commitment(
        store, 1, order_id, "report_back", NOW_EPOCH + 86400, NOW_EPOCH, "明天回复物流"
    )
    events.add_event(store, 1, order_id, "complaint", NOW_EPOCH - 100, NOW_EPOCH, reason="shipping")
    urge = work_orders.open_work_order(store, 1, order_id, NOW_EPOCH - 50, NOW_EPOCH + 3600, NOW_EPOCH)
    store.staff = "老板"
    work_orders.answer_work_order(store, urge, NOW_EPOCH, "已发货")

    assert _sealers(store) == {"shipment": "小美", "message": "阿伟", "agreement": "阿伟"}
    rows = timeline.timeline_rows(store, order_id)
    assert rows["shipments"][0]["shipped_by"] == "小美"
    assert rows["commitments"][0]["made_by"] == "阿伟"
    assert rows["events"][0]["recorded_by"] == "阿伟"
    assert (rows["work_orders"][0]["opened_by"], rows["work_orders"][0]["answered_by"]) == ("阿伟", "老板")
    assert chain_verify.verify_store(store).ok


def test_a_desk_without_its_own_name_records_the_shop_s_staff_name_and_none_records_nothing(store):
    order_id = _order(store)
    orders.ship_order(store, order_id, NOW_EPOCH - 600, "75012345678901", "中通快递", NOW_EPOCH)
    settings = shops.load_settings(store, 1)
    shops.save_settings(store, 1, settings.__class__(**{**settings.__dict__, "staff_name": "店主"}))
    events.add_event(store, 1, order_id, "dispute", NOW_EPOCH - 100, NOW_EPOCH, reason="quality")
    assert acting_staff(store, 1) == "店主"
    assert _sealers(store) == {"shipment": None}  # nobody was named then: the app does not guess
    assert timeline.timeline_rows(store, order_id)["events"][0]["recorded_by"] == "店主"
    assert chain_verify.verify_store(store).ok


def test_who_sealed_an_item_cannot_be_changed_without_breaking_its_seal(store):
    order_id = _order(store)
    store.staff = "小美"
    orders.ship_order(store, order_id, NOW_EPOCH - 600, "75012345678901", "中通快递", NOW_EPOCH)
    agreements.add_agreement(store, 1, order_id, "compensation", "补偿5元", NOW_EPOCH - 200, NOW_EPOCH)
    drop_trigger(store, "evidence_items_append_only_update")
    # Blame a colleague for the agreement; then, elsewhere, erase the name of the shipment's sealer.
    store.conn.execute("UPDATE evidence_items SET sealed_by = '阿伟' WHERE item_type = 'agreement'")
    report = chain_verify.verify_store(store)
    assert not report.ok
    assert [(p.chain_key, p.seq, p.item_type) for p in report.problems] == [
        (evidence.order_chain_key(ORDER_NO), 2, "agreement")
    ]
    assert "seal" in report.problems[0].message
    store.conn.execute("UPDATE evidence_items SET sealed_by = '小美' WHERE item_type = 'agreement'")
    store.conn.execute("UPDATE evidence_items SET sealed_by = NULL WHERE item_type = 'shipment'")
    report = chain_verify.verify_store(store)
    assert [(p.seq, p.item_type) for p in report.problems] == [(1, "shipment")]


def test_a_bundle_carries_who_sealed_each_item_and_its_verify_checks_it(store, cli, tmp_path):
    order_id = _order(store)
    store.staff = "小美"
    orders.ship_order(store, order_id, NOW_EPOCH - 600, "75012345678901", "中通快递", NOW_EPOCH)
    store.staff = ""
    agreements.add_agreement(store, 1, order_id, "delivery_date", "周五前送达", NOW_EPOCH - 200, NOW_EPOCH)
    out, shared = tmp_path / "dispute.zip", tmp_path / "shared.zip"
    assert cli("export-evidence", ORDER_NO, "--out", str(out)).code == 0
    assert cli("export-evidence", ORDER_NO, "--share", "--out", str(shared)).code == 0
    assert verify_bundle(shared).ok  # a masked bundle re-seals its chain with the same names
    with zipfile.ZipFile(out) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    report = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(members["report.pdf"])).pages)
    assert "（经办：小美）" in report  # the shop's report is in Chinese: "shipped … (by 小美)"
    manifest = json.loads(members[MANIFEST])["manifest"]
    items = manifest["chain"]["items"]
    assert [item.get("sealed_by") for item in items] == ["小美", None]
    assert verify_bundle(out).ok

    # A forger with the bundle rewrites who shipped, and the manifest's own fingerprint with it.
    items[0]["sealed_by"] = "阿伟"
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**members, MANIFEST: encode_manifest(manifest)}.items():
            archive.writestr(name, data)
    report = verify_bundle(forged)
    assert not report.ok
    assert "item 1 (shipment)" in report.chain_message


@pytest.mark.sqlite_only(reason="a SQLite file at migration 017; a shared store starts at the newest schema")
def test_items_sealed_before_migration_18_still_verify_beside_new_named_ones(tmp_path):
    """Seal version 1 (no name, the formula of every store before 018) stays valid after the upgrade,
    in the same chain as version-2 items sealed after it."""
    from seller_assistant.core.settings import ShopSettings

    store = open_store(tmp_path / "old.db", migrate=False)
    migrations.migrate(store, 17)
    shop = shops.create_shop(store, ShopSettings(name="旧店", timezone="Asia/Shanghai"), NOW_EPOCH)
    orders.insert_orders(
        store, shop, [OrderRecord(ORDER_NO, buyer="a", paid_at=NOW_EPOCH)], 48, NOW_EPOCH, source="manual"
    )
    order_id = orders.find_order(store, shop, ORDER_NO)["id"]
    store.conn.execute(
        "INSERT INTO messages (shop_id, order_id, buyer, sender_role, sent_at, text, fingerprint, created_at)"
        " VALUES (?, ?, 'a', 'buyer', 1, '在吗', 'f1', 1)",
        (shop, order_id),
    )
    message_id = store.conn.execute("SELECT id FROM messages").fetchone()[0]
    c_hash = content_hash("message", evidence.item_content(store, "message", message_id))
    key = evidence.order_chain_key(ORDER_NO)
    store.conn.execute(  # sealed as the app of migration 017 did
        "INSERT INTO evidence_items (shop_id, chain_key, seq, item_type, item_id, content_hash, prev_hash, hash,"
        " sealed_at) VALUES (?, ?, 1, 'message', ?, ?, ?, ?, 1)",
        (shop, key, message_id, c_hash, "0" * 64, link_hash("0" * 64, c_hash, "message", 1)),
    )
    store.conn.commit()
    migrations.migrate(store)
    store.staff = "小美"
    orders.ship_order(store, order_id, NOW_EPOCH, "75012345678901", "中通快递", NOW_EPOCH)
    assert [row[0] for row in store.conn.execute("SELECT sealed_by FROM evidence_items ORDER BY seq")] == [
        None,
        "小美",
    ]
    assert chain_verify.verify_store(store).ok
    store.close()


def test_the_command_line_records_who_with_as_and_lists_it_in_the_order_s_history(store, cli, monkeypatch):
    _order(store)
    assert (
        cli("--as", "小美", "ship", ORDER_NO, "--tracking", "75012345678901", "--carrier", "中通快递").code
        == 0
    )
    monkeypatch.setenv("SELLER_ASSISTANT_STAFF", "阿伟")
    assert cli("note", ORDER_NO, "买家要求周五前送达").code == 0
    assert cli("add-event", ORDER_NO, "complaint", "--reason", "shipping").code == 0
    result = cli("history", ORDER_NO)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    shipped = next(line for line in lines if "75012345678901" in line)
    assert "小美" in shipped
    assert any("周五前送达" in line and "阿伟" in line for line in lines)
    assert any(("complaint" in line or "投诉" in line) and "阿伟" in line for line in lines)


@pytest.mark.sqlite_only(reason="the big import's worker process bulk-loads a SQLite file")
def test_a_chat_history_sealed_by_a_worker_process_names_this_desk_s_person(tmp_path, monkeypatch):
    """The big import's reader process has its own connection and no desk: the name it seals with is
    the one the writing window has, so the rows it makes and the rows written agree and verify."""
    from seller_assistant.core.settings import ShopSettings
    from seller_assistant.imports import chat_pipeline
    from seller_assistant.imports.chats import import_chat_file
    from seller_assistant.store import bulk_load
    from tests.builders.qianniu_export import write_synthetic_export

    monkeypatch.setattr(bulk_load, "BULK_MIN_ROWS", 100)
    monkeypatch.setattr(chat_pipeline, "WORKER_MIN_BYTES", 0)
    loads = []
    real = chat_pipeline.load_history_in_worker
    monkeypatch.setattr(
        chat_pipeline, "load_history_in_worker", lambda *args: loads.append(real(*args)) or loads[-1]
    )
    store = open_store(tmp_path / "shop.db")
    shops.create_shop(
        store, ShopSettings(name="青瓷小铺", timezone="Asia/Shanghai", staff_name="店主"), NOW_EPOCH
    )
    numbers = [str(3_901_234_567_890_120_000 + i) for i in range(4)]
    orders.insert_orders(
        store,
        1,
        [OrderRecord(no, buyer=f"买家{i:04d}", paid_at=NOW_EPOCH - 86400) for i, no in enumerate(numbers)],
        48,
        NOW_EPOCH,
        source="manual",
    )
    export = tmp_path / "聊天记录.txt"
    write_synthetic_export(export, 400, order_nos=numbers)
    store.staff = "阿伟"
    import_chat_file(store, 1, export, now=NOW_EPOCH)
    assert len(loads) == 1 and loads[0] is not None  # the worker sealed them, no fallback
    assert store.conn.execute("SELECT DISTINCT sealed_by FROM evidence_items").fetchall() == [("阿伟",)]
    assert chain_verify.verify_store(store).ok
    store.close()


@pytest.mark.parametrize(
    ("server_says", "outcome"),
    [
        ('FATAL:  password authentication failed for user "anna"', "wrong_password"),
        ('致命错误:  用户 "anna" Password 认证失败', "wrong_password"),  # a server with lc_messages zh_CN
        ("fe_sendauth: no password supplied", "no_password"),
        ('FATAL:  role "anna" does not exist', "no_role"),
        ('致命错误:  角色 "anna" 不存在', "no_role"),
        ('FATAL:  database "shop" does not exist', "no_database"),
        ('致命错误:  数据库 "shop" 不存在', "no_database"),
        ('FATAL:  no pg_hba.conf entry for host "192.168.1.7", user "anna", database "shop"', "not_allowed"),
        (
            "Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?",
            "unreachable",
        ),
        ('could not translate host name "shop-pc" to address', "unreachable"),
    ],
)
def test_a_failed_connection_is_read_in_the_server_s_words_english_or_chinese(server_says, outcome):
    """libpq gives no SQLSTATE before a session exists: the check reads the server's sentence. The
    English ones are PostgreSQL's manual's (Authentication Problems) and this cluster's; the Chinese
    ones are written as PostgreSQL's zh_CN catalogue words them as far as remembered — NOT confirmed."""
    from seller_assistant.store.pg_check import connect_failure

    assert connect_failure(f'connection to server at "shop-pc" failed: {server_says}') == outcome
