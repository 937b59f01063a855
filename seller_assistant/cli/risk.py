"""`risk`: the day's risks and the 7- and 30-day help rate."""

from __future__ import annotations

import argparse

from seller_assistant.cli.output import print_json
from seller_assistant.core.alerts import percent
from seller_assistant.core.clock import format_local
from seller_assistant.core.i18n import t
from seller_assistant.core.risk import RiskReport
from seller_assistant.store.risk import risk_report


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "risk", parents=[common], help="today's risks: late orders, urges, help rate against your threshold",
        description="Show the 7- and 30-day platform help rate, how many more help events each window "
        "absorbs before your threshold, and the orders and work orders that could spend that headroom.",
    )
    parser.add_argument("--threshold", metavar="FRACTION", type=float,
                        help="your category's average help rate, e.g. 0.015 for 1.5 %% (default: the setting)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def run(args, ctx) -> int:
    store = ctx.store()
    shop_id = ctx.shop_id()
    report = risk_report(store, shop_id, ctx.now_epoch, args.threshold)
    lang = ctx.lang
    if args.json:
        print_json(report.to_json(lang))
    else:
        settings = ctx.settings()
        print(render_text(report, lang, settings.name, settings.tz()))
    return 0


def render_text(report: RiskReport, lang: str, shop_name: str, tz) -> str:
    """The report for people: metrics, alerts by urgency, streaks, the coming days."""
    lines = [t("risk.report_title", lang, shop=shop_name, now=format_local(report.now, tz)), ""]
    for metric in report.profile.metrics:
        name = metric.name(lang)
        lines.append(t("risk.metric_heading", lang, metric=name[:1].upper() + name[1:]))
        for figures in report.metrics.get(metric.id, {}).values():
            lines.append(t(
                "risk.window_line", lang, days=figures.days, rate=percent(figures.rate), events=figures.events,
                orders=figures.orders, threshold=percent(figures.threshold),
                headroom=t("risk.none_value", lang) if figures.headroom is None else figures.headroom,
                status=t(f"risk.status_{figures.status}", lang),
            ))
    lines += ["", t("risk.alerts_heading", lang)]
    if not report.alerts:
        lines.append(t("risk.no_alerts", lang))
    for alert in report.alerts:
        lines.append(f"  [{t(f'risk.severity_{alert.severity}', lang)}] {alert.message(lang)}")
    if report.streaks:
        lines += ["", t("risk.streaks_heading", lang)]
        for kind, days in report.streaks.items():
            if days is None:
                shown = t("risk.streak_never", lang)
            else:
                shown = t("risk.streak_one_day", lang) if days == 1 else t("risk.streak_days", lang, days=days)
            lines.append(t("risk.streak_line", lang, kind=t(f"risk.kind_{kind}", lang), days=shown))
    if report.lookahead:
        lines += ["", t("risk.lookahead_heading", lang)]
        separator = "；" if lang.startswith("zh") else "; "
        for day in report.lookahead:
            windows = separator.join(
                t("risk.lookahead_window", lang, days=w.days, rate=percent(w.rate),
                  status=t(f"risk.status_{w.status}", lang))
                for w in day.figures.values()
            )
            lines.append(t("risk.lookahead_line", lang, date=day.date, windows=windows))
    return "\n".join(lines)
