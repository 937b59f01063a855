"""Shared fixtures: an isolated home for every test run, stores, a fixed clock, the CLI."""

from __future__ import annotations

import os
import tempfile
import weakref

# Before Qt or platformdirs is imported: no display, and never the user's real data or settings.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="seller-assistant-tests-")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ.pop("SELLER_ASSISTANT_DB", None)
os.environ.pop("SELLER_ASSISTANT_STAFF", None)  # who does it (issue 18): a test names its person itself
# Never the machine's keyring (the app asks it for a shared store's password when `keyring` is
# installed): a backend that holds nothing; tests/test_pg_passwords.py puts one of its own in.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import contextlib  # noqa: E402
import io  # noqa: E402
import sys  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import datetime  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import pytest  # noqa: E402

from seller_assistant.cli import main as cli_main  # noqa: E402
from seller_assistant.core.clock import to_epoch  # noqa: E402
from seller_assistant.core.demo import build_demo_shop  # noqa: E402
from seller_assistant.core.settings import ShopSettings  # noqa: E402
from seller_assistant.store import open_store, shops  # noqa: E402
from seller_assistant.store.demo import seed_demo  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Every test that needs "now" uses this instant unless it says otherwise.
NOW = datetime(2026, 11, 25, 9, 0, 0, tzinfo=SHANGHAI)
NOW_ISO = NOW.isoformat()
NOW_EPOCH = to_epoch(NOW)


_LIVE_CONTEXTS: list = []  # weak references to every window context a GUI test made


def _track_app_contexts() -> None:
    from seller_assistant.ui.context import AppContext

    if getattr(AppContext, "_tests_track_it", False):
        return
    original = AppContext.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        _LIVE_CONTEXTS.append(weakref.ref(self))

    AppContext.__init__ = init
    AppContext._tests_track_it = True


def _stop_clocks_left_running() -> None:
    """A window a test did not delete (reopened on another store, say) keeps its one-minute tick;
    on a slow machine that tick fires during a later test and reads the closed store of this one."""
    import shiboken6

    for ref in _LIVE_CONTEXTS:
        ctx = ref()
        if ctx is not None and shiboken6.isValid(ctx):
            ctx._timer.stop()
    _LIVE_CONTEXTS.clear()


@pytest.fixture(autouse=True)
def _no_background_work_outlives_its_test(request):
    """Widgets die with their test: let every worker finish and deliver its result first."""
    if "qtbot" in request.fixturenames:
        from seller_assistant.ui import gc_guard, i18n

        app = request.getfixturevalue("qapp")
        gc_guard.install(app)
        _track_app_contexts()
        if not i18n._installed:  # as the app starts: a language is always installed (English plurals too)
            i18n.use_language(app, "en")
    yield
    if "qtbot" in request.fixturenames:
        import gc

        from PySide6.QtCore import QCoreApplication, QThreadPool

        _stop_clocks_left_running()
        QThreadPool.globalInstance().waitForDone(30_000)
        QCoreApplication.processEvents()
        gc.collect()  # here, on the GUI thread, never in a worker


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "shop.db"


def pytest_generate_tests(metafunc):
    """A test module marked `both_backends` runs each store test on SQLite and on PostgreSQL."""
    definition = metafunc.definition
    if (
        "store_backend" in metafunc.fixturenames
        and definition.get_closest_marker("both_backends")
        and not definition.get_closest_marker("sqlite_only")
        and not _names_its_backend(definition)
    ):
        metafunc.parametrize("store_backend", ["sqlite", "postgresql"], indirect=True)


def _names_its_backend(definition) -> bool:
    """A test of a `both_backends` module that parametrises store_backend itself (PostgreSQL alone)."""
    for mark in definition.iter_markers("parametrize"):
        names = mark.args[0] if mark.args else mark.kwargs.get("argnames", "")
        if isinstance(names, str):
            names = [name.strip() for name in names.split(",")]
        if "store_backend" in names:
            return True
    return False


