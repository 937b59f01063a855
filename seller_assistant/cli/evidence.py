"""`export-evidence` and `verify`: the dispute bundle, and proof that nothing changed."""

from __future__ import annotations

import argparse
from pathlib import Path

from seller_assistant.core.bundle_model import INCLUDE_CHOICES, safe_file_stem


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "export-evidence",
        parents=[common],
        help="pack an order's evidence into one verifiable ZIP",
        description="Write report.pdf, the chat (chat.txt, chat.html), every attachment and a manifest with "
        "the evidence chain into one ZIP. --platform (the default) keeps the buyer's delivery details for "
        "the platform; --share masks phone numbers, addresses and real names for anyone else.",
    )
    parser.add_argument("order", metavar="ORDER_ID", nargs="?", help="the order number")
    parser.add_argument("--out", metavar="FILE.zip", help="the bundle to write (one order)")
    parser.add_argument(
        "--open-disputes",
        action="store_true",
        help="export a bundle for every order with an open dispute (with --out-dir)",
    )
    parser.add_argument("--out-dir", metavar="DIR", help="where the batch bundles go (<order number>.zip)")
    purpose = parser.add_mutually_exclusive_group()
    purpose.add_argument(
        "--platform",
        dest="purpose",
        action="store_const",
        const="platform",
        help="for submission to the platform: unmasked unless --mask (default)",
    )
    purpose.add_argument(
        "--share",
        dest="purpose",
        action="store_const",
        const="share",
        help="for sharing outside the platform: masked unless --no-mask",
    )
    mask = parser.add_mutually_exclusive_group()
    mask.add_argument("--mask", dest="mask", action="store_const", const=True, help="mask personal data")
    mask.add_argument("--no-mask", dest="mask", action="store_const", const=False, help="do not mask")
    parser.add_argument(
        "--include",
        metavar="LIST",
        help=f"what to put in, comma-separated from {', '.join(INCLUDE_CHOICES)} "
        "(default: chat,attachments,events)",
    )
    parser.set_defaults(handler=export, purpose="platform", mask=None)

    parser = subparsers.add_parser(
        "verify",
        parents=[common],
        help="check an evidence bundle (or the whole store) is unaltered",
        description="With FILE.zip: re-hash every file of the bundle and re-check its evidence chain "
        "(exit 0 intact, 1 altered, 2 unreadable or unsafe). Without: re-check every evidence chain in "
        "the store.",
    )
    parser.add_argument("file", metavar="FILE.zip", nargs="?")
    parser.set_defaults(handler=verify)


def export(args, ctx) -> int:
    from seller_assistant.core.bundle import build_bundle
    from seller_assistant.core.bundle_model import BundleOptions, parse_include
    from seller_assistant.core.errors import UserError
    from seller_assistant.core.i18n import t
    from seller_assistant.store import bundle_data

    include = parse_include(args.include)
    masked = args.mask if args.mask is not None else args.purpose == "share"
    store, shop_id, lang = ctx.store(), ctx.shop_id(), ctx.lang

    def options(order_no: str) -> BundleOptions:
        return bundle_data.options_for(store, shop_id, order_no, ctx.now_epoch, include, masked)

    if args.open_disputes:
        if args.order or args.out:
            raise UserError(
                "--open-disputes exports many orders: give --out-dir DIR instead of an order and --out."
            )
        if not args.out_dir:
            raise UserError("--open-disputes needs --out-dir DIR, the folder for the bundles.")
        folder = Path(args.out_dir).expanduser()
        if not folder.is_dir():
            raise UserError("The folder {folder} does not exist; create it first.", folder=folder)
        orders = bundle_data.open_dispute_orders(store, shop_id, ctx.now_epoch)
        if not orders:
            print(t("bundle.batch_none", lang))
            return 0
        for order in orders:
            target = folder / f"{safe_file_stem(order['order_no'])}.zip"
            result = build_bundle(
                bundle_data.gather_order(store, order["id"]), options(order["order_no"]), target
            )
            print(
                t(
                    "bundle.exported",
                    lang,
                    order_no=order["order_no"],
                    path=result.path,
                    files=len(result.files) + 1,
                )
            )
        print(t("bundle.batch_done", lang, count=len(orders), folder=folder))
        return 0
    if not args.order or not args.out:
        raise UserError(
            "export-evidence needs an order number and --out FILE.zip (or --open-disputes --out-dir DIR)."
        )
    target = Path(args.out).expanduser()
    if target.is_dir():
        raise UserError("{target} is a folder; give a file name such as dispute.zip.", target=target)
    order_id = bundle_data.order_id_for_number(store, shop_id, args.order)
    result = build_bundle(bundle_data.gather_order(store, order_id), options(args.order.strip()), target)
    print(
        t("bundle.exported", lang, order_no=args.order.strip(), path=result.path, files=len(result.files) + 1)
    )
    return 0


def verify(args, ctx) -> int:
    if args.file:
        return verify_file(Path(args.file).expanduser(), ctx)
    from seller_assistant.store.evidence import format_verify_report, verify_store

    store = ctx.store()
    report = verify_store(store)
    print(format_verify_report(report, ctx.lang))
    return 0 if report.ok else 1


def verify_file(path: Path, ctx) -> int:
    from seller_assistant.core.bundle_verify import report_lines, verify_bundle

    report = verify_bundle(path)
    lang = bundle_language(ctx)
    print("\n".join(report_lines(report, lang)))
    if report.ok and report.bundle_id and report.chain_key:
        return open_with_kept_key(report, ctx, lang)
    return 0 if report.ok else 1


def open_with_kept_key(report, ctx, lang: str) -> int:
    """A masked bundle verified in the store that made it: the kept key opens its commitments."""
    from seller_assistant.core.errors import UserError
    from seller_assistant.core.i18n import t
    from seller_assistant.store import bundle_data

    if not ctx.store_exists:
        return 0
    try:
        opened, why = bundle_data.open_commitments(
            ctx.store(), report.bundle_id, report.chain_key, report.masked_items
        )
    except UserError:
        return 0  # another shop's bundle: its key is not here, which is how it should be
    if why:
        print(t("bundle.verify_chain_bad", lang, message=why))
        return 1
    print(t("bundle.commitments_opened", lang, count=opened))
    return 0


def bundle_language(ctx) -> str:
    """Verifying a bundle needs no store: a missing or empty store must not stop it."""
    if ctx.store_exists:
        try:
            return ctx.lang
        except Exception:  # noqa: BLE001 - any store trouble: fall back to the system language
            pass
    from seller_assistant.cli.context import system_language

    return system_language()
