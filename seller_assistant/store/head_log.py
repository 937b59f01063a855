"""Recording every chain's head on each append (the head log), and checking chains against it.

Rules live in core/head_log.py. Entries are written inside the sealing write's transaction, so
an item and the log entry naming it commit together or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from seller_assistant.core.evidence import GENESIS
from seller_assistant.core.head_log import entry_hash, leaf_hash, merkle_proof, merkle_root
from seller_assistant.store import dialect, pg_locks
from seller_assistant.store.connection import Store

LOG_KEY = "head log"


def record(store: Store, heads: Mapping[str, tuple[int, str]], now: int) -> int | None:
    """Append one entry naming these chains' new heads ({chain_key: (seq, hash)}); its number."""
    return _record(store.conn, heads, now)


def _record(conn: sqlite3.Connection, heads: Mapping[str, tuple[int, str]], now: int) -> int | None:
    if not heads or not dialect.table_exists(conn, "head_log"):
        return None  # a store not yet upgraded to the head log (its migration backfills it later)
    pg_locks.lock_head_log(conn)  # a shared store: one desk at a time appends to the log
    last = conn.execute("SELECT n, hash FROM head_log ORDER BY n DESC LIMIT 1").fetchone()
    n, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    root = merkle_root([leaf_hash(key, seq, head) for key, (seq, head) in heads.items()])
    conn.execute(
        "INSERT INTO head_log (n, root, prev_hash, hash, recorded_at) VALUES (?, ?, ?, ?, ?)",
        (n, root, prev, entry_hash(prev, n, root), now),
    )
    conn.executemany(
        "INSERT INTO head_log_heads (entry_n, chain_key, seq, head) VALUES (?, ?, ?, ?)",
        [(n, key, seq, head) for key, (seq, head) in heads.items()],
    )
    return n


def backfill(conn: sqlite3.Connection) -> None:
    """The first entry, for a store sealed before the head log existed: every chain's head now
    (run by the migration that adds the log, in its transaction)."""
    heads = {
        key: (seq, head)
        for key, seq, head in conn.execute(
            "SELECT chain_key, seq, hash FROM evidence_items WHERE (chain_key, seq) IN"
            " (SELECT chain_key, max(seq) FROM evidence_items GROUP BY chain_key)"
        )
    }
    if heads:
        at = conn.execute("SELECT max(sealed_at) FROM evidence_items").fetchone()[0]
        _record(conn, heads, int(at or 0))


def log_head(store: Store) -> dict | None:
    row = store.conn.execute("SELECT n, hash FROM head_log ORDER BY n DESC LIMIT 1").fetchone()
    return {"n": row[0], "hash": row[1]} if row else None


def entries_for_chain(store: Store, chain_key: str) -> list[dict]:
    """This chain's log entries with a Merkle proof each, for a bundle: no other chain's key leaves."""
    out = []
    for n, seq, head, root, prev, entry in store.conn.execute(
        "SELECT h.entry_n, h.seq, h.head, l.root, l.prev_hash, l.hash FROM head_log_heads h"
        " JOIN head_log l ON l.n = h.entry_n WHERE h.chain_key = ? ORDER BY h.entry_n",
        (chain_key,),
    ):
        leaves = [
            leaf_hash(k, s, hd)
            for k, s, hd in store.conn.execute(
                "SELECT chain_key, seq, head FROM head_log_heads WHERE entry_n = ?", (n,)
            )
        ]
        out.append(
            {
                "n": n,
                "seq": seq,
                "head": head,
                "root": root,
                "prev": prev,
                "hash": entry,
                "proof": merkle_proof(leaves, leaf_hash(chain_key, seq, head)),
            }
        )
    return out


def problems(store: Store) -> Iterable[tuple[str, int | None, str]]:
    """(chain key, item number, why) for the log itself and for each chain it does not vouch for."""
    yield from _log_problems(store)
    logged_last: dict[str, int] = {}
    for key, seq, head, actual in store.conn.execute(
        "SELECT h.chain_key, h.seq, h.head, ei.hash FROM head_log_heads h"
        " LEFT JOIN evidence_items ei ON ei.chain_key = h.chain_key AND ei.seq = h.seq"
        " ORDER BY h.chain_key, h.entry_n"
    ):
        logged_last[key] = max(logged_last.get(key, 0), seq) if type(seq) is int else logged_last.get(key, 0)
        if actual is None:
            yield (
                key,
                seq,
                f"item {seq} is missing though the head log recorded it (the chain was cut off or deleted)",
            )
        elif actual != head:
            yield key, seq, "differs from the item the head log recorded"
    for key, top in store.conn.execute("SELECT chain_key, max(seq) FROM evidence_items GROUP BY chain_key"):
        if type(top) is int and top > logged_last.get(key, 0):
            yield (
                key,
                logged_last.get(key, 0) + 1,
                "was never recorded in the head log (written around the app)",
            )


def problems_since(
    store: Store, after_n: int, chains: Iterable[str]
) -> Iterable[tuple[str, int | None, str]]:
    """`problems` for what was added after entry `after_n` (whose hash the caller has checked):
    the newer entries, the heads they name, and `chains` (those given new items since) all logged."""
    row = store.conn.execute("SELECT hash FROM head_log WHERE n = ?", (after_n,)).fetchone()
    yield from _log_problems(store, after_n, row[0] if row else GENESIS)
    for key, seq, head, actual in store.conn.execute(
        "SELECT h.chain_key, h.seq, h.head, ei.hash FROM head_log_heads h"
        " LEFT JOIN evidence_items ei ON ei.chain_key = h.chain_key AND ei.seq = h.seq WHERE h.entry_n > ?",
        (after_n,),
    ):
        if actual is None:
            yield (
                key,
                seq,
                f"item {seq} is missing though the head log recorded it (the chain was cut off or deleted)",
            )
        elif actual != head:
            yield key, seq, "differs from the item the head log recorded"
    for key in chains:
        logged = store.conn.execute(
            "SELECT max(seq) FROM head_log_heads WHERE chain_key = ?", (key,)
        ).fetchone()[0]
        top = store.conn.execute(
            "SELECT max(seq) FROM evidence_items WHERE chain_key = ?", (key,)
        ).fetchone()[0]
        if type(top) is int and top > (logged if type(logged) is int else 0):
            yield key, (logged or 0) + 1, "was never recorded in the head log (written around the app)"


def _log_problems(
    store: Store, after_n: int = 0, after_hash: str = GENESIS
) -> Iterable[tuple[str, int | None, str]]:
    prev, expected = after_hash, after_n + 1
    heads = store.conn.execute(
        "SELECT entry_n, chain_key, seq, head FROM head_log_heads WHERE entry_n > ? ORDER BY entry_n",
        (after_n,),
    )
    pending = heads.fetchone()
    for n, root, prev_hash, item_hash in store.conn.execute(
        "SELECT n, root, prev_hash, hash FROM head_log WHERE n > ? ORDER BY n", (after_n,)
    ):
        leaves = []
        while pending is not None and pending[0] <= n:
            if pending[0] == n:
                leaves.append(leaf_hash(pending[1], pending[2], pending[3]))
            pending = heads.fetchone()
        if n != expected:
            yield LOG_KEY, expected, f"entry {expected} of the head log is missing"
            return
        if prev_hash != prev or root != merkle_root(leaves) or item_hash != entry_hash(prev, n, root):
            yield LOG_KEY, n, f"entry {n} of the head log was altered"
            return
        prev, expected = item_hash, n + 1
