"""`backup`, `backups`, `restore`: copies of the whole store, verified, kept 7 days and 4 weeks."""

from __future__ import annotations

import argparse

from seller_assistant.cli.output import print_json
from seller_assistant.core.errors import UserError
from seller_assistant.store import backup


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "backup",
        parents=[common],
        help="back up the store and its attachments now",
        description="Copy the store and its attachments into its backup folder and verify the copy. "
        "The window does this by itself once a day; --if-due does only what is due (for a scheduler).",
    )
    parser.add_argument("--if-due", action="store_true", help="only the daily/weekly backup, if not yet made")
    parser.set_defaults(handler=run_backup)

    parser = subparsers.add_parser("backups", parents=[common], help="list the store's backups")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=run_list)

    parser = subparsers.add_parser(
        "restore",
        parents=[common],
        help="replace the store with a backup (the current store is backed up first)",
    )
    parser.add_argument("name", metavar="BACKUP", nargs="?", help="the backup's folder name (see 'backups')")
    parser.add_argument("--latest", action="store_true", help="the newest backup")
    parser.set_defaults(handler=run_restore)


def run_backup(args, ctx) -> int:
    store = ctx.store()
    if args.if_due:
        made = backup.backup_if_due(store.conn, store.path, ctx.now_epoch)
    else:
        made = [backup.backup_store(store.conn, store.path, "manual", ctx.now_epoch)]
    for info in made:
        print(f"Backed up and verified: {info.path}")
    if not made:
        print("Today's backup already exists.")
    return 0


def run_list(args, ctx) -> int:
    found = backup.list_backups(ctx.db_path)
    if args.json:
        print_json(
            [
                {"name": b.path.name, "kind": b.kind, "created_at": b.created_at, "path": str(b.path)}
                for b in found
            ]
        )
    elif not found:
        print("No backups yet.")
    for info in [] if args.json else found:
        print(f"{info.path.name}  {info.label}")
    return 0


def run_restore(args, ctx) -> int:
    found = backup.list_backups(ctx.db_path)
    if args.latest:
        chosen = found[0] if found else None
    else:
        if not args.name:
            raise UserError("Name the backup to restore (see 'seller-assistant backups'), or use --latest.")
        chosen = next((b for b in found if b.path.name == args.name), None)
    if chosen is None:
        raise UserError("There is no such backup of this store (see 'seller-assistant backups').")
    now = ctx.now_epoch
    ctx.close_store()  # the live file is about to be replaced
    saved = backup.restore_backup(chosen, ctx.db_path, now)
    print(f"Restored {chosen.label}." + (f" The store as it was is saved in {saved.path}." if saved else ""))
    return 0
