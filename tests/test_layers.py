"""The layers are a contract: every import of the package, read from its source, obeys docs/ARCHITECTURE.md.

Every `import` counts, at module level or inside a function (an import inside a function is how a
circle is usually held open), relative imports resolved. The rules:
- no circle between modules;
- core imports nothing of ours but the base modules; store imports core; importers import core
  only: they parse (bytes in, records and per-line errors out) and never call the store
  (IMPORTERS_USING_STORE names any that still do, a list that only shrinks; it is empty);
- imports (an import end to end: an importer's parse, then one store call writing the batch)
  import core, store and importers;
- ui may import core, store, importers and imports, never cli; cli may import anything, but the
  window only through its entry point (ui.app);
- a base module imports only base modules and core.
import-linter would check the same contracts, but not the tests' own checker and not with the
cycle printed as a path; this is 150 lines with no new dependency.
"""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import seller_assistant

PACKAGE = "seller_assistant"
# Usable from every layer: the package's name and version, where data lives, the activity log.
BASE = {"", "paths", "activity_log"}
LAYERS = ("core", "store", "importers", "imports", "ui", "cli")
ALLOWED = {
    "base": {"base", "core"},
    "core": {"base", "core"},
    "store": {"base", "core", "store"},
    "importers": {"base", "core", "store", "importers"},
    "imports": {"base", "core", "store", "importers", "imports"},
    "ui": {"base", "core", "store", "importers", "imports", "ui"},
    "cli": {"base", "core", "store", "importers", "imports", "cli", "ui"},
    "main": {"base", "cli"},
}
UI_ENTRY_POINT = "ui.app"
# Importers parse only (bytes in, records and per-line errors out); the glue that writes what they
# read lives in imports/. These importers still call the store (none since the orders, chats and
# resume glue moved to imports/).
IMPORTERS_USING_STORE: set[str] = set()


@dataclass(frozen=True)
class Import:
    source: str  # module names without the package prefix: "store.orders", "" for the package itself
    target: str
    line: int


def module_names(root: Path) -> dict[str, Path]:
    """Every module of the package under `root` by its dotted name without the package prefix."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imports_of(root: Path, package: str) -> list[Import]:
    """Every import of one of the package's own modules, anywhere in its source."""
    modules = module_names(root)

    def known(dotted: str) -> str | None:
        """The module a dotted name lands in (a name imported from a module: that module)."""
        while dotted not in modules:
            if not dotted:
                return None
            dotted = dotted.rpartition(".")[0]
        return dotted

    def ours(absolute: str) -> str | None:
        if absolute == package:
            return ""
        return absolute[len(package) + 1 :] if absolute.startswith(package + ".") else None

    found = []
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        here = name if is_package else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [t for t in (ours(a.name) for a in node.names) if t is not None]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".") if here else []
                    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                    modname = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    modname = ours(node.module or "")
                    if modname is None:
                        continue
                for alias in node.names:  # `from pkg import submodule` imports the submodule
                    full = f"{modname}.{alias.name}" if modname else alias.name
                    targets.append(full if full in modules else modname)
            for target in targets:
                landed = known(target)
                if landed is not None and landed != name:
                    found.append(Import(name, landed, node.lineno))
    return sorted(found, key=lambda imp: (imp.source, imp.line, imp.target))


def graph_of(found: list[Import]) -> dict[str, dict[str, int]]:
    graph: dict[str, dict[str, int]] = {}
    for imp in found:
        graph.setdefault(imp.source, {}).setdefault(imp.target, imp.line)
        graph.setdefault(imp.target, {})
    return graph


