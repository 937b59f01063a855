"""What a bundle's manifest must hold to be believed: limits before parsing, item rules, required files."""

from __future__ import annotations

import json
import re

from seller_assistant.core.bundle_safety import ATTACHMENT_NAME, HEX64, UnsafeBundleError
from seller_assistant.core.head_log import check_chain_entries

# A dispute's chain has hundreds of items, a long one thousands; each item is a few JSON objects
# and each head-log entry ~20 (its Merkle proof). These limits hold 100 000 items.
MAX_CONTAINERS = 2_000_000
MAX_DEPTH = 24
MAX_ITEMS = 200_000
REQUIRED_FILES = ("report.pdf", "chat.txt", "chat.html", "manifest.json")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
_ITEM_KEYS = frozenset(
    {
        "seq",
        "item_type",
        "item_id",
        "content_hash",
        "prev_hash",
        "hash",
        "sealed_at",
        "sealed_by",
        "supersedes_item",
        "content",
        "content_masked",
        "redacted",
        "withheld",
        "commitment",
    }
)
# Only text a person wrote or is named by can be masked; ids, times, hashes and roles never are.
REDACTABLE = frozenset({"buyer", "sender_name", "text", "original_name", "reason"})
MASK_MARK = "*"


def load_manifest_json(body: bytes) -> tuple[dict | None, str | None]:
    """Parse the manifest only after counting its JSON containers and nesting depth without
    building anything: a few MB of `[{},{},…]` would otherwise become GBs of Python objects."""
    bare = _STRING.sub(b'""', body)
    containers = bare.count(b"{") + bare.count(b"[")
    if containers > MAX_CONTAINERS:
        raise UnsafeBundleError(
            "manifest.json holds {count} JSON objects and lists, over the {most} limit, and was refused unread",
            count=f"{containers:,}",
            most=f"{MAX_CONTAINERS:,}",
        )
    depth = deepest = 0
    for match in _BRACKET.finditer(bare):
        depth += 1 if match.group() in (b"{", b"[") else -1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            raise UnsafeBundleError(
                "manifest.json nests deeper than {most} levels and was refused unread", most=MAX_DEPTH
            )
    try:
        manifest = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, "manifest.json is not valid JSON"
    if not isinstance(manifest, dict):
        return None, "manifest.json is not a JSON object"
    chain = manifest.get("chain")
    items = chain.get("items") if isinstance(chain, dict) else None
    if isinstance(items, list) and len(items) > MAX_ITEMS:
        raise UnsafeBundleError(
            "manifest.json lists {count} chain items, over the {most} limit",
            count=f"{len(items):,}",
            most=f"{MAX_ITEMS:,}",
        )
    return manifest, None


def newer_format(manifest: dict, newest: int) -> int | None:
    """The bundle's format_version when it is newer than `newest` (what this app writes and
    reads): its manifest may hold what this verify does not know, so it is not judged at all."""
    version = manifest.get("format_version")
    return version if type(version) is int and version > newest else None


def required_files(manifest: dict) -> tuple[str, ...]:
    """Every bundle holds the report, the chat files and the manifest. Bundles of format 1 had no
    chat files when the chat was left out."""
    include = manifest.get("include") if isinstance(manifest.get("include"), list) else []
    if manifest.get("format_version") == 1 and "chat" not in include:
        return ("report.pdf", "manifest.json")
    return REQUIRED_FILES


