#!/usr/bin/env python3
"""Adds the interface's new and changed strings to resources/translations/seller_assistant_zh_CN.ts.

    .venv/bin/python tools/update_translations.py               # add new strings (unfinished), keep the Chinese
    .venv/bin/python tools/update_translations.py --no-obsolete # also drop strings the code no longer asks for
    .venv/bin/python tools/update_translations.py --check       # change nothing; exit 1 if anything is
                                                                # missing, unfinished or obsolete

The .ts is the one source of the window's Chinese: translate in Qt Linguist (`.venv/bin/pyside6-linguist
resources/translations/seller_assistant_zh_CN.ts`) or edit its <translation> elements by hand; this
tool never changes a translation. See docs/TRANSLATING.md.

Messages come from lupdate run over every .py under seller_assistant/ui, completed by tools/tr_scan.py
(what lupdate misreads: translate() aliases, one-line wrappers, `widget.tr`) and by the data whose
labels are translated at run time (RUNTIME below). Like `lupdate -no-obsolete` when asked, and like
lupdate otherwise, a message the code dropped stays as `vanished` (its Chinese kept for reuse) until
`--no-obsolete`. Locations name the file, not the line, so moving code changes nothing here."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
sys.path[:0] = [str(TOOLS), str(ROOT)]

import build_translations  # noqa: E402
import tr_scan  # noqa: E402

TS_PATH = ROOT / "resources" / "translations" / "seller_assistant_zh_CN.ts"
Key = tuple[str, str, str]  # context, source, disambiguation comment


def _order_field_labels() -> Iterable[str]:
    from seller_assistant.importers.orders import ORDER_FIELDS

    return ORDER_FIELDS.values()


# Contexts whose texts the code passes in at run time (translate("OrderFields", label)), with where
# the texts come from.
RUNTIME: dict[str, tuple[str, Callable[[], Iterable[str]]]] = {
    "OrderFields": ("seller_assistant/importers/orders.py", _order_field_labels),
}


@dataclass
class Entry:
    context: str
    source: str
    comment: str = ""
    numerus: bool = False
    locations: list[tuple[str, int]] = field(default_factory=list)

    @property
    def key(self) -> Key:
        return self.context, self.source, self.comment


def lupdate_binary() -> str:
    found = build_translations.qt_tool("lupdate")
    if found is None:
        raise SystemExit(
            "lupdate not found: run this with the project's .venv/bin/python (PySide6 ships it)."
        )
    return found


def lupdate_messages(files: list[Path]) -> list[Entry]:
    """What lupdate itself extracts, minus what it misfiles (see tr_scan): a context that is empty,
    QCoreApplication (an alias read as tr()), or a variable name (`widget.tr`)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lupdate.ts"
        subprocess.run(
            [lupdate_binary(), "-silent", "-locations", "none", *map(str, files), "-ts", str(out)],
            check=True,
            cwd=ROOT,
            timeout=120,
        )
        found = []
        for context, message in _messages(ET.parse(out).getroot()):
            if context in ("", "QCoreApplication") or context[:1].islower():
                continue
            found.append(
                Entry(
                    context,
                    message.findtext("source") or "",
                    message.findtext("comment") or "",
                    message.get("numerus") == "yes",
                )
            )
        return found


def _messages(root: ET.Element):
    for context in root.findall("context"):
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            yield name, message


def collect(files: list[Path] | None = None) -> tuple[list[Entry], list[str]]:
    """Every message the interface asks for, and the problems (file:line) translation cannot fix."""
    files = files if files is not None else tr_scan.ui_sources()
    scanned, problems = tr_scan.scan(files)
    entries: dict[Key, Entry] = {}
    for m in scanned:
        entry = entries.setdefault((m.context, m.source, m.comment), Entry(m.context, m.source, m.comment))
        entry.numerus = entry.numerus or m.numerus
        entry.locations.append((m.file, m.line))
    notes = []
    for entry in lupdate_messages(files):
        if entry.key not in entries:
            entries[entry.key] = entry
            notes.append(f"lupdate found {entry.source!r} in {entry.context} that the scan did not")
    for context, (origin, texts) in RUNTIME.items():
        for text in texts():
            entries.setdefault((context, text, ""), Entry(context, text, locations=[(origin, 0)]))
    notes.extend(str(p) for p in problems if p.context not in RUNTIME)
    return sorted(entries.values(), key=lambda e: e.context), notes


@dataclass
class Translation:
    """What a translator wrote for one message: kept as is by every run of this tool."""

    text: str
    finished: bool
    note: str = ""  # Linguist's translator comment


def read_ts(path: Path) -> tuple[dict[Key, Translation], dict[Key, Entry]]:
    """The translations in a .ts (numerus: the one Chinese form), and every message it holds."""
    if not path.exists():
        return {}, {}
    translations: dict[Key, Translation] = {}
    messages: dict[Key, Entry] = {}
    for context, message in _messages(ET.parse(path).getroot()):
        key = (context, message.findtext("source") or "", message.findtext("comment") or "")
        messages[key] = Entry(*key, numerus=message.get("numerus") == "yes")
        translation = message.find("translation")
        if translation is None:
            continue
        forms = translation.findall("numerusform")
        text = (forms[0].text if forms else translation.text) or ""
        if text:
            kind = translation.get("type")
            translations[key] = Translation(
                text, kind not in ("unfinished",), message.findtext("translatorcomment") or ""
            )
    return translations, messages


