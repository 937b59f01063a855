"""The head log's rules: every chain's head recorded on each append, itself a hash chain.

Each write that seals items adds one log entry naming the new head of every chain it touched:

    leaf  = sha256("<chain_key>|<seq>|<head hash>")
    root  = Merkle root of the entry's leaves, sorted (pairs hashed as sha256(left hex + right hex))
    hash  = sha256("<prev entry hash>|<n>|<root>")          (entry 1 follows GENESIS)

A chain whose last items were deleted no longer reaches the head the log recorded, and a deleted
chain still has log entries: both are caught. A bundle carries its chain's entries with Merkle
proofs (other chains' keys stay out of it) and the log's head at export, which anyone holding a
later copy of the log (the shop's store, a backup, a timestamp) can find in it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from seller_assistant.core.evidence import GENESIS


def leaf_hash(chain_key: str, seq: int, head: str) -> str:
    return hashlib.sha256(f"{chain_key}|{seq}|{head}".encode()).hexdigest()


def entry_hash(prev: str, n: int, root: str) -> str:
    return hashlib.sha256(f"{prev}|{n}|{root}".encode()).hexdigest()


def _pair(left: str, right: str) -> str:
    return hashlib.sha256((left + right).encode("ascii")).hexdigest()


def merkle_root(leaves: Sequence[str]) -> str:
    level = sorted(leaves)
    if not level:
        return GENESIS
    while len(level) > 1:
        level = [
            _pair(level[i], level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)
        ]
    return level[0]


def merkle_proof(leaves: Sequence[str], leaf: str) -> list[list[str]]:
    """The siblings from `leaf` up to the root: [[sibling, "L"|"R"], …] (L: the sibling is on the left)."""
    level = sorted(leaves)
    index = level.index(leaf)
    proof = []
    while len(level) > 1:
        sibling = index ^ 1
        if sibling < len(level):
            proof.append([level[sibling], "L" if sibling < index else "R"])
        level = [
            _pair(level[i], level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)
        ]
        index //= 2
    return proof


def root_from_proof(leaf: str, proof: Sequence) -> str | None:
    node = leaf
    for step in proof:
        if not (
            isinstance(step, list)
            and len(step) == 2
            and isinstance(step[0], str)
            and len(step[0]) == 64
            and step[1] in ("L", "R")
        ):
            return None
        node = _pair(step[0], node) if step[1] == "L" else _pair(node, step[0])
    return node


def check_chain_entries(chain_key: str, items: Sequence[dict], entries: Sequence, log_head) -> str | None:
    """Why a bundle's head-log entries do not vouch for its chain ending where it ends, or None."""
    if not isinstance(entries, list) or not isinstance(log_head, dict):
        return "the head log is missing from the manifest, so a cut-off chain could not be detected"
    if not items and not entries:
        return None
    if items and not entries:
        return "the head log has no record of this chain"
    last_n = 0
    for entry in entries:
        if not isinstance(entry, dict):
            return "the head log is not readable"
        n, seq, head = entry.get("n"), entry.get("seq"), entry.get("head")
        if type(n) is not int or type(seq) is not int or not isinstance(head, str) or n <= last_n:
            return "the head log is not readable"
        last_n = n
        root = root_from_proof(leaf_hash(chain_key, seq, head), entry.get("proof", []))
        if (
            root is None
            or entry.get("root") != root
            or entry.get("hash") != entry_hash(str(entry.get("prev")), n, root)
        ):
            return f"head log entry {n} does not match its own seal"
        if seq > len(items):
            return (
                f"the head log recorded item {seq} of this chain, but the bundle holds only {len(items)} "
                "(the chain was cut off)"
            )
        if seq < 1 or items[seq - 1].get("hash") != head:
            return (
                f"the head log recorded item {seq} of this chain with a seal the bundle does not hold "
                "(items were removed or changed after the log recorded them)"
            )
    last = entries[-1]
    if last["seq"] != len(items):
        return (
            f"the head log recorded this chain up to item {last['seq']}, but the bundle holds "
            f"{len(items)} (the chain was cut off)"
        )
    head_n, head_hash = log_head.get("n"), log_head.get("hash")
    if type(head_n) is not int or head_n < last["n"] or (head_n == last["n"] and head_hash != last["hash"]):
        return "the head log's recorded head does not follow this chain's entries"
    return None
