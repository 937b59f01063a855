"""`suggest`: what the buyer wants, and the reply the guidance calls for."""

from __future__ import annotations

import argparse
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.files import read_data_file


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "suggest", parents=[common], help="propose replies to a buyer's message or for an order",
        description="Work out what the buyer wants and propose replies that follow the platform's guidance "
        "(communicate actively, negotiate amicably, act fast), filled with the order's facts.",
    )
    parser.add_argument("--order", metavar="ORDER_ID", help="the order number (or its row id)")
    parser.add_argument("--message", metavar="TEXT", help="the buyer's message (default: the order's latest)")
    parser.add_argument("--batch", metavar="FILE",
                        help="classify each line of a UTF-8 file; prints one JSON object per line. A line "
                        "'intent<TAB>message' is checked against its label and scored on stderr")
    parser.add_argument("--new-date", metavar="TIME", help="the ship date you promise, for {new_date}")
    parser.add_argument("--report-back-at", metavar="TIME", help="when you will report back, for {report_back_at}")
    parser.add_argument("--lang", choices=("zh", "en"), help="default: the shop's report language")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=run)


def run(args, ctx) -> int:
    if args.batch:
        if args.order or args.message:
            raise UserError("--batch works on its own; leave out --order and --message.")
        return run_batch(args, ctx)
    if not args.order and not args.message:
        raise UserError("Give --message TEXT, --order ORDER_ID or --batch FILE.")
    from seller_assistant.cli.output import print_json
    from seller_assistant.core.suggest import suggest
    from seller_assistant.store import replies, shops

    store = ctx.store()
    shop_id = shops.current_shop_id(store)
    settings = shops.load_settings(store, shop_id) if shop_id else None
    lang = args.lang or (settings.report_language() if settings else ctx.lang)
    tz = settings.tz() if settings else ctx.shop_tz()
    chosen = {"new_date": ctx.parse_time(args.new_date, "--new-date") if args.new_date else None,
              "report_back_at": ctx.parse_time(args.report_back_at, "--report-back-at") if args.report_back_at
              else None}
    state = None
    if args.order:
        state = replies.order_state(store, replies.find_order_id(store, ctx.shop_id(), args.order))
    lead = int((settings.due_soon_lead_hours if settings else 6) * 3600)
    result = suggest(args.message, state, now=ctx.now_epoch, tz=tz, lang=lang, due_soon_lead_seconds=lead,
                     templates=replies.all_templates(store), chosen=chosen)
    if args.json:
        print_json(result.to_json())
    else:
        print_text(result, state)
    return 0


def print_text(result, state) -> None:
    from seller_assistant.core.i18n import t

    lang = result.lang
    if result.intent is None and state is not None:
        print(t("replies.cli_no_message", lang, order_no=state.order["order_no"]))
    if result.intent is not None:
        intent = result.intent
        if intent.not_sure and len(intent.alternatives) > 1:
            first, second = (t(f"replies.intent_{a['intent']}", lang) for a in intent.alternatives[:2])
            print(t("replies.not_sure", lang, first=first, second=second))
        else:
            print(t("replies.cli_intent", lang, intent=t(f"replies.intent_{intent.intent}", lang),
                    confidence=round(intent.confidence * 100)))
        if intent.matched:
            print(t("replies.cli_matched", lang, words=", ".join(intent.matched)))
    if result.situation is not None:
        name = result.situation.primary or "none"
        print(t("replies.cli_situation", lang, situation=t(f"replies.situation_{name}", lang)))
    print()
    print(t("replies.cli_replies", lang))
    for number, reply in enumerate(result.replies, start=1):
        habit = t(f"replies.habit_{reply.habit}", lang)
        if reply.text:
            print(f"{number}. [{habit}] {reply.text}")
        else:
            facts = ", ".join(t(f"replies.fact_{name}", lang) for name in reply.needs)
            print(f"{number}. [{habit}] {reply.template_id}: {t('replies.needs', lang, facts=facts)}")
    if result.actions:
        print()
        print(t("replies.cli_actions", lang))
        for action in result.actions:
            print(f"- {t(f'replies.action_{action}', lang)}")
    if result.warnings:
        print()
        print(t("replies.cli_warnings", lang))
        for warning in result.warnings:
            print(f"- {warning.message(lang)}")


def read_batch_lines(path: Path) -> list[tuple[int, str]]:
    """Non-empty lines of a UTF-8 file (a BOM is fine), numbered from 1; a bad byte names its line."""
    try:
        raw = read_data_file(path, "to be a batch of messages")
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}.") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    lines = []
    for number, chunk in enumerate(raw.split(b"\n"), start=1):
        try:
            text = chunk.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError:
            raise UserError(f"{path}: line {number} is not UTF-8 text; save the file as UTF-8 and try again.") \
                from None
        if text.strip() and not text.startswith("#"):
            lines.append((number, text))
    return lines


def run_batch(args, ctx) -> int:
    import sys

    from seller_assistant.cli.output import print_json_line
    from seller_assistant.core.i18n import t
    from seller_assistant.core.intents import classify
    from seller_assistant.core.lexicon import INTENTS

    lang = args.lang or ctx.lang
    labelled = correct = total = 0
    for number, line in read_batch_lines(Path(args.batch)):
        label, _, rest = line.partition("\t")
        expected = label if rest and label in INTENTS else None
        message = rest if expected else line
        result = classify(message)
        record = {"line": number, "message": message, **result.to_json()}
        total += 1
        if expected:
            labelled += 1
            correct += result.intent == expected
            record["expected"] = expected
            record["correct"] = result.intent == expected
        print_json_line(record)
    if labelled:
        print(t("replies.cli_batch_summary", lang, total=total, labelled=labelled, correct=correct,
                accuracy=round(100 * correct / labelled, 1)), file=sys.stderr)
    return 0
