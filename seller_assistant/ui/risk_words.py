"""Names of help-event kinds and reasons in the interface language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("RiskWords", text)


def kind_name(kind: str) -> str:
    return {
        "dispute": _tr("Dispute"),
        "complaint": _tr("Complaint"),
        "intervention": _tr("Platform intervention"),
        "ticket_timeout": _tr("Work order timeout"),
        "negative_feedback": _tr("Negative feedback"),
        "a_to_z_claim": _tr("A-to-z claim"),
        "chargeback": _tr("Chargeback"),
        "seller_cancellation": _tr("Seller cancellation"),
        "case_unresolved": _tr("Case closed without seller resolution"),
        "late_shipment": _tr("Late shipment"),
    }.get(kind, kind)


def reason_name(reason: str) -> str:
    return {
        "quality": _tr("Quality"),
        "not_as_described": _tr("Not as described"),
        "logistics": _tr("Logistics"),
        "refund": _tr("Refund"),
        "shipping": _tr("Shipping"),
        "service": _tr("Service"),
        "other": _tr("Other"),
        "unspecified": _tr("Not given"),
    }.get(reason, reason)
