"""A shared store on PostgreSQL: the psycopg 3 connection behind the small surface the store modules use.

The modules call `conn.execute(sql, params)`, `executemany`, `fetchone`/`fetchall`/iteration,
`rowcount`, `in_transaction`, and `store.db.query(sql, params)` for rows as dicts. `PgConnection`
and `PgDatabase` give exactly that over psycopg, every statement translated by store/dialect.py.
Opening checks what a shop can get wrong (no password in the address, server, role, database,
version) and says it in one sentence, never echoing a password.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence

import psycopg
from psycopg import conninfo, pq
from psycopg.adapt import Loader
from psycopg.rows import dict_row

from seller_assistant.core.errors import UserError
from seller_assistant.store import dialect
from seller_assistant.store.pg_cancel import CancelWatcher

CONNECT_TIMEOUT_S = 5
KEYRING_SERVICE = "seller-assistant"


class _Number(Loader):
    """numeric as SQLite gives it: sum() of integers is an int, avg() a float (never a Decimal).

    PostgreSQL's sum(bigint) and avg() return numeric; cents are summed as integers everywhere."""

    def load(self, data) -> int | float:
        text = bytes(data).decode("ascii")
        if text.lstrip("-").isdigit():
            return int(text)
        return float(text)


def _params(params: Sequence | Mapping | None) -> tuple | Mapping:
    """Parameters are always passed (an empty tuple too): psycopg then reads `%%` as `%`."""
    if params is None:
        return ()
    return params if isinstance(params, Mapping) else tuple(params)


class PgConnection:
    """The part of sqlite3.Connection the store modules use, over one psycopg connection."""

    backend = dialect.POSTGRESQL

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw
        self._watcher = CancelWatcher(raw)

    def execute(self, sql: str, params: Sequence | Mapping | None = None) -> psycopg.Cursor:
        cursor = self.cursor()
        self.run(cursor, dialect.to_postgres(sql), _params(params))
        return cursor

    def run(self, cursor: psycopg.Cursor, sql: str, params: tuple | Mapping) -> None:
        """cursor.execute; a statement cancelled for its job (set_progress_handler) fails as
        SQLite's interrupted one does."""
        try:
            cursor.execute(sql, params)
        except psycopg.errors.QueryCanceled as exc:
            if self._watcher.fired:
                raise sqlite3.OperationalError("interrupted") from exc
            raise

    def cursor(self, **kwargs) -> psycopg.Cursor:
        if self.raw.closed:
            # What sqlite3 raises on a closed connection: a window's late timer that reads a store
            # it has just closed (File › Open store) already expects exactly this.
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        return self.raw.cursor(**kwargs)

    def executemany(self, sql: str, rows: Iterable[Sequence]) -> psycopg.Cursor:
        cursor = self.cursor()
        cursor.executemany(dialect.to_postgres(sql), [_params(row) for row in rows])
        return cursor

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != pq.TransactionStatus.IDLE

    def transaction(self) -> contextlib.AbstractContextManager:
        """One transaction; inside another, a savepoint (psycopg nests them itself)."""
        return self.raw.transaction()

    def set_progress_handler(self, handler, every: int) -> None:
        """sqlite3 lets a newer request stop an older query mid-way: here a watcher asks `handler`
        every few milliseconds instead of every `every` steps, and cancels the running statement
        when it says stop (store/pg_cancel.py)."""
        self._watcher.watch(handler)

    def commit(self) -> None:
        """Nothing to do outside Store.write() (autocommit), as with sqlite3's isolation_level=None."""
        self.raw.commit()

    def close(self) -> None:
        self._watcher.watch(None)
        self.raw.close()


class PgDatabase:
    """What `store.db` and `store.write()` give on SQLite (a sqlite-utils Database), as far as used."""

    def __init__(self, conn: PgConnection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence | Mapping | None = None) -> psycopg.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence]) -> psycopg.Cursor:
        return self.conn.executemany(sql, rows)

    def query(self, sql: str, params: Sequence | Mapping | None = None) -> Iterator[dict]:
        cursor = self.conn.cursor(row_factory=dict_row)
        self.conn.run(cursor, dialect.to_postgres(sql), _params(params))
        yield from cursor

    def table_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute(dialect.table_names_sql(dialect.POSTGRESQL))]

    def close(self) -> None:
        self.conn.close()


def database_name(url: str) -> str:
    return conninfo.conninfo_to_dict(url).get("dbname", "")


def safe_address(url: str) -> str:
    """The address as it may be shown or logged: user, host, port and database, never a password."""
    try:
        params = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://…"
    user = f"{params['user']}@" if params.get("user") else ""
    host = params.get("host") or "localhost"
    if host.startswith("/"):
        host = f"[{host}]"  # a unix socket folder
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgresql://{user}{host}{port}/{params.get('dbname', '')}"


