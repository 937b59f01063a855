"""`import-orders`, `ship`, `ship-deadline`, `recompute-promises`: orders in, shipments and promises kept."""

from __future__ import annotations

import argparse
import sys

from seller_assistant.cli import order_actions
from seller_assistant.cli.output import print_json
from seller_assistant.core.clock import format_local
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.core.settings import platform_from_text
from seller_assistant.importers.presets import FORMATS
from seller_assistant.store import orders

_IMPORT_HELP = """\
Import an order export from your seller centre.

Export the orders from your seller centre and import the file as it is, without opening and saving
it in Excel first (Excel turns long order numbers into 1.23457E+18, and those rows are refused). The
marketplace's own export is recognised by its columns:
  taobao   Taobao/Tmall 订单报表 (CSV, GBK or UTF-8)
  jd       JD 订单导出 (one line per item; payment time 付款确认时间; deleted orders '(删除)…' are closed)
  pdd      Pinduoduo 订单导出 (承诺发货时间; without it the 48 h run from 拼单成功时间)
  douyin   Douyin 抖店 订单导出 (one line per 子订单; 承诺发货时间)
  amazon   Amazon Unshipped Orders (promise-date), Order report (latest-ship-date) or All Orders
           report (FBA orders are Amazon's to ship, never late for the shop)
  ebay     eBay Orders report (Ship By Date is a date: the end of that day in the shop's time zone)
Where the export states the platform's ship-by time, that deadline wins over the shop's rules and
default promise. Orders on several lines become one order with its items.
Any other CSV, TSV or XLSX (generic): the columns are recognised by their usual names, or say which
column is which with --map, e.g. --map order_no=订单号 --map paid_at=支付时间; --map changes only the
fields it names. The choice is remembered for files with the same columns after an import that
read orders.

Importing the same or a newer export again updates orders without duplicates and keeps everything
you added by hand (notes, promises, work orders, events). Bad rows are skipped and listed with their
line number. A file that cannot be read changes nothing (exit code 2)."""


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "import-orders",
        parents=[common],
        help="import an order export (Taobao/Tmall, JD, Pinduoduo, Douyin, Amazon, eBay, or any CSV/TSV/XLSX)",
        description=_IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--format",
        choices=(*FORMATS, "pinduoduo", "tmall"),
        default="auto",
        help="auto (default) recognises each marketplace's export by its columns",
    )
    parser.add_argument(
        "--map",
        metavar="FIELD=COLUMN",
        action="append",
        default=[],
        help="which column holds a field (repeatable); fields: order_no, buyer, status, "
        "item_title, sku, category, quantity, amount, created_at, paid_at, shipped_at, "
        "completed_at, tracking_no, carrier, receiver_name, receiver_phone, receiver_address, "
        "buyer_message, refund_status, promised_ship_at",
    )
    parser.add_argument("--progress", action="store_true", help="show progress on stderr while reading")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=import_orders)

    parser = subparsers.add_parser(
        "ship",
        parents=[common],
        help="mark an order shipped (time, tracking number, carrier)",
        description="Mark an order as shipped. Its ship deadline stops counting and the shipment is kept "
        "as evidence.",
    )
    parser.add_argument("order", metavar="ORDER_ID", nargs="?", help="the order number")
    parser.add_argument("--at", metavar="ISO", help="when it was shipped (default: now)")
    parser.add_argument("--tracking", metavar="NO", help="the tracking number")
    parser.add_argument("--carrier", metavar="NAME", help="the courier, e.g. 中通快递")
    parser.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE",
        help="ship every order in a list (CSV/TXT/XLSX: order number, tracking number, carrier); "
        "lines that cannot ship are named and left alone",
    )
    parser.add_argument("--check", action="store_true", help="with --from: check the list, ship nothing")
    parser.add_argument(
        "--no-tracking",
        metavar="REASON",
        help="shipped without a tracking number, and why (e.g. 同城自送, virtual goods)",
    )
    parser.set_defaults(handler=ship)

    parser = subparsers.add_parser(
        "ship-deadline",
        parents=[common],
        help="set one order's ship-by time by hand, or go back to the rules",
        description="Set the time one order must ship by, overriding the shop's default promise and the "
        "rules in ship_promise.toml. Use --clear to follow the rules again.",
    )
    parser.add_argument("order", metavar="ORDER_ID", help="the order number")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--at", metavar="ISO", help="the new ship-by time, e.g. 2026-11-28 18:00")
    group.add_argument("--clear", action="store_true", help="remove the hand-set time")
    parser.set_defaults(handler=ship_deadline)

    parser = subparsers.add_parser(
        "recompute-promises",
        parents=[common],
        help="apply the ship promise rules again to every order",
        description="Recompute every order's ship deadline from the shop's default promise and the rules "
        "file (after you edited either). Hand-set deadlines are kept.",
    )
    parser.set_defaults(handler=recompute)
    order_actions.register(subparsers, common)


