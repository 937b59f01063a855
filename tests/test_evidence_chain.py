"""The evidence chain: sealing, re-checking without the store, and naming the first altered item."""

from __future__ import annotations

import pytest

from seller_assistant.core.evidence import (
    GENESIS,
    canonical_bytes,
    content_hash,
    message_content_hash,
    verify_chain,
)
from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import agreements, attachments, chain_verify, chats, evidence, orders
from tests.builders.tamper import drop_trigger
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

ORDER_NO = "3901234567890123456"


@pytest.fixture
def sealed(store):
    """An order with two messages, an agreement and a photo, all sealed."""
    orders.insert_orders(
        store,
        1,
        [OrderRecord(ORDER_NO, buyer="甜甜兔兔", paid_at=NOW_EPOCH - 7200)],
        48,
        NOW_EPOCH,
        source="manual",
    )
    order_id = orders.find_order(store, 1, ORDER_NO)["id"]
    first = chats.add_message(
        store,
        1,
        order_id=order_id,
        buyer="甜甜兔兔",
        sender_role="buyer",
        sender_name="甜甜兔兔",
        sent_at=NOW_EPOCH - 3600,
        text="能周五前到吗？",
        source="manual",
        now=NOW_EPOCH,
    )
    second = chats.add_message(
        store,
        1,
        order_id=order_id,
        buyer="",
        sender_role="staff",
        sender_name="小美",
        sent_at=NOW_EPOCH - 3500,
        text="可以的亲，周四发顺丰",
        source="reply",
        now=NOW_EPOCH,
        template_id="ship_date",
    )
    agreement = agreements.add_agreement(
        store,
        1,
        order_id,
        "delivery_date",
        "周五前送达，顺丰发货",
        NOW_EPOCH - 3500,
        NOW_EPOCH,
        message_id=second,
    )
    photo = attachments.add_attachment_bytes(
        store, 1, order_id, b"\x89PNG\r\n\x1a\nfake photo bytes", "裂纹.png", NOW_EPOCH
    )
    return store, order_id, {"first": first, "second": second, "agreement": agreement, "photo": photo}


def test_canonical_bytes_are_sorted_compact_utf8_and_refuse_floats():
    assert (
        canonical_bytes("message", {"b": "你好", "a": 1})
        == '{"content":{"a":1,"b":"你好"},"type":"message"}'.encode()
    )
    with pytest.raises(TypeError):
        canonical_bytes("message", {"amount": 1.5})


def test_fast_message_hash_equals_the_generic_canonical_hash():
    content = {
        "id": 7,
        "buyer": 'a"b\\c\n',
        "sender_role": "buyer",
        "sender_name": "店:小美",
        "sent_at": 17,
        "text": "你好\u2028\x00\t😀",
        "supersedes_id": None,
    }
    assert message_content_hash("message", **content) == content_hash("message", content)
    assert message_content_hash("link", **{**content, "supersedes_id": 3}) == content_hash(
        "link", {**content, "supersedes_id": 3}
    )


def test_untouched_store_verifies(sealed):
    store, _, _ = sealed
    report = evidence.verify_store(store)
    assert report.ok and report.items == 4 and report.chains == 1
    assert "intact" in evidence.format_verify_report(report, "en")


def test_order_chain_rechecks_without_the_store(sealed):
    store, order_id, _ = sealed
    chain = evidence.chain_for_order(store, order_id)
    assert [item["item_type"] for item in chain] == ["message", "message", "agreement", "attachment"]
    assert chain[0]["prev_hash"] == GENESIS
    assert verify_chain(chain) == (True, None, None)
    assert evidence.chain_head(store, order_id) == chain[-1]["hash"]
    chain[2]["content"]["text"] = "周六前送达"
    ok, index, why = verify_chain(chain)
    assert (ok, index) == (False, 2) and "changed" in why


def test_content_edits_are_refused_by_the_store(sealed):
    store, _, ids = sealed
    with pytest.raises(Exception, match="append-only"):
        with store.write():
            store.conn.execute("UPDATE messages SET text = 'x' WHERE id = ?", (ids["first"],))


def _tamper(store, table, trigger, sql, params):
    drop_trigger(store, trigger)
    store.conn.execute(sql, params)


def test_one_changed_byte_in_a_message_is_named(sealed):
    store, _, ids = sealed
    _tamper(
        store,
        "messages",
        "messages_append_only_update",
        "UPDATE messages SET text = replace(text, '周五', '周六') WHERE id = ?",
        (ids["first"],),
    )
    report = evidence.verify_store(store)
    assert not report.ok
    [problem] = report.problems
    assert (problem.item_type, problem.item_id, problem.seq) == ("message", ids["first"], 1)
    assert f"message #{ids['first']}" in evidence.format_verify_report(report, "en")
    # A Chinese shop reads why, not only where: the store's reason is worded in its language too.
    said = evidence.format_verify_report(report, "zh").splitlines()[1]
    assert said.endswith(f"#{ids['first']}）：封存之后被改动过"), said


