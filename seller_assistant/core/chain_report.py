"""What verifying the evidence chains found, and how to say it: per chain, its first bad item."""

from __future__ import annotations

from dataclasses import dataclass, field

from seller_assistant.core.i18n import t


@dataclass(frozen=True)
class ChainProblem:
    chain_key: str
    seq: int | None
    item_type: str
    item_id: int | None
    message: str


@dataclass
class StoreVerifyReport:
    ok: bool
    chains: int
    items: int
    problems: list[ChainProblem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "ok": self.ok, "chains": self.chains, "items": self.items,
            "problems": [p.__dict__ for p in self.problems],
        }


def format_verify_report(report: StoreVerifyReport, lang: str) -> str:
    """Lines for people: one summary line, then one line per broken chain naming its first bad item."""
    if report.ok:
        return t("evidence.verify_ok", lang, chains=report.chains, items=report.items)
    lines = [t("evidence.verify_failed", lang, chains=report.chains, items=report.items,
               broken=len(report.problems))]
    for p in report.problems:
        lines.append(t("evidence.verify_problem", lang, chain=p.chain_key, seq=p.seq if p.seq is not None else "-",
                       item_type=t(f"evidence.type_{p.item_type}", lang), item_id=p.item_id, why=p.message))
    return "\n".join(lines)
