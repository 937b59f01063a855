"""The situation an order is in, from its rows: what the guidance says to do next depends on it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache

from seller_assistant import paths
from seller_assistant.core.deadlines import DUE_SOON, LATE, deadline_state
from seller_assistant.core.errors import UserError
from seller_assistant.core.intents import IntentResult, classify
from seller_assistant.core.lexicon import INTENTS
from seller_assistant.core.text_normalize import fold

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
# Needs that can only come from someone holding the goods: the message itself says they shipped.
HOLDS_GOODS_INTENTS = (*AFTER_SALES_INTENTS, "logistics_issue")
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
    needs: list[str] = field(default_factory=list)  # what the message asks for, main need first


@cache
def second_need_phrases() -> dict[str, tuple[str, ...]]:
    path = paths.resource("playbook", "cues", "second_needs.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError("{path}: cannot be read ({problem}).", path=path, problem=exc) from None
    phrases = {}
    for intent, entry in data.items():
        if intent not in INTENTS or not isinstance(entry, dict) or not isinstance(entry.get("phrases"), list):
            raise UserError(
                "{path}: [{intent}] must be an intent with a 'phrases' list.", path=path, intent=intent
            )
        phrases[intent] = tuple(fold(p) for p in entry["phrases"])
    return phrases


def message_needs(message: str | None, intent: IntentResult | None) -> list[str]:
    """The message's main need, then any second need it plainly states (a threat that also says
    the goods have not shipped is an urge too): the reply must answer each."""
    needs = [intent.intent] if intent else []
    if message:
        folded = fold(message)
        for need, phrases in second_need_phrases().items():
            if need not in needs and any(p in folded for p in phrases):
                needs.append(need)
    return needs


def message_situation(needs: list[str]) -> tuple[list[str], bool | None]:
    """With no order picked: the situations the message alone tells, and whether the buyer holds
    the goods (True: they describe them; False: they say they are not sent; None: nothing says)."""
    if "urge_shipping" in needs:
        return ["urge_received"], False
    if needs and needs[0] in HOLDS_GOODS_INTENTS:
        return (["logistics_abnormal"] if needs[0] == "logistics_issue" else ["after_sales_chat"]), True
    if "refund_request" in needs:
        return ["refund_requested"], None
    return [], None


def situation_of(
    state: OrderState,
    now: int,
    due_soon_lead_seconds: int,
    intent: IntentResult | None = None,
    needs: list[str] | None = None,
) -> Situation:
    """`intent` (and its `needs`) is the message being answered; without one the latest buyer
    message is read."""
    if intent is None:
        latest = state.latest_buyer_message()
        intent = classify(latest["text"]) if latest else None
        needs = message_needs(latest["text"] if latest else None, intent)
    needs = needs if needs is not None else ([intent.intent] if intent else [])
    said = intent.intent if intent else None
    order = state.order
    found: set[str] = set()
    if any(e["kind"] in DISPUTE_KINDS for e in state.help_events):
        found.add("dispute_open")
    if order.get("refund_status") == "requested" or (
        order.get("refund_status") is None and "refund_request" in needs
    ):
        found.add("refund_requested")
    # An urge is answered whether or not the goods went out since (then with the tracking number).
    if any(w.get("answered_at") is None for w in state.work_orders) or "urge_shipping" in needs:
        found.add("urge_received")
    if state.unshipped:
        if deadline_state(state.ship_deadline(), now, due_soon_lead_seconds) in (LATE, DUE_SOON):
            found.add("cannot_ship_in_time")
        # A threat about goods not yet sent is about shipping: it is answered with a ship time.
        if "escalation" in needs:
            found.add("urge_received")
    shipped = order.get("shipped_at") is not None
    if order.get("logistics_status") == "exception" or (shipped and said == "logistics_issue"):
        found.add("logistics_abnormal")
    if shipped and said in AFTER_SALES_INTENTS:
        found.add("after_sales_chat")
    if (
        shipped
        and order.get("perishable")
        and order.get("status") == "shipped"
        and "logistics_abnormal" not in found
    ):
        found.add("logistics_normal_perishable")
    ordered = [s for s in SITUATIONS if s in found]
    return Situation(ordered[0] if ordered else None, ordered, intent, needs)
