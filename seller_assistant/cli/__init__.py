"""The command line: one contract shared by the window, scheduled reports and scripts.

Each command lives in its own module with `register(subparsers)`; this module parses the common
options (--db, --now, --shop), turns UserError into one sentence on stderr with exit code 2, and keeps
stack traces out of the user's sight (they go to a log file).
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys

from seller_assistant import APP_NAME, __version__
from seller_assistant.activity_log import get_logger
from seller_assistant.cli.context import CliContext, log_unexpected, system_language
from seller_assistant.cli.help_language import help_language
from seller_assistant.cli.output import failure_sentence
from seller_assistant.core.errors import UserError

# Each module registers its own sub-commands; the order here is the order in --help.
COMMAND_MODULES = (
    "seller_assistant.cli.demo",
    "seller_assistant.cli.shops",
    "seller_assistant.cli.orders",
    "seller_assistant.cli.events",
    "seller_assistant.cli.risk",
    "seller_assistant.cli.chats",
    "seller_assistant.cli.imports",
    "seller_assistant.cli.suggest",
    "seller_assistant.cli.evidence",
    "seller_assistant.cli.anchor",
    "seller_assistant.cli.export",
    "seller_assistant.cli.backup",
    "seller_assistant.cli.move_store",
    "seller_assistant.cli.settings",
    "seller_assistant.cli.calendar",
    "seller_assistant.cli.history",
)

DESCRIPTION = """\
Seller Assistant keeps your shop's platform help rate (平台求助率) down: it warns before an order
ships late, keeps chat evidence that cannot be altered, proposes replies that follow the platform's
guidance, and packs a dispute's evidence into one verifiable file.

Run with no command to open the window."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one sentence and exit code 2, like every other error."""

    def error(self, message: str):  # type: ignore[override]
        raise UserError(
            "{message} (see '{prog} --help').", message=f"{message[0].upper()}{message[1:]}", prog=self.prog
        )


def _common_options(default) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH|URL",
        default=default,
        help="the store file, or a shared store's postgresql://USER@HOST/DATABASE address (its password"
        " in .pgpass, never here) (default: SELLER_ASSISTANT_DB or your user data folder)",
    )
    common.add_argument(
        "--now",
        metavar="ISO8601",
        default=default,
        help="work as if it were this moment, e.g. 2026-11-25T09:00:00+08:00 (default: the real clock)",
    )
    common.add_argument(
        "--shop",
        metavar="NAME",
        default=default,
        help="the shop to work on (needed only when the store has several; see 'shop list')",
    )
    common.add_argument(
        "--as",
        dest="acting_staff",
        metavar="NAME",
        default=default,
        help="who is doing this, recorded with what is sealed and done (default: SELLER_ASSISTANT_STAFF, "
        "else the shop's staff_name)",
    )
    return common


def build_parser(language: str = "en") -> argparse.ArgumentParser:
    # The options may come before or after the command; SUPPRESS keeps a sub-command's
    # absent option from overwriting one given before the command.
    if language == "zh":
        from seller_assistant.cli.help_language import use_chinese_argparse_words

        use_chinese_argparse_words()  # argparse names its sections as each parser is made
    common = _common_options(argparse.SUPPRESS)
    parser = _Parser(
        prog="seller-assistant",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_common_options(None)],
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers, common)
    if language == "zh":
        from seller_assistant.cli.help_language import chinese_help, translate_parser

        translate_parser(parser, chinese_help())
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ctx = None
    try:
        wants_help = any(word in ("-h", "--help") for word in argv)
        language = help_language(argv) if wants_help else "en"  # the store is read only to show help
        args = build_parser(language).parse_args(argv)
        ctx = CliContext(db=args.db, now_text=args.now, shop_name=args.shop, staff=args.acting_staff)
        ctx.check_now_syntax()  # a bad --now is refused before anything is read or written
        if not getattr(args, "handler", None):
            from seller_assistant.ui.app import run_gui

            return run_gui(ctx)
        code = int(args.handler(args, ctx) or 0)
        get_logger("cli").info("command %s finished (exit %d)", getattr(args, "command", "?"), code)
        return code
    except UserError as exc:
        language = ctx.lang_without_opening if ctx is not None else system_language()
        print(f"seller-assistant: {exc.text(language)}", file=sys.stderr)
        get_logger("cli").warning("command refused: %s", exc.text("en"))
        return 2
    except BrokenPipeError:
        # The reader went away (`risk | head`): not an error of ours, and nothing more to say.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("seller-assistant: stopped; nothing half-written was kept.", file=sys.stderr)
        return 130
    except (OSError, sqlite3.Error) as exc:
        # A full disk or a read-only folder is the machine's state, not a bug: say which.
        sentence = failure_sentence(exc, _db_path(ctx))
        if sentence is None:
            return _unexpected(exc)
        print(f"seller-assistant: {sentence}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no stack trace for users
        return _unexpected(exc)


def _db_path(ctx):
    try:
        return ctx.db_path if ctx is not None else None
    except Exception:  # noqa: BLE001 - only for wording an error
        return None


def _unexpected(exc: BaseException) -> int:
    log = log_unexpected(exc)
    print(
        f"seller-assistant: an unexpected problem stopped this command ({exc.__class__.__name__}); "
        f"details are in {log}.",
        file=sys.stderr,
    )
    return 2
