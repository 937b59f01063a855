"""The activity log: a private rotating file beside the store that records what commands did, not who."""

from __future__ import annotations

import stat

import pytest

from seller_assistant.activity_log import LOG_FILE_NAME, log_folder
from seller_assistant.cli import main
from seller_assistant.cli.context import CliContext

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def test_a_command_leaves_a_line_in_the_log_beside_the_store(store_location, capsys):
    assert main(["--db", str(store_location), "demo", "--no-gui"]) == 0
    assert main(["--db", str(store_location), "risk", "--json"]) == 0
    # A shared store's log is this desk's: beside the stand-in its local folders are named after.
    log = log_folder(CliContext(db=str(store_location)).db_path) / LOG_FILE_NAME
    text = log.read_text(encoding="utf-8")
    assert "command risk finished" in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_phone_numbers_and_emails_never_reach_the_log(tmp_path, capsys):
    from seller_assistant.activity_log import get_logger, start_logging

    db = tmp_path / "store.db"
    target = start_logging(db)
    get_logger("test").info("buyer wrote from 13912345678 and a@b.cn")
    for handler in get_logger().handlers:
        handler.flush()
    text = target.read_text(encoding="utf-8")
    assert "13912345678" not in text and "a@b.cn" not in text
    assert "buyer wrote from ***" in text
