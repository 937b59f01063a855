"""Turn `UserError(f"… {order_no} …")` into `UserError("… {order_no} …", order_no=order_no)`.

A helper for moving a module's refusals to translatable templates (core/messages.py): the f-string's
values become named placeholders. Values it cannot name plainly (a call, a format spec) are left for
a person: the call is listed and not touched. Usage: tools/error_templates.py FILE… [--dry-run]
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ERRORS = {
    "UserError",
    "StoreTooNewError",
    "StoreLockedError",
    "StoreConflictError",
    "MoveCancelled",
    "UnsafeBundleError",
    "Message",
}
# Names a reader (and a translator) understands better than the expression's own.
RENAMES = {
    "path.name": "file",
    "exc.strerror": "problem",
    "exc": "problem",
    "source_path": "path",
    "db_path": "path",
}


def _callee(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _name_for(expr: ast.expr, source: str) -> str | None:
    text = ast.get_source_segment(source, expr) or ""
    if text in RENAMES:
        return RENAMES[text]
    if isinstance(expr, ast.Name):
        return expr.id.lower() if expr.id.islower() or "_" in expr.id else None
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name | ast.Attribute):
        return expr.attr.lower()
    if (
        isinstance(expr, ast.Subscript)
        and isinstance(expr.slice, ast.Constant)
        and isinstance(expr.slice.value, str)
    ):
        return expr.slice.value.lower()
    return None


def convert(source: str) -> tuple[str, list[str]]:
    tree = ast.parse(source)
    edits: list[tuple[int, int, str]] = []
    skipped: list[str] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _callee(node) in ERRORS and node.args):
            continue
        first = node.args[0]
        if not isinstance(first, ast.JoinedStr):
            continue
        parts: list[str] = []
        values: dict[str, str] = {}
        ok = True
        for piece in first.values:
            if isinstance(piece, ast.Constant):
                parts.append(str(piece.value))
                continue
            assert isinstance(piece, ast.FormattedValue)
            name = _name_for(piece.value, source)
            expr = ast.get_source_segment(source, piece.value)
            if name is None or piece.format_spec is not None or expr is None:
                ok = False
                break
            if piece.conversion == ord("r"):
                expr = f"repr({expr})"
            if values.get(name, expr) != expr:
                ok = False
                break
            values[name] = expr
            parts.append("{" + name + "}")
        if not ok:
            skipped.append(f"line {node.lineno}: {ast.get_source_segment(source, first)}")
            continue
        template = "".join(parts)
        literal = '"' + template.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        kwargs = "".join(f", {name}={expr}" for name, expr in values.items())
        start = _offset(source, first.lineno, first.col_offset)
        end = _offset(source, first.end_lineno, first.end_col_offset)
        edits.append((start, end, literal + kwargs))
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source, skipped


def _offset(source: str, line: int, col: int) -> int:
    """ast's columns count UTF-8 bytes; the text is indexed by characters."""
    lines = source.splitlines(keepends=True)
    before = sum(len(text) for text in lines[: line - 1])
    return before + len(lines[line - 1].encode()[:col].decode())


def main(argv: list[str]) -> int:
    dry = "--dry-run" in argv
    for name in (arg for arg in argv if arg != "--dry-run"):
        path = Path(name)
        new, skipped = convert(path.read_text(encoding="utf-8"))
        if not dry:
            path.write_text(new, encoding="utf-8")
        for line in skipped:
            print(f"{path}: left for a person: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
