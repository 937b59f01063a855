"""Finds every string the Qt interface asks to translate, by reading seller_assistant/ui like lupdate.

lupdate's Python parser sees `self.tr("…")` and `QCoreApplication.translate("Ctx", "…")`; this scan
also sees what it misreads: a local alias (`tr = QCoreApplication.translate`), a module's one-line
wrapper (`def _tr(text): return QCoreApplication.translate("Ctx", text)`), and `widget.tr("…")` on an
object passed in. Calls whose text is built at run time are reported as problems with file:line."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "seller_assistant" / "ui"
TRANSLATE_OWNERS = {"QCoreApplication", "QApplication", "QGuiApplication"}
# `widget.tr("…")` on an object handed in: PySide's tr() tries each class of the object's MRO, and
# every widget is a QWidget, so this context is found whatever the caller's class.
PASSED_OBJECT_CONTEXT = "QWidget"


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str = ""
    numerus: bool = False
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    text: str
    context: str = ""  # set when only the text is decided at run time

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.text}"


def ui_sources(ui: Path = UI) -> list[Path]:
    return sorted(p for p in ui.rglob("*.py") if "__pycache__" not in p.parts)


def scan(paths: list[Path] | None = None, root: Path = ROOT) -> tuple[list[Message], list[Problem]]:
    messages: list[Message] = []
    problems: list[Problem] = []
    for path in paths if paths is not None else ui_sources():
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        _ModuleScan(rel, messages, problems).run(tree)
    return messages, problems


def _is_translate_attr(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "translate"
        and isinstance(node.value, ast.Name)
        and node.value.id in TRANSLATE_OWNERS
    )


def _text(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


class _ModuleScan(ast.NodeVisitor):
    def __init__(self, file: str, messages: list[Message], problems: list[Problem]) -> None:
        self.file = file
        self.messages = messages
        self.problems = problems
        self.classes: list[str] = []
        self.aliases: set[str] = set()  # names bound to QCoreApplication.translate
        self.wrappers: dict[str, str] = {}  # one-argument function name -> its fixed context
        self.wrapper_params: set[int] = set()  # ids of the Name nodes that are a wrapper's own parameter

    def run(self, tree: ast.Module) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and _is_translate_attr(node.value):
                self.aliases.update(t.id for t in node.targets if isinstance(t, ast.Name))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                self._note_wrapper(node)
        self.visit(tree)

    def _note_wrapper(self, func: ast.FunctionDef) -> None:
        body = [s for s in func.body if not (isinstance(s, ast.Expr) and _text(s.value) is not None)]
        if len(func.args.args) < 1 or len(body) != 1 or not isinstance(body[0], ast.Return):
            return
        call = body[0].value
        if not (isinstance(call, ast.Call) and self._is_translate(call.func) and len(call.args) >= 2):
            return
        context, text = _text(call.args[0]), call.args[1]
        if context is not None and isinstance(text, ast.Name) and text.id == func.args.args[0].arg:
            self.wrappers[func.name] = context
            self.wrapper_params.add(id(text))

    def _is_translate(self, func: ast.AST) -> bool:
        return _is_translate_attr(func) or (isinstance(func, ast.Name) and func.id in self.aliases)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if self._is_translate(func):
            self._translate_call(node)
        elif isinstance(func, ast.Attribute) and func.attr == "tr":
            self._tr_call(node)
        elif isinstance(func, ast.Name) and func.id in self.wrappers:
            self._add(self.wrappers[func.id], node.args[0] if node.args else None, None, None, node)
        self.generic_visit(node)

    def _translate_call(self, node: ast.Call) -> None:
        args = node.args
        if args and id(args[1] if len(args) > 1 else None) in self.wrapper_params:
            return
        context = _text(args[0]) if args else None
        if context is None:
            self._problem(node, "translate() with a context decided at run time")
            return
        self._add(
            context,
            args[1] if len(args) > 1 else None,
            args[2] if len(args) > 2 else None,
            args[3] if len(args) > 3 else _keyword(node, "n"),
            node,
        )

    def _tr_call(self, node: ast.Call) -> None:
        owner = node.func.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls") and self.classes:
            context = self.classes[-1]
        elif isinstance(owner, ast.Name) and owner.id not in ("self", "cls"):
            context = PASSED_OBJECT_CONTEXT
            self._problem(
                node,
                f"{owner.id}.tr(): lupdate files it under context '{owner.id}', which Qt "
                f"never asks for (the .ts carries it under {PASSED_OBJECT_CONTEXT}); "
                "prefer QCoreApplication.translate with a fixed context",
            )
        else:
            self._problem(node, "tr() outside a class: no context")
            return
        args = node.args
        self._add(
            context,
            args[0] if args else None,
            args[1] if len(args) > 1 else None,
            args[2] if len(args) > 2 else _keyword(node, "n"),
            node,
        )

    def _add(
        self, context: str, source: ast.AST | None, comment: ast.AST | None, n: ast.AST | None, node: ast.Call
    ) -> None:
        text = _text(source)
        if text is None:
            kind = (
                "an f-string"
                if isinstance(source, ast.JoinedStr)
                else ("a concatenation" if isinstance(source, ast.BinOp) else "text built at run time")
            )
            self._problem(
                node,
                f"the text to translate in context '{context}' is {kind}; lupdate cannot see it",
                context,
            )
            return
        note = _text(comment) if comment is not None else ""
        self.messages.append(Message(context, text, note or "", n is not None, self.file, node.lineno))

    def _problem(self, node: ast.AST, text: str, context: str = "") -> None:
        self.problems.append(Problem(self.file, node.lineno, text, context))


def _keyword(node: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in node.keywords if k.arg == name), None)
