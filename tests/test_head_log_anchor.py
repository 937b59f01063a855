"""The optional RFC 3161 timestamp of the head log: off by default, one hash out, and a chain
recomputed with its whole head log is caught once a timestamp names the original.

Every timestamp authority here is tests/local_tsa.py on 127.0.0.1 (a real TSTInfo signed by a
self-signed certificate): no test touches the network.
"""

from __future__ import annotations

import hashlib

import pytest

from seller_assistant.core.evidence import GENESIS, content_hash, link_hash
from seller_assistant.core.head_log import entry_hash, leaf_hash, merkle_root
from seller_assistant.core.timestamp import build_request
from seller_assistant.store import evidence

from .builders.tamper import drop_all_triggers, refused_errors
from .bundle_fixtures import add_disputed_order
from .local_tsa import LocalTSA, closed_port_url

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def order(store):
    return add_disputed_order(store)


@pytest.fixture
def tsa():
    with LocalTSA() as server:
        yield server


def _switch_on(cli, url: str) -> None:
    result = cli("settings", "--set", "timestamp_anchor=true", "--set", f"timestamp_authority={url}")
    assert result.code == 0, result.err


def _export(cli, order, path):
    result = cli("export-evidence", order.order_no, "--out", str(path))
    assert result.code == 0, result.err
    return path


def _recompute_everything(store, new_text: str) -> None:
    """The forger's full rewrite behind the app: a staff message changed, then every content hash,
    every seal of every chain and the whole head log recomputed, as if it had always been so."""
    drop_all_triggers(store)
    store.conn.execute(
        "UPDATE messages SET text = ? WHERE id = (SELECT min(id) FROM messages WHERE sender_role = 'staff')",
        (new_text,),
    )
    heads = {}
    for (key,) in store.conn.execute("SELECT DISTINCT chain_key FROM evidence_items").fetchall():
        prev = GENESIS
        for row_id, seq, item_type, item_id in store.conn.execute(
            "SELECT id, seq, item_type, item_id FROM evidence_items WHERE chain_key = ? ORDER BY seq", (key,)
        ).fetchall():
            c_hash = content_hash(item_type, evidence.item_content(store, item_type, item_id))
            new = link_hash(prev, c_hash, item_type, seq)
            store.conn.execute(
                "UPDATE evidence_items SET content_hash = ?, prev_hash = ?, hash = ? WHERE id = ?",
                (c_hash, prev, new, row_id),
            )
            heads[(key, seq)] = prev = new
    prev = GENESIS
    for (n,) in store.conn.execute("SELECT n FROM head_log ORDER BY n").fetchall():
        leaves = []
        for key, seq in store.conn.execute(
            "SELECT chain_key, seq FROM head_log_heads WHERE entry_n = ?", (n,)
        ).fetchall():
            store.conn.execute(
                "UPDATE head_log_heads SET head = ? WHERE entry_n = ? AND chain_key = ?",
                (heads[(key, seq)], n, key),
            )
            leaves.append(leaf_hash(key, seq, heads[(key, seq)]))
        root = merkle_root(leaves)
        prev = entry_hash(prev, n, root)
        store.conn.execute(
            "UPDATE head_log SET root = ?, prev_hash = (SELECT coalesce((SELECT hash FROM head_log"
            " WHERE n = ? - 1), ?)), hash = ? WHERE n = ?",
            (root, n, GENESIS, prev, n),
        )
    store.conn.commit()


def test_off_by_default_nothing_is_sent(cli, store, order, tsa):
    assert "timestamp_anchor = False" in cli("settings").out
    result = cli("anchor")
    assert result.code == 2
    assert "Timestamping is off" in result.err and "one SHA-256 hash" in result.err
    assert tsa.requests == []
    assert store.conn.execute("SELECT count(*) FROM head_log_anchors").fetchone()[0] == 0


def test_the_request_carries_one_hash_nothing_else(cli, store, order, tsa):
    _switch_on(cli, tsa.url)
    result = cli("anchor")
    assert result.code == 0, result.err
    head = store.conn.execute("SELECT hash FROM head_log ORDER BY n DESC LIMIT 1").fetchone()[0]
    [sent] = tsa.requests
    # Byte for byte the DER of version 1, sha256(head) imprint, the request's nonce and certReq:
    # nothing of the shop's beyond the hash can be in it.
    from asn1crypto import tsp

    request = tsp.TimeStampReq.load(sent)
    assert request["message_imprint"]["hashed_message"].native == bytes.fromhex(head)
    assert sent == build_request(bytes.fromhex(head), request["nonce"].native)
    assert "Test TSA" in result.out


def test_anchored_bundle_verifies_as_anchored(cli, store, order, tsa, tmp_path):
    _switch_on(cli, tsa.url)
    assert cli("anchor").code == 0
    bundle = _export(cli, order, tmp_path / "dispute.zip")
    result = cli("verify", str(bundle))
    assert result.code == 0, result.out
    assert "anchored at 2026-11-30 01:02:03 UTC by Test TSA" in result.out
    assert "whole chain" in result.out
    store_check = cli("verify")
    assert store_check.code == 0, store_check.out
    assert "anchored at 2026-11-30 01:02:03 UTC by Test TSA" in store_check.out
    # The report's last page names the timestamp for platform staff, and how to check it alone.
    import io
    import zipfile

    from pypdf import PdfReader

    with zipfile.ZipFile(bundle) as archive:
        pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read("report.pdf"))).pages)
    assert "Test TSA" in pdf and "openssl ts -verify" in pdf


