"""The situation an order is in, from its rows: what the guidance says to do next depends on it."""

from __future__ import annotations

from dataclasses import dataclass, field

from seller_assistant.core.deadlines import DUE_SOON, LATE, deadline_state
from seller_assistant.core.intents import IntentResult, classify

# Most pressing first: the first one found is the order's primary situation.
SITUATIONS = (
    "dispute_open",
    "refund_requested",
    "cannot_ship_in_time",
    "urge_received",
    "logistics_abnormal",
    "after_sales_chat",
    "logistics_normal_perishable",
)
AFTER_SALES_INTENTS = ("damaged", "not_as_described", "quality")
DISPUTE_KINDS = ("dispute", "intervention")


@dataclass
class OrderState:
    """Everything about one order the playbook reads; the store fills it (store/replies.py)."""

    order: dict
    work_orders: list[dict] = field(default_factory=list)
    help_events: list[dict] = field(default_factory=list)
    commitments: list[dict] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)

    @property
    def unshipped(self) -> bool:
        return self.order.get("shipped_at") is None and self.order.get("status") == "paid"

    def latest_buyer_message(self) -> dict | None:
        buyer = [m for m in self.messages if m.get("sender_role") == "buyer"]
        return max(buyer, key=lambda m: (m["sent_at"], m.get("id", 0))) if buyer else None

    def open_commitment(self, kind: str) -> dict | None:
        open_ = [c for c in self.commitments if c["kind"] == kind and c.get("kept_at") is None]
        return max(open_, key=lambda c: c["due_at"]) if open_ else None

    def ship_deadline(self) -> int | None:
        """The promise still to keep: an agreed new date replaces the platform's promise."""
        agreed = self.open_commitment("ship_by")
        return agreed["due_at"] if agreed else self.order.get("promised_ship_at")


@dataclass
class Situation:
    primary: str | None
    all: list[str]
    message_intent: IntentResult | None = None


def situation_of(state: OrderState, now: int, due_soon_lead_seconds: int, intent: IntentResult | None = None) -> Situation:
    """`intent` is the message being answered; without one the latest buyer message is read."""
    if intent is None:
        latest = state.latest_buyer_message()
        intent = classify(latest["text"]) if latest else None
    said = intent.intent if intent else None
    order = state.order
    found: set[str] = set()
    if any(e["kind"] in DISPUTE_KINDS for e in state.help_events):
        found.add("dispute_open")
    if order.get("refund_status") == "requested":
        found.add("refund_requested")
    if state.unshipped:
        if deadline_state(state.ship_deadline(), now, due_soon_lead_seconds) in (LATE, DUE_SOON):
            found.add("cannot_ship_in_time")
        if any(w.get("answered_at") is None for w in state.work_orders) or said == "urge_shipping":
            found.add("urge_received")
    shipped = order.get("shipped_at") is not None
    if order.get("logistics_status") == "exception" or (shipped and said == "logistics_issue"):
        found.add("logistics_abnormal")
    if shipped and said in AFTER_SALES_INTENTS:
        found.add("after_sales_chat")
    if (shipped and order.get("perishable") and order.get("status") == "shipped"
            and "logistics_abnormal" not in found):
        found.add("logistics_normal_perishable")
    ordered = [s for s in SITUATIONS if s in found]
    return Situation(ordered[0] if ordered else None, ordered, intent)
