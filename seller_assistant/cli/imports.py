"""`imports`, `undo-import`, `resume-import`: the import runs, and what to do with an interrupted one."""

from __future__ import annotations

from seller_assistant.cli.output import print_json
from seller_assistant.core.clock import format_local
from seller_assistant.store import import_runs

_STATES = {
    "staging": "running",
    "publishing": "storing its last rows",
    "done": "done",
    "undone": "undone",
    "interrupted": "INTERRUPTED — nothing of it is shown; undo or resume it",
}


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "imports", parents=[common], help="list recent imports; an interrupted one is flagged"
    )
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=run_list)
    parser = subparsers.add_parser(
        "undo-import", parents=[common], help="remove an interrupted import: the store is as before it began"
    )
    parser.add_argument("id", type=int, metavar="IMPORT_ID")
    parser.set_defaults(handler=run_undo)
    parser = subparsers.add_parser(
        "resume-import", parents=[common], help="finish an interrupted import from its file"
    )
    parser.add_argument("id", type=int, metavar="IMPORT_ID")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=run_resume)


def run_list(args, ctx) -> int:
    runs = import_runs.list_runs(ctx.store(), ctx.shop_id())
    if args.json:
        print_json([run.to_json() for run in runs])
        return 0
    if not runs:
        print("No imports yet.")
    tz = ctx.shop_tz()
    for run in runs:
        state = run.to_json()["state"]
        print(
            f"{run.id:>5}  {format_local(run.started_at, tz)}  {run.kind:<6}  {_STATES.get(state, state)}"
            f"  ({run.staged} rows)  {run.file}"
        )
    return 0


def run_undo(args, ctx) -> int:
    run = import_runs.undo(ctx.store(), args.id)
    print(
        f"Import {run.id} ({run.file}) undone: none of its {run.staged} rows was kept; the store is as before it."
    )
    return 0


def run_resume(args, ctx) -> int:
    from seller_assistant.imports.resume import resume_import

    result = resume_import(ctx.store(), args.id, ctx.now_epoch)
    if args.json:
        print_json(result.to_json())
    else:
        print(f"Import {args.id} finished: {result.inserted} new.")
    return 0
