"""The order's story for report.pdf: every dated thing that happened to it, one line each, in the
report's language, masked as the bundle is. Kept apart from the page layout in report_pdf."""

from __future__ import annotations

from datetime import tzinfo

from seller_assistant.core.bundle_model import BundleData
from seller_assistant.core.chat_export import sender_label, stage_label
from seller_assistant.core.clock import format_local
from seller_assistant.core.i18n import t
from seller_assistant.core.masking import Masker


def label(prefix: str, value: str | None, lang: str) -> str:
    """A stored code (dispute, compensation, …) in the report's language; unknown codes as they are."""
    if not value:
        return ""
    try:
        return t(f"bundle.{prefix}_{value}", lang)
    except KeyError:
        return value


def timeline_entries(
    data: BundleData, masker: Masker, include: frozenset[str], lang: str, tz: tzinfo
) -> list[tuple[int, str]]:
    """Everything that happened to the order, oldest first: (epoch, one line)."""

    def tr(key: str, **values) -> str:
        return t(f"bundle.{key}", lang, **values)

    # Who did it (issue 18): a sealed item's name is its seal's (sealed_by), an action's its row's.
    sealers = {(item.get("item_type"), item.get("item_id")): item.get("sealed_by") for item in data.chain}

    def by(text: str, who: str | None) -> str:
        return tr("by_staff", what=text, who=who) if who else text

    o = data.order
    entries: list[tuple[int, str]] = []
    for key, field_name in (
        ("event_created", "created_at"),
        ("event_paid", "paid_at"),
        ("event_promised", "promised_ship_at"),
        ("event_completed", "completed_at"),
    ):
        if o.get(field_name):
            entries.append((o[field_name], tr(key)))
    if data.shipments:
        for s in data.shipments:
            entries.append(
                (
                    s["shipped_at"],
                    by(
                        tr(
                            "event_shipped",
                            carrier=s.get("carrier") or "",
                            tracking=s.get("tracking_no") or "",
                        ),
                        s.get("shipped_by") or sealers.get(("shipment", s.get("id"))),
                    ),
                )
            )
    elif o.get("shipped_at"):
        entries.append(
            (
                o["shipped_at"],
                tr("event_shipped", carrier=o.get("carrier") or "", tracking=o.get("tracking_no") or ""),
            )
        )
    for e in data.edits:
        text = edit_text(e, lang, tz)
        if text:
            entries.append((e["at"], by(text, e.get("made_by"))))
    for a in data.agreements:
        entries.append(
            (
                a["agreed_at"],
                by(
                    tr("event_agreement", text=_short(masker.text(a.get("text")))),
                    sealers.get(("agreement", a.get("id"))),
                ),
            )
        )
    if "chat" in include:
        for msg in data.messages:
            sender = sender_label(msg, lang, masker)
            entries.append(
                (
                    msg["sent_at"],
                    tr("event_message", sender=sender, text=_short(masker.text(msg.get("text")))),
                )
            )
    if "events" in include:
        for wo in data.work_orders:
            entries.append(
                (
                    wo["opened_at"],
                    by(
                        tr(
                            "event_work_order",
                            kind=label("work", wo.get("kind"), lang),
                            due=format_local(wo.get("due_at"), tz),
                        ),
                        wo.get("opened_by"),
                    ),
                )
            )
            if wo.get("answered_at"):
                entries.append(
                    (
                        wo["answered_at"],
                        by(
                            tr("event_work_order_answered", answer=_short(masker.text(wo.get("answer")))),
                            wo.get("answered_by"),
                        ),
                    )
                )
        for e in data.help_events:
            entries.append(
                (
                    e["at"],
                    by(
                        tr(
                            "event_help",
                            kind=label("help", e.get("kind"), lang),
                            reason=label("reason", e.get("reason"), lang),
                            note=_short(masker.text(e.get("note"))),
                        ),
                        e.get("recorded_by"),
                    ),
                )
            )
        for c in data.commitments:
            entries.append(
                (
                    c["due_at"],
                    by(
                        tr(
                            "event_commitment",
                            kind=label("commitment", c.get("kind"), lang),
                            text=_short(masker.text(c.get("text"))),
                        ),
                        c.get("made_by"),
                    ),
                )
            )
    if "attachments" in include:
        for att in data.attachments:
            entries.append(
                (
                    att.added_at,
                    by(
                        tr("event_attachment", name=masker.text(att.original_name)),
                        sealers.get(("attachment", att.id)),
                    ),
                )
            )
    if "notes" in include:
        for n in data.notes:
            entries.append(
                (n["at"], by(tr("event_note", text=_short(masker.text(n.get("text")))), n.get("author")))
            )
    entries.sort(key=lambda entry: entry[0])
    return entries


def edit_text(edit: dict, lang: str, tz: tzinfo) -> str | None:
    """An edit by hand (store/order_flags.py's fields) in the report's language."""
    field, value = edit.get("field"), edit.get("value")
    if field == "refund_status":
        if value == "requested":
            return t("bundle.event_edit_refund", lang)
        return t("bundle.event_edit_refund_value", lang, value=value or "-")
    if field == "logistics_status":
        if value == "exception":
            return t("bundle.event_edit_logistics", lang)
        return t("bundle.event_edit_logistics_value", lang, value=value or "-")
    if field == "message_stage" and value:
        message_id, _, stage = value.partition(":")
        return t("bundle.event_edit_stage", lang, number=message_id, stage=stage_label(stage, lang))
    if field == "promised_ship_at":
        if value is None:
            return t("bundle.event_edit_promise_rules", lang)
        return t("bundle.event_edit_promise", lang, deadline=format_local(int(value), tz))
    return None


def _short(text: str | None, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
