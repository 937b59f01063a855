"""`risk`: the day's risks and the 7- and 30-day help rate."""

from __future__ import annotations

import argparse

from seller_assistant.cli.output import print_json
from seller_assistant.core.alerts import percent
from seller_assistant.core.clock import format_local
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.core.level_words import missed_lines
from seller_assistant.core.metrics import daily_rate_text
from seller_assistant.core.profiles import profile_for_platform
from seller_assistant.core.risk import RiskReport
from seller_assistant.store import shops, upkeep
from seller_assistant.store.risk import risk_report, set_shop_threshold


def _set_limit(store, shop_id: int, item: str) -> None:
    metric_id, sep, value = item.partition("=")
    if not sep or not metric_id.strip():
        raise UserError(
            "--set-limit takes METRIC=FRACTION (e.g. order_defect_rate=0.008), not '{item}'.", item=item
        )
    try:
        limit = float(value) if value.strip() else None
    except ValueError:
        raise UserError(
            "A limit must be a fraction between 0 and 1 (1 % is 0.01), not '{value}'.", value=value
        ) from None
    profile = profile_for_platform(shops.load_settings(store, shop_id).platform)
    set_shop_threshold(store, shop_id, profile, metric_id.strip(), limit)


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "risk",
        parents=[common],
        help="today's risks: late orders, urges, help rate against your threshold",
        description="Show the 7- and 30-day platform help rate, how many more help events each window "
        "absorbs before your threshold, and the orders and work orders that could spend that headroom.",
    )
    parser.add_argument(
        "--threshold",
        metavar="FRACTION",
        type=float,
        help="your category's average help rate, e.g. 0.015 for 1.5 %% (default: the setting)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--set-limit",
        metavar="METRIC=FRACTION",
        action="append",
        default=[],
        help="set the shop's own limit for one metric of its marketplace, e.g. order_defect_rate=0.008; "
        "METRIC= with nothing after it goes back to the marketplace's limit",
    )
    parser.set_defaults(handler=run)


def run(args, ctx) -> int:
    store = ctx.store()
    ids = shops.shop_ids(store)
    upkeep.record_due_everywhere(store, ctx.now_epoch)  # the scheduled run's upkeep; the report only reads
    if ctx.shop_name is not None or len(ids) <= 1 or args.set_limit:
        shop_id = ctx.shop_id()
        for item in args.set_limit:
            _set_limit(store, shop_id, item)
        reports = [risk_report(store, shop_id, ctx.now_epoch, args.threshold)]
    else:
        # Several shops and none named: each judged by its own marketplace's profile and limits.
        reports = [risk_report(store, shop_id, ctx.now_epoch, args.threshold) for shop_id in ids]
    lang = ctx.lang
    if args.json:
        print_json(reports[0].to_json(lang) if len(reports) == 1 else several_json(reports, lang))
        return 0
    texts = []
    for report in reports:
        settings = shops.load_settings(store, report.shop_id)
        texts.append(render_text(report, lang, settings.name, settings.tz()))
    print("\n\n".join(texts))
    return 0


def several_json(reports: list[RiskReport], lang: str) -> dict:
    """A store with several shops: every shop's report in `shops`, and all alerts, each naming its
    shop, most urgent first."""
    shaped = [report.to_json(lang) for report in reports]
    order = {"critical": 0, "warning": 1, "info": 2}
    alerts = sorted((a for data in shaped for a in data["alerts"]), key=lambda a: order[a["severity"]])
    return {"now": reports[0].now, "alerts": alerts, "shops": shaped}


def render_text(report: RiskReport, lang: str, shop_name: str, tz) -> str:
    """The report for people: metrics, alerts by urgency, streaks, the coming days."""
    lines = [t("risk.report_title", lang, shop=shop_name, now=format_local(report.now, tz)), ""]
    if report.profile.health_name(lang) != report.profile.metrics[0].name(lang):
        lines.append(t("risk.health_heading", lang, name=report.profile.health_name(lang)))
    for metric in report.profile.metrics:
        name = metric.name(lang)
        lines.append(t("risk.metric_heading", lang, metric=name[:1].upper() + name[1:]))
        for figures in report.metrics.get(metric.id, {}).values():
            if figures.orders == 0 and figures.events == 0:
                lines.append(t("risk.window_no_orders", lang, days=figures.days))
                continue
            lines.append(
                t(
                    "risk.window_line",
                    lang,
                    days=figures.days,
                    rate=percent(figures.rate),
                    events=figures.events,
                    orders=figures.orders,
                    threshold=percent(figures.threshold),
                    headroom=t("risk.none_value", lang) if figures.headroom is None else figures.headroom,
                    status=t(f"risk.status_{figures.status}", lang),
                )
            )
    if report.level is not None and report.level.level is not None:
        lines.append(t("risk.level_line", lang, level=report.level.level.name(lang)))
    if report.level is not None:
        lines += missed_lines(report.profile, report.level, lang)
    for item in report.profile.not_computed:
        lines.append(t("risk.not_computed_line", lang, name=item.name(lang), why=item.why(lang)))
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
                shown = (
                    t("risk.streak_one_day", lang) if days == 1 else t("risk.streak_days", lang, days=days)
                )
            lines.append(t("risk.streak_line", lang, kind=t(f"risk.kind_{kind}", lang), days=shown))
    projected = report.projections.get(report.primary_metric or "", {})
    if projected:
        rate = report.daily_rates.get(report.primary_metric, 0.0)
        lines += ["", t("risk.projection_heading", lang, rate=daily_rate_text(rate))]
        separator = "；" if lang.startswith("zh") else "; "
        for i, day in enumerate(report.lookahead):
            windows = separator.join(
                t(
                    "risk.lookahead_window",
                    lang,
                    days=days[i].figures.days,
                    rate=percent(days[i].figures.rate),
                    status=t(f"risk.status_{days[i].figures.status}", lang),
                )
                for days in projected.values()
                if i < len(days)
            )
            lines.append(t("risk.lookahead_line", lang, date=day.date, windows=windows))
    return "\n".join(lines)