def test_a_bundle_without_a_timestamp_says_so(cli, order, tmp_path):
    result = cli("verify", str(_export(cli, order, tmp_path / "dispute.zip")))
    assert result.code == 0
    assert "not anchored" in result.out


def test_items_sealed_after_the_timestamp_are_named_as_such(cli, store, order, tsa, tmp_path):
    from seller_assistant.store import chats, shops

    from .conftest import NOW_EPOCH

    _switch_on(cli, tsa.url)
    assert cli("anchor").code == 0
    before = store.conn.execute(
        "SELECT count(*) FROM evidence_items WHERE chain_key = ?", (evidence.order_chain_key(order.order_no),)
    ).fetchone()[0]
    chats.add_message(
        store,
        shops.require_shop(store),
        order_id=order.order_id,
        buyer="甜甜兔兔",
        sender_role="staff",
        sender_name="小美",
        sent_at=NOW_EPOCH,
        text="已补发，请查收",
        source="manual",
        now=NOW_EPOCH,
    )
    result = cli("verify", str(_export(cli, order, tmp_path / "dispute.zip")))
    assert result.code == 0, result.out
    assert f"items 1–{before} of {before + 1} were anchored" in result.out


@pytest.mark.parametrize("anchored", [False, True])
def test_a_fully_recomputed_chain_fails_only_against_a_timestamp(cli, store, order, tsa, tmp_path, anchored):
    """Without a timestamp the full rewrite passes (which the README says); with one it is caught
    by both the store's verify and the bundle's, naming the timestamp."""
    if anchored:
        _switch_on(cli, tsa.url)
        assert cli("anchor").code == 0
    _recompute_everything(store, "亲，我们从未承诺过任何发货时间。")
    store_check = cli("verify")
    bundle_check = cli("verify", str(_export(cli, order, tmp_path / "forged.zip")))
    if not anchored:
        assert store_check.code == 0 and bundle_check.code == 0  # the limit an anchor removes
        return
    assert store_check.code == 1
    assert "no longer matches its timestamp at 2026-11-30 01:02:03 UTC by Test TSA" in store_check.out
    assert bundle_check.code == 1
    assert "timestamp anchor" in bundle_check.out and "recomputed" in bundle_check.out


def test_tsa_down_stores_nothing_and_says_why(cli, store, order):
    _switch_on(cli, closed_port_url())
    result = cli("anchor")
    assert result.code == 2
    assert "could not be reached" in result.err and "nothing was stored" in result.err
    assert store.conn.execute("SELECT count(*) FROM head_log_anchors").fetchone()[0] == 0
    assert cli("verify").code == 0


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("refuse", "refused"),
        ("wrong_nonce", "nonce differs"),
        ("bad_signature", "signature does not verify"),
    ],
)
def test_a_bad_answer_is_refused_and_nothing_stored(cli, store, order, tsa, mode, why):
    tsa.mode = mode
    _switch_on(cli, tsa.url)
    result = cli("anchor")
    assert result.code == 2 and why in result.err
    assert store.conn.execute("SELECT count(*) FROM head_log_anchors").fetchone()[0] == 0


def test_a_swapped_token_in_a_bundle_fails(cli, store, order, tsa, tmp_path):
    """A token for another hash, moved into the bundle, does not vouch for this one."""
    import json
    import zipfile

    from seller_assistant.core.bundle import MANIFEST, encode_manifest

    from .local_tsa import sign_token

    _switch_on(cli, tsa.url)
    assert cli("anchor").code == 0
    bundle = _export(cli, order, tmp_path / "dispute.zip")
    with zipfile.ZipFile(bundle) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    manifest = json.loads(members[MANIFEST])["manifest"]
    other = sign_token(tsa.key, tsa.cert, hashlib.sha256(b"another day").digest(), 1, tsa.gen_time)
    manifest["head_log"]["anchor"]["token"] = other.dump().hex()
    members[MANIFEST] = encode_manifest(manifest)
    with zipfile.ZipFile(bundle, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    result = cli("verify", str(bundle))
    assert result.code == 1
    assert "names a different hash" in result.out


def test_kept_timestamps_are_append_only(cli, store, order, tsa):
    _switch_on(cli, tsa.url)
    assert cli("anchor").code == 0
    with pytest.raises(refused_errors(store), match="append-only"):
        store.conn.execute("DELETE FROM head_log_anchors")
    listed = cli("anchor", "--list")
    assert "by Test TSA" in listed.out and tsa.url in listed.out


def test_once_a_day(cli, store, order, tsa):
    _switch_on(cli, tsa.url)
    assert cli("anchor", "--if-due").code == 0
    assert "already taken" in cli("anchor", "--if-due").out
    assert len(tsa.requests) == 1
