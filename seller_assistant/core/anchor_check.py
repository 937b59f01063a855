"""Checking the head-log timestamp a bundle carries: it names an entry its chain's entry leads to.

The manifest's head_log.anchor (written by store/anchors.py) holds the token, the timestamped
entry (n, hash), and the log's entries (number, Merkle root) after the chain's entry `from_n` up to
it. Re-hashing those from the chain's own, already checked, entry must reach exactly the hash the
token names; a chain rewritten and re-sealed with its whole head log cannot, because the token was
signed by the authority over the original hash.
"""

from __future__ import annotations

from datetime import datetime

from seller_assistant.core import timestamp
from seller_assistant.core.head_log import entry_hash


def segment_reaches(start_hash: str, start_n: int, segment: list, n: int, expected: str) -> bool:
    """Whether the log's entries after `start_n` lead from `start_hash` to entry `n`'s `expected` hash."""
    current, at = start_hash, start_n
    for step in segment:
        if not (
            isinstance(step, list) and len(step) == 2 and type(step[0]) is int and isinstance(step[1], str)
        ):
            return False
        if step[0] != at + 1:
            return False
        current, at = entry_hash(current, step[0], step[1]), step[0]
    return at == n and current == expected


def check_bundle_anchor(log, item_count: int) -> tuple[dict | None, str | None]:
    """(what the timestamp vouches for, why it does not hold); (None, None) when there is none.

    What it vouches for: {"seq": items covered, "items": item_count, "at": datetime, "authority"}."""
    anchor = log.get("anchor") if isinstance(log, dict) else None
    if anchor is None:
        return None, None
    entries = log.get("entries") if isinstance(log.get("entries"), list) else []
    if not (
        isinstance(anchor, dict)
        and type(anchor.get("n")) is int
        and type(anchor.get("from_n")) is int
        and isinstance(anchor.get("hash"), str)
        and isinstance(anchor.get("token"), str)
        and isinstance(anchor.get("segment"), list)
    ):
        return None, "the head log's timestamp is not readable"
    start = next((e for e in entries if isinstance(e, dict) and e.get("n") == anchor["from_n"]), None)
    if start is None or not isinstance(start.get("hash"), str):
        return (
            None,
            f"the timestamp starts from head-log entry {anchor['from_n']}, which this chain does not have",
        )
    try:
        digest, token = timestamp.digest_of_hex(anchor["hash"]), bytes.fromhex(anchor["token"])
        info = timestamp.check_token(token, digest)
    except ValueError:
        return None, "the head log's timestamp is not readable"
    except timestamp.TimestampError as exc:
        return None, f"the timestamp of head-log entry {anchor['n']} does not hold: {exc}"
    if not segment_reaches(start["hash"], anchor["from_n"], anchor["segment"], anchor["n"], anchor["hash"]):
        return None, (
            f"this chain's head log no longer leads to entry {anchor['n']}, timestamped "
            f"{describe(info.gen_time, info.authority)}: the chain or its log was recomputed after it"
        )
    return {
        "seq": start.get("seq"),
        "items": item_count,
        "at": info.gen_time,
        "authority": info.authority,
        "n": anchor["n"],
        "tsa_url": anchor.get("tsa_url"),
    }, None


def describe(at: datetime, authority: str) -> str:
    return f"at {at.strftime('%Y-%m-%d %H:%M:%S UTC')} by {authority}"