def test_one_changed_byte_in_an_agreement_is_named(sealed):
    store, _, ids = sealed
    _tamper(
        store,
        "agreements",
        "agreements_append_only_update",
        "UPDATE agreements SET agreed_at = agreed_at + 1 WHERE id = ?",
        (ids["agreement"],),
    )
    [problem] = evidence.verify_store(store).problems
    assert (problem.item_type, problem.item_id, problem.seq) == ("agreement", ids["agreement"], 3)


def test_one_changed_byte_in_an_attachment_file_is_named(sealed):
    store, _, ids = sealed
    path = attachments.attachment_file(store, ids["photo"]["sha256"])
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x01
    path.write_bytes(bytes(data))
    [problem] = evidence.verify_store(store).problems
    assert (problem.item_type, problem.item_id) == ("attachment", ids["photo"]["id"])
    assert "bytes were changed" in problem.message


def test_a_removed_attachment_file_is_named(sealed):
    store, _, ids = sealed
    attachments.attachment_file(store, ids["photo"]["sha256"]).unlink()
    [problem] = evidence.verify_store(store).problems
    assert problem.item_type == "attachment" and "missing" in problem.message


def test_an_altered_chain_record_names_the_first_bad_item(sealed):
    store, _, ids = sealed
    drop_trigger(store, "evidence_items_append_only_update")
    store.conn.execute("UPDATE evidence_items SET hash = ? WHERE seq = 2", ("f" * 64,))
    report = evidence.verify_store(store)
    assert [(p.seq, p.item_id) for p in report.problems] == [(2, ids["second"])]


def test_assigning_buyer_chats_to_an_order_links_them_into_its_chain(sealed):
    store, order_id, _ = sealed
    loose = chats.add_message(
        store,
        1,
        order_id=None,
        buyer="甜甜兔兔",
        sender_role="buyer",
        sender_name="甜甜兔兔",
        sent_at=NOW_EPOCH - 100,
        text="还有一个问题",
        source="manual",
        now=NOW_EPOCH,
    )
    assert chats.unlinked_messages(store, 1)[0]["id"] == loose
    assert chats.assign_to_order(store, [loose], order_id, NOW_EPOCH) == 1
    chain = evidence.chain_for_order(store, order_id)
    assert (chain[-1]["item_type"], chain[-1]["item_id"]) == ("link", loose)
    assert chain[-1]["content"]["text"] == "还有一个问题"
    assert chats.unlinked_messages(store, 1) == []
    assert evidence.verify_store(store).ok


def test_stage_is_editable_without_breaking_the_seal(sealed):
    store, _, ids = sealed
    chats.set_stage(store, ids["first"], "pre_sale")
    assert chats.get_message(store, ids["first"])["stage"] == "pre_sale"
    assert evidence.verify_store(store).ok


def test_completeness_lists_what_a_dispute_would_want(sealed):
    store, order_id, _ = sealed
    present = {item.kind: item.present for item in chats.completeness(store, order_id)}
    assert present == {
        "pre_sale_chat": False,
        "agreement": True,
        "shipping_proof": False,
        "delivery_chat": False,
        "after_sale_chat": False,
    }


def test_demo_store_has_sealed_chats_and_a_photo_and_verifies(demo_store):
    report = evidence.verify_store(demo_store)
    assert report.ok and report.items > 50
    [photo] = demo_store.db.query("SELECT * FROM attachments")
    assert photo["media_type"] == "image/png"
    assert attachments.attachment_file(demo_store, photo["sha256"]).read_bytes().startswith(b"\x89PNG")
    chain = evidence.chain_for_order(demo_store, photo["order_id"])
    assert "attachment" in [item["item_type"] for item in chain] and verify_chain(chain)[0]


def test_cli_agree_and_attach_seal_evidence(sealed, cli, tmp_path):
    store, order_id, _ = sealed
    store.close()
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"%PDF-1.4 courier receipt")
    assert cli("agree", ORDER_NO, "告知杯底有小气泡，买家同意", "--kind", "flaw_disclosed").code == 0
    result = cli("attach", ORDER_NO, str(receipt), "--json")
    assert result.code == 0, result.err
    assert '"media_type": "application/pdf"' in result.out
    bad = cli("agree", ORDER_NO, "x", "--kind", "nonsense")
    assert bad.code == 2


