"""Live across desks: a shared store tells the other desks what changed (PostgreSQL LISTEN/NOTIFY).

Every write to a shared store announces itself on one channel: a command or an import inside its
write transaction (PostgreSQL delivers a NOTIFY at commit, and drops it on a rollback), the
window right after it wrote, with the same `Changes` it refreshes its own pages with. Each
message names the desk it comes from (`Store.desk`), so a window skips its own. A SQLite store has
no other desks: nothing here runs for it.
"""

from __future__ import annotations

from seller_assistant.core.changes import Changes
from seller_assistant.core.errors import UserError

CHANNEL = "seller_assistant_changes"
BURST_S = 0.05  # after a first message, how long to gather the ones right behind it


def announce(store, changes: Changes | None) -> None:
    """Tell the other desks on `store`'s server what changed (everything, when not said).

    Inside a write transaction the message waits for its commit; outside, it goes at once."""
    if not store.shared:
        return
    from seller_assistant.store import pg_connection

    payload = (changes if changes is not None else Changes.everything()).to_payload(store.desk)
    try:
        store.conn.execute("SELECT pg_notify(?, ?)", (CHANNEL, payload))
    except pg_connection.psycopg.OperationalError as exc:
        raise pg_connection.explain_pg_error(exc, store.location) from exc


def connection_lost(store) -> bool:
    """Whether a shared store's connection went with its server (a restart, a network cut)."""
    if not store.shared:
        return False
    from seller_assistant.store import pg_connection

    raw = store.conn.raw
    if raw.closed or raw.broken:
        return True
    try:  # an idle connection learns of the server's restart only when it next asks something
        raw.execute("SELECT 1")
    except pg_connection.psycopg.Error:
        return True
    return False


class Listener:
    """A connection of its own that hears the other desks' changes; for one thread only.

    `changes(timeout)` blocks up to `timeout` seconds, so the thread calling it must not be the
    GUI's. A lost server raises UserError from it; open a new Listener to listen again."""

    def __init__(self, location: str) -> None:
        from seller_assistant.store import pg_connection  # psycopg is loaded only for a shared store

        self._pg = pg_connection
        self.location = location
        self._conn = pg_connection.open_connection(location)
        try:
            self._conn.raw.execute(f"LISTEN {CHANNEL}")
        except self._pg.psycopg.Error as exc:
            self._conn.close()
            raise pg_connection.explain_pg_error(exc, location) from exc

    def changes(self, timeout: float) -> list[tuple[str, Changes]]:
        """(desk, changes) for every message that arrived within `timeout` seconds (none: empty)."""
        raw = self._conn.raw
        try:
            arrived = list(raw.notifies(timeout=timeout, stop_after=1))
            if arrived:  # a burst (a few commits at once) is handed over whole
                arrived += raw.notifies(timeout=BURST_S)
        except self._pg.psycopg.Error as exc:
            raise self._pg.explain_pg_error(exc, self.location) from exc
        return [Changes.from_payload(notify.payload) for notify in arrived]

    def close(self) -> None:
        try:
            self._conn.close()
        except (UserError, self._pg.psycopg.Error):
            pass  # already gone with the server
