"""The throwaway PostgreSQL cluster the PostgreSQL tests run on (tests/pg_cluster.py)."""

from __future__ import annotations

import os
import stat

import psycopg
import pytest

from tests import pg_cluster as pgc

pytestmark = pytest.mark.postgresql_only(reason="the throwaway PostgreSQL cluster of the tests itself")


def test_each_test_gets_an_empty_database_of_its_own(pg_url, pg_cluster):
    with psycopg.connect(pg_url) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
        assert tables == 0
        conn.execute("CREATE TABLE left_behind (x TEXT)")
        conn.execute("INSERT INTO left_behind VALUES ('破损')")
        assert conn.execute("SELECT x FROM left_behind").fetchone()[0] == "破损"
    # Another database of the same cluster starts empty, whatever this one holds.
    other = pg_cluster.create_database()
    try:
        with psycopg.connect(pg_cluster.url(other)) as conn:
            assert conn.execute("SELECT to_regclass('left_behind')").fetchone()[0] is None
    finally:
        pg_cluster.drop_database(other)


def test_the_cluster_listens_on_its_own_socket_only(pg_url, pg_cluster):
    """No TCP port: several test runs on one machine must never meet."""
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == ""
        assert conn.execute("SHOW unix_socket_directories").fetchone()[0] == str(pg_cluster.socket_dir)
        assert conn.execute("SHOW server_encoding").fetchone()[0] == "UTF8"
    sockets = [p for p in os.listdir(pg_cluster.socket_dir) if p.startswith(".s.PGSQL.")]
    assert any(stat.S_ISSOCK(os.stat(pg_cluster.socket_dir / p).st_mode) for p in sockets)


def test_missing_binaries_are_named_in_the_reason(monkeypatch):
    monkeypatch.setattr(pgc.shutil, "which", lambda name: None)
    monkeypatch.setattr(pgc.glob, "glob", lambda pattern: [])
    with pytest.raises(pgc.ClusterUnavailable, match="initdb"):
        pgc.find_binaries()


def test_required_only_when_the_variable_says_so(monkeypatch):
    monkeypatch.delenv(pgc.REQUIRE_ENV, raising=False)
    assert not pgc.required()
    monkeypatch.setenv(pgc.REQUIRE_ENV, "0")
    assert not pgc.required()
    monkeypatch.setenv(pgc.REQUIRE_ENV, "1")
    assert pgc.required()
