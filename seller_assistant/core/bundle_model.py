"""The plain data an evidence bundle is built from (gathered by store/bundle_data.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

BUNDLE_FORMAT = "seller-assistant-evidence-bundle"
# What each format added (docs/BUNDLE_FORMAT.md); a verify reads every one up to its own.
# 2: chat files always present, head log, attachment names. 3: an item sealed with a staff
# member's name carries it as "sealed_by", inside its seal (seal version 2, issue 18); format-2
# bundles made between migration 018 and this bump carry it too, and verify the same way.
BUNDLE_FORMAT_VERSION = 3
# What a shop may choose to leave out; the report, the order facts and the manifest are always in.
INCLUDE_CHOICES = ("chat", "attachments", "events", "notes")
# Internal notes are the shop's own remarks: left out unless asked for.
DEFAULT_INCLUDE = frozenset({"chat", "attachments", "events"})
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"})


@dataclass(frozen=True)
class AttachmentSource:
    """One stored attachment: its record plus where its bytes are (None when the file is missing)."""

    id: int
    sha256: str
    original_name: str
    media_type: str
    size: int
    added_at: int
    message_id: int | None
    path: Path | None

    @property
    def is_image(self) -> bool:
        return self.media_type in IMAGE_TYPES


@dataclass
class BundleData:
    """Everything about one order that may go into its bundle; plain values, times epoch seconds."""

    shop_name: str
    platform: str
    timezone: str
    lang: str
    order: dict
    messages: list[dict] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)
    attachments: list[AttachmentSource] = field(default_factory=list)
    work_orders: list[dict] = field(default_factory=list)
    help_events: list[dict] = field(default_factory=list)
    commitments: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    shipments: list[dict] = field(default_factory=list)
    edits: list[dict] = field(default_factory=list)  # changes by hand: a flag, a ship-by time (order_edits)
    chain_key: str = ""
    chain: list[dict] = field(default_factory=list)  # items in seq order, with content and hashes
    chain_head: str | None = None
    head_log_entries: list[dict] = field(default_factory=list)  # this chain's head-log entries, with proofs
    head_log_head: dict | None = None  # the store's head-log head at export: {"n", "hash"}
    head_log_anchor: dict | None = None  # a timestamp of the log covering this chain (store/anchors.py)
    demo: bool = False  # the demo shop's made-up data: every page says so


@dataclass(frozen=True)
class BundleOptions:
    created_at: int
    include: frozenset[str] = DEFAULT_INCLUDE
    masked: bool = False
    bundle_id: str = ""  # names the masking key in the store (bundle_keys)
    masking_key: bytes | None = None  # random, per bundle; never written into the bundle


def parse_include(text: str | None) -> frozenset[str]:
    """'chat,attachments' -> the set; an unknown word is named in one sentence."""
    from seller_assistant.core.errors import UserError

    if text is None or not text.strip():
        return DEFAULT_INCLUDE
    words = {word.strip().lower() for word in text.split(",") if word.strip()}
    unknown = sorted(words - set(INCLUDE_CHOICES))
    if unknown:
        raise UserError(
            "--include: '{part}' is not one of {choices}.",
            part=unknown[0],
            choices=", ".join(INCLUDE_CHOICES),
        )
    return frozenset(words)


def safe_file_stem(order_no: str) -> str:
    """An order number as a file name: digits and letters stay, anything else becomes '_'."""
    stem = re.sub(r"[^0-9A-Za-z_-]", "_", order_no.strip())[:80]
    return stem or "order"
