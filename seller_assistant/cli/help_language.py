"""The command line's help in the shop's language: Chinese texts from resources/i18n/cli_help.zh.toml."""

from __future__ import annotations

import argparse
import os
import tomllib
from functools import cache
from pathlib import Path

from seller_assistant import paths
from seller_assistant.cli.context import system_language
from seller_assistant.store.dialect import is_url

CATALOGUE = "cli_help.zh.toml"


@cache
def chinese_help() -> dict[str, str]:
    with open(paths.resource("i18n", CATALOGUE), "rb") as handle:
        return tomllib.load(handle)["help"]


def help_language(argv: list[str]) -> str:
    """The shop's language when the store says one, else the system's (LANG)."""
    location = _store_location(argv)
    # A shared store's address names a database on its server (its shop's language too).
    if is_url(location) or (location is not None and Path(location).is_file()):
        try:
            from seller_assistant.store import open_store, shops

            store = open_store(location, read_only=True, migrate=False)
            try:
                shop_id = shops.current_shop_id(store)
                language = shops.load_settings(store, shop_id).language if shop_id else None
            finally:
                store.close()
            if language in ("zh", "en"):
                return language
        except Exception:  # noqa: BLE001 - help must always print; the system's language will do
            pass
    return system_language()


def _store_location(argv: list[str]) -> Path | str | None:
    """What --db (or SELLER_ASSISTANT_DB) names: a store file, or a shared store's address."""
    named = None
    for number, word in enumerate(argv):
        if word == "--db" and number + 1 < len(argv):
            named = argv[number + 1]
            break
        if word.startswith("--db="):
            named = word[5:]
            break
    named = named or os.environ.get(paths.DB_ENV)
    if not named:
        return paths.default_db_path()
    return named.strip() if is_url(named) else Path(named).expanduser()


# argparse's own words (it asks gettext for them each time it formats help).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "命令",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
}


def use_chinese_argparse_words() -> None:
    argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


def translate_parser(parser: argparse.ArgumentParser, texts: dict[str, str]) -> None:
    """Swap every help and description for its translation (untranslated ones stay as written)."""
    if parser.description:
        parser.description = texts.get(parser.description, parser.description)
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            action.help = texts.get(action.help, action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = texts.get(choice.help, choice.help)
            for sub in action.choices.values():
                translate_parser(sub, texts)


def help_texts(parser: argparse.ArgumentParser) -> list[str]:
    """Every help and description text of the command line, once each (for the catalogue's test)."""
    found: list[str] = []

    def add(text: str | None) -> None:
        if text and text != argparse.SUPPRESS and text not in found:
            found.append(text)

    def walk(p: argparse.ArgumentParser) -> None:
        add(p.description)
        for action in p._actions:
            add(action.help)
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    add(choice.help)
                for sub in action.choices.values():
                    walk(sub)

    walk(parser)
    return found
