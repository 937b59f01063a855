"""`shop add`, `shop list`: the shops a store holds (a small seller often runs two or three)."""

from __future__ import annotations

import argparse
from datetime import datetime

from seller_assistant.cli.output import print_json
from seller_assistant.core.clock import system_timezone_name, zone
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.core.settings import CHINESE_PLATFORMS, platform_from_text
from seller_assistant.store import shops

PLATFORM_CHOICES = ("taobao", "tmall", "jd", "pdd", "pinduoduo", "douyin", "amazon", "ebay", "other")


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "shop",
        parents=[common],
        help="add a shop or list the store's shops",
        description="A store can hold several shops (e.g. Taobao + Pinduoduo + Douyin). With more than "
        "one, every command names its shop with --shop NAME.",
    )
    actions = parser.add_subparsers(dest="shop_action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        parents=[common],
        help="add a shop",
        description="Add a shop with its marketplace and time zone.",
    )
    add.add_argument("name", metavar="NAME", help="the shop's name, as you call it")
    add.add_argument(
        "--platform",
        required=True,
        type=_platform,
        metavar="|".join(PLATFORM_CHOICES),
        help="its marketplace (pdd and pinduoduo are the same)",
    )
    add.add_argument(
        "--timezone",
        metavar="ZONE",
        help="the time zone of its exports, e.g. Asia/Shanghai (default: this computer's)",
    )
    add.set_defaults(handler=add_shop)
    listing = actions.add_parser(
        "list",
        parents=[common],
        help="list the shops",
        description="List the store's shops with their marketplace and time zone.",
    )
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(handler=list_shops)


def _platform(text: str) -> str:
    platform = platform_from_text(text)
    if platform is None:
        raise argparse.ArgumentTypeError(
            f"unknown marketplace '{text}' (use one of {', '.join(PLATFORM_CHOICES)})"
        )
    return platform


def add_shop(args, ctx) -> int:
    given = args.timezone is not None
    timezone = args.timezone.strip() if given else system_timezone_name()
    try:
        zone(timezone)
    except UserError:
        raise UserError(
            "--timezone: '{timezone}' is not a time zone name (e.g. Asia/Shanghai).", timezone=timezone
        ) from None
    shops.add_shop(ctx.store(), args.name, args.platform, timezone, ctx.now_epoch)
    lang = ctx.lang
    print(
        t(
            "shops.added",
            lang,
            name=args.name.strip(),
            platform=args.platform,
            timezone=timezone,
            zone_source=t("shops.zone_given" if given else "shops.zone_system", lang),
        )
    )
    # A PC set to another zone than the marketplace's: the shop's file times would be read wrongly.
    if not given and args.platform in CHINESE_PLATFORMS and not _is_beijing_time(timezone):
        print(t("shops.zone_differs", lang, platform=args.platform, name=args.name.strip()))
    return 0


def _is_beijing_time(timezone: str) -> bool:
    now = datetime.now(zone(timezone))
    return now.utcoffset() == datetime.now(zone("Asia/Shanghai")).utcoffset()


def list_shops(args, ctx) -> int:
    every = shops.list_shops(ctx.store())
    if args.json:
        print_json(
            [{"id": s.id, "name": s.name, "platform": s.platform, "timezone": s.timezone} for s in every]
        )
        return 0
    if not every:
        print(t("shops.none", ctx.lang))
        return 0
    print(t("shops.list_header", ctx.lang))
    for shop in every:
        print(f"{shop.id}  {shop.name}  {shop.platform}  {shop.timezone}")
    return 0
