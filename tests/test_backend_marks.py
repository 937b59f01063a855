"""Every test module that opens a store says on which backends its tests run (issue 18: "every store
test is parametrised over SQLite and PostgreSQL"): `both_backends` (tests/conftest.py runs each
store test on both), or `sqlite_only(reason=…)` / `postgresql_only(reason=…)` for the whole module
with the reason. A store test added to an unmarked module would silently run on SQLite alone."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent

# Fixtures that are a store, or a place one is opened (tests/conftest.py and modules' own).
STORE_FIXTURES = {
    "store",
    "demo_store",
    "store_location",
    "new_store_location",
    "cli",
    "db_path",
    "pg_url",
    "pg_migrated_url",
    "pg_cluster",
}
# What a test calls to open a store itself, or to run a command on one (the command line's `main`).
STORE_OPENERS = {"open_store", "connect", "open_demo_store", "seed_demo", "cli_main", "main"}
# The same called as an attribute: `x.connect` is a Qt signal's, `tool.main` another program's.
STORE_METHODS = {"open_store", "open_demo_store"}
# Fixtures through which a test runs on the backend it is given (or on PostgreSQL by its nature).
BACKEND_FIXTURES = {"store", "demo_store", "store_location", "new_store_location", "cli", "store_backend"}
BACKEND_FIXTURES |= {"pg_url", "pg_migrated_url", "pg_cluster"}
ONE_BACKEND = ("sqlite_only", "postgresql_only")


_ALIASES: dict[str, ast.expr] = {}  # the module being read: NAME = pytest.mark.sqlite_only(…)


def _mark_name(node: ast.expr) -> str | None:
    """`pytest.mark.NAME`, `pytest.mark.NAME(…)`, or a module's name for one of those → NAME."""
    if isinstance(node, ast.Name) and node.id in _ALIASES:
        node = _ALIASES[node.id]
    if isinstance(node, ast.Call):
        node = node.func
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "mark"
    ):
        return node.attr
    return None


def _has_reason(node: ast.expr) -> bool:
    if isinstance(node, ast.Name) and node.id in _ALIASES:
        node = _ALIASES[node.id]
    return isinstance(node, ast.Call) and any(
        keyword.arg == "reason"
        and isinstance(keyword.value, ast.Constant)
        and str(keyword.value.value).strip()
        for keyword in node.keywords
    )


def _module_marks(tree: ast.Module) -> list[list[ast.expr]]:
    """Each `pytestmark = …` of the module, its marks as a list (only the last one counts)."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "pytestmark" for t in node.targets):
            value = node.value
            found.append(list(value.elts) if isinstance(value, (ast.List, ast.Tuple)) else [value])
    return found


def _opens_a_store(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    if {arg.arg for arg in function.args.args} & STORE_FIXTURES:
        return True
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in STORE_OPENERS:
                return True
            if isinstance(node.func, ast.Attribute) and node.func.attr in STORE_METHODS:
                return True
    return False


def _own_store_fixture(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A fixture of the module that opens a store of its own, on SQLite alone: no backend fixture
    beneath it, no params naming postgresql (as test_malformed_inputs' `shared` has)."""
    decorators = [ast.unparse(decorator) for decorator in function.decorator_list]
    if not any("fixture" in text for text in decorators) or any("postgresql" in text for text in decorators):
        return False
    return _opens_a_store(function) and not {arg.arg for arg in function.args.args} & BACKEND_FIXTURES


def unmarked(source: str, name: str) -> list[str]:
    """What is wrong with the marks of the test module `name` holding `source`."""
    tree = ast.parse(source)
    _ALIASES.clear()
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id != "pytestmark":
                _ALIASES[node.targets[0].id] = node.value
    functions = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    assigned = _module_marks(tree)
    marks = assigned[-1] if assigned else []
    names = {_mark_name(mark) for mark in marks}
    problems = []
    if len(assigned) > 1:
        problems.append(f"{name}: pytestmark is set {len(assigned)} times; only the last one counts")
    for function in functions:
        for decorator in function.decorator_list:
            if _mark_name(decorator) in ONE_BACKEND and not _has_reason(decorator):
                problems.append(f"{name}: {function.name} is marked {_mark_name(decorator)} without a reason")
    for mark in marks:
        if _mark_name(mark) in ONE_BACKEND and not _has_reason(mark) and "both_backends" not in names:
            problems.append(f"{name}: pytestmark {_mark_name(mark)} without a reason")
    if "both_backends" in names or names & set(ONE_BACKEND):
        if "both_backends" in names:
            # In a parametrised module, a test that opens a store of its own (a file made at an old
            # version, say) without a backend fixture, or takes a fixture of the module that does,
            # runs on SQLite alone: it says so, and why.
            own = {function.name for function in functions if _own_store_fixture(function)}
            for function in functions:
                args = {arg.arg for arg in function.args.args}
                if not function.name.startswith("test_") or not (_opens_a_store(function) or args & own):
                    continue
                marked = {_mark_name(d) for d in function.decorator_list} & set(ONE_BACKEND)
                if (args & own or not args & BACKEND_FIXTURES) and not marked:
                    problems.append(
                        f"{name}: {function.name} opens a store of its own, on SQLite alone: take "
                        "store_location (or new_store_location), or mark it sqlite_only(reason=…)"
                    )
        return problems
    if any(_opens_a_store(function) for function in functions):
        problems.append(
            f"{name}: opens a store but is neither both_backends nor sqlite_only/postgresql_only(reason=…)"
        )
    return problems


