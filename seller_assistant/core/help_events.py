"""Help events: the kinds a marketplace counts against the shop, and why buyers escalate."""

from __future__ import annotations

from dataclasses import dataclass, field

from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message

# Taobao's platform help rate counts these four; they stack on one order.
HELP_EVENT_KINDS = ("dispute", "complaint", "intervention", "ticket_timeout")
# Other marketplaces' defects, named by their profiles in resources/rules/.
OTHER_EVENT_KINDS = (
    "negative_feedback",
    "a_to_z_claim",
    "chargeback",
    "seller_cancellation",
    "case_unresolved",
)
EVENT_KINDS = HELP_EVENT_KINDS + OTHER_EVENT_KINDS
# The kind stored as `ticket_timeout` is what Taobao calls 工单超时: users read and type
# "work order timeout" everywhere (window, CLI, PDF); the stored id stays so old stores keep working.
KIND_USER_WORDS = {"ticket_timeout": "work_order_timeout"}
EVENT_REASONS = ("quality", "not_as_described", "logistics", "refund", "shipping", "service", "other")


# What shop owners call each kind in Chinese (the platforms' own words), so `add-event 投诉` works.
KIND_WORDS = {
    "纠纷": "dispute",
    "退款纠纷": "dispute",
    "投诉": "complaint",
    "咨询介入": "intervention",
    "介入": "intervention",
    "小二介入": "intervention",
    "平台介入": "intervention",
    "工单超时": "ticket_timeout",
    "超时": "ticket_timeout",
    "差评": "negative_feedback",
    "中差评": "negative_feedback",
    "a-to-z": "a_to_z_claim",
    "atoz": "a_to_z_claim",
    "拒付": "chargeback",
    "商家取消": "seller_cancellation",
    "未解决": "case_unresolved",
    "work_order_timeout": "ticket_timeout",
    "work order timeout": "ticket_timeout",
}


def kind_word(kind: str) -> str:
    """The word a user types for a kind (`work_order_timeout` for the stored `ticket_timeout`)."""
    return KIND_USER_WORDS.get(kind, kind)


USER_KINDS = tuple(kind_word(kind) for kind in EVENT_KINDS)
REASON_WORDS = {
    "质量": "quality",
    "质量问题": "quality",
    "描述不符": "not_as_described",
    "与描述不符": "not_as_described",
    "物流": "logistics",
    "退款": "refund",
    "发货": "shipping",
    "服务": "service",
    "其他": "other",
    "其它": "other",
}


def event_kinds_for(platform: str, counted: tuple[str, ...]) -> tuple[str, ...]:
    """The kinds a shop on `platform` can record: those its marketplace counts, and on the Chinese
    marketplaces the four help events they all know (no A-to-z claim on a Taobao shop)."""
    chinese = platform in ("taobao", "tmall", "jd", "pinduoduo", "douyin")
    kinds = (*counted, *(HELP_EVENT_KINDS if chinese else ()))
    return tuple(dict.fromkeys(kinds)) or EVENT_KINDS


def event_kind_from_text(text: str) -> str:
    """The event kind a user's word names: `complaint`, `work-order-timeout` or `投诉`."""
    word = text.strip().lower().replace("-", "_")
    if word in EVENT_KINDS:
        return word
    kind = KIND_WORDS.get(text.strip().lower()) or KIND_WORDS.get(word)
    if kind is None:
        raise UserError(
            "'{text}' is not a help event kind (use one of: {kinds}, or {words}).",
            text=text,
            kinds=", ".join(USER_KINDS),
            words="、".join(KIND_WORDS),
        )
    return kind


def event_reason_from_text(text: str) -> str:
    word = text.strip().lower().replace("-", "_")
    if word in EVENT_REASONS:
        return word
    reason = REASON_WORDS.get(text.strip())
    if reason is None:
        raise UserError(
            "'{text}' is not a reason (use one of: {reasons}, or {words}).",
            text=text,
            reasons=", ".join(EVENT_REASONS),
            words="、".join(REASON_WORDS),
        )
    return reason


def check_event(kind: str, reason: str | None) -> None:
    if kind not in EVENT_KINDS:
        raise UserError(
            "'{kind}' is not a help event kind (use one of: {kinds}).",
            kind=kind,
            kinds=", ".join(EVENT_KINDS),
        )
    if reason is not None and reason not in EVENT_REASONS:
        raise UserError(
            "'{reason}' is not a reason (use one of: {reasons}).",
            reason=reason,
            reasons=", ".join(EVENT_REASONS),
        )


@dataclass
class EventImportResult:
    """What an events file did: rows read, events added, exact repeats skipped, bad lines."""

    file: str
    rows: int = 0
    inserted: int = 0
    duplicates: int = 0
    errors: list[tuple[int, str | Message]] = field(default_factory=list)  # (line, message)

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "rows": self.rows,
            "inserted": self.inserted,
            "duplicates": self.duplicates,
            "errors": [{"line": line, "message": str(message)} for line, message in self.errors],
        }