def open_connection(url: str, *, read_only: bool = False) -> PgConnection:
    """Connect to the shared store at `url`, or a UserError saying in words what is wrong."""
    try:
        params = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise UserError(
            "This is not a PostgreSQL address Seller Assistant can read; write it as "
            "postgresql://USER@HOST:PORT/DATABASE."
        ) from exc
    address = safe_address(url)
    if params.get("password"):
        raise UserError(
            "The address {address} contains a password; a password must not be typed on the command line or saved in settings. Put it in your .pgpass file (one line HOST:PORT:DATABASE:USER:PASSWORD, readable only by you) or the system keyring, and give the address without it.",
            address=address,
        )
    if not params.get("dbname"):
        raise UserError(
            "The address {address} names no database; add it at the end: …/DATABASE.", address=address
        )
    extra = {"password": password} if (password := _keyring_password(params)) else {}
    try:
        raw = psycopg.connect(
            url,
            autocommit=True,  # transactions are ours (Store.write), never implicit
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name="seller-assistant",
            **extra,
        )
    except psycopg.OperationalError as exc:
        raise explain_connect_error(exc, address, params) from exc
    try:
        _check_server(raw, address)
        raw.adapters.register_loader("numeric", _Number)
        if read_only:
            raw.execute("SET default_transaction_read_only = on")
    except BaseException:
        raw.close()
        raise
    return PgConnection(raw)


def _check_server(raw: psycopg.Connection, address: str) -> None:
    version = raw.info.server_version  # e.g. 150018
    if version < dialect.MIN_POSTGRES_VERSION * 10000:
        raise UserError(
            "The PostgreSQL server of {address} is version {version}; Seller Assistant needs PostgreSQL "
            "{needed} or newer. Nothing was changed.",
            address=address,
            version=version // 10000,
            needed=dialect.MIN_POSTGRES_VERSION,
        )


def _keyring_password(params: dict) -> str | None:
    """The password from the system keyring, if the keyring package is installed and holds one.

    .pgpass needs nothing from us (libpq reads it); the keyring is asked first only when present."""
    try:
        import keyring  # optional: not a dependency
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_key(params))
    except Exception:  # noqa: BLE001 - a broken keyring backend must not stop .pgpass from working
        return None


def keyring_key(params: dict) -> str:
    """The name a shared store's password has in the system keyring (service KEYRING_SERVICE)."""
    return f"{params.get('user', '')}@{params.get('host', '')}:{params.get('port', '')}/{params['dbname']}"


keyring_password = _keyring_password  # for the setup page's check (store/pg_check.py)


def explain_connect_error(exc: psycopg.OperationalError, address: str, params: dict) -> UserError:
    """One sentence for a failed connection: unreachable, wrong password or role, no such database."""
    text = str(exc).lower()
    user = params.get("user") or "(your login name)"
    database = params.get("dbname", "")
    if "password authentication failed" in text or "no password supplied" in text:
        return UserError(
            "The PostgreSQL server of {address} refused the password for the role '{user}'; check the line for this server in your .pgpass file (or the keyring).",
            address=address,
            user=user,
        )
    if "role" in text and "does not exist" in text:
        return UserError(
            "The PostgreSQL server of {address} has no role (user) '{user}'; ask whoever set up the server to create it, or give the right user in the address.",
            address=address,
            user=user,
        )
    if "database" in text and "does not exist" in text:
        return UserError(
            "The PostgreSQL server of {address} has no database '{database}'; create it first (createdb {database}) or check its name in the address.",
            address=address,
            database=database,
        )
    if "authentication" in text or "pg_hba" in text or "permission denied" in text:
        return UserError(
            "The PostgreSQL server of {address} does not let the role '{user}' in; check the password in .pgpass and the server's pg_hba.conf.",
            address=address,
            user=user,
        )
    return UserError(
        "The PostgreSQL server of {address} cannot be reached (is it running, is the address right, does the network or firewall let this computer in?). Nothing was changed.",
        address=address,
    )


def explain_pg_error(exc: psycopg.Error, address: str) -> UserError:
    """One sentence for a failure while working on an open shared store."""
    if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
        return UserError("The store {address} is open read-only; nothing was changed.", address=address)
    if isinstance(exc, psycopg.errors.DiskFull):
        return UserError(
            "The disk of the PostgreSQL server of {address} is full; nothing was changed.", address=address
        )
    if isinstance(exc, psycopg.OperationalError):
        return UserError(
            "The connection to the PostgreSQL server of {address} was lost; nothing of the last change was saved. Check the network and try again.",
            address=address,
        )
    return UserError("The store {address} could not be used: {problem}.", address=address, problem=exc)
