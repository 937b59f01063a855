"""`demo`: fill an empty store with a realistic demo shop and open the window on it."""

from __future__ import annotations

import argparse
import os

from seller_assistant import paths
from seller_assistant.store.demo import ensure_demo as seed_demo_if_empty


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "demo",
        parents=[common],
        help="open the demo shop (its own store, never your real one)",
        description="Open a realistic demo shop: a few hundred invented orders over the last 45 days with "
        "Chinese buyers and goods, some late, urged or disputed, with chats and help events. Without --db "
        "it lives in a store of its own beside your real one, so its orders never mix with yours; with "
        "--db it fills that store if it has no shop yet.",
    )
    parser.add_argument(
        "--no-gui", action="store_true", help="only create the demo shop; do not open the window"
    )
    parser.set_defaults(handler=run)


def run(args, ctx) -> int:
    if ctx.db is None and not os.environ.get(paths.DB_ENV):
        # No store named: the demo gets a store of its own, never the shop's real one.
        ctx.db = str(paths.demo_db_path())
        ctx.db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    created = ensure_demo(ctx)
    if args.no_gui:
        print(
            f"Demo shop created in {ctx.db_path}."
            if created
            else f"{ctx.db_path} already has a shop; left as it is."
        )
        return 0
    from seller_assistant.ui.app import run_gui

    return run_gui(ctx)


def ensure_demo(ctx) -> bool:
    """Seed the demo into the context's store if it has no shop; True when it did."""
    return seed_demo_if_empty(ctx.store(), ctx.now_epoch)
