"""A buyer's message and/or an order in; its intent, situation, filled replies and next actions out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from seller_assistant.core import playbook, reply_guard
from seller_assistant.core.clock import from_epoch
from seller_assistant.core.i18n import t
from seller_assistant.core.intents import IntentResult, classify
from seller_assistant.core.playbook import Reply, Template
from seller_assistant.core.situation import (
    OrderState,
    Situation,
    message_needs,
    message_situation,
    situation_of,
)


@dataclass
class Suggestion:
    intent: IntentResult | None
    situation: Situation | None
    replies: list[Reply]
    actions: list[str]
    warnings: list[reply_guard.GuardWarning] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)
    lang: str = "zh"
    needs: list[str] = field(default_factory=list)  # what the message asks for, main need first

    @property
    def gaps(self) -> list[str]:
        """Facts the shop has still to supply for any proposed reply, in order of first use."""
        return list(dict.fromkeys(name for reply in self.replies for name in reply.needs))

    def to_json(self) -> dict:
        intent = self.intent.to_json() if self.intent else {"intent": None, "confidence": None, "matched": []}
        data = {
            **{k: intent[k] for k in ("intent", "confidence", "matched")},
            "situation": self.situation.primary if self.situation else None,
            "replies": [reply.to_json() for reply in self.replies],
            "actions": self.actions,
            "warnings": [w.to_json(self.lang) for w in self.warnings],
        }
        if self.gaps:
            data["needs"] = self.gaps
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


def order_facts(
    state: OrderState, tz: tzinfo, lang: str, chosen: dict | None = None, now: int | None = None
) -> dict[str, str]:
    """The facts a template may use, as the buyer should read them: the order's own, then what the
    shop supplied (`chosen`: a reason, and dates as epoch seconds); an open commitment still ahead
    is a date the shop already gave."""
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
    facts.update(shop_facts(state, chosen, tz, lang, now))
    return {name: value for name, value in facts.items() if value}


def reason_text(reason: str | None, lang: str) -> str:
    """A reason the shop chose from the list, in the reply's language, or its own words as typed."""
    reason = (reason or "").strip()
    return t(f"replies.reason_{reason}", lang) if reason in playbook.REASONS else reason


def shop_facts(
    state: OrderState | None, chosen: dict | None, tz: tzinfo, lang: str, now: int | None = None
) -> dict[str, str]:
    facts = {name: format_time(epoch, tz, lang) for name, epoch in chosen_times(state, chosen, now).items()}
    reason = reason_text((chosen or {}).get("reason"), lang)
    if reason:
        facts["reason"] = reason
    return facts


def chosen_times(state: OrderState | None, chosen: dict | None, now: int | None = None) -> dict[str, int]:
    """Dates the shop gave: chosen now, else an open commitment (one already past is no promise
    to repeat)."""
    times: dict[str, int] = {}
    if state is not None:
        for name, kind in playbook.CHOSEN_DATES.items():
            open_commitment = state.open_commitment(kind)
            if open_commitment and (now is None or open_commitment["due_at"] > now):
                times[name] = open_commitment["due_at"]
    times.update({k: v for k, v in (chosen or {}).items() if k in playbook.CHOSEN_DATES and v})
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
    chosen: dict | None = None,
) -> Suggestion:
    """`chosen` holds the facts the shop supplied: "reason" (a code of playbook.REASONS or its own
    words), "new_date" and "report_back_at" (epoch seconds)."""
    templates = templates if templates is not None else playbook.load_templates()
    intent = classify(message) if message and message.strip() else None
    needs = message_needs(message, intent) if intent else []
    situation = None
    if state is not None:
        situation = situation_of(state, now, due_soon_lead_seconds, intent, needs if intent else None)
        intent = intent or situation.message_intent
        needs = situation.needs
        facts = order_facts(state, tz, lang, chosen, now)
        situations, goods = situation.all, state.order.get("shipped_at") is not None
    else:
        facts = shop_facts(None, chosen, tz, lang, now)
        situations, goods = message_situation(needs)
    chosen_templates = playbook.choose(templates, needs, situations, goods)
    replies = [playbook.fill(template, lang, facts) for template in chosen_templates]
    # A reply that needs a fact of the order the order lacks cannot be made true here: not proposed.
    # One that needs a fact only the shop can give stays, as a draft the form completes.
    replies = [reply for reply in replies if set(reply.needs) <= set(playbook.ASKED)]
    actions = list(dict.fromkeys(action for reply in replies for action in reply.actions))
    warnings = [w for reply in replies if reply.text for w in reply_guard.check(reply.text)]
    return Suggestion(intent, situation, replies, actions, warnings, facts, lang, needs)
