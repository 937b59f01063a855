"""Where a shared store's password is kept (store/pg_passwords.py) and found (store/pg_connection.py):
the system keyring when there is one, else the user's password file, where libpq looks for it.

The keyring is the `keyring` package's API with a backend of this test's own behind it (as Windows
Credential Manager, macOS Keychain or Secret Service would be). The password file's place is
PostgreSQL's manual's (libpq, "The Password File"): ~/.pgpass, on Microsoft Windows
%APPDATA%\\postgresql\\pgpass.conf, PGPASSFILE before either; ':' and '\\' in a field escaped with '\\'."""

from __future__ import annotations

import sys

import keyring
import psycopg
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

from seller_assistant.core.errors import UserError
from seller_assistant.store import pg_connection
from seller_assistant.store.pg_passwords import pgpass_path, remember_password

pytestmark = pytest.mark.postgresql_only(reason="a shared store's password: a SQLite file has none")

ROLE = "sa_keyring_pw"  # logs in with a password (scram); every other login of the cluster is trusted
PASSWORD = "乌龙:Oolong\\2026"  # a colon and a backslash, which .pgpass escapes


class ShopKeyring(KeyringBackend):
    """A keyring as the system's would be: passwords by (service, name), nothing on disk."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class LockedKeyring(ShopKeyring):
    """A keyring that is there but refuses (locked, no session bus): the password file must do."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("the keyring is locked")

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("the keyring is locked")


@pytest.fixture
def use_keyring():
    """Put a backend behind the keyring API for one test, and the empty one back after."""
    before = keyring.get_keyring()

    def use(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(before)


@pytest.fixture
def password_file(tmp_path, monkeypatch):
    """This desk's password file, empty: PGPASSFILE names where libpq (and the app) would look."""
    path = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    return path


@pytest.fixture
def password_url(pg_cluster, pg_url):
    """The test's database, reached as a role that must give its password."""
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        admin.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') THEN"
            f" CREATE ROLE {ROLE} LOGIN; END IF; END $$"
        )
        admin.execute(
            psycopg.sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                psycopg.sql.Identifier(ROLE), psycopg.sql.Literal(PASSWORD)
            )
        )
        hba = pg_cluster.data_dir / "pg_hba.conf"
        line = f"local all {ROLE} scram-sha-256\n"
        if line not in hba.read_text():
            hba.write_text(line + hba.read_text())
        admin.execute("SELECT pg_reload_conf()")
    database = psycopg.conninfo.conninfo_to_dict(pg_url)["dbname"]
    return f"postgresql://{ROLE}@/{database}?host={pg_cluster.socket_dir}"


def _who(url: str) -> str:
    conn = pg_connection.open_connection(url)
    try:
        return conn.execute("SELECT current_user").fetchone()[0]
    finally:
        conn.close()


def test_a_password_kept_in_the_keyring_opens_the_shared_store_and_never_reaches_a_file(
    use_keyring, password_file, password_url
):
    with pytest.raises(UserError, match="refused the password"):
        _who(password_url)  # nothing kept yet: the server asks, no password is given
    shop_keyring = use_keyring(ShopKeyring())
    assert remember_password(password_url, PASSWORD) == "keyring"
    params = psycopg.conninfo.conninfo_to_dict(password_url)
    assert shop_keyring.kept == {(pg_connection.KEYRING_SERVICE, pg_connection.keyring_key(params)): PASSWORD}
    assert ROLE in pg_connection.keyring_key(params) and params["dbname"] in pg_connection.keyring_key(params)
    assert _who(password_url) == ROLE
    assert not password_file.exists()


def test_the_keyring_holds_one_password_per_role_and_database(use_keyring, password_file, password_url):
    shop_keyring = use_keyring(ShopKeyring())
    other = password_url.replace(f"{ROLE}@", "someone_else@")
    remember_password(other, "another-password")
    with pytest.raises(UserError, match="refused the password"):
        _who(password_url)  # another role's password is not this one's
    remember_password(password_url, PASSWORD)
    assert len(shop_keyring.kept) == 2 and _who(password_url) == ROLE


def test_a_keyring_that_refuses_leaves_the_password_to_the_password_file(
    use_keyring, password_file, password_url
):
    use_keyring(LockedKeyring())
    assert remember_password(password_url, PASSWORD) == str(password_file)
    assert password_file.stat().st_mode & 0o777 == 0o600  # libpq ignores a file others can read
    assert password_file.read_text(encoding="utf-8").endswith(f":{ROLE}:乌龙\\:Oolong\\\\2026\n")
    assert _who(password_url) == ROLE  # libpq read the file; the locked keyring stopped nothing


def test_without_a_keyring_backend_the_password_goes_to_the_password_file(password_file, password_url):
    # conftest.py's backend is keyring's "fail" one: what a machine with no keyring service has.
    assert remember_password(password_url, PASSWORD) == str(password_file)
    assert _who(password_url) == ROLE


def test_on_windows_the_password_file_is_pgpass_conf_in_appdata(tmp_path, monkeypatch):
    appdata = tmp_path / "Users" / "anna" / "AppData" / "Roaming"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(appdata))
    monkeypatch.delenv("PGPASSFILE", raising=False)
    assert pgpass_path() == appdata / "postgresql" / "pgpass.conf"

    where = remember_password("postgresql://anna@shop-pc:5433/shop", "茶:tea")
    assert where == str(appdata / "postgresql" / "pgpass.conf")  # its folder made, as libpq expects
    assert (appdata / "postgresql" / "pgpass.conf").read_text(
        encoding="utf-8"
    ) == "shop-pc:5433:shop:anna:茶\\:tea\n"
    remember_password("postgresql://anna@shop-pc:5433/shop", "新的")  # a new password replaces the line
    assert (appdata / "postgresql" / "pgpass.conf").read_text(
        encoding="utf-8"
    ) == "shop-pc:5433:shop:anna:新的\n"


def test_pgpassfile_comes_before_the_usual_place_on_every_system(tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "chosen"))
    for platform in ("win32", "linux", "darwin"):
        monkeypatch.setattr(sys, "platform", platform)
        assert pgpass_path() == tmp_path / "chosen"
    monkeypatch.delenv("PGPASSFILE")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert pgpass_path() == tmp_path / "home" / ".pgpass"