def import_orders(args, ctx) -> int:
    from seller_assistant.imports.orders import detected_format, import_order_file

    mapping = _parse_map(args.map) if args.map else None
    store, lang = ctx.store(), ctx.lang
    # The file goes to the shop named, else the only shop of its marketplace, else the only shop.
    platform = platform_from_text(args.format) or platform_from_text(detected_format(args.file))
    shop_id, which_shop = ctx.shop_for_import(platform)

    def show_progress(done: int, total: int) -> None:
        print(t("orders.import_reading", lang, done=done, total=total), file=sys.stderr, flush=True)

    result = import_order_file(
        store,
        shop_id,
        args.file,
        format=args.format,
        mapping=mapping,
        now=ctx.now_epoch,
        progress=show_progress if args.progress else None,
    )
    if args.json:
        print(which_shop, file=sys.stderr)  # the JSON keeps its shape; the choice is still said
        print_json(result.to_json())
        return 0
    print(which_shop)
    print(
        t(
            "orders.import_summary",
            lang,
            file=result.file,
            format=result.preset,
            encoding=result.encoding,
            rows=result.rows,
            inserted=result.inserted,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    )
    if result.errors:
        print(t("orders.import_errors", lang, count=len(result.errors)))
        for error in result.errors:
            print(f"  {error.text(lang)}")
    return 0


def _parse_map(items: list[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        target, sep, header = item.partition("=")
        if not sep or not target.strip() or not header.strip():
            raise UserError("--map {item}: write it as FIELD=COLUMN, e.g. order_no=订单号.", item=item)
        mapping[target.strip()] = header.strip()
    return mapping


def ship(args, ctx) -> int:
    if args.from_file:
        return ship_from_file(args, ctx)
    if not args.order:
        raise UserError("Name the order to ship (ship ORDER_ID …), or a list of them with --from FILE.")
    store = ctx.store()
    order = orders.find_order(store, ctx.shop_id(), args.order)
    shipped_at = ctx.parse_time(args.at, "--at")
    orders.ship_order(
        store,
        order["id"],
        shipped_at,
        args.tracking,
        args.carrier,
        ctx.now_epoch,
        no_tracking_reason=args.no_tracking,
    )
    print(t("orders.shipped", ctx.lang, order_no=args.order))
    return 0


def ship_from_file(args, ctx) -> int:
    """`ship --from FILE`: the good lines ship in one write; every other line is named with its reason."""
    from seller_assistant.core.bulk_ship import plan_shipments, ship_lines
    from seller_assistant.importers.ship_list import read_ship_list

    store, lang, shop_id = ctx.store(), ctx.lang, ctx.shop_id()
    lines, unreadable = ship_lines(read_ship_list(args.from_file), lang)
    known = orders.orders_by_number(store, shop_id, (line.order_no for line in lines))
    fallback = args.carrier or orders.last_carrier(store, shop_id)
    planned = plan_shipments(lines, known, fallback, lang)
    good = [p for p in planned if p.ok]
    refused = sorted([*unreadable, *((p.line, p.problem) for p in planned if not p.ok)])
    numbers = {p.line: p.order_no for p in planned}
    if good and not args.check:
        orders.ship_many(
            store,
            [(p.order_id, p.tracking_no, p.carrier.name(lang)) for p in good],
            ctx.parse_time(args.at, "--at"),
            ctx.now_epoch,
        )
        print(t("orders.bulk_shipped", lang, count=len(good)))
    elif good:
        for p in good:
            print(f"  {p.order_no}  {p.tracking_no}  {p.carrier.name(lang)}")
    else:
        print(t("orders.bulk_nothing", lang))
    if refused:
        print(t("orders.bulk_not_shipped", lang, count=len(refused)))
        for line, problem in refused:
            print(
                "  "
                + t("orders.bulk_line", lang, line=line, order_no=numbers.get(line, "—"), problem=problem)
            )
    return 1 if refused or not good else 0


def ship_deadline(args, ctx) -> int:
    store = ctx.store()
    order = orders.find_order(store, ctx.shop_id(), args.order)
    at = None if args.clear else ctx.parse_time(args.at, "--at")
    orders.set_promise_override(store, order["id"], at, ctx.now_epoch)
    promised = orders.get_order(store, order["id"])["promised_ship_at"]
    due = format_local(promised, ctx.shop_tz()) if promised else t("orders.no_deadline", ctx.lang)
    print(
        t(
            "orders.deadline_cleared" if args.clear else "orders.deadline_set",
            ctx.lang,
            order_no=args.order,
            due=due,
        )
    )
    return 0


def recompute(args, ctx) -> int:
    count = orders.recompute_promises(ctx.store(), ctx.shop_id(), ctx.settings(), ctx.now_epoch)
    print(t("orders.promises_recomputed", ctx.lang, count=count))
    return 0
