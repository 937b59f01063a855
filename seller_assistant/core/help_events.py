"""Help events: the kinds a marketplace counts against the shop, and why buyers escalate."""

from __future__ import annotations

from dataclasses import dataclass, field

from seller_assistant.core.errors import UserError

# Taobao's platform help rate counts these four; they stack on one order.
HELP_EVENT_KINDS = ("dispute", "complaint", "intervention", "ticket_timeout")
# Other marketplaces' defects, named by their profiles in resources/rules/.
OTHER_EVENT_KINDS = ("negative_feedback", "a_to_z_claim", "chargeback", "seller_cancellation", "case_unresolved")
EVENT_KINDS = HELP_EVENT_KINDS + OTHER_EVENT_KINDS
EVENT_REASONS = ("quality", "not_as_described", "logistics", "refund", "shipping", "service", "other")


def check_event(kind: str, reason: str | None) -> None:
    if kind not in EVENT_KINDS:
        raise UserError(f"'{kind}' is not a help event kind (use one of: {', '.join(EVENT_KINDS)}).")
    if reason is not None and reason not in EVENT_REASONS:
        raise UserError(f"'{reason}' is not a reason (use one of: {', '.join(EVENT_REASONS)}).")


@dataclass
class EventImportResult:
    """What an events file did: rows read, events added, exact repeats skipped, bad lines."""

    file: str
    rows: int = 0
    inserted: int = 0
    duplicates: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    def to_json(self) -> dict:
        return {
            "file": self.file, "rows": self.rows, "inserted": self.inserted, "duplicates": self.duplicates,
            "errors": [{"line": line, "message": message} for line, message in self.errors],
        }