def item_policy_problem(item: dict, masked_bundle: bool, include: list) -> str | None:
    """Why this item's content cannot be checked the way it is carried, or None.

    Exactly one of: "content" (re-hashed by core.evidence), "content_masked" (only in a bundle
    that says it is masked, with a commitment for each masked field), "withheld" (only for what
    the bundle says it left out)."""
    unknown = set(item) - _ITEM_KEYS
    if unknown:
        return f"it carries fields a sealed item never has ({', '.join(sorted(unknown))})"
    carried = [key for key in ("content", "content_masked", "withheld") if key in item]
    if len(carried) != 1:
        return (
            "it carries no content"
            if not carried
            else f"it carries its content twice ({' and '.join(carried)})"
        )
    kind = item.get("item_type")
    if carried[0] != "content_masked" and ("commitment" in item or "redacted" in item):
        return "it carries a masking commitment but no masked content"
    if carried[0] == "content":
        return None if isinstance(item["content"], dict) else "its content is malformed"
    if carried[0] == "withheld":
        left_out = (kind in ("message", "link") and "chat" not in include) or (
            kind == "attachment" and "attachments" not in include
        )
        return None if left_out else "its content was left out, though the bundle says it includes it"
    if not masked_bundle:
        return "it carries masked content, but the bundle is not a masked one (its content cannot be checked)"
    masked, redacted = item["content_masked"], item.get("redacted")
    if not isinstance(masked, dict) or not isinstance(redacted, dict) or not redacted:
        return "its masked content has no commitments"
    if "content_hash" in item or not (
        isinstance(item.get("commitment"), str) and HEX64.match(item["commitment"])
    ):
        return "its masked content is not sealed by a commitment"
    for key, commitment in redacted.items():
        if key not in REDACTABLE or key not in masked:
            return f"its field {key!r} may not be masked"
        if not (isinstance(commitment, str) and HEX64.match(commitment)):
            return f"the commitment for its field {key!r} is malformed"
        value = masked[key]
        if not isinstance(value, str) or MASK_MARK not in value:
            return f"its field {key!r} is listed as masked but shows no mask"
    return None


def check_attachments_match_chain(
    items: list[dict], members: set[str], include: list, missing: object = ()
) -> str | None:
    """Every attachment file is a sealed attachment of the chain, and every sealed attachment the
    bundle includes is there: a photo swapped for another (renamed to its own hash) is caught."""
    sealed = set()
    for item in items:
        if item.get("item_type") == "attachment":
            content = item.get("content") or item.get("content_masked") or {}
            if isinstance(content.get("sha256"), str):
                sealed.add(content["sha256"])
    present = {m.group(1) for name in members if (m := ATTACHMENT_NAME.match(name))}
    for name in sorted(members):
        if name.startswith("attachments/") and not ATTACHMENT_NAME.match(name):
            return f"{name} is not named by its SHA-256 like a sealed attachment"
    extra = present - sealed
    if extra:
        return f"the attachment {min(extra)[:12]}… is not a sealed item of this chain"
    said_missing = set(missing) if isinstance(missing, list) else set()
    absent = sealed - present - said_missing
    if "attachments" in include and absent:
        return f"the sealed attachment {min(absent)[:12]}… is not in the bundle"
    return None


def check_head_log(manifest: dict, chain_key, items: list[dict]) -> tuple[str | None, dict | None]:
    """(why the chain's end is not vouched for by the head log, the log's head at export)."""
    log = manifest.get("head_log")
    chain = manifest.get("chain") if isinstance(manifest.get("chain"), dict) else {}
    masking = manifest.get("masking") if isinstance(manifest.get("masking"), dict) else {}
    if chain.get("blinded") is True or (isinstance(log, dict) and log.get("blinded") is True):
        if masking.get("enabled") is not True:
            return "the chain is blinded, but the bundle is not a masked one", None
        return check_blinded_entries(items, log), (
            log.get("head") if isinstance(log.get("head"), dict) else None
        )
    if manifest.get("format_version") == 1 and log is None:
        return (None if items else "the evidence chain is empty and the bundle has no head log"), None
    if not isinstance(log, dict) or not isinstance(chain_key, str):
        return "the head log is missing from the manifest, so a cut-off chain could not be detected", None
    why = check_chain_entries(chain_key, items, log.get("entries"), log.get("head"))
    return why, (log.get("head") if isinstance(log.get("head"), dict) else None)


def check_blinded_entries(items: list[dict], log) -> str | None:
    """A masked bundle's head log says only how far the chain reached at each entry."""
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        return "the head log is missing from the manifest, so a cut-off chain could not be detected"
    if items and not entries:
        return "the head log has no record of this chain"
    last_n = last_seq = 0
    for entry in entries:
        if not (
            isinstance(entry, dict)
            and type(entry.get("n")) is int
            and type(entry.get("seq")) is int
            and entry["n"] > last_n
            and entry["seq"] > last_seq
        ):
            return "the head log is not readable"
        last_n, last_seq = entry["n"], entry["seq"]
    if entries and last_seq != len(items):
        return (
            f"the head log recorded this chain up to item {last_seq}, but the bundle holds {len(items)} "
            "(the chain was cut off)"
        )
    return None
