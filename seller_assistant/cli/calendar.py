"""`calendar` and `rules`: a shop's business calendar and its ship promise rules from the command line.

Every change recomputes the shop's deadlines at once (hand-set and platform-stated ones are kept).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path

from seller_assistant.cli.output import print_json
from seller_assistant.core.business_calendar import KINDS
from seller_assistant.core.clock import format_local
from seller_assistant.core.errors import UserError
from seller_assistant.core.files import read_bounded
from seller_assistant.core.i18n import t
from seller_assistant.core.ship_rules import parse_promise_rules
from seller_assistant.store import calendar, orders, ship_rules


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "calendar",
        parents=[common],
        help="the shop's holidays, platform pauses and extra working days",
        description="Holidays stop a working-day promise (Amazon/eBay handling time, rules in working "
        "days); a pause the platform declared (Spring Festival) stops every clock; a workday makes a "
        "day off a working day (调休). Working weekdays and the cut-off time are settings "
        "(working_weekdays, cutoff_time).",
    )
    actions = parser.add_subparsers(dest="calendar_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="list the entries")
    listing.add_argument("--json", action="store_true", help="print the entries as JSON")
    listing.set_defaults(handler=list_entries)
    add = actions.add_parser("add", parents=[common], help="add a holiday, pause or workday")
    add.add_argument("kind", choices=KINDS)
    add.add_argument("starts_on", metavar="FIRST_DAY", type=_date, help="e.g. 2027-02-05")
    add.add_argument(
        "ends_on", metavar="LAST_DAY", type=_date, nargs="?", help="included (default: the first day)"
    )
    add.add_argument("--note", default="", help="what it is, e.g. 春节停发")
    add.set_defaults(handler=add_entry)
    remove = actions.add_parser("remove", parents=[common], help="remove an entry by its number")
    remove.add_argument("entry", metavar="NUMBER", type=int, help="as shown by 'calendar list'")
    remove.set_defaults(handler=remove_entry)

    parser = subparsers.add_parser(
        "rules",
        parents=[common],
        help="the shop's ship promise rules (examples are off until turned on)",
        description="List the shop's ship promise rules, turn one on or off, or read a rules file "
        "(written like resources/rules/ship_promise.toml). --dry-run shows the orders a change would move.",
    )
    actions = parser.add_subparsers(dest="rules_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="list the rules")
    listing.add_argument("--json", action="store_true", help="print the rules as JSON")
    listing.set_defaults(handler=list_rules)
    for action, help_text in (("on", "turn a rule on"), ("off", "turn a rule off")):
        switch = actions.add_parser(action, parents=[common], help=help_text)
        switch.add_argument("rule", metavar="RULE_ID")
        switch.add_argument("--dry-run", action="store_true", help="only show which orders would change")
        switch.set_defaults(handler=switch_rule, enabled=action == "on")
    load = actions.add_parser("import", parents=[common], help="replace the shop's rules with a rules file")
    load.add_argument("file", metavar="FILE")
    load.add_argument("--dry-run", action="store_true", help="only show which orders would change")
    load.set_defaults(handler=import_rules)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2027-02-05") from None


def list_entries(args, ctx) -> int:
    entries = calendar.list_entries(ctx.store(), ctx.shop_id())
    if args.json:
        print_json(
            [
                {
                    "id": e.id,
                    "kind": e.kind,
                    "starts_on": e.starts_on.isoformat(),
                    "ends_on": e.ends_on.isoformat(),
                    "note": e.note,
                }
                for e in entries
            ]
        )
        return 0
    if not entries:
        print(t("shops.calendar_empty", ctx.lang))
    for e in entries:
        print(f"{e.id}  {e.kind}  {e.starts_on} … {e.ends_on}  {e.note}".rstrip())
    return 0


def add_entry(args, ctx) -> int:
    shop_id = ctx.shop_id()
    calendar.add_entry(
        ctx.store(),
        shop_id,
        args.kind,
        args.starts_on,
        args.ends_on or args.starts_on,
        args.note,
        ctx.now_epoch,
    )
    print(
        t(
            "shops.calendar_added",
            ctx.lang,
            kind=args.kind,
            first=args.starts_on,
            last=args.ends_on or args.starts_on,
            count=_recompute(ctx, shop_id),
        )
    )
    return 0


def remove_entry(args, ctx) -> int:
    shop_id = ctx.shop_id()
    entry = calendar.remove_entry(ctx.store(), shop_id, args.entry)
    print(
        t(
            "shops.calendar_removed",
            ctx.lang,
            kind=entry.kind,
            first=entry.starts_on,
            last=entry.ends_on,
            count=_recompute(ctx, shop_id),
        )
    )
    return 0


def _recompute(ctx, shop_id: int) -> int:
    return orders.recompute_promises(ctx.store(), shop_id, ctx.settings(), ctx.now_epoch)


def list_rules(args, ctx) -> int:
    rules = ship_rules.shop_rules(ctx.store(), ctx.shop_id())
    if args.json:
        print_json([rule.to_mapping() for rule in rules])
        return 0
    for rule in rules:
        state = t("shops.rule_on" if rule.enabled else "shops.rule_off", ctx.lang)
        print(f"{rule.id}  [{state}]  {rule.name}")
    return 0


def switch_rule(args, ctx) -> int:
    rules = ship_rules.shop_rules(ctx.store(), ctx.shop_id())
    if args.rule not in {rule.id for rule in rules}:
        raise UserError(
            "This shop has no rule '{rule}'; its rules are: {rules}.",
            rule=args.rule,
            rules=", ".join(r.id for r in rules),
        )
    changed = tuple(replace(rule, enabled=args.enabled) if rule.id == args.rule else rule for rule in rules)
    return _apply(args, ctx, changed)


def import_rules(args, ctx) -> int:
    path = Path(args.file)
    rules = parse_promise_rules(read_bounded(path, 2**20, "for a rules file"), str(path))
    return _apply(args, ctx, rules)


def _apply(args, ctx, rules) -> int:
    store, shop_id, settings = ctx.store(), ctx.shop_id(), ctx.settings()
    changes = ship_rules.promise_changes(store, shop_id, settings, rules)
    tz = settings.tz()
    for change in changes[:50]:
        old = format_local(change.old_at, tz) if change.old_at else "—"
        new = format_local(change.new_at, tz) if change.new_at else "—"
        print(f"{change.order_no}  {old} ({change.old_rule}) → {new} ({change.new_rule})  {change.title}")
    if len(changes) > 50:
        print(t("shops.more_changes", ctx.lang, count=len(changes) - 50))
    if args.dry_run:
        print(t("shops.rules_dry_run", ctx.lang, count=len(changes)))
        return 0
    ship_rules.save_shop_rules(store, shop_id, rules)
    ship_rules.apply_changes(store, changes, ctx.now_epoch)
    print(t("shops.rules_saved", ctx.lang, count=len(changes)))
    return 0