def test_every_module_that_opens_a_store_says_on_which_backends_it_runs():
    problems = []
    for path in sorted(TESTS.glob("test_*.py")):
        problems += unmarked(path.read_text(encoding="utf-8"), path.name)
    assert problems == [], "\n".join(problems)


def test_the_check_finds_a_store_test_in_an_unmarked_module():
    source = "def test_a(store):\n    pass\n"
    assert unmarked(source, "test_x.py") == [
        "test_x.py: opens a store but is neither both_backends nor sqlite_only/postgresql_only(reason=…)"
    ]
    opened = (
        "from seller_assistant.store import open_store\ndef test_a(tmp_path):\n    open_store(tmp_path)\n"
    )
    assert unmarked(opened, "test_x.py") != []
    assert unmarked("def test_a(tmp_path):\n    assert 1 + 1 == 2\n", "test_x.py") == []


def test_the_check_wants_a_reason_for_one_backend():
    marked = "import pytest\npytestmark = pytest.mark.sqlite_only\ndef test_a(store):\n    pass\n"
    assert unmarked(marked, "test_x.py") == ["test_x.py: pytestmark sqlite_only without a reason"]
    why = 'import pytest\npytestmark = pytest.mark.sqlite_only(reason="WAL")\ndef test_a(store):\n    pass\n'
    assert unmarked(why, "test_x.py") == []
    bare = (
        "import pytest\npytestmark = pytest.mark.both_backends\n"
        "@pytest.mark.sqlite_only\ndef test_a(store):\n    pass\n"
    )
    assert unmarked(bare, "test_x.py") == ["test_x.py: test_a is marked sqlite_only without a reason"]
    twice = (
        'import pytest\npytestmark = pytest.mark.sqlite_only(reason="WAL")\npytestmark = pytest.mark.slow\n'
        "def test_a(store):\n    pass\n"
    )
    assert unmarked(twice, "test_x.py") == [
        "test_x.py: pytestmark is set 2 times; only the last one counts",
        "test_x.py: opens a store but is neither both_backends nor sqlite_only/postgresql_only(reason=…)",
    ]


def test_the_check_finds_a_test_of_a_parametrised_module_that_opens_a_file_of_its_own():
    source = (
        "import pytest\npytestmark = pytest.mark.both_backends\n"
        "def test_a(db_path):\n    open_store(db_path)\n"
        "def test_b(store_location):\n    open_store(store_location)\n"
    )
    assert unmarked(source, "test_x.py") == [
        "test_x.py: test_a opens a store of its own, on SQLite alone: take store_location (or "
        "new_store_location), or mark it sqlite_only(reason=…)"
    ]


def test_the_check_finds_a_test_on_a_module_fixture_that_opens_a_file_of_its_own():
    source = (
        "import pytest\npytestmark = pytest.mark.both_backends\n"
        "@pytest.fixture(scope='module')\ndef shop_store(tmp_path_factory):\n"
        "    return open_store(tmp_path_factory.mktemp('s') / 'shop.db')\n"
        "@pytest.fixture(scope='module', params=['sqlite', 'postgresql'])\ndef shared(request):\n"
        "    return open_store(request.param)\n"
        "def test_a(shop_store):\n    pass\n"
        "def test_b(shared):\n    pass\n"
    )
    assert unmarked(source, "test_x.py") == [
        "test_x.py: test_a opens a store of its own, on SQLite alone: take store_location (or "
        "new_store_location), or mark it sqlite_only(reason=…)"
    ]
