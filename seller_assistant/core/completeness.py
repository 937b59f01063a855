"""Which kinds of evidence a dispute over an order would want, and which of them the shop has."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from seller_assistant.core.i18n import t

KINDS = ("pre_sale_chat", "agreement", "shipping_proof", "delivery_chat", "after_sale_chat")
# The only stages the checklist looks at: a message of another stage, or none, changes nothing.
STAGES_READ = ("pre_sale", "shipping", "after_sale")

# A message that shows the goods reached the buyer (or, for digital goods, were delivered).
_DELIVERY_WORDS = re.compile(
    r"签收|收到|到货|已送达|派送|已发出|已发货|单号|卡密|激活码|发货了|delivered|received|tracking|shipped",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ChatFact:
    stage: str | None
    sender_role: str
    text: str


@dataclass(frozen=True)
class EvidenceFacts:
    """What the store knows about one order's evidence, as plain values."""

    messages: Sequence[ChatFact] = field(default_factory=tuple)
    agreements: int = 0
    tracking_numbers: Sequence[str] = field(default_factory=tuple)  # from shipments and the order


@dataclass(frozen=True)
class CompletenessItem:
    kind: str
    present: bool
    hint: str  # what to add when missing, in the requested language


def _present(facts: EvidenceFacts) -> dict[str, bool]:
    stages = {m.stage for m in facts.messages}
    return {
        "pre_sale_chat": "pre_sale" in stages,
        "agreement": facts.agreements > 0,
        "shipping_proof": any(no.strip() for no in facts.tracking_numbers if no),
        "delivery_chat": any(
            m.stage in ("shipping", "after_sale") and _DELIVERY_WORDS.search(m.text) for m in facts.messages
        ),
        "after_sale_chat": "after_sale" in stages,
    }


def evidence_completeness(facts: EvidenceFacts, lang: str = "en") -> list[CompletenessItem]:
    present = _present(facts)
    return [CompletenessItem(kind, present[kind], t(f"evidence.hint_{kind}", lang)) for kind in KINDS]


def missing_kinds(items: Sequence[CompletenessItem]) -> list[str]:
    return [item.kind for item in items if not item.present]


def missing_evidence(facts: EvidenceFacts) -> list[str]:
    """missing_kinds(evidence_completeness(facts)) without the hints: the risk report checks
    dozens of orders and names only what is missing."""
    present = _present(facts)
    return [kind for kind in KINDS if not present[kind]]
