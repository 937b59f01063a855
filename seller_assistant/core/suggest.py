"""A buyer's message and/or an order in; its intent, situation, filled replies and next actions out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from seller_assistant.core import playbook, reply_guard
from seller_assistant.core.clock import from_epoch
from seller_assistant.core.intents import IntentResult, classify
from seller_assistant.core.playbook import Reply, Template
from seller_assistant.core.situation import OrderState, Situation, situation_of


@dataclass
class Suggestion:
    intent: IntentResult | None
    situation: Situation | None
    replies: list[Reply]
    actions: list[str]
    warnings: list[reply_guard.GuardWarning] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)
    lang: str = "zh"

    def to_json(self) -> dict:
        intent = self.intent.to_json() if self.intent else {"intent": None, "confidence": None, "matched": []}
        data = {
            **{k: intent[k] for k in ("intent", "confidence", "matched")},
            "situation": self.situation.primary if self.situation else None,
            "replies": [reply.to_json() for reply in self.replies],
            "actions": self.actions,
            "warnings": [w.to_json(self.lang) for w in self.warnings],
        }
        if intent.get("not_sure"):
            data["not_sure"] = True
            data["alternatives"] = intent["alternatives"]
        return data


def format_time(epoch: int, tz: tzinfo, lang: str) -> str:
    moment = from_epoch(epoch, tz)
    if lang == "zh":
        return f"{moment.month}月{moment.day}日 {moment:%H:%M}"
    return f"{moment:%b} {moment.day}, {moment:%H:%M}"


def format_money(cents: int, lang: str) -> str:
    yuan, rest = divmod(cents, 100)
    return f"¥{yuan}.{rest:02d}" if lang == "zh" else f"CNY {yuan}.{rest:02d}"


def order_facts(state: OrderState, tz: tzinfo, lang: str, chosen: dict[str, int] | None = None) -> dict[str, str]:
    """The facts a template may use, as the buyer should read them. `chosen` holds the dates the
    shop picks ({new_date}, {report_back_at}) as epoch seconds; an open commitment is the default."""
    order = state.order
    facts = {
        "buyer": order.get("buyer") or "",
        "item": order.get("item_title") or "",
        "order_no": order.get("order_no") or "",
        "tracking_no": order.get("tracking_no") or "",
        "carrier": order.get("carrier") or "",
    }
    if order.get("promised_ship_at"):
        facts["promised_ship_at"] = format_time(order["promised_ship_at"], tz, lang)
    if order.get("amount_cents"):
        facts["refund_amount"] = format_money(order["amount_cents"], lang)
    times = chosen_times(state, chosen)
    for name, epoch in times.items():
        facts[name] = format_time(epoch, tz, lang)
    return {name: value for name, value in facts.items() if value}


def chosen_times(state: OrderState | None, chosen: dict[str, int] | None) -> dict[str, int]:
    times: dict[str, int] = {}
    if state is not None:
        for name, kind in playbook.CHOSEN_DATES.items():
            open_commitment = state.open_commitment(kind)
            if open_commitment:
                times[name] = open_commitment["due_at"]
    times.update({k: v for k, v in (chosen or {}).items() if v})
    return times


def suggest(
    message: str | None,
    state: OrderState | None,
    *,
    now: int,
    tz: tzinfo,
    lang: str,
    due_soon_lead_seconds: int,
    templates: list[Template] | None = None,
    chosen: dict[str, int] | None = None,
) -> Suggestion:
    templates = templates if templates is not None else playbook.load_templates()
    intent = classify(message) if message and message.strip() else None
    situation = None
    facts: dict[str, str] = {}
    shipped = None
    if state is not None:
        situation = situation_of(state, now, due_soon_lead_seconds, intent)
        intent = intent or situation.message_intent
        facts = order_facts(state, tz, lang, chosen)
        shipped = state.order.get("shipped_at") is not None
    else:
        facts = {name: format_time(epoch, tz, lang) for name, epoch in chosen_times(None, chosen).items()}
    chosen_templates = playbook.choose(
        templates, intent.intent if intent else None, situation.all if situation else [], shipped
    )
    replies = [playbook.fill(template, lang, facts) for template in chosen_templates]
    # Complete replies first; ones still waiting for a fact keep their rank among themselves.
    replies.sort(key=lambda reply: bool(reply.needs))
    actions = list(dict.fromkeys(action for reply in replies for action in reply.actions))
    warnings = [w for reply in replies if reply.text for w in reply_guard.check(reply.text)]
    return Suggestion(intent, situation, replies, actions, warnings, facts, lang)
