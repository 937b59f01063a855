"""Why a shop is not at a better seller level, in words: the metrics and volume floors it misses."""

from __future__ import annotations

from decimal import Decimal

from seller_assistant.core.i18n import t
from seller_assistant.core.metrics import LevelResult, LevelVolume
from seller_assistant.core.profiles import Level, Profile


def _money(cents: int) -> str:
    return f"{Decimal(cents) / 100:,.2f}"


def _reason(profile: Profile, level: Level, reason: str, volume: LevelVolume, lang: str) -> str:
    values = {
        "days": level.min_transactions_days,
        "country": level.buyer_country or t("risk.any_country", lang),
    }
    if reason == "transactions":
        return t(
            "risk.level_need_transactions",
            lang,
            count=level.min_transactions,
            have=volume.transactions,
            **values,
        )
    if reason == "transactions_unknown":
        return t(
            "risk.level_need_transactions_unknown",
            lang,
            count=level.min_transactions,
            have=volume.transactions,
            unknown=volume.unknown_country,
            **values,
        )
    if reason in ("sales", "sales_unknown"):
        key = "risk.level_need_sales" if reason == "sales" else "risk.level_need_sales_unknown"
        return t(
            key,
            lang,
            amount=_money(level.min_sales_cents or 0),
            currency=level.sales_currency,
            have=_money(volume.sales_cents),
            unknown=volume.unknown_sales,
            **values,
        )
    return profile.metric(reason).name(lang)


def missed_levels(profile: Profile, result: LevelResult, lang: str) -> list[tuple[Level, list[str]]]:
    """The levels above the shop's, best first, each with what keeps the shop from it."""
    missed = []
    for level in profile.levels:
        if result.level is not None and level.id == result.level.id:
            break
        reasons = result.failed.get(level.id, ())
        volume = result.volumes.get(level.id, LevelVolume(0))
        missed.append((level, [_reason(profile, level, r, volume, lang) for r in reasons]))
    return missed


def missed_lines(profile: Profile, result: LevelResult, lang: str) -> list[str]:
    """'Not Top Rated: transaction defect rate; at least $1,000.00 USD of sales …' one line a level."""
    return [
        t(
            "risk.level_missed",
            lang,
            level=level.name(lang),
            reasons=t("risk.reason_separator", lang).join(reasons),
        )
        for level, reasons in missed_levels(profile, result, lang)
        if reasons
    ]
