"""Sealing evidence items into per-order hash chains, reading chains back, verifying the store.

An item's content is re-read from its own table (messages, agreements, …) at verify time, so a
changed byte in any sealed column no longer matches the content_hash recorded when it was sealed.
Hashing rules live in core/evidence.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from seller_assistant.core.chain_report import ChainProblem as ChainProblem
from seller_assistant.core.chain_report import StoreVerifyReport as StoreVerifyReport
from seller_assistant.core.chain_report import format_verify_report as format_verify_report
from seller_assistant.core.errors import UserError
from seller_assistant.core.evidence import GENESIS, SEALED_COLUMNS, content_hash_of_row, link_hash
from seller_assistant.core.messages import Message
from seller_assistant.store import head_log, pg_locks
from seller_assistant.store.chain_verify import verify_store as verify_store  # the one pass over every chain
from seller_assistant.store.connection import Store
from seller_assistant.store.staff import acting_staff

_EVIDENCE_COLUMNS = (
    "id",
    "chain_key",
    "seq",
    "item_type",
    "item_id",
    "content_hash",
    "prev_hash",
    "hash",
    "sealed_at",
    "sealed_by",
)


def order_chain_key(order_no: str) -> str:
    return f"order:{order_no}"


def buyer_chain_key(buyer: str) -> str:
    return f"buyer:{buyer}"


def item_content(store: Store, item_type: str, item_id: int) -> dict:
    table, columns = _sealed(item_type)
    row = store.conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise UserError(
            "There is no {item_type} number {item_id} to seal.", item_type=Message(item_type), item_id=item_id
        )
    return dict(zip(columns, row, strict=True))


def chain_key_for(store: Store, item_type: str, item_id: int) -> tuple[int, str]:
    """(shop_id, chain key) of an item: its order's chain, else its buyer's."""
    _sealed(item_type)
    if item_type in ("message", "link"):
        sql = (
            "SELECT m.shop_id, o.order_no, m.buyer FROM messages m LEFT JOIN orders o ON o.id = m.order_id"
            " WHERE m.id = ?"
        )
    elif item_type == "attachment":
        sql = (
            "SELECT a.shop_id, coalesce(o.order_no, mo.order_no), m.buyer FROM attachments a"
            " LEFT JOIN orders o ON o.id = a.order_id LEFT JOIN messages m ON m.id = a.message_id"
            " LEFT JOIN orders mo ON mo.id = m.order_id WHERE a.id = ?"
        )
    else:
        table = SEALED_COLUMNS[item_type][0]
        sql = f"SELECT t.shop_id, o.order_no, NULL FROM {table} t JOIN orders o ON o.id = t.order_id WHERE t.id = ?"
    row = store.conn.execute(sql, (item_id,)).fetchone()
    if row is None:
        raise UserError(
            "There is no {item_type} number {item_id} to seal.", item_type=Message(item_type), item_id=item_id
        )
    shop_id, order_no, buyer = row
    if order_no is not None:
        return shop_id, order_chain_key(order_no)
    if buyer is not None:
        return shop_id, buyer_chain_key(buyer)
    raise UserError(
        "The {item_type} number {item_id} belongs to no order and no buyer; it cannot be sealed.",
        item_type=Message(item_type),
        item_id=item_id,
    )


def seal_item(store: Store, item_type: str, item_id: int, now: int) -> str:
    """Append one item to its chain and return its hash. Joins the caller's transaction if any."""
    with store.write():
        shop_id, key = chain_key_for(store, item_type, item_id)
        sealer = ChainSealer(store, shop_id, now)
        sealer.add(key, item_type, item_id, item_content(store, item_type, item_id))
        return sealer.flush()[0]


