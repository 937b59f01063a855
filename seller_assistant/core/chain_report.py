"""What verifying the evidence chains found, and how to say it: per chain, its first bad item."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from seller_assistant.core.i18n import t
from seller_assistant.core.messages import render


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
    anchor: dict | None = None  # the newest head-log timestamp (store/anchors.py), if any

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "chains": self.chains,
            "items": self.items,
            "problems": [p.__dict__ for p in self.problems],
            "anchor": {k: v for k, v in self.anchor.items() if k != "token"} if self.anchor else None,
        }


def anchor_line(report: StoreVerifyReport, lang: str) -> str:
    if report.anchor is None:
        return t("evidence.verify_not_anchored", lang)
    # Only when there is a timestamp: anchor_check brings the ASN.1 reader, which the store need not load.
    from seller_assistant.core import anchor_check

    when = anchor_check.describe(
        datetime.fromtimestamp(report.anchor["gen_time"], UTC), report.anchor["authority"]
    )
    return t("evidence.verify_anchored", lang, n=report.anchor["n"], when=when)


def format_verify_report(report: StoreVerifyReport, lang: str) -> str:
    """Lines for people: one summary line, then one line per broken chain naming its first bad item."""
    if report.ok:
        return "\n".join(
            [
                t("evidence.verify_ok", lang, chains=report.chains, items=report.items),
                anchor_line(report, lang),
            ]
        )
    lines = [
        t(
            "evidence.verify_failed",
            lang,
            chains=report.chains,
            items=report.items,
            broken=len(report.problems),
        )
    ]
    for p in report.problems:
        lines.append(
            t(
                "evidence.verify_problem",
                lang,
                chain=p.chain_key,
                seq=p.seq if p.seq is not None else "-",
                item_type=t(f"evidence.type_{p.item_type}", lang),
                item_id=p.item_id,
                why=render(p.message, {}, lang),  # a fixed reason has its words in the catalogue
            )
        )
    return "\n".join(lines)
