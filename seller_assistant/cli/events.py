"""`add-event` and `import-events`: help events on orders, one by hand or many from a file."""

from __future__ import annotations

import argparse

from seller_assistant.cli.output import print_json
from seller_assistant.core.help_events import (
    EVENT_KINDS,
    EVENT_REASONS,
    EventImportResult,
    event_kind_from_text,
    event_reason_from_text,
)
from seller_assistant.importers.events_csv import parse_events_file
from seller_assistant.store import events, orders


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "add-event", parents=[common], help="record a help event (dispute, complaint, intervention, ticket timeout)",
        description="Record a platform help event on an order. Events stack: one order can count several times.",
    )
    parser.add_argument("order", metavar="ORDER_ID", help="the order number")
    parser.add_argument("kind", metavar="KIND",
                        help=f"one of {', '.join(EVENT_KINDS)}; Chinese words work too (纠纷, 投诉, 咨询介入, 工单超时)")
    parser.add_argument("--at", metavar="ISO", help="when it happened (default: now)")
    parser.add_argument("--reason", metavar="REASON",
                        help=f"one of {', '.join(EVENT_REASONS)}; or 质量, 描述不符, 物流, 退款 …")
    parser.add_argument("--note", metavar="TEXT", default="")
    parser.set_defaults(handler=add_event)

    parser = subparsers.add_parser(
        "import-events", parents=[common], help="import help events from a CSV/XLSX (order number, kind, time, reason)",
        description="Import help events from a table with the columns order number, kind (dispute, complaint, "
        "intervention, ticket_timeout, or 纠纷/投诉/咨询介入/工单超时), time, and optionally reason and note. "
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
    print(f"Recorded a {kind} on order {args.order}.")
    return 0


def import_events(args, ctx) -> int:
    store = ctx.store()
    shop_id = ctx.shop_id()
    parsed = parse_events_file(args.file, ctx.settings().tz())
    result = EventImportResult(
        parsed.file, rows=len(parsed.errors), errors=[(e.line, e.message) for e in parsed.errors]
    )
    events.import_events(store, shop_id, parsed.records, ctx.now_epoch, result)
    if args.json:
        print_json(result.to_json())
        return 0
    print(f"{result.file}: {result.rows} rows, {result.inserted} events added, "
          f"{result.duplicates} already recorded, {len(result.errors)} skipped.")
    for line, message in result.errors:
        print(f"  line {line}: {message}")
    return 0