def strongly_connected(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module (iterative: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def a_cycle(graph: dict[str, dict[str, int]], component: list[str]) -> str:
    """The shortest circle through the component's first module, with the line of each import:
    a → b (l. 12) → a (l. 3)."""
    members = set(component)
    start = component[0]
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for step in sorted(graph[node]):
            if step == start:
                names = [node]
                while names[-1] != start:
                    names.append(came_from[names[-1]])
                names = [*reversed(names), start]
                return " → ".join(
                    [start, *(f"{b} (l. {graph[a][b]})" for a, b in zip(names, names[1:], strict=False))]
                )
            if step in members and step not in came_from:
                came_from[step] = node
                queue.append(step)
    raise AssertionError(f"{component} is not a circle")


def layer_of(module: str) -> str:
    if module in BASE:
        return "base"
    if module == "__main__":
        return "main"
    head = module.split(".")[0]
    return head if head in LAYERS else "base"


def layer_breaches(found: list[Import]) -> list[str]:
    breaches = []
    for imp in found:
        source, target = layer_of(imp.source), layer_of(imp.target)
        where = f"{imp.source or PACKAGE} imports {imp.target or PACKAGE} (line {imp.line})"
        if target not in ALLOWED[source]:
            breaches.append(f"{source} → {target}: {where}")
        elif source == "cli" and target == "ui" and imp.target != UI_ENTRY_POINT:
            breaches.append(f"cli reaches the window other than through {UI_ENTRY_POINT}: {where}")
        elif source == "importers" and target == "store" and imp.source not in IMPORTERS_USING_STORE:
            breaches.append(f"an importer that should only parse calls the store: {where}")
    return breaches


def circles(found: list[Import]) -> list[str]:
    graph = graph_of(found)
    return [a_cycle(graph, component) for component in strongly_connected(graph)]


# ---- the contract, on the real package ---------------------------------------------------------

ROOT = Path(seller_assistant.__file__).parent


def test_no_module_imports_itself_back_through_others():
    found = circles(imports_of(ROOT, PACKAGE))
    assert not found, "import circles:\n" + "\n".join(found)


def test_every_import_points_down_the_layers():
    found = layer_breaches(imports_of(ROOT, PACKAGE))
    assert not found, "layer breaches:\n" + "\n".join(found)


def test_the_list_of_importers_still_calling_the_store_only_shrinks():
    """A module that no longer calls the store leaves IMPORTERS_USING_STORE (so none creeps back)."""
    using = {
        imp.source
        for imp in imports_of(ROOT, PACKAGE)
        if layer_of(imp.source) == "importers" and layer_of(imp.target) == "store"
    }
    assert using == IMPORTERS_USING_STORE


# ---- the checker itself, on a small package with planted faults --------------------------------


def _package(root: Path, files: dict[str, str]) -> Path:
    pkg = root / PACKAGE
    for name, text in {
        "__init__.py": "",
        "core/__init__.py": "",
        "store/__init__.py": "",
        "ui/__init__.py": "",
        "cli/__init__.py": "",
        "importers/__init__.py": "",
        "imports/__init__.py": "",
        **files,
    }.items():
        (pkg / name).parent.mkdir(parents=True, exist_ok=True)
        (pkg / name).write_text(text, encoding="utf-8")
    return pkg


def test_checker_finds_a_circle_held_open_by_an_import_inside_a_function(tmp_path):
    pkg = _package(
        tmp_path,
        {
            "store/a.py": "from seller_assistant.store import b\n",
            "store/b.py": "def later():\n    from . import c\n",
            "store/c.py": "import seller_assistant.store.a\n",
            "store/d.py": "from seller_assistant.store import a\n",
        },
    )
    [circle] = circles(imports_of(pkg, PACKAGE))
    assert circle == "store.a → store.b (l. 1) → store.c (l. 2) → store.a (l. 1)"


def test_checker_finds_each_kind_of_layer_breach(tmp_path):
    pkg = _package(
        tmp_path,
        {
            "paths.py": "",
            "core/rules.py": "from ..store import orders\nfrom seller_assistant import paths\n",
            "store/orders.py": "from seller_assistant.core import rules\n",
            "store/risk.py": "def f():\n    from seller_assistant.ui import today\n",
            "importers/qianniu.py": "from seller_assistant.store.orders import find\n",
            "imports/orders.py": "from seller_assistant.ui import today\n",
            "ui/today.py": "from seller_assistant.cli import output\n",
            "ui/app.py": "from seller_assistant.ui import today\n",
            "cli/output.py": "",
            "cli/demo.py": "from seller_assistant.ui.app import run\nfrom seller_assistant.ui.today import Page\n",
        },
    )
    breaches = layer_breaches(imports_of(pkg, PACKAGE))
    assert breaches == [
        "cli reaches the window other than through ui.app: cli.demo imports ui.today (line 2)",
        "core → store: core.rules imports store.orders (line 1)",
        "an importer that should only parse calls the store: importers.qianniu imports store.orders (line 1)",
        "imports → ui: imports.orders imports ui.today (line 1)",
        "store → ui: store.risk imports ui.today (line 2)",
        "ui → cli: ui.today imports cli.output (line 1)",
    ]


def test_checker_passes_a_package_that_keeps_the_rules(tmp_path):
    pkg = _package(
        tmp_path,
        {
            "core/rules.py": "from . import clock\n",
            "core/clock.py": "",
            "store/orders.py": "from seller_assistant.core import rules\n",
            "importers/taobao.py": "from seller_assistant.core import rules\n",
            "imports/orders.py": "from seller_assistant.store import orders\nfrom ..importers import taobao\n",
            "ui/app.py": "from seller_assistant.store import orders\nfrom ..core.rules import x\n",
            "cli/__init__.py": "def main():\n    from seller_assistant.ui.app import run\n",
        },
    )
    found = imports_of(pkg, PACKAGE)
    assert not circles(found) and not layer_breaches(found)
    assert Import("ui.app", "core.rules", 2) in found  # a relative import two levels up, resolved
