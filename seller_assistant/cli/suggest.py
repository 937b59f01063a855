"""`suggest`: what the buyer wants, and the reply the guidance calls for."""

from __future__ import annotations

import argparse


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "suggest", parents=[common], help="propose replies to a buyer's message or for an order",
        description="Work out what the buyer wants and propose replies that follow the platform's guidance "
        "(communicate actively, negotiate amicably, act fast), filled with the order's facts.",
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--order", metavar="ORDER_ID")
    group.add_argument("--message", metavar="TEXT")
    parser.add_argument("--lang", choices=("zh", "en"))
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=run)


def run(args, ctx) -> int:
    from seller_assistant.core.errors import UserError

    raise UserError("Reply suggestions are not built yet.")
