"""`export-orders`: the orders as a spreadsheet-safe CSV (UTF-8 with BOM, so Excel reads Chinese)."""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
from pathlib import Path

from seller_assistant.core.clock import format_local
from seller_assistant.core.errors import UserError
from seller_assistant.core.leftovers import remember_folder
from seller_assistant.core.masking import masker_for_order
from seller_assistant.core.messages import os_problem
from seller_assistant.core.spreadsheet import safe_cell
from seller_assistant.store.exports import ORDER_EXPORT_COLUMNS, iter_orders_for_export

_TIME_COLUMNS = {"paid_at", "promised_ship_at", "shipped_at"}


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "export-orders",
        parents=[common],
        help="export the orders to a CSV file for Excel/WPS",
        description="Write every order to a CSV file (UTF-8 with BOM). Buyers' phone numbers, addresses and "
        "names are masked unless you pass --no-mask; cells that a spreadsheet would run as formulas are "
        "kept as text.",
    )
    parser.add_argument("--out", metavar="FILE.csv", required=True)
    parser.add_argument("--no-mask", action="store_true", help="include buyers' personal data unmasked")
    parser.set_defaults(handler=run)


def run(args, ctx) -> int:
    store = ctx.store()
    shop_id = ctx.shop_id()
    tz = ctx.settings().tz()
    target = Path(args.out).expanduser()
    if target.is_dir():
        raise UserError("{target} is a folder; give a file name such as orders.csv.", target=target)
    count = 0
    # Written beside the target and renamed at the end: a failure never leaves half a file.
    try:
        remember_folder(target.parent)  # a crash's side file is removed at the next start
        fd, temp_name = tempfile.mkstemp(
            prefix=f".orders-{os.getpid()}.", suffix=".csv.part", dir=target.parent
        )
    except OSError as exc:
        raise UserError(
            "Could not write {target}: {problem}.", target=target, problem=os_problem(exc)
        ) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(ORDER_EXPORT_COLUMNS)
            for order in iter_orders_for_export(store, shop_id):
                masker = masker_for_order(order, enabled=not args.no_mask)
                row = []
                for column in ORDER_EXPORT_COLUMNS:
                    value = order[column]
                    if column in _TIME_COLUMNS:
                        value = format_local(value, tz, with_seconds=True)
                    elif isinstance(value, str):
                        value = masker.text(value)
                    row.append(safe_cell(value))
                writer.writerow(row)
                count += 1
        os.replace(temp_name, target)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise UserError(
            "Could not write {target}: {problem}.", target=target, problem=os_problem(exc)
        ) from exc
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    print(f"Exported {count} orders to {target}" + ("" if args.no_mask else " (personal data masked)."))
    return 0
