"""`suggest`: what the buyer wants, and the reply the guidance calls for."""

from __future__ import annotations

import argparse
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.limits import read_data_file
from seller_assistant.core.messages import os_problem


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "suggest",
        parents=[common],
        help="propose replies to a buyer's message or for an order",
        description="Work out what the buyer wants and propose replies that follow the platform's guidance "
        "(communicate actively, negotiate amicably, act fast), filled with the order's facts.",
    )
    parser.add_argument("--order", metavar="ORDER_ID", help="the order number (or its row id)")
    parser.add_argument("--message", metavar="TEXT", help="the buyer's message (default: the order's latest)")
    parser.add_argument(
        "--batch",
        metavar="FILE",
        help="classify each line of a UTF-8 file; prints one JSON object per line. A line "
        "'intent<TAB>message' is checked against its label and scored on stderr",
    )
    parser.add_argument(
        "--fact",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="a fact only you know, which a reply may then state (repeatable): "
        "reason=out_of_stock|waiting_supplier|courier_pickup_delayed|made_to_order|<your words>, "
        "ship_by=TIME, report_back=TIME. Without it a reply that needs it is printed with the gap "
        "and no text",
    )
    parser.add_argument("--new-date", metavar="TIME", help="the same as --fact ship_by=TIME")
    parser.add_argument("--report-back-at", metavar="TIME", help="the same as --fact report_back=TIME")
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
    shop = ctx.chosen_shop()  # a message alone needs no shop; with several, --shop picks the settings
    settings = shops.load_settings(store, shop.id) if shop else None
    if shop:
        # What the shop taught the classifier in the app applies here too (it never leaves the store).
        from seller_assistant.core.intents import learn_from_shop
        from seller_assistant.store.intent_examples import training_pairs

        learn_from_shop(training_pairs(store, shop.id))
    lang = args.lang or (settings.report_language() if settings else ctx.lang)
    tz = settings.tz() if settings else ctx.shop_tz()
    chosen = parse_facts(args, ctx)
    state = None
    if args.order:
        state = replies.order_state(store, replies.find_order_id(store, ctx.shop_id(), args.order))
    lead = int((settings.due_soon_lead_hours if settings else 6) * 3600)
    result = suggest(
        args.message,
        state,
        now=ctx.now_epoch,
        tz=tz,
        lang=lang,
        due_soon_lead_seconds=lead,
        templates=replies.all_templates(store),
        chosen=chosen,
    )
    if args.json:
        print_json(result.to_json())
    else:
        print_text(result, state)
    return 0


# --fact names as a shop says them -> the template's field.
FACT_NAMES = {
    "reason": "reason",
    "ship_by": "new_date",
    "new_date": "new_date",
    "report_back": "report_back_at",
    "report_back_at": "report_back_at",
}


def parse_facts(args, ctx) -> dict:
    given = [
        ("new_date", args.new_date, "--new-date"),
        ("report_back_at", args.report_back_at, "--report-back-at"),
    ]
    for item in args.fact:
        name, sep, value = item.partition("=")
        if not sep or name.strip() not in FACT_NAMES or not value.strip():
            raise UserError(
                "--fact {item}: write NAME=VALUE with NAME one of reason, ship_by, report_back.", item=item
            )
        given.append((FACT_NAMES[name.strip()], value.strip(), f"--fact {name.strip()}"))
    chosen: dict = {}
    for name, value, option in given:
        if value:
            chosen[name] = value if name == "reason" else ctx.parse_time(value, option)
    return chosen


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
            print(
                t(
                    "replies.cli_intent",
                    lang,
                    intent=t(f"replies.intent_{intent.intent}", lang),
                    confidence=round(intent.confidence * 100),
                )
            )
        if intent.matched:
            print(t("replies.cli_matched", lang, words=", ".join(intent.matched)))
    if result.situation is not None:
        name = result.situation.primary or "none"
        print(t("replies.cli_situation", lang, situation=t(f"replies.situation_{name}", lang)))
    print()
    print(t("replies.cli_replies", lang))
    for number, reply in enumerate(result.replies, start=1):
        habit = t(f"replies.habit_{reply.habit}", lang)
        # A reply missing a fact only the shop knows is shown with the gap, never with a guess.
        print(f"{number}. [{habit}] {reply.draft}")
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
    if result.gaps:
        options = {
            "reason": "--fact reason=…",
            "new_date": "--fact ship_by=TIME",
            "report_back_at": "--fact report_back=TIME",
        }
        print()
        print(t("replies.cli_fill_with", lang, options=" ".join(options[name] for name in result.gaps)))


def read_batch_lines(path: Path) -> list[tuple[int, str]]:
    """Non-empty lines of a UTF-8 file (a BOM is fine), numbered from 1; a bad byte names its line."""
    try:
        raw = read_data_file(path, "to be a batch of messages")
    except OSError as exc:
        raise UserError("Cannot read {path}: {problem}.", path=path, problem=os_problem(exc)) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    lines = []
    for number, chunk in enumerate(raw.split(b"\n"), start=1):
        try:
            text = chunk.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError:
            raise UserError(
                "{path}: line {number} is not UTF-8 text; save the file as UTF-8 and try again.",
                path=path,
                number=number,
            ) from None
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
        print(
            t(
                "replies.cli_batch_summary",
                lang,
                total=total,
                labelled=labelled,
                correct=correct,
                accuracy=round(100 * correct / labelled, 1),
            ),
            file=sys.stderr,
        )
    return 0
