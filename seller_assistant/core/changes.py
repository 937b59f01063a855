"""What a write changed, so each view refreshes only for what it shows (in the spirit of Anki's OpChanges)."""

from __future__ import annotations

import json
from dataclasses import dataclass

# PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; a change to more orders than fit is
# sent as "some orders" (None), which every view already reads as "read the list again".
MAX_PAYLOAD_BYTES = 7000
_FLAGS = ("orders_added", "evidence", "events", "settings", "shops")


@dataclass(frozen=True)
class Changes:
    """`orders`: the ids of orders whose rows changed; None means any number of them (an import).
    `orders_added`: orders appeared or vanished, so counts and lists must be read again."""

    orders: frozenset[int] | None = frozenset()
    orders_added: bool = False
    evidence: bool = False  # messages, agreements, attachments, replies, corrections
    events: bool = False  # help events, work orders (urges), commitments, notes
    settings: bool = False
    shops: bool = False

    @classmethod
    def everything(cls) -> Changes:
        """After a restore, an import or anything too broad to describe."""
        return cls(orders=None, orders_added=True, evidence=True, events=True, settings=True, shops=True)

    @classmethod
    def order(cls, order_id: int, *, evidence: bool = False, events: bool = False) -> Changes:
        """One order's row changed (shipped, promise moved), with what hangs off it."""
        return cls(orders=frozenset({order_id}), evidence=evidence, events=events)

    def touches_order(self, order_id: int | None) -> bool:
        if order_id is None:
            return False
        return self.orders is None or order_id in self.orders

    @property
    def touches_orders(self) -> bool:
        return self.orders is None or bool(self.orders) or self.orders_added

    @property
    def needs_recount(self) -> bool:
        """Counts and the set of rows shown may differ: re-read lists, not just rows."""
        return self.orders is None or self.orders_added or self.shops or self.settings

    def __or__(self, other: Changes) -> Changes:
        orders = None if self.orders is None or other.orders is None else self.orders | other.orders
        return Changes(
            orders,
            self.orders_added or other.orders_added,
            self.evidence or other.evidence,
            self.events or other.events,
            self.settings or other.settings,
            self.shops or other.shops,
        )

    def to_payload(self, desk: str) -> str:
        """This change as a short JSON text that names the desk it comes from (for another desk)."""
        body: dict[str, object] = {
            "desk": desk,
            "orders": None if self.orders is None else sorted(self.orders),
        }
        body.update({flag: True for flag in _FLAGS if getattr(self, flag)})
        text = json.dumps(body, separators=(",", ":"))
        if len(text.encode("utf-8")) > MAX_PAYLOAD_BYTES:
            return Changes(None, *(getattr(self, flag) for flag in _FLAGS)).to_payload(desk)
        return text

    @classmethod
    def from_payload(cls, text: str) -> tuple[str, Changes]:
        """(desk, changes) from `to_payload`'s text; anything unreadable is "everything changed"
        (a newer app's message, say): refreshing too much is safe, missing a change is not."""
        try:
            body = json.loads(text)
            orders = body["orders"]
            changes = cls(
                None if orders is None else frozenset(int(order_id) for order_id in orders),
                *(body.get(flag) is True for flag in _FLAGS),
            )
            return str(body.get("desk", "")), changes
        except (ValueError, TypeError, KeyError, AttributeError):
            return "", cls.everything()