class ChainSealer:
    """Seals many items in one go: keeps each chain's head in memory instead of re-reading it
    per item, and writes the chain rows with one executemany. Use inside a write transaction."""

    def __init__(self, store: Store, shop_id: int, now: int) -> None:
        self.store, self.shop_id, self.now = store, shop_id, now
        self.sealed_by = acting_staff(store, shop_id)  # inside every seal it makes (seal version 2)
        self._heads: dict[str, tuple[int, str]] = {}
        self._rows: list[tuple] = []

    def head(self, chain_key: str) -> tuple[int, str]:
        head = self._heads.get(chain_key)
        if head is None:
            pg_locks.lock_chains(self.store.conn, [chain_key])  # another desk may be sealing it now
            row = self.store.conn.execute(
                "SELECT seq, hash FROM evidence_items WHERE chain_key = ? ORDER BY seq DESC LIMIT 1",
                (chain_key,),
            ).fetchone()
            head = (row[0], row[1]) if row else (0, GENESIS)
        return head

    def prefetch(self, chain_keys: Iterable[str]) -> dict[str, tuple[int, str]]:
        """Load the heads of these chains in a few queries (a big import touches thousands of
        chains; one query each adds up) and return the heads dict, which `add` keeps current."""
        heads = self._heads
        missing = list({key for key in chain_keys if key not in heads})
        pg_locks.lock_chains(self.store.conn, missing)
        for start in range(0, len(missing), 900):
            chunk = missing[start : start + 900]
            for key in chunk:
                heads[key] = (0, GENESIS)
            marks = ",".join("?" * len(chunk))
            # The inner max() reads only the (chain_key, seq) index; the outer fetches one row per chain.
            for key, seq, item_hash in self.store.conn.execute(
                "SELECT chain_key, seq, hash FROM evidence_items WHERE (chain_key, seq) IN"
                f" (SELECT chain_key, max(seq) FROM evidence_items WHERE chain_key IN ({marks}) GROUP BY chain_key)",
                chunk,
            ):
                heads[key] = (seq, item_hash)
        return heads

    def add(
        self,
        chain_key: str,
        item_type: str,
        item_id: int,
        content: dict | None = None,
        c_hash: str | None = None,
    ) -> str:
        """Append an item given its content, or its already computed content hash."""
        seq, prev = self.head(chain_key)
        seq += 1
        if c_hash is None:
            c_hash = content_hash_of_row(item_type, content)
        new_hash = link_hash(prev, c_hash, item_type, seq, self.sealed_by)
        self._heads[chain_key] = (seq, new_hash)
        self._rows.append(
            (
                self.shop_id,
                chain_key,
                seq,
                item_type,
                item_id,
                c_hash,
                prev,
                new_hash,
                self.now,
                self.sealed_by,
            )
        )
        return new_hash

    def flush(self) -> list[str]:
        """Write the items added since the last flush, and one head-log entry naming the new head
        of every chain they went into."""
        rows, self._rows = self._rows, []
        if rows:
            self.store.conn.executemany(
                "INSERT INTO evidence_items (shop_id, chain_key, seq, item_type, item_id, content_hash,"
                " prev_hash, hash, sealed_at, sealed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            head_log.record(self.store, {row[1]: (row[2], row[7]) for row in rows}, self.now)
        return [row[7] for row in rows]


def is_sealed_in(store: Store, item_type: str, item_id: int, chain_key: str) -> bool:
    return (
        store.conn.execute(
            "SELECT 1 FROM evidence_items WHERE item_type = ? AND item_id = ? AND chain_key = ?",
            (item_type, item_id, chain_key),
        ).fetchone()
        is not None
    )


def chain_for_key(store: Store, chain_key: str) -> list[dict]:
    """Every item of one chain in order, each with its content (as sealed) and hashes."""
    items = [
        dict(zip(_EVIDENCE_COLUMNS, row, strict=True))
        for row in store.conn.execute(
            f"SELECT {', '.join(_EVIDENCE_COLUMNS)} FROM evidence_items WHERE chain_key = ? ORDER BY seq",
            (chain_key,),
        )
    ]
    by_type: dict[str, list[int]] = {}
    for item in items:
        by_type.setdefault(item["item_type"], []).append(item["item_id"])
    contents = {}
    for item_type, ids in by_type.items():
        table, columns = SEALED_COLUMNS[item_type]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in store.conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE id IN ({marks})", chunk
            ):
                contents[(item_type, row[0])] = dict(zip(columns, row, strict=True))
    for item in items:
        item["content"] = contents.get((item["item_type"], item["item_id"]))
    return items


def chain_for_order(store: Store, order_id: int) -> list[dict]:
    return chain_for_key(store, order_chain_key(_order_no(store, order_id)))


def chain_head(store: Store, order_id: int) -> str | None:
    row = store.conn.execute(
        "SELECT hash FROM evidence_items WHERE chain_key = ? ORDER BY seq DESC LIMIT 1",
        (order_chain_key(_order_no(store, order_id)),),
    ).fetchone()
    return row[0] if row else None


def _order_no(store: Store, order_id: int) -> str:
    row = store.conn.execute("SELECT order_no FROM orders WHERE id = ?", (order_id,)).fetchone()
    if row is None:
        raise UserError("There is no order with id {order_id}.", order_id=order_id)
    return row[0]


def _sealed(item_type: str) -> tuple[str, tuple[str, ...]]:
    try:
        return SEALED_COLUMNS[item_type]
    except KeyError:
        raise ValueError(f"unknown evidence item type {item_type!r}") from None
