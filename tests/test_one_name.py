"""One name for one thing: what Taobao calls 工单超时 is a "work order timeout" in the window, the CLI
and the PDF, never a "ticket timeout" (the stored id `ticket_timeout` stays, so old stores still read)."""

from __future__ import annotations

import re

import pytest

from seller_assistant.core.i18n import t
from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import orders

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def test_add_event_takes_work_order_timeout_and_risk_names_it_so(store, cli):
    orders.insert_orders(
        store,
        1,
        [
            OrderRecord(
                order_no="3903000000000000001",
                status="shipped",
                paid_at=NOW_EPOCH - 86400,
                shipped_at=NOW_EPOCH - 3600,
            )
        ],
        48.0,
        NOW_EPOCH,
        "manual",
    )
    assert cli("add-event", "3903000000000000001", "work_order_timeout").code == 0
    assert cli("add-event", "3903000000000000001", "工单超时").code == 0
    kinds = store.conn.execute("SELECT kind FROM help_events").fetchall()
    assert kinds == [("ticket_timeout",), ("ticket_timeout",)]
    assert cli("settings", "--set", "language=en").code == 0
    out = cli("risk").out
    assert "work order timeout" in out and "ticket" not in out.lower()


def test_no_user_facing_text_says_ticket():
    from seller_assistant.cli import build_parser
    from seller_assistant.cli.help_language import help_texts

    helps = " ".join(help_texts(build_parser()))
    assert "work_order_timeout" in helps
    assert "ticket" not in helps.lower()
    assert t("risk.kind_ticket_timeout", "en") == "work order timeout"
    assert t("bundle.help_ticket_timeout", "en") == "work order timeout"


def test_the_window_names_it_work_order_timeout():
    from seller_assistant.ui.order_actions import event_kind_names

    assert event_kind_names()["ticket_timeout"] == "Work order timeout"
    source = open("resources/translations/seller_assistant_zh_CN.ts", encoding="utf-8").read()
    assert not re.search(r"<source>[^<]*[Tt]icket", source)
