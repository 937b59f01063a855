"""The evidence chain as a bundle carries it: in full, or blinded where masking hid something.

An item's content_hash and seal are functions of its ORIGINAL content: next to a masked phone
(139****5678) they would let anyone try the 10 000 completions until one hashes right. So in a
masked bundle an item whose content masking changed carries, instead of its content_hash, a
commitment HMAC-SHA256(key, content_hash) under a random key made for this bundle and kept by the
shop (bundle_keys), never written into the bundle; each masked field likewise gets
HMAC(key, field value). The bundle's chain is then re-sealed with the usual link rule over those
values (a masked item's link over its commitment and what it shows: masked_link_value), so it still verifies from first item to last (order, count, every unmasked content),
and the shop can open any commitment by revealing the key. Unmasked bundles carry the store's
chain as it is, with the head-log entries that vouch for its end.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from seller_assistant.core.bundle_model import BundleData
from seller_assistant.core.evidence import GENESIS, link_hash
from seller_assistant.core.masking import Masker

_KEPT = ("seq", "item_type", "item_id", "sealed_at", "sealed_by", "supersedes_item")


def commit(key: bytes, value) -> str:
    """HMAC-SHA256 of a value's canonical JSON: unguessable without the key, provable with it."""
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(key, encoded, hashlib.sha256).hexdigest()


def field_hash(value) -> str:
    """The unsalted SHA-256 older bundles used for a masked field (kept for reading them; never written)."""
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def manifest_chain(
    data: BundleData, masker: Masker, include: frozenset[str], key: bytes | None
) -> tuple[dict, dict]:
    """(the manifest's "chain", its "head_log"); `key` is given exactly when the bundle is masked."""
    if key is None:
        items = [_plain_item(item, include) for item in data.chain]
        return (
            {"key": data.chain_key, "head": data.chain_head, "items": items},
            {"entries": data.head_log_entries, "head": data.head_log_head}
            | ({"anchor": data.head_log_anchor} if data.head_log_anchor else {}),
        )
    items, prev = [], GENESIS
    for item in data.chain:
        out, link_value = _masked_item(item, masker, include, key)
        out["prev_hash"] = prev
        out["hash"] = prev = link_hash(
            prev, link_value, item["item_type"], item["seq"], item.get("sealed_by")
        )
        items.append(out)
    chain = {"key": data.chain_key, "head": prev if items else None, "items": items, "blinded": True}
    # Only each entry's number and item count: its seal would let the masked values be guessed.
    entries = [{"n": entry["n"], "seq": entry["seq"]} for entry in data.head_log_entries]
    return chain, {"entries": entries, "head": data.head_log_head, "blinded": True}


def _left_out(item: dict, include: frozenset[str]) -> bool:
    kind = item.get("item_type")
    return (kind in ("message", "link") and "chat" not in include) or (
        kind == "attachment" and "attachments" not in include
    )


def _plain_item(item: dict, include: frozenset[str]) -> dict:
    out = {
        key: item[key]
        for key in ("seq", "item_type", "item_id", "content_hash", "prev_hash", "hash")
        if key in item
    }
    # sealed_by (who sealed it) is inside the seal: a bundle carries it, and its verify checks it.
    for key in ("sealed_at", "sealed_by", "supersedes_item"):
        if item.get(key) is not None:
            out[key] = item[key]
    if item.get("content") is None:
        return out
    if _left_out(item, include):
        out["withheld"] = "not included in this bundle"
    else:
        out["content"] = item["content"]
    return out


def _masked_item(item: dict, masker: Masker, include: frozenset[str], key: bytes) -> tuple[dict, str]:
    """(the item for a masked bundle, the value its link is sealed over)."""
    out = {k: item[k] for k in _KEPT if item.get(k) is not None}
    content = item.get("content")
    if content is None or _left_out(item, include):
        if content is not None:
            out["withheld"] = "not included in this bundle"
        out["content_hash"] = item["content_hash"]
        return out, item["content_hash"]
    masked = masker.value(content)
    if masked == content:
        out["content"], out["content_hash"] = content, item["content_hash"]
        return out, item["content_hash"]
    out["content_masked"] = masked
    out["redacted"] = {
        name: commit(key, content.get(name)) for name in content if masked.get(name) != content.get(name)
    }
    out["commitment"] = commit(key, item["content_hash"])
    return out, masked_link_value(out)


def masked_link_value(item: dict) -> str:
    """What a masked item's link is sealed over: its commitment and everything it shows (the
    masked content and the field commitments), so editing the masked text breaks the chain."""
    shown = {
        "commitment": item.get("commitment"),
        "content_masked": item.get("content_masked"),
        "redacted": item.get("redacted"),
    }
    encoded = json.dumps(shown, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()
