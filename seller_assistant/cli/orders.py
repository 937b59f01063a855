"""`import-orders` and `ship`: orders in from marketplace exports, shipments recorded."""

from __future__ import annotations

import argparse

from seller_assistant.store import orders


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "import-orders", parents=[common], help="import an order export (Taobao/Tmall, or any CSV/TSV/XLSX)",
        description="Import an order export. Re-importing the same or a newer export updates orders "
        "without duplicates and keeps everything you added by hand. Bad rows are skipped and reported "
        "with their line number; a file that cannot be read changes nothing.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--format", choices=("auto", "taobao", "generic"), default="auto")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=import_orders)

    parser = subparsers.add_parser(
        "ship", parents=[common], help="mark an order shipped (time, tracking number, carrier)",
        description="Mark an order as shipped. Its ship deadline stops counting and the shipment is kept "
        "as evidence.",
    )
    parser.add_argument("order", metavar="ORDER_ID", help="the order number")
    parser.add_argument("--at", metavar="ISO", help="when it was shipped (default: now)")
    parser.add_argument("--tracking", metavar="NO", help="the tracking number")
    parser.add_argument("--carrier", metavar="NAME", help="the courier, e.g. 中通快递")
    parser.set_defaults(handler=ship)


def import_orders(args, ctx) -> int:
    from seller_assistant.core.errors import UserError

    raise UserError("Importing orders is not built yet.")


def ship(args, ctx) -> int:
    store = ctx.store()
    order = orders.find_order(store, ctx.shop_id(), args.order)
    shipped_at = ctx.parse_time(args.at, "--at")
    orders.ship_order(store, order["id"], shipped_at, args.tracking, args.carrier, ctx.now_epoch)
    print(f"Order {args.order} marked shipped.")
    return 0
