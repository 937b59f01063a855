"""`history`: everything that happened to one order, oldest first, with who did it (issue 18)."""

from __future__ import annotations

import argparse

from seller_assistant.core.bundle_model import INCLUDE_CHOICES
from seller_assistant.core.clock import format_local
from seller_assistant.core.masking import Masker
from seller_assistant.core.report_timeline import timeline_entries
from seller_assistant.store import bundle_data, orders


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "history",
        parents=[common],
        help="list everything that happened to an order, with who did it",
        description="The order's timeline as its evidence report lists it: paid, shipped, promises, urges, "
        "help events, agreements, attachments, notes and chat, each with the staff member who did it "
        "where the store knows (set with --as, SELLER_ASSISTANT_STAFF or the shop's staff_name).",
    )
    parser.add_argument("order", metavar="ORDER_ID", help="the order number")
    parser.set_defaults(handler=history)


def history(args, ctx) -> int:
    store = ctx.store()
    order = orders.find_order(store, ctx.shop_id(), args.order)
    data = bundle_data.gather_order(store, order["id"])
    tz = ctx.shop_tz()
    for at, text in timeline_entries(data, Masker(), frozenset(INCLUDE_CHOICES), ctx.lang, tz):
        print(f"{format_local(at, tz)}  {text}")
    return 0
