"""`risk`: the day's risks and the 7- and 30-day help rate."""

from __future__ import annotations

import argparse


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "risk", parents=[common], help="today's risks: late orders, urges, help rate against your threshold",
        description="Show the 7- and 30-day platform help rate, how many more help events each window "
        "absorbs before your threshold, and the orders and work orders that could spend that headroom.",
    )
    parser.add_argument("--threshold", metavar="FRACTION", type=float,
                        help="your category's average help rate, e.g. 0.015 for 1.5 %% (default: the setting)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def run(args, ctx) -> int:
    from seller_assistant.core.errors import UserError

    raise UserError("The risk report is not built yet.")
