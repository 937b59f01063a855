"""`move-store`: copy a store file into an empty PostgreSQL database, verified there, for several desks."""

from __future__ import annotations

import argparse
import sys

from seller_assistant.cli.output import print_json
from seller_assistant.store import move_in

_STAGES = {
    "attachments": "attachment files copied",
    "copy": "rows copied",
    "indexes": "indexes and keys rebuilt",
    "verify": "evidence items verified",
}


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "move-store",
        parents=[common],
        help="copy this store into an empty PostgreSQL database, for several desks",
        description="Copy the store file (--db) with its attachments into an empty PostgreSQL database and "
        "verify it there (every table's rows, every evidence chain, every attachment's SHA-256) before "
        "saying done. The store file is only read, never changed. Attachment files go into the shared "
        "folder named by SELLER_ASSISTANT_SHARED_FOLDER. If anything fails, nothing is kept: the database "
        "stays empty. The address holds no password (put it in .pgpass).",
    )
    parser.add_argument(
        "--to", required=True, metavar="URL", help="the empty database: postgresql://USER@HOST/DATABASE"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)


def run(args, ctx) -> int:
    report = move_in.move_store(ctx.location, args.to, progress=_Progress())
    verified = report.verified
    if args.json:
        print_json(
            {
                "source": str(report.source),
                "target": report.target,
                "rows": report.rows,
                "attachment_files": report.attachment_files,
                "attachments_dir": str(report.attachments_dir) if report.attachments_dir else None,
                "chains": verified.chains if verified else 0,
                "items": verified.items if verified else 0,
                "verified": bool(verified and verified.ok),
            }
        )
        return 0
    tables = sum(1 for n in report.rows.values() if n)
    print(f"Moved {report.source} into {report.target}.")
    print(
        f"Verified on the server: {report.total_rows} rows in {tables} tables match the store file, "
        f"{verified.chains if verified else 0} evidence chains ({verified.items if verified else 0} items) "
        "verify."
    )
    if report.attachments_dir:
        print(
            f"{report.attachment_files} attachment files are in {report.attachments_dir}, each matching its "
            "SHA-256; every desk names that shared folder with SELLER_ASSISTANT_SHARED_FOLDER."
        )
    print(f"Open it on each desk with --db {report.target} (or File › Open shared store…).")
    return 0


class _Progress:
    """A line on stderr at every tenth of a stage, so a big store shows it is moving."""

    def __init__(self) -> None:
        self.shown: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        tenth = 10 * done // total if total else 10
        if self.shown.get(stage, -1) >= tenth:
            return
        self.shown[stage] = tenth
        print(f"  {done} of {total} {_STAGES.get(stage, stage)}", file=sys.stderr, flush=True)
