"""`import-chat`: chat records in as evidence, tied to orders."""

from __future__ import annotations

import argparse


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "import-chat", parents=[common], help="import a chat record (Qianniu/Wangwang export or CSV) as evidence",
        description="Import a chat record as evidence. Messages are tied to orders by the order number they "
        "mention, else by buyer and time. Importing the same record twice adds nothing.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--order", metavar="ORDER_ID", help="tie every message to this order")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=import_chat)


def import_chat(args, ctx) -> int:
    from seller_assistant.core.errors import UserError

    raise UserError("Importing chats is not built yet.")
