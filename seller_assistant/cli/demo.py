"""`demo`: fill an empty store with a realistic demo shop and open the window on it."""

from __future__ import annotations

import argparse

from seller_assistant.core.demo import build_demo_shop
from seller_assistant.core.settings import ShopSettings


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "demo",
        parents=[common],
        help="create a demo shop (if the store is empty) and open the window on it",
        description="Create a realistic demo shop in the store if it has no shop yet: a few hundred "
        "orders over the last 45 days with Chinese buyers and goods, some late, urged or disputed, with "
        "chats and help events. Then open the window on it.",
    )
    parser.add_argument("--no-gui", action="store_true", help="only create the demo shop; do not open the window")
    parser.set_defaults(handler=run)


def run(args, ctx) -> int:
    created = ensure_demo(ctx)
    if args.no_gui:
        print(f"Demo shop created in {ctx.db_path}." if created else f"{ctx.db_path} already has a shop; left as it is.")
        return 0
    from seller_assistant.ui.app import run_gui

    return run_gui(ctx)


def ensure_demo(ctx) -> bool:
    """Seed the demo into the context's store if it has no shop; True when it did."""
    from seller_assistant.store.demo import seed_demo, store_is_empty

    store = ctx.store()
    if not store_is_empty(store):
        return False
    settings = ShopSettings(name="青瓷小铺 (演示)", platform="taobao", timezone="Asia/Shanghai",
                            help_rate_threshold=0.02, staff_name="小美")
    seed_demo(store, build_demo_shop(ctx.now_epoch, staff=settings.staff_name), settings, ctx.now_epoch)
    return True
