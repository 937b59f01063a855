#!/usr/bin/env python3
"""Fills Chinese into the .ts from a Python table: for many new strings at once, or an old table.

    .venv/bin/python tools/ts_fill.py KEY_FILE.py
    .venv/bin/python tools/ts_fill.py --from-table old_zh_CN_strings.py   # the same; the old table's name

KEY_FILE is Python holding dict literals (it is read, never run): a dict keyed by English source text
serves every context; one keyed by (context, source) pairs serves that context only and wins. The
retired tools/zh_CN_strings.py (ZH and IN_CONTEXT) has exactly this shape:

    ZH = {"Ship now": "立即发货", "Shipped %1 late": "晚发货 %1"}
    IN_CONTEXT = {("OrderDetail", "Shipped"): "发货"}

First the .ts takes in every string the code asks for (tools/update_translations.py), then each
message still unfinished gets the table's Chinese and is marked finished. A finished translation is
never changed unless --overwrite. Prints what stays unfinished; exit 1 if anything does."""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import update_translations  # noqa: E402
from update_translations import TS_PATH, Translation  # noqa: E402


def read_table(path: Path) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(source -> Chinese, (context, source) -> Chinese) from every dict literal assigned in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    by_source: dict[str, str] = {}
    in_context: dict[tuple[str, str], str] = {}
    for node in ast.walk(tree):
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign | ast.Expr) else None
        if not isinstance(value, ast.Dict):
            continue
        try:
            table = ast.literal_eval(value)
        except ValueError as error:
            raise SystemExit(f"{path}:{value.lineno}: not a plain dict of strings ({error})") from None
        for key, chinese in table.items():
            if not isinstance(chinese, str):
                raise SystemExit(f"{path}: the Chinese for {key!r} is not a string")
            if isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key):
                in_context[key] = chinese
            elif isinstance(key, str):
                by_source[key] = chinese
            else:
                raise SystemExit(f"{path}: key {key!r} is neither English text nor (context, text)")
    return by_source, in_context


def fill(table: Path, ts: Path = TS_PATH, overwrite: bool = False) -> tuple[int, list]:
    """Write the table's Chinese into `ts`; (how many messages it filled, those still unfinished)."""
    by_source, in_context = read_table(table)
    result = update_translations.update(ts)
    existing = dict(result.existing)
    filled = 0
    for entry in result.entries:
        chinese = in_context.get((entry.context, entry.source)) or by_source.get(entry.source)
        current = existing.get(entry.key)
        if chinese and (current is None or not current.finished or overwrite):
            existing[entry.key] = Translation(chinese, True, current.note if current else "")
            filled += 1
    text, unfinished = update_translations.render(result.entries, existing, result.obsolete)
    ts.write_text(text, encoding="utf-8")
    return filled, unfinished


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fill the .ts translations from a Python table of Chinese.")
    parser.add_argument("table", nargs="?", type=Path, help="a .py file of dict literals (see above)")
    parser.add_argument("--from-table", type=Path, help="the same, named like the old zh_CN_strings.py table")
    parser.add_argument("--ts", type=Path, default=TS_PATH, help="the .ts to fill (default: %(default)s)")
    parser.add_argument("--overwrite", action="store_true", help="also replace finished translations")
    args = parser.parse_args(argv)
    table = args.from_table or args.table
    if table is None:
        parser.error("name the table: tools/ts_fill.py KEY_FILE.py (or --from-table old_table.py)")
    filled, unfinished = fill(table, args.ts, args.overwrite)
    print(f"filled {filled} translations from {table}")
    for entry in unfinished:
        where = ", ".join(dict.fromkeys(f"{f}:{n}" if n else f for f, n in entry.locations))
        print(f"unfinished: [{entry.context}] {entry.source!r} ({where})")
    if unfinished:
        print(f"{len(unfinished)} still unfinished: add them to the table, or translate them in the .ts")
    return 1 if unfinished else 0


if __name__ == "__main__":
    sys.exit(main())