def render(
    entries: list[Entry], existing: dict[Key, Translation], obsolete: list[Entry] = ()
) -> tuple[str, list[Entry]]:
    """The .ts text, and the entries left without a finished translation. `obsolete` entries are
    written as vanished, with their Chinese, for Linguist to offer when a similar string comes."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!DOCTYPE TS>",
        '<TS version="2.1" language="zh_CN" sourcelanguage="en">',
    ]
    unfinished = []
    by_context: dict[str, list[tuple[Entry, bool]]] = {}
    for entry in entries:
        by_context.setdefault(entry.context, []).append((entry, False))
    for entry in obsolete:
        by_context.setdefault(entry.context, []).append((entry, True))
    for context in sorted(by_context):
        lines += ["<context>", f"    <name>{escape(context)}</name>"]
        for entry, gone in by_context[context]:
            translation = existing.get(entry.key)
            if not gone and (translation is None or not translation.finished):
                unfinished.append(entry)
            lines += _message_lines(entry, translation, gone)
        lines.append("</context>")
    lines.append("</TS>")
    return "\n".join(lines) + "\n", unfinished


def _message_lines(entry: Entry, translation: Translation | None, gone: bool) -> list[str]:
    lines = ['    <message numerus="yes">' if entry.numerus else "    <message>"]
    for file in dict.fromkeys(file for file, _line in entry.locations):
        lines.append(f"        <location filename={quoteattr('../../' + file)}/>")
    lines.append(f"        <source>{escape(entry.source)}</source>")
    if entry.comment:
        lines.append(f"        <comment>{escape(entry.comment)}</comment>")
    if translation and translation.note:
        lines.append(f"        <translatorcomment>{escape(translation.note)}</translatorcomment>")
    text = escape(translation.text) if translation else ""
    kind = (
        ' type="vanished"' if gone else "" if translation and translation.finished else ' type="unfinished"'
    )
    if entry.numerus:
        text = f"<numerusform>{text}</numerusform>"
    lines += [f"        <translation{kind}>{text}</translation>", "    </message>"]
    return lines


def meaning(ts_text: str) -> set[tuple]:
    """What a .ts says, without its locations or order: equal for two files a translator cannot tell
    apart, so moving code around never makes the .ts stale."""
    root = ET.fromstring(ts_text.encode("utf-8")) if ts_text else ET.Element("TS")
    found = set()
    for context, message in _messages(root):
        translation = message.find("translation")
        forms = translation.findall("numerusform") if translation is not None else []
        text = (forms[0].text if forms else translation.text if translation is not None else "") or ""
        found.add(
            (
                context,
                message.findtext("source") or "",
                message.findtext("comment") or "",
                message.get("numerus") == "yes",
                text,
                translation.get("type") if translation is not None else None,
            )
        )
    return found


@dataclass
class Update:
    text: str  # the refreshed .ts
    asked: int  # messages the interface asks for
    unfinished: list[Entry]
    obsolete: list[Entry]
    notes: list[str]  # what translation cannot fix (text built at run time), file:line
    entries: list[Entry]  # every message the interface asks for
    existing: dict[Key, Translation]  # the translations the .ts held


def update(ts: Path = TS_PATH, drop_obsolete: bool = False) -> Update:
    """The .ts with every message the code asks for, its translations kept, new ones unfinished."""
    entries, notes = collect()
    existing, in_ts = read_ts(ts)
    asked = {entry.key for entry in entries}
    obsolete = (
        []
        if drop_obsolete
        else [message for key, message in in_ts.items() if key not in asked and key in existing]
    )
    text, unfinished = render(entries, existing, obsolete)
    return Update(text, len(entries), unfinished, obsolete, notes, entries, existing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Add the interface's new strings to the Chinese .ts.")
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if a string is missing, unfinished or obsolete",
    )
    parser.add_argument("--no-obsolete", action="store_true", help="drop strings the code no longer asks for")
    parser.add_argument("--ts", type=Path, default=TS_PATH, help="the .ts to refresh (default: %(default)s)")
    args = parser.parse_args(argv)

    result = update(args.ts, drop_obsolete=args.no_obsolete)
    text, unfinished, obsolete = result.text, result.unfinished, result.obsolete
    current = args.ts.read_text(encoding="utf-8") if args.ts.exists() else ""
    for note in result.notes:
        print(f"note: {note}")
    for entry in unfinished:
        where = ", ".join(dict.fromkeys(f"{f}:{n}" if n else f for f, n in entry.locations)) or "lupdate"
        print(f"unfinished: [{entry.context}] {entry.source!r} ({where})")
    for entry in obsolete:
        print(f"obsolete: [{entry.context}] {entry.source!r} (no longer in the code)")
    total = result.asked
    print(
        f"{total} messages, {total - len(unfinished)} translated, {len(unfinished)} unfinished, "
        f"{len(obsolete)} obsolete"
    )
    if obsolete:
        print("obsolete strings stay (as 'vanished') for reuse; drop them with --no-obsolete")
    if args.check:
        stale = meaning(text) != meaning(current)
        if stale:
            print(f"{args.ts} lacks strings the code asks for: run tools/update_translations.py")
        if unfinished:
            print("translate the unfinished strings: see docs/TRANSLATING.md")
        return 1 if stale or unfinished or obsolete else 0
    if text != current:
        args.ts.parent.mkdir(parents=True, exist_ok=True)
        args.ts.write_text(text, encoding="utf-8")
        print(f"wrote {args.ts.relative_to(ROOT) if args.ts.is_relative_to(ROOT) else args.ts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
