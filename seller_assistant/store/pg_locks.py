"""Desks writing one shared store at once: the locks that keep every evidence chain linear on PostgreSQL.

SQLite has one writer at a time (BEGIN IMMEDIATE), so reading a chain's head and appending to it
cannot interleave. On PostgreSQL two desks can: both would read head N and both write N+1 (the
UNIQUE (chain_key, seq) key refuses the second, and the shop's action fails). So a transaction
takes each chain's lock before it reads that chain's head, and the head log's lock before it reads
the log's last entry; both are transaction-level advisory locks, let go at COMMIT or ROLLBACK, so a
crashed desk never leaves one held. Several chains are locked in one fixed order (by hash) so two
desks sealing the same orders do not wait on each other in a circle; what still closes a circle
(one desk's import holding an order row another desk's shipment needs) PostgreSQL breaks by
aborting one transaction, which `connection.retrying` runs again.
"""

from __future__ import annotations

from collections.abc import Iterable

# The first key of pg_advisory_xact_lock(int, int): a space of our own, apart from the migration
# runner's single-key lock.
CHAIN_LOCKS = 1801
HEAD_LOG_LOCK = 1802
MESSAGE_IDS_LOCK = 1803
NEW_ORDERS_LOCK = 1804


def _shared(conn) -> bool:
    return getattr(conn, "backend", "sqlite") == "postgresql"


def lock_chains(conn, chain_keys: Iterable[str]) -> None:
    """Hold these chains' locks until the transaction ends (nothing on SQLite)."""
    keys = sorted(set(chain_keys))
    if not keys or not _shared(conn):
        return
    conn.execute(
        "SELECT count(pg_advisory_xact_lock(?, h)) FROM"
        " (SELECT DISTINCT hashtext(k) AS h FROM unnest(?::text[]) AS k ORDER BY h) AS ordered",
        (CHAIN_LOCKS, keys),
    ).fetchone()


def lock_message_ids(conn) -> None:
    """Hold the lock of message ids until the transaction ends. Messages get their ids in Python
    (the next after the largest, so their seals are computed before they are written); two desks
    would otherwise give the same ids. Taken before any chain's lock, always in that order."""
    if _shared(conn):
        conn.execute("SELECT pg_advisory_xact_lock(?, 0)", (MESSAGE_IDS_LOCK,)).fetchone()


def lock_new_orders(conn, shop_id: int) -> None:
    """Hold the lock of this shop's new orders until the transaction ends. Two desks importing the
    same new orders at once would both find them missing and both insert them (the second refused
    by the unique key); waiting here, the second reads them after the first's COMMIT and merges its
    rows into them instead. Taken before the orders are read, so never while holding an order row."""
    if _shared(conn):
        conn.execute("SELECT pg_advisory_xact_lock(?, ?)", (NEW_ORDERS_LOCK, shop_id)).fetchone()


def lock_head_log(conn) -> None:
    """Hold the head log's lock until the transaction ends: its entries are one chain for all desks."""
    if _shared(conn):
        conn.execute("SELECT pg_advisory_xact_lock(?, 0)", (HEAD_LOG_LOCK,)).fetchone()


def rows_to_update(conn) -> str:
    """The clause that locks rows read now to be updated later in the same transaction (none on
    SQLite, whose one writer holds them all): FOR NO KEY UPDATE, which a foreign key's check does
    not wait for."""
    return " FOR NO KEY UPDATE" if _shared(conn) else ""
