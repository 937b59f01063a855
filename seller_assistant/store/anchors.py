"""Timestamps of the head log (RFC 3161): asking for one, keeping it, and checking the ones kept.

Off unless the shop switches it on (settings `timestamp_anchor`). What leaves the machine is one
SHA-256 hash — the head log's newest entry hash — sent to the authority the shop named; nothing
else. The token that comes back is stored beside the entry it names (append-only), carried by
backups (it is in the store) and by bundles whose chain it covers (core/anchor_check.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from seller_assistant.core import anchor_check, timestamp
from seller_assistant.store import dialect, head_log
from seller_assistant.store.connection import Store

ANCHOR_KEY = "head log timestamp"
Fetch = Callable[[str, bytes], bytes]


def _has_table(store: Store) -> bool:
    return dialect.table_exists(store.conn, "head_log_anchors")


_KEYS = ("n", "hash", "tsa_url", "authority", "gen_time", "recorded_at")
_SELECT = "SELECT entry_n, entry_hash, tsa_url, authority, gen_time, recorded_at FROM head_log_anchors"


def latest(store: Store) -> dict | None:
    if not _has_table(store):
        return None
    row = store.conn.execute(_SELECT + " ORDER BY id DESC LIMIT 1").fetchone()
    return dict(zip(_KEYS, row, strict=True)) if row else None


def all_anchors(store: Store) -> list[dict]:
    if not _has_table(store):
        return []
    return [dict(zip(_KEYS, row, strict=True)) for row in store.conn.execute(_SELECT + " ORDER BY id")]


def due(store: Store, now: int, tz) -> bool:
    """Once a day: the log has an entry not yet timestamped and none was taken today (shop's day)."""
    head = head_log.log_head(store)
    last = latest(store)
    if head is None or not _has_table(store):
        return False
    if last is None:
        return True
    today = datetime.fromtimestamp(now, tz).date()
    return last["n"] < head["n"] and datetime.fromtimestamp(last["recorded_at"], tz).date() != today


def anchor_now(store: Store, url: str, now: int, fetch: Fetch = timestamp.fetch_token) -> dict | None:
    """Timestamp the head log's newest entry at `url` and keep the token; None when the log is empty.
    Raises TimestampError (nothing stored) when the authority cannot be reached or its answer fails."""
    head = head_log.log_head(store)
    if head is None:
        return None
    token = fetch(url, timestamp.digest_of_hex(head["hash"]))
    info = timestamp.check_token(token, timestamp.digest_of_hex(head["hash"]))
    with store.write():
        store.conn.execute(
            "INSERT INTO head_log_anchors (entry_n, entry_hash, tsa_url, authority, gen_time, token, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (head["n"], head["hash"], url, info.authority, int(info.gen_time.timestamp()), token, now),
        )
    return latest(store)


def problems(store: Store) -> Iterable[tuple[str, int, str]]:
    """(ANCHOR_KEY, entry number, why) for each kept timestamp the store no longer agrees with."""
    if not _has_table(store):
        return
    for n, kept_hash, authority, gen_time, token in store.conn.execute(
        "SELECT a.entry_n, a.entry_hash, a.authority, a.gen_time, a.token FROM head_log_anchors a ORDER BY a.id"
    ):
        row = store.conn.execute("SELECT hash FROM head_log WHERE n = ?", (n,)).fetchone()
        when = describe(gen_time, authority)
        try:
            timestamp.check_token(bytes(token), timestamp.digest_of_hex(kept_hash))
        except (timestamp.TimestampError, ValueError, TypeError) as exc:
            yield ANCHOR_KEY, n, f"the timestamp of head-log entry {n} does not hold: {exc}"
            continue
        if row is None:
            yield ANCHOR_KEY, n, f"head-log entry {n}, timestamped {when}, is missing"
        elif row[0] != kept_hash:
            yield (
                ANCHOR_KEY,
                n,
                (
                    f"head-log entry {n} no longer matches its timestamp {when}: the chains and "
                    "their head log were recomputed after it was taken"
                ),
            )


def describe(gen_time: int, authority: str) -> str:
    return anchor_check.describe(datetime.fromtimestamp(gen_time, UTC), authority)


def for_bundle(store: Store, entries: list[dict]) -> dict | None:
    """The timestamp a bundle of a chain with these head-log entries carries, with the log's entries
    (number and root only: no chain keys) from the chain's entry to the timestamped one.

    The earliest timestamp after the chain's last entry covers the whole chain; failing that, the
    latest one after its first entry covers the chain up to the entry before it."""
    if not entries or not _has_table(store):
        return None
    first, last = entries[0]["n"], entries[-1]["n"]
    row = (
        store.conn.execute(
            "SELECT entry_n, entry_hash, tsa_url, token, gen_time, authority FROM head_log_anchors WHERE entry_n >= ?"
            " ORDER BY entry_n, id LIMIT 1",
            (last,),
        ).fetchone()
        or store.conn.execute(
            "SELECT entry_n, entry_hash, tsa_url, token, gen_time, authority FROM head_log_anchors WHERE entry_n >= ?"
            " ORDER BY entry_n DESC, id DESC LIMIT 1",
            (first,),
        ).fetchone()
    )
    if row is None:
        return None
    n, kept_hash, url, token, gen_time, authority = row
    start = max(e["n"] for e in entries if e["n"] <= n)
    segment = [
        [k, root]
        for k, root in store.conn.execute(
            "SELECT n, root FROM head_log WHERE n > ? AND n <= ? ORDER BY n", (start, n)
        )
    ]
    return {
        "n": n,
        "hash": kept_hash,
        "from_n": start,
        "segment": segment,
        "tsa_url": url,
        "token": bytes(token).hex(),
        "gen_time": gen_time,
        "authority": authority,
    }
