"""`backup`, `backups`, `restore`: copies of the whole store, verified, kept 7 days and 4 weeks.

On a shared store (PostgreSQL) the same commands use store/pg_backup.py: pg_dump into the shared
backups folder, one desk at a time, and a restore only into an empty database (`--into`)."""

from __future__ import annotations

import argparse

from seller_assistant.cli.output import print_json
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.store import backup, backup_folders, backup_restore
from seller_assistant.store.dialect import is_url


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
    parser.add_argument(
        "--into",
        metavar="URL",
        help="shared store: the EMPTY PostgreSQL database to restore into (default: the one --db names)",
    )
    parser.set_defaults(handler=run_restore)


def run_backup(args, ctx) -> int:
    store = ctx.store()
    if store.shared:
        return _run_shared_backup(args, ctx, store)
    if args.if_due:
        made = backup.backup_if_due(store.conn, store.path, ctx.now_epoch)
    else:
        made = [backup.backup_store(store.conn, store.path, "manual", ctx.now_epoch)]
    for info in made:
        print(t("backups.made", ctx.lang, path=info.path))
    if not made:
        print(t("backups.already_today", ctx.lang))
    return 0


def _run_shared_backup(args, ctx, store) -> int:
    from seller_assistant.store import pg_backup  # psycopg only for a shared store

    if args.if_due:
        outcome = pg_backup.backup_if_due(store, ctx.now_epoch)
        made, note = outcome.made, outcome.note
    else:
        made, note = [pg_backup.backup_now(store, "manual", ctx.now_epoch)], None
    for info in made:
        print(t("backups.made", ctx.lang, path=info.path))
    if note:
        print(note.text(ctx.lang))
    elif not made:
        print(t("backups.already_today", ctx.lang))
    return 0


def _found(ctx) -> list[backup_folders.BackupInfo]:
    if is_url(ctx.location):
        from seller_assistant.store import pg_backup

        return pg_backup.list_backups(ctx.location)
    return backup_folders.list_backups(ctx.db_path)


def run_list(args, ctx) -> int:
    found = _found(ctx)
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
    found = _found(ctx)
    if args.latest:
        chosen = found[0] if found else None
    else:
        if not args.name:
            raise UserError("Name the backup to restore (see 'seller-assistant backups'), or use --latest.")
        chosen = next((b for b in found if b.path.name == args.name), None)
    if chosen is None:
        raise UserError("There is no such backup of this store (see 'seller-assistant backups').")
    if is_url(ctx.location):
        from seller_assistant.store import pg_backup

        print(pg_backup.restore(chosen, (args.into or ctx.location).strip()).text(ctx.lang_without_opening))
        return 0
    if args.into:
        raise UserError("--into names a PostgreSQL database; a store file is restored in its place.")
    now, lang = ctx.now_epoch, ctx.lang_without_opening
    ctx.close_store()  # the live file is about to be replaced
    saved = backup_restore.restore_backup(chosen, ctx.db_path, now)
    if saved:
        print(t("backups.restored_saved", lang, label=chosen.label, path=saved.path))
    else:
        print(t("backups.restored", lang, label=chosen.label))
    return 0
