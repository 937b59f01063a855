"""The command line contract: errors are one sentence with exit code 2; --now moves the clock."""

from __future__ import annotations

import subprocess
import sys

import pytest

from seller_assistant.store import open_store

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def test_unknown_command_is_one_sentence_and_exit_2(cli):
    result = cli("fly-to-the-moon")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "invalid choice" in result.err
    assert "Traceback" not in result.err


def test_unknown_order_is_named_in_the_error(cli, store):
    result = cli("ship", "3900000000000000001")
    assert result.code == 2
    assert result.err.strip() == "seller-assistant: There is no order 3900000000000000001 in this shop."


def test_bad_now_is_refused_clearly(cli, store):
    result = cli("ship", "1", now="next tuesday")
    assert result.code == 2
    assert "--now" in result.err and "next tuesday" in result.err


def test_demo_uses_now_for_its_orders(cli, store_location):
    result = cli("demo", "--no-gui")
    assert result.code == 0, result.err
    store = open_store(store_location)
    latest_paid = store.conn.execute("SELECT max(paid_at) FROM orders").fetchone()[0]
    late = store.conn.execute(
        "SELECT count(*) FROM orders WHERE status = 'paid' AND shipped_at IS NULL AND promised_ship_at < ?",
        (NOW_EPOCH,),
    ).fetchone()[0]
    store.close()
    assert NOW_EPOCH - 3 * 86400 < latest_paid <= NOW_EPOCH
    assert late >= 1, "the demo shows at least one late order"


def test_demo_does_not_touch_a_store_that_has_a_shop(cli, store):
    result = cli("demo", "--no-gui")
    assert result.code == 0
    assert "already has a shop" in result.out
    assert store.conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 0


def test_ship_marks_the_order_and_keeps_the_shipment(cli, demo_store):
    order_no = demo_store.conn.execute(
        "SELECT order_no FROM orders WHERE status = 'paid' AND shipped_at IS NULL LIMIT 1"
    ).fetchone()[0]
    result = cli(
        "ship", order_no, "--tracking", "75012345678901", "--carrier", "中通快递", "--at", "2026-11-25 08:30"
    )
    assert result.code == 0, result.err
    row = demo_store.conn.execute(
        "SELECT status, shipped_at, tracking_no, carrier FROM orders WHERE order_no = ?", (order_no,)
    ).fetchone()
    assert row == ("shipped", NOW_EPOCH - 30 * 60, "75012345678901", "中通快递")
    assert demo_store.conn.execute("SELECT count(*) FROM shipments").fetchone()[0] == 1


def test_python_dash_m_runs_the_same_command_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "seller_assistant", "--db", str(tmp_path / "x.db"), "ship", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no shop yet" in result.stderr
    assert "Traceback" not in result.stderr
