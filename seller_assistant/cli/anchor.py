"""`anchor`: timestamp the head log with the shop's RFC 3161 authority now, or list the timestamps kept."""

from __future__ import annotations

import argparse

from seller_assistant.cli.output import print_json
from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message
from seller_assistant.store import anchors, shops

WHAT_LEAVES = (
    "Sends one SHA-256 hash of the head log (the newest entry's hash), nothing else, to the "
    "timestamp authority named in the settings (timestamp_authority)."
)


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "anchor",
        parents=[common],
        help="timestamp the head log with an outside authority (off by default)",
        description="Ask the RFC 3161 timestamp authority in the settings to timestamp the head log, and keep "
        "its signed token: a chain recomputed afterwards no longer matches it. "
        + WHAT_LEAVES
        + " Works only "
        "once switched on with 'settings --set timestamp_anchor=true'; the window then does it once a day.",
    )
    parser.add_argument("--if-due", action="store_true", help="only if today's timestamp is not yet taken")
    parser.add_argument("--list", action="store_true", help="list the timestamps kept, newest last")
    parser.add_argument("--json", action="store_true", help="with --list: print JSON")
    parser.set_defaults(handler=run)


def run(args, ctx) -> int:
    store = ctx.store()
    if args.list:
        kept = anchors.all_anchors(store)
        if args.json:
            print_json(kept)
        elif not kept:
            print("No timestamps yet.")
        for row in [] if args.json else kept:
            print(
                f"head-log entry {row['n']}: {anchors.describe(row['gen_time'], row['authority'])} ({row['tsa_url']})"
            )
        return 0
    settings = shops.load_settings(store, ctx.shop_id())
    if not settings.timestamp_anchor:
        raise UserError(
            "Timestamping is off. {what_leaves} To switch it on: "
            "'seller-assistant settings --set timestamp_anchor=true'.",
            what_leaves=Message(WHAT_LEAVES),
        )
    if args.if_due and not anchors.due(store, ctx.now_epoch, settings.tz()):
        print("Today's timestamp is already taken (or nothing new was sealed).")
        return 0
    from seller_assistant.core.timestamp import TimestampError

    try:
        made = anchors.anchor_now(store, settings.timestamp_authority, ctx.now_epoch)
    except TimestampError as exc:
        raise UserError("No timestamp was taken and nothing was stored: {problem}.", problem=exc) from None
    if made is None:
        print("Nothing is sealed yet: there is no head log to timestamp.")
        return 0
    print(f"Head-log entry {made['n']} timestamped {anchors.describe(made['gen_time'], made['authority'])}.")
    return 0
