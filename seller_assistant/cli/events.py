"""`add-event`: record a dispute, complaint, intervention or timed-out work order on an order."""

from __future__ import annotations

import argparse

from seller_assistant.core.help_events import EVENT_REASONS, HELP_EVENT_KINDS
from seller_assistant.store import events, orders


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "add-event", parents=[common], help="record a help event (dispute, complaint, intervention, ticket timeout)",
        description="Record a platform help event on an order. Events stack: one order can count several times.",
    )
    parser.add_argument("order", metavar="ORDER_ID", help="the order number")
    parser.add_argument("kind", choices=HELP_EVENT_KINDS)
    parser.add_argument("--at", metavar="ISO", help="when it happened (default: now)")
    parser.add_argument("--reason", choices=EVENT_REASONS)
    parser.add_argument("--note", metavar="TEXT", default="")
    parser.set_defaults(handler=add_event)


def add_event(args, ctx) -> int:
    store = ctx.store()
    shop_id = ctx.shop_id()
    order = orders.find_order(store, shop_id, args.order)
    at = ctx.parse_time(args.at, "--at")
    events.add_event(store, shop_id, order["id"], args.kind, at, ctx.now_epoch, args.reason, args.note)
    print(f"Recorded a {args.kind} on order {args.order}.")
    return 0