@pytest.mark.sqlite_only(reason="SQLite's typing lets a column change type; PostgreSQL's refuses it")
def test_a_value_changed_to_another_type_is_named(sealed):
    store, _, ids = sealed
    _tamper(
        store,
        "messages",
        "messages_append_only_update",
        "UPDATE messages SET text = CAST(text AS BLOB) WHERE id = ?",
        (ids["second"],),
    )
    [problem] = evidence.verify_store(store).problems
    assert (problem.item_type, problem.item_id) == ("message", ids["second"])


# ---- verifying a big store: one pass split by id range, stitched, in worker processes ---------


def _tampered_demo(store):
    """The demo store with one item of each kind of damage, in different chains, plus one chain
    whose rows were rewritten in another id order but still hold a valid chain."""
    conn = store.conn
    for trigger in (
        "messages_append_only_update",
        "messages_append_only_delete",
        "evidence_items_append_only_update",
        "evidence_items_append_only_delete",
    ):
        drop_trigger(store, trigger)
    chains = [
        key
        for (key,) in conn.execute(
            "SELECT chain_key FROM evidence_items WHERE item_type = 'message' GROUP BY chain_key"
            " HAVING count(*) >= 3 ORDER BY chain_key"
        )
    ]
    assert len(chains) >= 5

    def item(key, seq):
        return conn.execute(
            "SELECT * FROM evidence_items WHERE chain_key = ? AND seq = ?", (key, seq)
        ).fetchone()

    changed, sealed, cut, moved, lost = chains[:5]
    conn.execute("UPDATE messages SET text = text || '!' WHERE id = ?", (item(changed, 2)[5],))
    conn.execute("UPDATE evidence_items SET hash = ? WHERE id = ?", ("e" * 64, item(sealed, 2)[0]))
    cut_message = item(cut, 2)[5]
    conn.execute("DELETE FROM evidence_items WHERE id = ?", (item(cut, 2)[0],))
    row = item(moved, 2)  # rewritten with a new, higher id: its chain is still whole in seq order
    conn.execute("DELETE FROM evidence_items WHERE id = ?", (row[0],))
    conn.execute(
        "INSERT INTO evidence_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((conn.execute("SELECT max(id) FROM evidence_items").fetchone()[0] + 1), *row[1:]),
    )
    conn.execute("DELETE FROM messages WHERE id = ?", (item(lost, 1)[5],))
    return {
        "changed": changed,
        "sealed": sealed,
        "cut": cut,
        "moved": moved,
        "lost": lost,
        "unsealed": f"messages:{cut_message}",
    }


def _summary(report):
    return (
        report.ok,
        report.chains,
        report.items,
        [(p.chain_key, p.seq, p.item_type, p.message) for p in report.problems],
    )


def test_each_damaged_chain_names_its_first_bad_item_and_a_reordered_chain_still_verifies(demo_store):
    keys = _tampered_demo(demo_store)
    problems = {p.chain_key: (p.seq, p.message) for p in evidence.verify_store(demo_store).problems}
    assert problems[keys["changed"]] == (2, "changed after it was sealed")
    assert problems[keys["sealed"]] == (2, "its seal was altered")
    assert problems[keys["cut"]] == (3, "item 2 of the chain is missing")
    assert problems[keys["lost"]] == (1, "the sealed item is missing")
    assert problems[keys["unsealed"]] == (None, "was never sealed")  # its only chain item was removed
    assert keys["moved"] not in problems
    assert len(problems) == 5


def test_verifying_in_many_ranges_or_in_worker_processes_reports_exactly_the_same(demo_store):
    _tampered_demo(demo_store)
    total, low, high = demo_store.conn.execute(
        "SELECT count(*), min(id), max(id) FROM evidence_items"
    ).fetchone()
    whole = chain_verify.verify_in_parts(demo_store, [(low, high + 1)], total, in_workers=False)
    one_by_one = chain_verify.verify_in_parts(
        demo_store, [(i, i + 1) for i in range(low, high + 1)], total, in_workers=False
    )
    seen = []
    in_workers = chain_verify.verify_in_parts(
        demo_store,
        chain_verify._split(low, high + 1, 5),
        total,
        in_workers=True,
        progress=lambda done, of: seen.append((done, of)),
    )
    assert _summary(whole) == _summary(one_by_one) == _summary(in_workers)
    assert not whole.ok and len(whole.problems) == 5
    assert seen[-1] == (total, total) and len(seen) >= 5  # progress as each range came back


def test_big_store_is_verified_in_two_processes(demo_store, monkeypatch):
    monkeypatch.setattr(chain_verify, "PARALLEL_MIN_ITEMS", 1)
    started = []
    real_start = chain_verify.processes.start
    monkeypatch.setattr(
        chain_verify.processes,
        "start",
        lambda *args, **kw: started.append(kw["name"]) or real_start(*args, **kw),
    )
    report = evidence.verify_store(demo_store)
    assert report.ok and report.items > 50
    assert started == ["chain-verifier", "chain-verifier"]
