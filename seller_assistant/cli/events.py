"""`add-event` and `import-events`: help events on orders, one by hand or many from a file."""

from __future__ import annotations

import argparse
import sys

from seller_assistant.cli.output import print_json
from seller_assistant.core.help_events import (
    EVENT_REASONS,
    USER_KINDS,
    event_kind_from_text,
    event_reason_from_text,
)
from seller_assistant.core.i18n import t
from seller_assistant.core.messages import text_of
from seller_assistant.store import events, orders


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "add-event",
        parents=[common],
        help="record a help event (dispute, complaint, intervention, work order timeout)",
        description="Record a platform help event on an order. Events stack: one order can count several times.",
    )
    parser.add_argument("order", metavar="ORDER_ID", help="the order number")
    parser.add_argument(
        "kind",
        metavar="KIND",
        help=f"one of {', '.join(USER_KINDS)}; Chinese words work too (纠纷, 投诉, 咨询介入, 工单超时)",
    )
    parser.add_argument("--at", metavar="ISO", help="when it happened (default: now)")
    parser.add_argument(
        "--reason",
        metavar="REASON",
        help=f"one of {', '.join(EVENT_REASONS)}; or 质量, 描述不符, 物流, 退款 …",
    )
    parser.add_argument("--note", metavar="TEXT", default="")
    parser.set_defaults(handler=add_event)

    parser = subparsers.add_parser(
        "import-events",
        parents=[common],
        help="import help events: a platform's refund/after-sales export, or a table (order, kind, time, reason)",
        description="Import help events. A platform's own refund or after-sales export is recognised by its "
        "columns (Taobao/Tmall 退款 export: 客服介入状态; Douyin 售后 export: 仲裁状态 / 纠纷责任方; Pinduoduo 售后 "
        "export): every refund the platform stepped into becomes a dispute on its order, with who was held "
        "responsible where the file says so; refunds settled without the platform are not events. Each is "
        "kept under the platform's own number, so importing the file again never adds it twice. "
        "Otherwise: a table with the columns order number, kind (dispute, complaint, "
        "intervention, work_order_timeout, or 纠纷/投诉/咨询介入/工单超时), time, and optionally reason and note. "
        "Times without an offset are in the shop's time zone. Bad rows are skipped and reported with their line "
        "number; the good ones are added together in one transaction, and events already recorded are not "
        "added twice.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=import_events)


def add_event(args, ctx) -> int:
    kind = event_kind_from_text(args.kind)  # a word we do not know is refused before anything is read
    reason = event_reason_from_text(args.reason) if args.reason else None
    store = ctx.store()
    shop_id = ctx.shop_id()
    order = orders.find_order(store, shop_id, args.order)
    at = ctx.parse_time(args.at, "--at")
    events.add_event(store, shop_id, order["id"], kind, at, ctx.now_epoch, reason, args.note)
    print(t("events.recorded", ctx.lang, kind=t(f"risk.kind_{kind}", ctx.lang), order_no=args.order))
    return 0


def import_events(args, ctx) -> int:
    from seller_assistant.importers import after_sales, generic
    from seller_assistant.imports.events import import_after_sales_file, import_events_file

    store = ctx.store()
    table = generic.open_table(args.file)
    fmt = after_sales.detect(table.headers)
    if fmt is not None:
        # The file goes to the shop named, else the only shop of its marketplace, else the only shop.
        shop_id, which_shop = ctx.shop_for_import(fmt.platform)
        found = import_after_sales_file(store, shop_id, args.file, ctx.now_epoch, table)
        if args.json:
            print(which_shop, file=sys.stderr)
            print_json(found.to_json())
            return 0
        print(which_shop)
        print(
            t(
                "events.after_sales_summary",
                ctx.lang,
                file=found.file,
                format=found.format,
                rows=found.rows,
                inserted=found.inserted,
                updated=found.updated,
                duplicates=found.duplicates,
                not_involved=found.not_involved,
                skipped=len(found.errors),
            )
        )
        for line, message in found.errors:
            print(t("events.line_error", ctx.lang, line=line, message=text_of(message, ctx.lang)))
        return 0
    table.rows().close()
    shop_id = ctx.shop_id()
    result = import_events_file(store, shop_id, args.file, ctx.settings().tz(), ctx.now_epoch)
    if args.json:
        print_json(result.to_json())
        return 0
    print(
        t(
            "events.file_summary",
            ctx.lang,
            file=result.file,
            rows=result.rows,
            inserted=result.inserted,
            duplicates=result.duplicates,
            skipped=len(result.errors),
        )
    )
    for line, message in result.errors:
        print(t("events.line_error", ctx.lang, line=line, message=text_of(message, ctx.lang)))
    return 0
