"""`work-order`, `promise`, `note`: what the shop records on an order while handling a buyer."""

from __future__ import annotations

import argparse

from seller_assistant.core.clock import format_local
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.store import commitments, order_notes, orders, work_orders
from seller_assistant.store.staff import acting_staff


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "work-order",
        parents=[common],
        help="record a buyer's urge (催发货) work order, or mark it answered",
        description="Record a work order the platform opened on an order (e.g. the buyer pressed "
        '"urge shipping", 催发货) with the time you must answer by, or mark it answered. A work order '
        "left unanswered past its deadline counts as a work order timeout (工单超时) help event.",
    )
    parser.add_argument("order", metavar="ORDER_ID", help="the order number")
    parser.add_argument("--opened", metavar="ISO", help="when the platform opened it (default: now)")
    parser.add_argument("--due", metavar="ISO", help="the time you must answer by")
    parser.add_argument("--kind", default="urge_shipping", help="what it is about (default: urge_shipping)")
    parser.add_argument(
        "--answer", metavar="TEXT", help="mark the latest open work order answered, with your reply"
    )
    parser.add_argument("--at", metavar="ISO", help="when you answered (default: now)")
    parser.set_defaults(handler=work_order)

    parser = subparsers.add_parser(
        "promise",
        parents=[common],
        help="record a promise you made to a buyer (new ship date, report back)",
        description="Record a promise you made to the buyer of an order: a new ship date you agreed "
        "(--ship-by) or a time you will get back to them (--report-back). It is tracked like a deadline "
        "and you are warned before it is missed. --kept marks the order's open promises kept.",
    )
    parser.add_argument("order", metavar="ORDER_ID", help="the order number")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--ship-by", metavar="ISO", help="the ship date you agreed with the buyer")
    group.add_argument("--report-back", metavar="ISO", help="when you promised to report back")
    group.add_argument("--kept", action="store_true", help="mark this order's open promises kept")
    parser.add_argument("--text", default="", help="what you told the buyer, in your words")
    parser.set_defaults(handler=promise)

    parser = subparsers.add_parser(
        "note",
        parents=[common],
        help="add a note to an order",
        description="Add a note to an order. Notes are yours: an import never changes them.",
    )
    parser.add_argument("order", metavar="ORDER_ID", help="the order number")
    parser.add_argument("text", metavar="TEXT")
    parser.add_argument("--author", default=None, help="who wrote it (default: the staff name in settings)")
    parser.set_defaults(handler=note)


def work_order(args, ctx) -> int:
    store, shop_id, lang = ctx.store(), ctx.shop_id(), ctx.lang
    order = orders.find_order(store, shop_id, args.order)
    if args.answer is not None:
        if args.due or args.opened:
            raise UserError("Give either --answer, or --opened and --due, not both.")
        open_one = work_orders.latest_open_work_order(store, order["id"])
        if open_one is None:
            raise UserError(t("orders.no_open_work_order", lang, order_no=args.order))
        work_orders.answer_work_order(store, open_one["id"], ctx.parse_time(args.at, "--at"), args.answer)
        print(t("orders.work_order_answered", lang, order_no=args.order))
        return 0
    if not args.due:
        raise UserError(
            "Say when the work order must be answered with --due, or mark one answered with --answer."
        )
    opened = ctx.parse_time(args.opened, "--opened")
    due = ctx.parse_time(args.due, "--due")
    if due < opened:
        raise UserError("--due is before --opened; the answer deadline comes after the work order opens.")
    work_orders.open_work_order(store, shop_id, order["id"], opened, due, ctx.now_epoch, kind=args.kind)
    print(t("orders.work_order_opened", lang, order_no=args.order, due=format_local(due, ctx.shop_tz())))
    return 0


def promise(args, ctx) -> int:
    store, shop_id, lang = ctx.store(), ctx.shop_id(), ctx.lang
    order = orders.find_order(store, shop_id, args.order)
    if args.kept:
        kept = 0
        for commitment in commitments.commitments_for_order(store, order["id"]):
            if commitment["kept_at"] is None:
                commitments.keep_commitment(store, commitment["id"], ctx.now_epoch)
                kept += 1
        print(t("orders.commitments_kept", lang, order_no=args.order, count=kept))
        return 0
    kind, text = ("ship_by", args.ship_by) if args.ship_by else ("report_back", args.report_back)
    due = ctx.parse_time(text, "--ship-by" if kind == "ship_by" else "--report-back")
    commitments.add_commitment(store, shop_id, order["id"], kind, due, ctx.now_epoch, args.text)
    print(
        t(
            "orders.commitment_added",
            lang,
            order_no=args.order,
            what=t(f"orders.commitment_{kind}", lang),
            due=format_local(due, ctx.shop_tz()),
        )
    )
    return 0


def note(args, ctx) -> int:
    store = ctx.store()
    order = orders.find_order(store, ctx.shop_id(), args.order)
    # Who is doing it: --as / SELLER_ASSISTANT_STAFF, else the shop's staff name (store/staff.py).
    author = args.author if args.author is not None else acting_staff(ctx.store(), ctx.shop_id()) or ""
    order_notes.add_note(store, order["id"], args.text, author, ctx.now_epoch)
    print(t("orders.note_added", ctx.lang, order_no=args.order))
    return 0
