"""`settings`: show or change the shop's settings from the command line."""

from __future__ import annotations

import argparse
import json

from seller_assistant.cli.output import print_json
from seller_assistant.core.errors import UserError
from seller_assistant.store import shops


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "settings",
        parents=[common],
        help="show or change the shop's settings (--shop NAME with several shops)",
        description="Show the shop's settings, or change them with --set KEY=VALUE (repeatable). "
        "Keys: name, platform, timezone, ship_promise_hours, ship_promise_working_days (Amazon/eBay handling "
        "time; replaces the hours when set), working_weekdays (e.g. [1,2,3,4,5,6]: Monday 1 … Sunday 7), "
        "cutoff_time (e.g. 16:00; paid later counts from the next working day), help_rate_threshold (a fraction: 1.5 %% is "
        "0.015), due_soon_lead_hours, work_order_lead_hours, commitment_lead_hours, warning_margin, "
        "language (zh or en), morning_summary_hour, minimize_to_tray, staff_name, timestamp_anchor (true: once a "
        "day send one SHA-256 hash of the head log, nothing else, to timestamp_authority; off by default), "
        "timestamp_authority (the RFC 3161 timestamp authority's URL; default https://freetsa.org/tsr).",
    )
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="change one setting")
    parser.add_argument("--json", action="store_true", help="print the settings as JSON")
    parser.set_defaults(handler=run)


def run(args, ctx) -> int:
    store = ctx.store()
    shop_id = ctx.shop_id()  # an empty store: one line saying to run `shop add` (no hidden default shop)
    current = shops.load_settings(store, shop_id)
    if args.set:
        changes = {}
        for item in args.set:
            key, sep, value = item.partition("=")
            if not sep:
                raise UserError("--set needs KEY=VALUE, not '{item}'.", item=item)
            changes[key.strip()] = _parse_value(value.strip())
        current = current.updated(**changes)
        namesake = shops.find_shop(store, current.name)
        if namesake is not None and namesake.id != shop_id:
            raise UserError(
                "This store already has a shop named '{name}'; choose another name.", name=current.name
            )
        shops.save_settings(store, shop_id, current)
    if args.json:
        print_json(current.to_mapping())
    else:
        for key, value in current.to_mapping().items():
            print(f"{key} = {'' if value is None else value}")
    return 0


def _parse_value(text: str):
    if text == "":
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text
