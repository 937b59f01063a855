"""Checking a shared store's address before a desk uses it (Settings › Shared store › Check connection).

The check connects as the desk would, then looks at what the database holds: nothing yet, our store
(at which schema version, with which privileges for this login), or someone else's tables. It
returns an outcome code and the values to say it with; the window says it in words, in its language
(ui/shared_store_setup.py). It never changes anything, and never puts the password in what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from seller_assistant.store import dialect, migrations
from seller_assistant.store.pg_privileges import DESK_ROLE

if TYPE_CHECKING:
    import psycopg

# psycopg (~110 ms to import, 30 ms of it its C module's start holding the GIL) is imported by the
# check itself: the Settings page that offers the check is built on every desk, most never shared.

# Outcomes, each a sentence in the window. Only READY (and TOO_OLD for the tables' owner, who
# upgrades the store by opening it) lets the desk use the store.
READY = "ready"
EMPTY = "empty"  # no tables at all: a store must be moved (or set up) in first
UNREACHABLE = "unreachable"
NO_PASSWORD = "no_password"
WRONG_PASSWORD = "wrong_password"
NO_ROLE = "no_role"
NOT_ALLOWED = "not_allowed"  # pg_hba.conf turns this computer or login away
NO_DATABASE = "no_database"
NOT_EMPTY = "not_empty"  # other tables, not ours
TOO_OLD = "too_old"
TOO_NEW = "too_new"
NO_PRIVILEGES = "no_privileges"  # our store, but this login may not read and write it
CANNOT_CREATE = "cannot_create"  # empty, and this login may not create the store's tables in it
SERVER_TOO_OLD = "server_too_old"
BAD_ADDRESS = "bad_address"

# The tables a login must be able to write to work at a desk (a sample: the grants cover all alike).
_WORKING_TABLES = ("orders", "messages", "evidence_items", "help_events")


@dataclass(frozen=True)
class SharedStoreCheck:
    outcome: str
    address: str  # as it may be shown: never a password
    usable: bool = False
    values: dict = field(default_factory=dict)  # what the words name: user, database, versions, tables


def shared_address(host: str, port: str, database: str, user: str) -> str:
    """The postgresql:// address of these fields (no password, ever). A host that is a folder (a
    unix socket, as on the PC that runs the server) goes in the query, as libpq reads it."""
    host, port, database, user = host.strip(), str(port).strip(), database.strip(), user.strip()
    if host.startswith("/"):
        query = {"host": host, **({"port": port} if port else {}), **({"user": user} if user else {})}
        return f"postgresql:///{quote(database, safe='')}?{urlencode(query)}"
    who = f"{quote(user, safe='')}@" if user else ""
    where = f"[{host}]" if ":" in host else host  # an IPv6 address
    return f"postgresql://{who}{where}{':' + port if port else ''}/{quote(database, safe='')}"


def check_shared_store(url: str, password: str | None = None) -> SharedStoreCheck:
    """Connect to `url` (with `password` if given, else the keyring or .pgpass) and say what is there."""
    import psycopg
    from psycopg import conninfo

    from seller_assistant.store import pg_connection

    try:
        params = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return SharedStoreCheck(BAD_ADDRESS, "postgresql://…")
    address = pg_connection.safe_address(url)
    values = {"user": params.get("user") or "", "database": params.get("dbname") or ""}
    if params.get("password") or not params.get("dbname"):
        return SharedStoreCheck(BAD_ADDRESS, address, values=values)
    password = password or pg_connection.keyring_password(params)
    try:
        raw = psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=pg_connection.CONNECT_TIMEOUT_S,
            application_name="seller-assistant (check)",
            **({"password": password} if password else {}),
        )
    except psycopg.OperationalError as exc:
        return SharedStoreCheck(connect_failure(str(exc)), address, values=values)
    try:
        with raw:
            raw.execute("SET default_transaction_read_only = on")  # a check changes nothing
            return _inspect(raw, address, values)
    except psycopg.OperationalError:
        return SharedStoreCheck(UNREACHABLE, address, values=values)


def connect_failure(text: str) -> str:
    """The outcome a failed connection's message means. libpq gives no SQLSTATE before the session
    exists, so the server's words are read: PostgreSQL's English ones (its manual, "Authentication
    Problems"), and loosely the Chinese a server with zh_CN messages answers in (认证失败, 角色/数据库
    … 不存在: from PostgreSQL's zh_CN catalogue as remembered, NOT confirmed against it here; a
    sentence not matched falls back to "unreachable", whose words still name the address)."""
    text = text.lower()
    if "no password supplied" in text:
        return NO_PASSWORD
    if "password authentication failed" in text or "password 认证失败" in text or "密码认证失败" in text:
        return WRONG_PASSWORD
    if ("role" in text or "角色" in text) and ("does not exist" in text or "不存在" in text):
        return NO_ROLE
    if ("database" in text or "数据库" in text) and ("does not exist" in text or "不存在" in text):
        return NO_DATABASE
    if "pg_hba.conf" in text or "authentication failed" in text or "认证失败" in text:
        return NOT_ALLOWED
    return UNREACHABLE


def _inspect(raw: psycopg.Connection, address: str, values: dict) -> SharedStoreCheck:
    import psycopg

    server = raw.info.server_version
    if server < dialect.MIN_POSTGRES_VERSION * 10000:
        values |= {"server": server // 10000, "needed": dialect.MIN_POSTGRES_VERSION}
        return SharedStoreCheck(SERVER_TOO_OLD, address, values=values)
    tables = [
        row[0]
        for row in raw.execute(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    ]
    values["user"] = raw.execute("SELECT current_user").fetchone()[0]
    if not tables:
        can_create = raw.execute(
            "SELECT has_database_privilege(current_database(), 'CREATE')"
            " AND has_schema_privilege(current_schema(), 'CREATE')"
        ).fetchone()[0]
        return SharedStoreCheck(EMPTY if can_create else CANNOT_CREATE, address, values=values)
    if dialect.VERSION_TABLE not in tables:
        values["tables"] = ", ".join(tables[:5]) + (" …" if len(tables) > 5 else "")
        values["count"] = len(tables)
        return SharedStoreCheck(NOT_EMPTY, address, values=values)
    latest = migrations.latest_version(dialect.POSTGRESQL)
    values["latest"] = latest
    try:
        values["version"] = int(
            raw.execute(f"SELECT max(version) FROM {dialect.VERSION_TABLE}").fetchone()[0] or 0
        )
    except psycopg.errors.InsufficientPrivilege:
        values["desk_role"] = DESK_ROLE
        return SharedStoreCheck(NO_PRIVILEGES, address, values=values)
    owner = raw.execute(
        "SELECT pg_has_role(current_user, tableowner, 'MEMBER') FROM pg_catalog.pg_tables"
        " WHERE schemaname = current_schema() AND tablename = %s",
        (dialect.VERSION_TABLE,),
    ).fetchone()[0]
    if values["version"] > latest:
        return SharedStoreCheck(TOO_NEW, address, values=values)
    working = [t for t in _WORKING_TABLES if t in tables]
    allowed = all(
        raw.execute("SELECT has_table_privilege(%s, 'SELECT, INSERT')", (table,)).fetchone()[0]
        for table in working
    )
    if not allowed:
        values["desk_role"] = DESK_ROLE
        return SharedStoreCheck(NO_PRIVILEGES, address, values=values)
    if values["version"] < latest:
        # The tables' owner upgrades the store by opening it (store/opening.py); a desk cannot.
        values["owner"] = bool(owner)
        return SharedStoreCheck(TOO_OLD, address, usable=bool(owner), values=values)
    shops = raw.execute("SELECT count(*) FROM shops").fetchone()[0] if "shops" in tables else 0
    values["shops"] = int(shops)
    if not shops:
        return SharedStoreCheck(EMPTY, address, values=values)
    return SharedStoreCheck(READY, address, usable=True, values=values)
