"""The locks that keep a shared store's evidence chains linear when desks write at once (store/pg_locks.py),
and running a write again after the server undid it for a conflict (store/connection.py: retrying)."""

from __future__ import annotations

import psycopg
import pytest

from seller_assistant.core.errors import StoreConflictError
from seller_assistant.store import pg_locks
from seller_assistant.store.connection import retrying

pytestmark = pytest.mark.postgresql_only(reason="PostgreSQL's row and advisory locks between desks")


class _Desk:
    """A desk's connection as the store modules see it: `?` placeholders, a backend name."""

    backend = "postgresql"

    def __init__(self, url: str) -> None:
        self.raw = psycopg.connect(url)

    def execute(self, sql: str, params=()):
        return self.raw.execute(sql.replace("?", "%s"), params)

    def free(self, space: int, key: int | str) -> bool:
        """Whether this desk could take that lock now (taken and let go at once if so)."""
        key_sql = "hashtext(%s)" if isinstance(key, str) else "%s"
        with psycopg.connect(self.raw.info.dsn) as probe:
            return probe.execute(f"SELECT pg_try_advisory_xact_lock(%s, {key_sql})", (space, key)).fetchone()[
                0
            ]


@pytest.fixture
def desk(pg_url):
    conn = _Desk(pg_url)
    yield conn
    conn.raw.close()


def test_a_chain_being_sealed_is_locked_until_the_transaction_ends(desk):
    pg_locks.lock_chains(desk, ["order:3912345678901234567", "buyer:甜甜兔"])
    assert not desk.free(pg_locks.CHAIN_LOCKS, "order:3912345678901234567")
    assert not desk.free(pg_locks.CHAIN_LOCKS, "buyer:甜甜兔")
    assert desk.free(pg_locks.CHAIN_LOCKS, "order:210987654321098765")  # another order's chain: free
    desk.raw.commit()
    assert desk.free(pg_locks.CHAIN_LOCKS, "order:3912345678901234567")


def test_the_head_log_and_message_ids_are_locked_until_rollback(desk):
    pg_locks.lock_head_log(desk)
    pg_locks.lock_message_ids(desk)
    assert not desk.free(pg_locks.HEAD_LOG_LOCK, 0)
    assert not desk.free(pg_locks.MESSAGE_IDS_LOCK, 0)
    desk.raw.rollback()  # a desk that fails half-way holds nothing afterwards
    assert desk.free(pg_locks.HEAD_LOG_LOCK, 0) and desk.free(pg_locks.MESSAGE_IDS_LOCK, 0)


def test_on_sqlite_nothing_is_locked_and_no_clause_added(store):
    pg_locks.lock_chains(store.conn, ["order:1"])
    pg_locks.lock_head_log(store.conn)
    assert pg_locks.rows_to_update(store.conn) == ""
    assert not store.conn.in_transaction


def test_a_write_undone_by_a_conflict_is_run_again_until_it_is_saved(store):
    calls = []

    def work():
        calls.append(1)
        if len(calls) < 3:
            raise StoreConflictError("undone by the server")
        return "saved"

    assert retrying(store, work) == "saved"
    assert len(calls) == 3


def test_a_conflict_is_said_after_the_last_attempt_and_left_to_a_callers_transaction(store):
    calls = []

    def work():
        calls.append(1)
        raise StoreConflictError("undone by the server")

    with pytest.raises(StoreConflictError):
        retrying(store, work, attempts=3)
    assert len(calls) == 3
    calls.clear()
    with pytest.raises(StoreConflictError), store.write():
        retrying(store, work)
    assert (
        len(calls) == 1
    )  # the caller's whole transaction is undone: running only this part again would be wrong
