"""Settings › Shared store: a person types where the shop's PostgreSQL store is, presses Check connection and
reads what is wrong in plain words, then Use this store (issue 18).

Each failure is made real on the tests' throwaway cluster (tests/pg_cluster.py): a folder with no
server, a database or user that does not exist, a login that needs a password (a pg_hba.conf line
for that role only), someone else's tables, a store of an older or newer schema, a login without the
desks' privileges. Roles are the cluster's, so they are created once and named for this module.
"""

from __future__ import annotations

import psycopg
import psycopg.sql
import pytest
from PySide6.QtCore import Qt

from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import open_store, shops
from seller_assistant.store.pg_privileges import DESK_ROLE, grant_desk_privileges
from seller_assistant.ui import app as app_module
from seller_assistant.ui import desk_settings
from seller_assistant.ui.app import application, build_window
from tests import pg_cluster as pgc

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.postgresql_only(reason="Settings › Shared store checks a PostgreSQL server")

PASSWORD_ROLE = "sa_setup_pw"  # logs in with a password (scram), a member of the desks' group
STRANGER = "sa_setup_stranger"  # logs in, owns nothing, in no group
PASSWORD = "茶叶-Tea:2026\\"  # a colon and a backslash: .pgpass escapes both


@pytest.fixture(scope="module")
def roles(pg_cluster):
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        admin.execute(
            "DO $$ BEGIN"
            f" IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{DESK_ROLE}') THEN"
            f"  CREATE ROLE {DESK_ROLE} NOLOGIN; END IF;"
            f" IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{PASSWORD_ROLE}') THEN"
            f"  CREATE ROLE {PASSWORD_ROLE} LOGIN IN ROLE {DESK_ROLE}; END IF;"
            f" IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{STRANGER}') THEN"
            f"  CREATE ROLE {STRANGER} LOGIN; END IF;"
            " END $$"
        )
        admin.execute(
            psycopg.sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                psycopg.sql.Identifier(PASSWORD_ROLE), psycopg.sql.Literal(PASSWORD)
            )
        )
        # Only this role must give a password; every other login of the cluster stays trusted.
        hba = pg_cluster.data_dir / "pg_hba.conf"
        line = f"local all {PASSWORD_ROLE} scram-sha-256\n"
        text = hba.read_text()
        if line not in text:
            hba.write_text(line + text)
        admin.execute("SELECT pg_reload_conf()")


@pytest.fixture
def page(qtbot, demo_store, roles, tmp_path, monkeypatch):
    application()
    desk_settings.forget_for_tests()
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))  # never the tester's own .pgpass
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    app_module._open_windows[:] = [window]
    yield window.show_page("settings").shared_store
    desk_settings.forget_for_tests()


def _type_into(qtbot, field, text: str) -> None:
    """Typed key by key; Chinese comes in through the input method, a character at a time."""
    for character in text:
        if character.isascii():
            qtbot.keyClicks(field, character)
        else:
            field.insert(character)


def _type(qtbot, page, host: str, database: str, user: str, password: str = "", port: str = "") -> None:
    for field, text in (
        (page.host, host),
        (page.port, port),
        (page.database, database),
        (page.user, user),
        (page.password, password),
    ):
        field.clear()
        _type_into(qtbot, field, text)


def _check(qtbot, page) -> str:
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.check_button.isEnabled(), timeout=20_000)
    return page.result.text()


def _database(pg_cluster, migrate_to: int | None = None, with_shop: bool = False) -> str:
    name = pg_cluster.create_database()
    url = pg_cluster.url(name)
    if migrate_to is not None:
        pgc.migrate(url, migrate_to)
        with psycopg.connect(url, autocommit=True) as owner:
            grant_desk_privileges(owner)
    if with_shop:
        with open_store(url) as shared:
            shops.create_shop(shared, ShopSettings(name="共享小店", timezone="Asia/Shanghai"), NOW_EPOCH)
    return name


def test_a_server_that_is_not_there_is_said_to_be_unreachable(qtbot, page, tmp_path):
    _type(qtbot, page, str(tmp_path), "shop", "postgres")  # a folder with no server's socket in it
    said = _check(qtbot, page)
    assert "cannot be reached" in said and "firewall" in said
    assert not page.use_button.isEnabled()


def test_a_chinese_window_says_it_in_chinese(qtbot, roles, demo_store, tmp_path, pg_cluster):
    from seller_assistant.ui.i18n import use_language

    app = application()
    use_language(app, "zh")
    desk_settings.forget_for_tests()
    try:
        window = build_window(demo_store, fixed_now=NOW_EPOCH)
        qtbot.addWidget(window)
        page = window.show_page("settings").shared_store
        assert page.check_button.text() == "检查连接"
        _type(qtbot, page, str(tmp_path), "shop", "postgres")
        assert "连不上服务器" in _check(qtbot, page)
        _type(qtbot, page, str(pg_cluster.socket_dir), "no_such_shop", "postgres")
        assert "服务器上没有数据库 no_such_shop" in _check(qtbot, page)
    finally:
        use_language(app, "en")


def test_a_database_or_user_that_does_not_exist_is_named(qtbot, page, pg_cluster):
    _type(qtbot, page, str(pg_cluster.socket_dir), "no_such_shop", "postgres")
    assert "has no database no_such_shop" in _check(qtbot, page)
    _type(qtbot, page, str(pg_cluster.socket_dir), "postgres", "nobody_here")
    assert "has no user nobody_here" in _check(qtbot, page)
    assert not page.use_button.isEnabled()


