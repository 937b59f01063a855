"""`move-store`: copy a store file into an empty PostgreSQL database, verified there, for several desks."""

from __future__ import annotations

import argparse
import sys

from seller_assistant.cli.output import print_json
from seller_assistant.core.i18n import t
from seller_assistant.store import move_in

_STAGES = ("attachments", "copy", "indexes", "verify")  # resources/i18n/move.toml: stage_<stage>


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
    report = move_in.move_store(ctx.location, args.to, progress=_Progress(ctx.lang_without_opening))
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
    lang = ctx.lang_without_opening
    print(t("move.moved", lang, source=report.source, target=report.target))
    print(
        t(
            "move.verified",
            lang,
            rows=report.total_rows,
            tables=tables,
            chains=verified.chains if verified else 0,
            items=verified.items if verified else 0,
        )
    )
    if report.attachments_dir:
        print(t("move.attachments", lang, files=report.attachment_files, folder=report.attachments_dir))
    print(t("move.open_it", lang, target=report.target))
    return 0


class _Progress:
    """A line on stderr at every tenth of a stage, so a big store shows it is moving."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.shown: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        tenth = 10 * done // total if total else 10
        if self.shown.get(stage, -1) >= tenth:
            return
        self.shown[stage] = tenth
        words = t(f"move.stage_{stage}", self.lang) if stage in _STAGES else stage
        print(t("move.progress", self.lang, done=done, total=total, stage=words), file=sys.stderr, flush=True)
