"""Help events: `add-event` by hand and `import-events` from a CSV, with bad lines reported."""

from __future__ import annotations

import json

import pytest

from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import orders
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

DAY = 86400


@pytest.fixture
def shop(store):
    records = [
        OrderRecord(
            order_no=f"390200000000000000{i}",
            buyer="小王",
            status="shipped",
            paid_at=NOW_EPOCH - 3 * DAY,
            shipped_at=NOW_EPOCH - 2 * DAY,
        )
        for i in range(3)
    ]
    records += [
        OrderRecord(
            order_no=f"3902000000000001{i:03d}",
            status="shipped",
            paid_at=NOW_EPOCH - DAY,
            shipped_at=NOW_EPOCH - DAY + 3600,
        )
        for i in range(97)
    ]
    orders.insert_orders(store, 1, records, 48.0, NOW_EPOCH, "manual")
    return store


def _events(store):
    return store.conn.execute(
        "SELECT o.order_no, e.kind, e.at, e.reason, e.note, e.source FROM help_events e"
        " JOIN orders o ON o.id = e.order_id ORDER BY e.id"
    ).fetchall()


def test_add_event_records_it_at_the_shops_local_time(shop, cli):
    result = cli(
        "add-event",
        "3902000000000000000",
        "complaint",
        "--at",
        "2026-11-24 10:30",
        "--reason",
        "quality",
        "--note",
        "买家说杯子有裂纹",
    )
    assert result.code == 0, result.err
    at = NOW_EPOCH - DAY + 90 * 60  # 2026-11-24 10:30 in Shanghai
    assert _events(shop) == [
        ("3902000000000000000", "complaint", at, "quality", "买家说杯子有裂纹", "manual")
    ]


def test_add_event_for_an_unknown_order_is_one_sentence_and_exit_2(shop, cli):
    result = cli("add-event", "999", "dispute")
    assert result.code == 2
    assert "There is no order 999" in result.err


def test_import_events_from_a_gbk_csv_adds_good_rows_and_names_bad_lines(shop, cli, tmp_path):
    path = tmp_path / "求助事件.csv"
    path.write_bytes(
        (
            "订单编号,类型,时间,原因,备注\r\n"
            '="3902000000000000000",纠纷,2026-11-24 08:00:00,描述不符,买家申请退款被拒后发起纠纷\r\n'
            "3902000000000000000,投诉,2026-11-24 09:00:00,,\r\n"
            "3902000000000000001,intervention,2026-11-23T20:00:00+08:00,logistics,\r\n"
            "3902000000000000002,吵架,2026-11-24 09:00:00,,\r\n"
            "3902000000000000009,dispute,2026-11-24 09:00:00,,\r\n"
            "3902000000000000002,complaint,昨天,,\r\n"
        ).encode("gbk")
    )
    result = cli("import-events", str(path), "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert (summary["rows"], summary["inserted"], summary["duplicates"]) == (6, 3, 0)
    assert [e["line"] for e in summary["errors"]] == [5, 6, 7]
    assert "吵架" in summary["errors"][0]["message"]
    assert "column '类型'" in summary["errors"][0]["message"]  # the line and the column at fault
    assert "no order 3902000000000000009" in summary["errors"][1]["message"]
    assert "昨天" in summary["errors"][2]["message"] and "column '时间'" in summary["errors"][2]["message"]
    stored = _events(shop)
    assert stored[0] == (
        "3902000000000000000",
        "dispute",
        NOW_EPOCH - DAY - 3600,
        "not_as_described",
        "买家申请退款被拒后发起纠纷",
        "import",
    )
    assert [(e[1], e[3]) for e in stored[1:]] == [("complaint", None), ("intervention", "logistics")]

    risk = json.loads(cli("risk", "--json").out)
    assert risk["help_rate"]["7d"]["events"] == 3 and risk["help_rate"]["7d"]["orders"] == 100


def test_importing_the_same_events_again_adds_nothing(shop, cli, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "order_no,kind,at,reason\n3902000000000000001,complaint,2026-11-24 09:00,service\n", encoding="utf-8"
    )
    cli("import-events", str(path))
    again = cli("import-events", str(path))
    assert again.code == 0
    assert "0 events added, 1 already recorded" in again.out
    assert len(_events(shop)) == 1


def test_the_import_summary_counts_in_the_shops_language(shop, cli, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "order_no,kind,at\n3902000000000000001,投诉,2026-11-24 09:00\n3902000000000000002,纠纷,yesterday\n",
        encoding="utf-8",
    )
    result = cli("import-events", str(path))
    assert "events.csv: 2 rows, 1 event added, 0 already recorded, 1 skipped." in result.out
    assert "  line 3:" in result.out
    assert cli("settings", "--set", "language=zh").code == 0
    again = cli("import-events", str(path))
    assert "events.csv：共 2 行，新增 0 个事件，1 个已记录过，跳过 1 行。" in again.out
    assert "  第 3 行：" in again.out
    added = cli("add-event", "3902000000000000002", "工单超时")
    assert "已在订单 3902000000000000002 上记录一次工单超时。" in added.out


def test_an_events_file_without_a_kind_column_changes_nothing(shop, cli, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("order_no,at\n3902000000000000001,2026-11-24 09:00\n", encoding="utf-8")
    result = cli("import-events", str(path))
    assert result.code == 2
    assert "events.csv" in result.err and "'kind'" in result.err
    assert _events(shop) == []


def test_add_event_takes_the_chinese_word_a_shop_owner_uses(cli, store):
    from seller_assistant.core.orders import OrderRecord
    from seller_assistant.store import orders, shops

    orders.insert_orders(
        store,
        shops.require_shop(store),
        [OrderRecord(order_no="3902000000000000077", paid_at=NOW_EPOCH - 3600)],
        48,
        NOW_EPOCH,
        source="manual",
    )
    result = cli("add-event", "3902000000000000077", "投诉", "--reason", "质量")
    assert result.code == 0, result.err
    row = store.conn.execute("SELECT kind, reason FROM help_events").fetchone()
    assert tuple(row) == ("complaint", "quality")
    refused = cli("add-event", "3902000000000000077", "吵架")
    assert refused.code == 2 and "'吵架' is not a help event kind" in refused.err


def test_a_taobao_shop_is_not_offered_amazon_claims(qtbot):
    from seller_assistant.core.help_events import event_kinds_for
    from seller_assistant.core.profiles import profile_for_platform
    from seller_assistant.ui.order_actions import EventDialog

    dialog = EventDialog(
        NOW_EPOCH,
        "Asia/Shanghai",
        kinds=event_kinds_for("taobao", profile_for_platform("taobao").streak_kinds),
    )
    qtbot.addWidget(dialog)
    offered = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert offered == ["dispute", "complaint", "intervention", "ticket_timeout"]
    amazon = event_kinds_for("amazon", profile_for_platform("amazon").streak_kinds)
    assert "a_to_z_claim" in amazon and "ticket_timeout" not in amazon