def test_a_missing_or_wrong_password_is_said_and_never_shown(qtbot, page, pg_cluster):
    name = _database(pg_cluster, migrate_to=None)
    _type(qtbot, page, str(pg_cluster.socket_dir), name, PASSWORD_ROLE)
    assert "none was given" in _check(qtbot, page)
    _type(qtbot, page, str(pg_cluster.socket_dir), name, PASSWORD_ROLE, password="not-the-password")
    said = _check(qtbot, page)
    assert f"refused the password for {PASSWORD_ROLE}" in said and "not-the-password" not in said
    assert not page.use_button.isEnabled()


def test_a_database_holding_someone_else_s_tables_is_refused(qtbot, page, pg_cluster):
    name = pg_cluster.create_database()
    with psycopg.connect(pg_cluster.url(name), autocommit=True) as conn:
        conn.execute("CREATE TABLE customers (id int)")
        conn.execute("CREATE TABLE invoices (id int)")
    _type(qtbot, page, str(pg_cluster.socket_dir), name, "postgres")
    said = _check(qtbot, page)
    assert "2 tables that are not a Seller Assistant store (customers, invoices)" in said
    assert not page.use_button.isEnabled()


def test_an_empty_database_asks_for_the_store_to_be_moved_in_or_for_its_owner(qtbot, page, pg_cluster):
    name = pg_cluster.create_database()
    _type(qtbot, page, str(pg_cluster.socket_dir), name, "postgres")
    assert "holds no store yet" in _check(qtbot, page) and "move-store" in page.result.text()
    _type(qtbot, page, str(pg_cluster.socket_dir), name, STRANGER)
    assert f"{STRANGER} may not create the store's tables" in _check(qtbot, page)
    assert not page.use_button.isEnabled()


def test_a_store_of_an_older_or_newer_schema_is_said_with_both_versions(qtbot, page, pg_cluster):
    from seller_assistant.store import migrations

    latest = migrations.latest_version("postgresql")
    old = _database(pg_cluster, migrate_to=latest - 1)
    _type(qtbot, page, str(pg_cluster.socket_dir), old, PASSWORD_ROLE, password=PASSWORD)
    said = _check(qtbot, page)
    assert f"older Seller Assistant (schema {latest - 1}, this app has {latest})" in said
    assert "Whoever owns it must open it" in said and not page.use_button.isEnabled()
    _type(qtbot, page, str(pg_cluster.socket_dir), old, "postgres")  # its owner may upgrade it
    assert "You own it" in _check(qtbot, page) and page.use_button.isEnabled()

    new = _database(pg_cluster, migrate_to=latest)
    with psycopg.connect(pg_cluster.url(new), autocommit=True) as conn:
        conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (latest + 5,))
    _type(qtbot, page, str(pg_cluster.socket_dir), new, "postgres")
    assert f"newer Seller Assistant (schema {latest + 5}, this app knows {latest})" in _check(qtbot, page)
    assert not page.use_button.isEnabled()


def test_a_login_without_the_desks_privileges_is_told_which_grant_it_needs(qtbot, page, pg_cluster):
    name = _database(pg_cluster, migrate_to=None)
    pgc.migrate(pg_cluster.url(name))
    _type(qtbot, page, str(pg_cluster.socket_dir), name, STRANGER)
    said = _check(qtbot, page)
    assert f"GRANT {DESK_ROLE} TO {STRANGER};" in said
    assert not page.use_button.isEnabled()


def test_a_ready_store_is_used_with_the_desk_s_person_and_its_password_kept_in_pgpass_only(
    qtbot, page, pg_cluster, tmp_path
):
    from PySide6.QtCore import QSettings

    from seller_assistant.store import migrations

    name = _database(pg_cluster, migrate_to=migrations.latest_version("postgresql"), with_shop=True)
    _type_into(qtbot, page.desk_staff, "阿伟")
    qtbot.mouseClick(page.save_desk_button, Qt.MouseButton.LeftButton)
    assert page.ctx.store.staff == "阿伟"
    _type(qtbot, page, str(pg_cluster.socket_dir), name, PASSWORD_ROLE, password=PASSWORD)
    said = _check(qtbot, page)
    assert "the shop's store is there" in said and PASSWORD not in said
    assert page.use_button.isEnabled()
    qtbot.keyClicks(page.database, "x")  # the check was of another address: check again first
    assert not page.use_button.isEnabled()
    page.database.clear()
    _type_into(qtbot, page.database, name)
    _check(qtbot, page)

    qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
    (new_window,) = app_module._open_windows
    qtbot.addWidget(new_window)
    assert new_window.ctx.store.shared and "共享小店" in new_window.windowTitle()
    assert new_window.ctx.store.staff == "阿伟"
    # The address opened holds no password: libpq found it in the password file, written 0600.
    assert PASSWORD not in new_window.ctx.store.location
    pgpass = tmp_path / "pgpass"
    assert pgpass.stat().st_mode & 0o777 == 0o600
    assert pgpass.read_text(encoding="utf-8").strip().endswith(":茶叶-Tea\\:2026\\\\")
    QSettings().sync()
    assert PASSWORD not in open(QSettings().fileName(), encoding="utf-8", errors="replace").read()
    assert desk_settings.shared_store_fields()["database"] == name
    new_window.ctx.store.close()
