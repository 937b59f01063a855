#!/usr/bin/env python3
"""Refreshes resources/translations/seller_assistant_zh_CN.ts from the interface code and fills its Chinese.

    .venv/bin/python tools/update_translations.py          # rewrite the .ts, print what is unfinished
    .venv/bin/python tools/update_translations.py --check  # change nothing; exit 1 if the .ts is stale

Messages come from lupdate run over every .py under seller_assistant/ui, completed by tools/tr_scan.py
(what lupdate misreads: translate() aliases, one-line wrappers, `widget.tr`) and by the data whose
labels are translated at run time (RUNTIME below). The Chinese comes from tools/zh_CN_strings.py —
edit that table, not the .ts; a translation only in the .ts (made in Qt Linguist) is kept while the
table has none. Messages no longer in the code are dropped."""

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

import tr_scan  # noqa: E402
import zh_CN_strings  # noqa: E402

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
    from seller_assistant.ui.i18n import _lrelease

    lrelease = _lrelease()
    candidates = [Path(sys.executable).parent / "pyside6-lupdate"]
    if lrelease:
        candidates.append(Path(lrelease).with_name(Path(lrelease).name.replace("lrelease", "lupdate")))
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    raise SystemExit("lupdate not found: run this with the project's .venv/bin/python (PySide6 ships it).")


def lupdate_messages(files: list[Path]) -> list[Entry]:
    """What lupdate itself extracts, minus what it misfiles (see tr_scan): a context that is empty,
    QCoreApplication (an alias read as tr()), or a variable name (`widget.tr`)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lupdate.ts"
        subprocess.run([lupdate_binary(), "-silent", "-locations", "none", *map(str, files), "-ts", str(out)],
                       check=True, cwd=ROOT, timeout=120)
        found = []
        for context, message in _messages(ET.parse(out).getroot()):
            if context in ("", "QCoreApplication") or context[:1].islower():
                continue
            found.append(Entry(context, message.findtext("source") or "", message.findtext("comment") or "",
                               message.get("numerus") == "yes"))
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


def read_translations(path: Path) -> dict[Key, str]:
    """Finished translations already in a .ts (numerus: the single Chinese form)."""
    if not path.exists():
        return {}
    found = {}
    for context, message in _messages(ET.parse(path).getroot()):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
            continue
        forms = translation.findall("numerusform")
        text = forms[0].text if forms else translation.text
        if text:
            found[(context, message.findtext("source") or "", message.findtext("comment") or "")] = text
    return found


def chinese_for(entry: Entry, existing: dict[Key, str]) -> str | None:
    return (zh_CN_strings.IN_CONTEXT.get((entry.context, entry.source))
            or zh_CN_strings.ZH.get(entry.source)
            or existing.get(entry.key))


def render(entries: list[Entry], existing: dict[Key, str]) -> tuple[str, list[Entry]]:
    """The .ts text, and the entries left without Chinese."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             '<TS version="2.1" language="zh_CN" sourcelanguage="en">']
    unfinished = []
    context = None
    for entry in entries:
        if entry.context != context:
            if context is not None:
                lines.append("</context>")
            context = entry.context
            lines += ["<context>", f"    <name>{escape(context)}</name>"]
        lines.append('    <message numerus="yes">' if entry.numerus else "    <message>")
        for file, line in entry.locations:
            where = quoteattr("../../" + file)
            lines.append(f"        <location filename={where} line=\"{line}\"/>" if line
                         else f"        <location filename={where}/>")
        lines.append(f"        <source>{escape(entry.source)}</source>")
        if entry.comment:
            lines.append(f"        <comment>{escape(entry.comment)}</comment>")
        chinese = chinese_for(entry, existing)
        if chinese is None:
            unfinished.append(entry)
            lines.append('        <translation type="unfinished"></translation>')
        elif entry.numerus:
            lines.append(f"        <translation><numerusform>{escape(chinese)}</numerusform></translation>")
        else:
            lines.append(f"        <translation>{escape(chinese)}</translation>")
        lines.append("    </message>")
    if context is not None:
        lines.append("</context>")
    lines.append("</TS>")
    return "\n".join(lines) + "\n", unfinished


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Refresh the Chinese .ts from the interface code.")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the .ts is stale")
    parser.add_argument("--ts", type=Path, default=TS_PATH, help="the .ts to write (default: %(default)s)")
    args = parser.parse_args(argv)

    entries, notes = collect()
    existing = read_translations(args.ts)
    text, unfinished = render(entries, existing)
    current = args.ts.read_text(encoding="utf-8") if args.ts.exists() else ""
    for note in notes:
        print(f"note: {note}")
    for entry in unfinished:
        where = ", ".join(f"{f}:{n}" for f, n in entry.locations) or "lupdate"
        print(f"unfinished: [{entry.context}] {entry.source!r} ({where})")
    print(f"{len(entries)} messages, {len(entries) - len(unfinished)} translated, {len(unfinished)} unfinished")
    if args.check:
        stale = text != current
        if stale:
            print(f"{args.ts} is out of date: run tools/update_translations.py")
        return 1 if stale or unfinished else 0
    if text != current:
        args.ts.parent.mkdir(parents=True, exist_ok=True)
        args.ts.write_text(text, encoding="utf-8")
        print(f"wrote {args.ts.relative_to(ROOT) if args.ts.is_relative_to(ROOT) else args.ts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
