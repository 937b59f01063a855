"""`export-evidence` and `verify`: the dispute bundle, and proof that nothing changed."""

from __future__ import annotations

import argparse


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "export-evidence", parents=[common], help="pack an order's evidence into one verifiable ZIP",
    )
    parser.add_argument("order", metavar="ORDER_ID")
    parser.add_argument("--out", metavar="FILE.zip", required=True)
    parser.set_defaults(handler=export)

    parser = subparsers.add_parser(
        "verify", parents=[common], help="check an evidence bundle (or the whole store) is unaltered",
        description="With FILE.zip: re-hash every file of the bundle and re-check its evidence chain "
        "(exit 0 intact, 1 altered). Without: re-check every evidence chain in the store.",
    )
    parser.add_argument("file", metavar="FILE.zip", nargs="?")
    parser.set_defaults(handler=verify)


def export(args, ctx) -> int:
    from seller_assistant.core.errors import UserError

    raise UserError("Exporting evidence is not built yet.")


def verify(args, ctx) -> int:
    from seller_assistant.core.errors import UserError

    raise UserError("Verifying is not built yet.")
