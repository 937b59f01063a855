"""What a write changed, so each view refreshes only for what it shows (in the spirit of Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass


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