@pytest.fixture
def store_backend(request):
    """sqlite, or postgresql in the second run of a `both_backends` module."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def store_location(store_backend, db_path, request):
    """What `open_store` is given: the SQLite file, or a fresh PostgreSQL database's address (and
    the desks' shared folder for its attachment files, beside where the file would be). The database
    is a copy of the session's migrated template, as a new SQLite store is made at the newest schema
    in one go: running every migration again costs a PostgreSQL test about a second."""
    if store_backend == "postgresql":
        from seller_assistant.paths import SHARED_FOLDER_ENV

        request.getfixturevalue("monkeypatch").setenv(SHARED_FOLDER_ENV, str(db_path.parent / "nas-share"))
        return request.getfixturevalue("pg_migrated_url")
    return db_path


@pytest.fixture
def new_store_location(store_backend, tmp_path, request):
    """More stores of the test's backend: `new_store_location(name)` is a new SQLite file in the
    test's folder, or a new PostgreSQL database at the newest schema (dropped after the test)."""
    made: list[str] = []

    def make(name: str):
        if store_backend != "postgresql":
            return tmp_path / name
        cluster = request.getfixturevalue("pg_cluster")
        made.append(cluster.create_database(template=request.getfixturevalue("_pg_migrated_template")))
        return cluster.url(made[-1])

    yield make
    for database in made:
        request.getfixturevalue("pg_cluster").drop_database(database)


@pytest.fixture
def store(store_location):
    """An empty store with one shop in Shanghai, threshold 2 %."""
    opened = open_store(store_location)
    shops.create_shop(
        opened, ShopSettings(name="测试小店", timezone="Asia/Shanghai", help_rate_threshold=0.02), NOW_EPOCH
    )
    yield opened
    _deliver_background_results()
    opened.close()


@pytest.fixture
def demo_store(store_location):
    """The demo shop, built for NOW."""
    opened = open_store(store_location)
    settings = ShopSettings(
        name="青瓷小铺", timezone="Asia/Shanghai", help_rate_threshold=0.02, staff_name="小美"
    )
    seed_demo(opened, build_demo_shop(NOW_EPOCH, staff="小美"), settings, NOW_EPOCH)
    yield opened
    _deliver_background_results()
    opened.close()


def _deliver_background_results() -> None:
    """A test that ends while a page's read is still running (an order just opened): its result is
    delivered while the store it belongs to is open, not after the fixture closed it (the window
    closes before its store in the app too). Only when Qt is in use: store tests never import it."""
    if "PySide6.QtCore" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        return
    from seller_assistant.ui.workers import deliver_all

    deliver_all()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(store_location):
    """Run the command line in-process on the test's store, at NOW unless --now is given."""

    def run(*args: str, now: str | None = NOW_ISO) -> CliResult:
        argv = ["--db", str(store_location)]
        if now is not None:
            argv += ["--now", now]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main([*argv, *args])
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture(autouse=True)
def _classifier_forgets_what_a_shop_taught_it():
    """What one test's shop taught the intent classifier must not leak into the next test."""
    yield
    from seller_assistant.core.intents import learn_from_shop

    learn_from_shop([])


@pytest.fixture(scope="session", autouse=True)
def _chinese_compiled_from_this_checkout(tmp_path_factory):
    """The window's .qm, compiled once from the .ts as it is now: tests see the current Chinese even
    when the dev build's .qm is older (the app only loads what a build made; tools/build_translations.py)."""
    import sys

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "tools"))
    import build_translations

    from seller_assistant.ui import i18n

    built = tmp_path_factory.mktemp("qm")
    build_translations.build(built)
    i18n.QM_DIR, previous = built, i18n.QM_DIR
    yield built
    i18n.QM_DIR = previous


# --- PostgreSQL (issue 18): one throwaway cluster per test session, a fresh database per test ---


@pytest.fixture(scope="session")
def pg_cluster():
    """The session's PostgreSQL cluster (tests/pg_cluster.py), started on first use. Without the
    server programs the PostgreSQL tests are skipped with the reason, unless
    SELLER_ASSISTANT_REQUIRE_PG=1 (set by `make test`/CI) makes that a failure."""
    from tests import pg_cluster as pgc

    try:
        cluster = pgc.start_cluster()
    except pgc.ClusterUnavailable as exc:
        if pgc.required():
            pytest.fail(f"{pgc.REQUIRE_ENV}=1 but no PostgreSQL test cluster: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster):
    """A fresh, empty database of its own for this test, as a `postgresql://` URL (unix socket)."""
    name = pg_cluster.create_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.fixture(scope="session")
def _pg_migrated_template(pg_cluster):
    """A database at the newest schema, made once: each test's migrated database is a copy of it
    (CREATE DATABASE … TEMPLATE copies files, much faster than running every migration again)."""
    from tests import pg_cluster as pgc

    name = pg_cluster.create_database()
    pgc.migrate(pg_cluster.url(name))
    return name


@pytest.fixture
def pg_migrated_url(pg_cluster, _pg_migrated_template):
    """A fresh database of its own for this test, at the newest schema (migrations_pg/), empty."""
    name = pg_cluster.create_database(template=_pg_migrated_template)
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)
