"""The evidence chain's rules: canonical bytes of an item, its hashes, and re-checking a chain.

Pure and self-contained so that a bundle's manifest can be re-checked without the store:

    content_hash = sha256(canonical_bytes(item_type, content))
    hash         = sha256("<prev_hash>|<content_hash>|<item_type>|<seq>")              (seal version 1)
    hash         = sha256("<prev_hash>|<content_hash>|<item_type>|<seq>|by:<sealed_by>") (seal version 2)

The first item of a chain has seq 1 and prev_hash GENESIS. Changing, removing or reordering any
item breaks its own hash or the next item's prev_hash, so a chain is verified from its first item.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

GENESIS = "0" * 64
ITEM_TYPES = ("message", "agreement", "attachment", "shipment", "link", "correction")

# What is sealed of each item: the columns the append-only triggers protect. Editable columns
# (a message's stage and order, an attachment's order) stay outside the hash on purpose.
# A 'link' item records that a message joined an order's chain: its content is the message's.
SEALED_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "message": (
        "messages",
        ("id", "buyer", "sender_role", "sender_name", "sent_at", "text", "supersedes_id"),
    ),
    "link": ("messages", ("id", "buyer", "sender_role", "sender_name", "sent_at", "text", "supersedes_id")),
    "agreement": (
        "agreements",
        ("id", "order_id", "message_id", "kind", "text", "agreed_at", "supersedes_id"),
    ),
    "attachment": ("attachments", ("id", "sha256", "original_name", "media_type", "size", "added_at")),
    "shipment": ("shipments", ("id", "order_id", "shipped_at", "tracking_no", "carrier", "recorded_at")),
    "correction": (
        "corrections",
        (
            "id",
            "kind",
            "message_id",
            "reason",
            "replacement_id",
            "from_order_no",
            "to_order_no",
            "recorded_at",
        ),
    ),
}

# Fixed options: any change here would change every hash ever sealed.
_encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def canonical_bytes(item_type: str, content: Mapping) -> bytes:
    """The item's content as sorted-key, compact UTF-8 JSON, wrapped with its type.

    Only str, int, bool, None, lists and dicts are allowed: floats print differently across
    versions and would make a hash unreproducible.
    """
    _check_no_floats(content)
    return _encoder.encode({"type": item_type, "content": content}).encode("utf-8")


def content_hash(item_type: str, content: Mapping) -> str:
    return hashlib.sha256(canonical_bytes(item_type, content)).hexdigest()


def content_hash_of_row(item_type: str, content: Mapping) -> str:
    """content_hash for content read from the store's tables, whose columns hold only INTEGER and
    TEXT: skips the float check, which costs as much as the hash on a million-item verify."""
    return hashlib.sha256(
        _encoder.encode({"type": item_type, "content": content}).encode("utf-8")
    ).hexdigest()


_string = json.encoder.encode_basestring  # the encoder's own string escaping (C), ensure_ascii=False


def message_content_hash(
    item_type: str,
    id: int,
    buyer: str,
    sender_role: str,
    sender_name: str,
    sent_at: int,
    text: str,
    supersedes_id: int | None,
) -> str:
    """content_hash of a message (or link) content, byte-identical to the generic path but written
    out by hand: sealing a million imported messages spends most of its time in json otherwise."""
    raw = (
        f'{{"content":{{"buyer":{_string(buyer)},"id":{int(id)},"sender_name":{_string(sender_name)},'
        f'"sender_role":{_string(sender_role)},"sent_at":{int(sent_at)},'
        f'"supersedes_id":{"null" if supersedes_id is None else int(supersedes_id)},"text":{_string(text)}}},'
        f'"type":{_string(item_type)}}}'
    )
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def link_hash(
    prev_hash: str, content_hash: str, item_type: str, seq: int, sealed_by: str | None = None
) -> str:
    """An item's seal. `sealed_by` is the staff member who sealed it (issue 18: several desks, one
    store). It is inside the seal, not beside it, because "who" is what a shop argues about after a
    dispute or a missed promise: beside the seal anyone holding the database could re-attribute an
    item to a colleague and every chain would still verify. Seal version 1 (no name: every item
    sealed before migration 018, or with no staff name set) is the old formula unchanged, so old
    seals verify as they did; a name makes version 2, "by:<name>" appended last (every field before
    it has a fixed form, so no name can be read as another field). Removing or adding a name on a
    stored item changes which formula applies, so the seal no longer matches either way."""
    base = f"{prev_hash}|{content_hash}|{item_type}|{seq}"
    if sealed_by is not None:
        base += f"|by:{sealed_by}"
    return hashlib.sha256(base.encode()).hexdigest()


def verify_chain(
    items: Sequence[Mapping], content_optional: bool = False
) -> tuple[bool, int | None, str | None]:
    """Re-check one chain given in seq order; each item has seq, item_type, content (a dict),
    content_hash, prev_hash and hash, and sealed_by when a name was sealed with it. Returns (ok, index of the first bad item, why).

    An item without "content" fails unless `content_optional`: only a caller that has checked
    what stands in for the content (a masked bundle's commitments) may pass it."""
    prev = GENESIS
    for index, item in enumerate(items):
        problem = check_item(item, index + 1, prev, content_optional)
        if problem:
            return False, index, problem
        prev = item["hash"]
    return True, None, None


def check_item(
    item: Mapping, expected_seq: int, expected_prev: str, content_optional: bool = False
) -> str | None:
    """Why this item does not fit at this place in its chain, or None when it does."""
    seq = item.get("seq")
    if type(seq) is not int or seq != expected_seq:  # True == 1 and "1" are not item numbers
        return f"expected item number {expected_seq}, found {seq!r} (an item is missing or out of order)"
    if item.get("prev_hash") != expected_prev:
        return "does not follow the previous item (the chain was cut or reordered)"
    for key in ("item_type", "content_hash", "hash"):
        if not isinstance(item.get(key), str):
            return f"its {key} is missing or not text"
    sealed_by = item.get("sealed_by")
    if sealed_by is not None and not isinstance(sealed_by, str):
        return "its sealed_by (who sealed it) is not text"
    if "content" not in item and not content_optional:
        return "its content is missing, so it cannot be checked"
    if "content" in item:
        try:
            recomputed = content_hash(item.get("item_type", ""), item["content"])
        except (TypeError, ValueError):
            return "its content cannot be serialised"
        if recomputed != item.get("content_hash"):
            return "its content was changed after it was sealed"
    expected = link_hash(
        expected_prev, item.get("content_hash", ""), item.get("item_type", ""), expected_seq, sealed_by
    )
    if item.get("hash") != expected:
        return "its seal does not match (the chain record was altered)"
    return None


def _check_no_floats(value: object) -> None:
    if isinstance(value, float):
        raise TypeError("evidence content must not contain floats (use integer cents or seconds)")
    if isinstance(value, Mapping):
        for inner in value.values():
            _check_no_floats(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            _check_no_floats(inner)
