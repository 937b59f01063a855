"""`import-chat`, `search`, `agree`, `attach`: chat records and other evidence in, and found again."""

from __future__ import annotations

import argparse

from seller_assistant.cli.output import print_json
from seller_assistant.core.chat_records import STAGES
from seller_assistant.core.clock import format_local
from seller_assistant.core.i18n import t
from seller_assistant.store import orders
from seller_assistant.store.agreements import AGREEMENT_KINDS


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "import-chat",
        parents=[common],
        help="import a chat record (Qianniu/Wangwang export or CSV) as evidence",
        description="Import a chat record as evidence. Messages are tied to orders by the order number they "
        "mention, else by buyer and time. Importing the same record twice adds nothing.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--order", metavar="ORDER_ID", help="tie every message to this order (its number)")
    parser.add_argument("--format", choices=("auto", "qianniu", "csv"), default="auto")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=import_chat)

    parser = subparsers.add_parser(
        "search",
        parents=[common],
        help="find chat messages containing a phrase (Chinese or English)",
        description="Search every chat message, newest first. Any phrase of 2 or more characters is found by "
        "index (3+ characters by the trigram index, 2 by the bigram index); 1 character is refused.",
    )
    parser.add_argument("query", metavar="QUERY")
    parser.add_argument("--order", metavar="ORDER_ID", help="only this order's messages (its number)")
    parser.add_argument("--buyer", metavar="NICK", help="only chats with this buyer")
    parser.add_argument("--stage", choices=STAGES)
    parser.add_argument("--staff", metavar="NAME", help="only messages sent under this name")
    parser.add_argument("--since", metavar="ISO", help="messages at or after this time")
    parser.add_argument("--until", metavar="ISO", help="messages before this time")
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--json", action="store_true", help="print the hits as JSON")
    parser.set_defaults(handler=search)

    parser = subparsers.add_parser(
        "agree",
        parents=[common],
        help="record a term agreed with the buyer (交易约定) as sealed evidence",
    )
    parser.add_argument("order", metavar="ORDER_ID", help="the order number")
    parser.add_argument("text", metavar="TEXT", help="the terms, in the words agreed")
    parser.add_argument("--kind", choices=AGREEMENT_KINDS, required=True)
    parser.add_argument("--at", metavar="ISO", help="when it was agreed (default: now)")
    parser.add_argument("--message", type=int, metavar="ID", help="the message it was agreed in")
    parser.set_defaults(handler=agree)

    parser = subparsers.add_parser(
        "attach",
        parents=[common],
        help="keep a file (photo, screenshot, receipt) as sealed evidence of an order",
    )
    parser.add_argument("order", metavar="ORDER_ID", help="the order number")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=attach)


def import_chat(args, ctx) -> int:
    from seller_assistant.imports.chats import import_chat_file

    result = import_chat_file(
        ctx.store(), ctx.shop_id(), args.file, order_no=args.order, now=ctx.now_epoch, format=args.format
    )
    if args.json:
        print_json(result.to_json())
        return 0
    lang = ctx.lang
    data = result.to_json()
    print(t("evidence.import_summary", lang, **{k: v for k, v in data.items() if k != "errors"}))
    for error in result.errors:
        print(t("evidence.import_error", lang, line=error.line, message=error.text(lang)))
    return 0


def search(args, ctx) -> int:
    from seller_assistant.store.search import search_messages

    store, shop_id, lang = ctx.store(), ctx.shop_id(), ctx.lang
    order_id = orders.find_order(store, shop_id, args.order)["id"] if args.order else None
    result = search_messages(
        store,
        shop_id,
        args.query,
        order_id=order_id,
        buyer=args.buyer,
        stage=args.stage,
        sender_name=args.staff,
        since=ctx.parse_time(args.since, "--since") if args.since else None,
        until=ctx.parse_time(args.until, "--until") if args.until else None,
        limit=max(1, args.limit),
        lang=lang,
    )
    tz = ctx.settings().tz()
    refused = 2 if result.mode == "too_short" else 0  # a usage problem, like a wrong option
    if args.json:
        print_json(
            {
                "query": args.query,
                "mode": result.mode,
                "note": result.note,
                "hits": [
                    {
                        "message_id": h.message_id,
                        "order_id": h.order_id,
                        "order_no": h.order_no,
                        "buyer": h.buyer,
                        "sender_name": h.sender_name,
                        "sender_role": h.sender_role,
                        "stage": h.stage,
                        "sent_at": format_local(h.sent_at, tz, with_seconds=True),
                        "text": h.text,
                        "highlights": [list(span) for span in h.highlights],
                    }
                    for h in result.hits
                ],
            }
        )
        return refused
    if result.note:
        print(result.note)
    if refused:
        return refused
    if not result.hits:
        print(t("evidence.search_none", lang, query=args.query))
        return 0
    print(t("evidence.search_count", lang, count=len(result.hits)))
    for h in result.hits:
        where = h.order_no or t("evidence.unlinked", lang)
        text = h.text.replace("\n", " ")
        print(f"{format_local(h.sent_at, tz, with_seconds=True)}  [{where}] {h.sender_name}: {text}")
    return 0


def agree(args, ctx) -> int:
    from seller_assistant.store.agreements import add_agreement

    store, shop_id = ctx.store(), ctx.shop_id()
    order = orders.find_order(store, shop_id, args.order)
    agreement_id = add_agreement(
        store,
        shop_id,
        order["id"],
        args.kind,
        args.text,
        ctx.parse_time(args.at, "--at"),
        ctx.now_epoch,
        message_id=args.message,
    )
    print(t("evidence.agreement_added", ctx.lang, id=agreement_id, order_no=order["order_no"]))
    return 0


def attach(args, ctx) -> int:
    from seller_assistant.store.attachments import add_attachment

    store, shop_id = ctx.store(), ctx.shop_id()
    order = orders.find_order(store, shop_id, args.order)
    row = add_attachment(store, shop_id, order["id"], args.file, ctx.now_epoch)
    if args.json:
        print_json({k: row[k] for k in ("id", "sha256", "original_name", "media_type", "size", "hash")})
        return 0
    print(
        t(
            "evidence.attachment_added",
            ctx.lang,
            name=row["original_name"],
            media_type=row["media_type"],
            size=row["size"],
            sha256=row["sha256"],
            order_no=order["order_no"],
        )
    )
    return 0
