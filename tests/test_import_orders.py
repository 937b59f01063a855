"""Order import: real-format Taobao exports, generic CSV/XLSX with a mapping, idempotence, atomicity."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from seller_assistant.core.errors import UserError
from seller_assistant.importers.generic import header_signature
from seller_assistant.importers.orders import read_order_file
from seller_assistant.imports.orders import import_order_file, preview_order_file
from seller_assistant.store import events, order_notes, orders, shops
from seller_assistant.store.connection import connect
from seller_assistant.store.import_mappings import remembered_mapping
from tests.builders.taobao_export import (
    CLOSED,
    COMPLETED,
    PAID,
    SHIPPED,
    order,
    synthetic_orders,
    write_taobao_export,
)
from tests.conftest import NOW_EPOCH, SHANGHAI

pytestmark = pytest.mark.both_backends

LONG_NO = "3912345678901234567"  # 19 digits: a float would turn it into ...4568
SHORT_NO = "210987654321098765"  # 18 digits


def epoch(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).timestamp())


def stored(store, order_no: str) -> dict:
    return orders.find_order(store, shops.require_shop(store), order_no)


def run_import(store, path, **kwargs):
    return import_order_file(store, shops.require_shop(store), path, now=NOW_EPOCH, **kwargs)


def two_orders():
    return [
        order(
            LONG_NO,
            buyer="甜甜兔",
            status=PAID,
            created="2026-11-24 09:58:12",
            paid="2026-11-24 10:00:00",
            title="手工陶瓷马克杯 350ml",
            paid_amount="1,234.50",
            total="1234.50",
            quantity="2",
            receiver="王小明",
            mobile="'13800138000",
            address="浙江省 杭州市 西湖区 文三路100号(310000)",
            message="请发顺丰，谢谢",
        ),
        order(
            SHORT_NO,
            buyer="阿鱼_2020",
            status=SHIPPED,
            created="2026-11-20 20:00:00",
            paid="2026-11-20 20:01:30",
            title="云南古树普洱茶饼 357g",
            paid_amount="168.00",
            tracking="'75312345678901",
            carrier="中通快递",
            shipped="2026-11-21 15:30:00",
        ),
    ]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_taobao_export_imports_every_field_right(store, tmp_path, encoding):
    path = write_taobao_export(tmp_path / "ExportOrderList.csv", two_orders(), encoding=encoding)

    result = run_import(store, path)

    assert (result.format, result.rows, result.inserted, result.errors) == ("taobao", 2, 2, [])
    assert result.encoding == ("gb18030" if encoding == "gbk" else "utf-8-sig")
    first = stored(store, LONG_NO)
    assert first["order_no"] == LONG_NO
    assert (first["buyer"], first["status"], first["platform_status"]) == ("甜甜兔", "paid", PAID)
    assert (first["amount_cents"], first["quantity"]) == (123450, 2)
    assert first["created_at"] == epoch("2026-11-24T09:58:12")
    assert first["paid_at"] == epoch("2026-11-24T10:00:00")
    assert first["promised_ship_at"] == epoch("2026-11-26T10:00:00")  # 48 h, the shop's default
    assert first["promise_rule"] == "default"
    assert (first["receiver_name"], first["receiver_phone"]) == ("王小明", "13800138000")
    assert first["receiver_address"] == "浙江省 杭州市 西湖区 文三路100号(310000)"
    assert first["buyer_message"] == "请发顺丰，谢谢"
    assert first["shipped_at"] is None and first["tracking_no"] is None
    second = stored(store, SHORT_NO)
    assert (second["status"], second["tracking_no"], second["carrier"]) == (
        "shipped",
        "75312345678901",
        "中通快递",
    )
    assert second["shipped_at"] == epoch("2026-11-21T15:30:00")


@pytest.mark.parametrize("style", ["formula", "tab", "apostrophe", "plain"])
def test_every_excel_protection_of_order_numbers_keeps_all_digits(store, tmp_path, style):
    path = write_taobao_export(tmp_path / "orders.csv", two_orders(), number_style=style)
    assert run_import(store, path).inserted == 2
    numbers = {row[0] for row in store.conn.execute("SELECT order_no FROM orders")}
    assert numbers == {LONG_NO, SHORT_NO}


def test_numbers_mangled_by_excel_are_refused_row_by_row_with_line_numbers(store, tmp_path):
    rows = [*two_orders(), order("1.23457E+18", buyer="科学计数"), order("39123ABC", buyer="字母")]
    path = write_taobao_export(tmp_path / "resaved.csv", rows, number_style="plain")

    result = run_import(store, path)

    assert (result.rows, result.inserted) == (4, 2)
    assert [e.line for e in result.errors] == [4, 5]
    assert "1.23457E+18" in result.errors[0].message and "scientific notation" in result.errors[0].message
    assert "digits only" in result.errors[1].message
    assert orders.count_orders(store, shops.require_shop(store)) == 2


def test_error_line_is_where_a_multiline_record_starts(store, tmp_path):
    rows = [order("100000000000000001", message="第一行\n第二行\n第三行"), order("1.0E+17")]
    path = write_taobao_export(tmp_path / "multi.csv", rows)
    result = run_import(store, path)
    assert [e.line for e in result.errors] == [5]  # header 1, first record lines 2-4


def test_reimporting_the_same_export_changes_nothing(store, tmp_path):
    path = write_taobao_export(tmp_path / "orders.csv", two_orders())
    run_import(store, path)
    before = list(store.conn.execute("SELECT * FROM orders ORDER BY id"))

    again = import_order_file(store, shops.require_shop(store), path, now=NOW_EPOCH + 3600)

    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert list(store.conn.execute("SELECT * FROM orders ORDER BY id")) == before


def test_newer_export_updates_shipping_and_keeps_what_the_shop_added(store, tmp_path):
    shop_id = shops.require_shop(store)
    run_import(store, write_taobao_export(tmp_path / "monday.csv", two_orders()))
    first = stored(store, LONG_NO)
    order_notes.add_note(store, first["id"], "买家要求顺丰", "小美", NOW_EPOCH)
    events.add_event(store, shop_id, first["id"], "complaint", NOW_EPOCH, NOW_EPOCH)
    orders.set_order_flags(store, first["id"], NOW_EPOCH, logistics_status="exception")
    orders.set_promise_override(store, first["id"], epoch("2026-11-27T18:00:00"), NOW_EPOCH)

    newer = two_orders()
    newer[0].update(
        {
            "订单状态": SHIPPED,
            "物流单号": "'SF1234567890",
            "物流公司": "顺丰速运",
            "发货时间": "2026-11-25 11:00:00",
        }
    )
    newer[1].update({"订单状态": COMPLETED, "确认收货时间": "2026-11-24 12:00:00"})
    newer.append(order("4000000000000000001", buyer="新客"))
    result = run_import(store, write_taobao_export(tmp_path / "tuesday.csv", newer, encoding="utf-8-sig"))

    assert (result.inserted, result.updated, result.unchanged) == (1, 2, 0)
    assert orders.count_orders(store, shop_id) == 3
    first = stored(store, LONG_NO)
    assert (first["status"], first["tracking_no"], first["carrier"]) == (
        "shipped",
        "SF1234567890",
        "顺丰速运",
    )
    assert first["shipped_at"] == epoch("2026-11-25T11:00:00")
    assert first["logistics_status"] == "exception"
    assert (first["promise_rule"], first["promised_ship_at"]) == ("override", epoch("2026-11-27T18:00:00"))
    assert [n["text"] for n in order_notes.notes_for_order(store, first["id"])] == ["买家要求顺丰"]
    assert [e["kind"] for e in events.events_for_order(store, first["id"])] == ["complaint"]
    assert stored(store, SHORT_NO)["status"] == "completed"


def test_an_older_export_does_not_undo_a_shipment_recorded_by_hand(store, tmp_path):
    path = write_taobao_export(tmp_path / "orders.csv", two_orders())
    run_import(store, path)
    first = stored(store, LONG_NO)
    orders.ship_order(store, first["id"], NOW_EPOCH, "YT0001", "圆通速递", NOW_EPOCH)

    result = run_import(store, path)

    assert result.updated == 0
    after = stored(store, LONG_NO)
    assert (after["status"], after["tracking_no"], after["shipped_at"]) == ("shipped", "YT0001", NOW_EPOCH)


def test_closed_with_refund_becomes_refunded(store, tmp_path):
    rows = [
        order("500000000000000001", status=CLOSED, close_reason="买家申请退款", refund="49.00"),
        order("500000000000000002", status=CLOSED, close_reason="买家不想买了", paid=""),
    ]
    run_import(store, write_taobao_export(tmp_path / "closed.csv", rows))
    refunded, closed = stored(store, "500000000000000001"), stored(store, "500000000000000002")
    assert (refunded["status"], refunded["refund_status"]) == ("refunded", "refunded")
    assert (closed["status"], closed["refund_status"], closed["promised_ship_at"]) == ("closed", None, None)


def test_duplicate_rows_in_one_file_the_later_wins_and_the_earlier_is_reported(store, tmp_path):
    rows = [order(LONG_NO, status=PAID), order(SHORT_NO), order(LONG_NO, status=SHIPPED, tracking="'YT9")]
    result = run_import(store, write_taobao_export(tmp_path / "dupes.csv", rows))
    assert (result.rows, result.inserted) == (3, 2)
    assert [(e.line, "line 4" in e.message) for e in result.errors] == [(2, True)]
    assert stored(store, LONG_NO)["tracking_no"] == "YT9"


def test_reading_an_export_needs_no_store_and_gives_orders_and_line_errors(tmp_path):
    """importers/orders.py only parses (issue 19): the Taobao 订单报表 in, orders by number and per-line
    errors out; nothing is written until imports/orders.py hands them to the store."""
    rows = [order(LONG_NO, status=PAID), order(SHORT_NO), order(LONG_NO, status=SHIPPED, tracking="'YT9")]
    parsed = read_order_file(write_taobao_export(tmp_path / "dupes.csv", rows), tz=SHANGHAI)
    assert list(parsed.orders) == [LONG_NO, SHORT_NO]
    assert parsed.orders[LONG_NO][0].values["tracking_no"] == "YT9"
    assert (parsed.result.rows, parsed.result.inserted) == (3, 0)
    assert [(e.line, "line 4" in e.message) for e in parsed.result.errors] == [(2, True)]


def test_preview_recognises_taobao_and_shows_the_first_rows(tmp_path):
    path = write_taobao_export(tmp_path / "orders.csv", two_orders())
    preview = preview_order_file(path, max_rows=1)
    assert (preview.format, preview.encoding) == ("taobao", "gb18030")
    assert preview.mapping["order_no"] == "订单编号" and preview.mapping["paid_at"] == "订单付款时间"
    assert len(preview.rows) == 1 and preview.rows[0][1] == "甜甜兔"
    assert preview.header_signature == header_signature(preview.headers)


PDD_HEADERS = [
    "订单号",
    "商品",
    "订单状态",
    "支付时间",
    "用户实付金额(元)",
    "收货人",
    "手机",
    "快递单号",
    "快递公司",
]


def test_generic_csv_with_suggested_mapping_imports_and_remembers_it(store, tmp_path):
    path = tmp_path / "pdd.csv"
    path.write_text(
        ",".join(PDD_HEADERS) + "\n"
        "PDD-240101-001,五常大米 5kg,待发货,2026/11/24 08:30,89.90,李静,13900001111,,\n"
        'PDD-240101-002,帆布包,"已发货，待签收",2026/11/23 10:00,58,张伟,13900002222,YT123,圆通速递\n',
        encoding="utf-8",
    )
    preview = preview_order_file(path)
    assert preview.format == "generic"
    assert preview.mapping["order_no"] == "订单号" and preview.mapping["paid_at"] == "支付时间"

    result = run_import(store, path, mapping=preview.mapping)

    assert (result.format, result.inserted, result.errors) == ("generic", 2, [])
    first = stored(store, "PDD-240101-001")
    assert (first["status"], first["amount_cents"], first["item_title"]) == ("paid", 8990, "五常大米 5kg")
    assert first["paid_at"] == epoch("2026-11-24T08:30:00")
    assert stored(store, "PDD-240101-002")["status"] == "shipped"
    assert remembered_mapping(store, preview.header_signature) == preview.mapping


def test_generic_import_uses_the_remembered_mapping(store, tmp_path):
    path = tmp_path / "custom.tsv"
    path.write_text("单号\t客人\t付款\nA-1\t老王\t2026-11-24 10:00:00\n", encoding="utf-8")
    mapping = {"order_no": "单号", "buyer": "客人", "paid_at": "付款"}
    run_import(store, path, mapping=mapping)
    path.write_text("单号\t客人\t付款\nA-2\t老李\t2026-11-24 11:00:00\n", encoding="utf-8")

    result = run_import(store, path)  # no mapping given: the remembered one is used

    assert result.inserted == 1 and stored(store, "A-2")["buyer"] == "老李"
    assert preview_order_file(path, store=store).mapping == mapping


def test_generic_xlsx_with_a_mapping(store, tmp_path):
    path = tmp_path / "amazon.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "amazon-order-id",
            "purchase-date",
            "payments-date",
            "buyer-name",
            "product-name",
            "quantity-purchased",
            "item-price",
            "ship-service-level",
        ]
    )
    sheet.append(
        [
            "114-1234567-1234567",
            "2026-11-24T01:00:00+00:00",
            datetime(2026, 11, 24, 9, 5),
            "Jane Roe",
            "Ceramic mug",
            2,
            25.5,
            "Standard",
        ]
    )
    sheet.append(
        [1.2345678901234567e18, "2026-11-24T02:00:00+00:00", None, "Bad Row", "Mug", 1, 9, "Standard"]
    )
    book.save(path)

    result = run_import(store, path)

    assert (result.format, result.encoding, result.inserted) == ("generic", "xlsx", 1)
    assert [e.line for e in result.errors] == [3] and "scientific notation" in result.errors[0].message
    row = stored(store, "114-1234567-1234567")
    assert (row["buyer"], row["quantity"], row["amount_cents"]) == ("Jane Roe", 2, 2550)
    assert row["created_at"] == int(datetime.fromisoformat("2026-11-24T01:00:00+00:00").timestamp())
    assert row["paid_at"] == epoch("2026-11-24T09:05:00")


def test_generic_file_without_an_order_number_column_is_refused_and_changes_nothing(store, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("名字,时间\n老王,2026-11-24\n", encoding="utf-8")
    with pytest.raises(UserError, match="order number"):
        run_import(store, path)
    assert orders.count_orders(store, shops.require_shop(store)) == 0


def test_cancelled_import_writes_nothing(store, tmp_path):
    run_import(store, write_taobao_export(tmp_path / "small.csv", two_orders()))
    before = list(store.conn.execute("SELECT * FROM orders ORDER BY id"))
    big = write_taobao_export(tmp_path / "big.csv", synthetic_orders(12000))
    calls = []

    class Cancelled(Exception):
        pass

    def progress(done, total):
        calls.append((done, total))
        if done > total // 2:  # in the writing half
            raise Cancelled

    with pytest.raises(Cancelled):
        run_import(store, big, progress=progress)

    assert calls and list(store.conn.execute("SELECT * FROM orders ORDER BY id")) == before
    assert not store.conn.in_transaction


def cli_json(cli, *args):
    result = cli(*args)
    return result.code, (json.loads(result.out) if result.out.strip() else None), result.err


def test_cli_import_prints_the_json_shape_and_lists_bad_rows(store, cli, tmp_path):
    rows = [*two_orders(), order("1.23457E+18")]
    path = write_taobao_export(tmp_path / "orders.csv", rows, number_style="plain")
    code, data, _ = cli_json(cli, "import-orders", str(path), "--json")
    assert code == 0
    assert list(data) == [
        "file",
        "format",
        "encoding",
        "rows",
        "inserted",
        "updated",
        "unchanged",
        "errors",
        "preset",
        "items",
    ]
    assert (data["rows"], data["inserted"], data["updated"], data["unchanged"]) == (3, 2, 0, 0)
    # A bad cell's row error names its line and the file's column (the header as written).
    assert data["errors"][0]["line"] == 4 and set(data["errors"][0]) == {"line", "column", "message"}
    assert data["errors"][0]["column"] == "订单编号"


def test_cli_unreadable_file_exits_2_and_changes_nothing(store, cli, tmp_path):
    cli("import-orders", str(write_taobao_export(tmp_path / "ok.csv", two_orders())))
    before = list(store.conn.execute("SELECT * FROM orders ORDER BY id"))
    broken = tmp_path / "broken.csv"
    broken.write_bytes("订单编号,买家会员名\n".encode("gbk") + b"\xff\xfe\xfd\x81")
    for path in (broken, tmp_path / "missing.csv", tmp_path):
        result = cli("import-orders", str(path))
        assert result.code == 2 and "Traceback" not in result.err and result.err.strip()
    assert list(store.conn.execute("SELECT * FROM orders ORDER BY id")) == before


def test_killed_import_leaves_the_store_as_it_was(store, store_location, tmp_path):
    store.close()
    small = write_taobao_export(tmp_path / "small.csv", two_orders())
    big = write_taobao_export(tmp_path / "big.csv", synthetic_orders(60000, first_no=int(LONG_NO) - 5))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    base = [sys.executable, "-m", "seller_assistant", "--db", str(store_location)]
    subprocess.run([*base, "import-orders", str(small)], check=True, env=env, capture_output=True)
    with connect(store_location) as again:
        before = again.conn.execute("SELECT * FROM orders ORDER BY id").fetchall()

    child = subprocess.Popen(
        [*base, "import-orders", str(big), "--progress"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in child.stderr:  # progress lines: "Reading done/total"
            done, total = (int(n) for n in line.split()[-1].split("/"))
            if done > total // 2:  # writing has begun inside the transaction
                child.send_signal(signal.SIGKILL)
                break
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL

    with connect(store_location) as again:
        assert again.conn.execute("SELECT * FROM orders ORDER BY id").fetchall() == before
        if not again.shared:
            assert again.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_partial_map_changes_only_the_fields_it_names(store, tmp_path, cli):
    path = tmp_path / "shop.csv"
    path.write_text(
        ",".join(PDD_HEADERS) + ",买家昵称\n"
        "S-1,五常大米 5kg,待发货,2026/11/24 08:30,89.90,李静,13900001111,,,大米控\n",
        encoding="utf-8",
    )

    result = cli("import-orders", str(path), "--map", "buyer=买家昵称", "--json")

    assert result.code == 0, result.err
    order = stored(store, "S-1")
    # The named field comes from the column given; every other field is still read automatically.
    assert (order["buyer"], order["item_title"], order["amount_cents"]) == ("大米控", "五常大米 5kg", 8990)
    assert order["paid_at"] == epoch("2026-11-24T08:30:00")
    remembered = remembered_mapping(store, header_signature([*PDD_HEADERS, "买家昵称"]))
    assert remembered["buyer"] == "买家昵称" and remembered["order_no"] == "订单号"


def test_a_mapping_that_read_no_order_is_not_remembered(store, tmp_path):
    path = tmp_path / "shop.csv"
    path.write_text("单号,客人,付款\nA-1,老王,2026-11-24 10:00:00\n", encoding="utf-8")

    result = run_import(store, path, mapping={"order_no": "单号", "paid_at": "客人"})  # a name is not a time

    assert result.inserted == 0 and len(result.errors) == 1
    assert remembered_mapping(store, header_signature(["单号", "客人", "付款"])) is None


def test_the_platform_ship_by_time_can_be_mapped_in_a_shops_own_table(store, tmp_path, cli):
    path = tmp_path / "shop.csv"
    path.write_text("单号,付款,最晚发货\nA-1,2026-11-24 10:00:00,2026-11-25 12:00:00\n", encoding="utf-8")

    result = cli(
        "import-orders",
        str(path),
        "--map",
        "order_no=单号",
        "--map",
        "paid_at=付款",
        "--map",
        "promised_ship_at=最晚发货",
    )

    assert result.code == 0, result.err
    order = stored(store, "A-1")
    assert (order["promised_ship_at"], order["promise_source"]) == (epoch("2026-11-25T12:00:00"), "platform")


def _indexes(store) -> list[tuple]:
    if store.shared:
        return store.conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
        ).fetchall()
    return store.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    ).fetchall()


def test_a_shops_history_loads_in_one_go_all_or_nothing_with_every_index_back(store, tmp_path):
    """A first import that dwarfs the store (store/bulk_load.py): indexes built after the rows,
    in one transaction — a cancel leaves nothing and no import to undo; done, every index is back."""
    from seller_assistant.store import import_runs

    run_import(store, write_taobao_export(tmp_path / "small.csv", two_orders()))
    indexes, before = _indexes(store), list(store.conn.execute("SELECT * FROM orders ORDER BY id"))
    history = write_taobao_export(
        tmp_path / "ExportOrderList.csv",
        synthetic_orders(25_000, first_no=3_955_300_000_000_000_000),
        encoding="gbk",
    )

    class Cancelled(Exception):
        pass

    def cancel_while_writing(done, total):
        if done > total * 3 // 4:
            raise Cancelled

    with pytest.raises(Cancelled):
        run_import(store, history, progress=cancel_while_writing)
    assert list(store.conn.execute("SELECT * FROM orders ORDER BY id")) == before
    assert _indexes(store) == indexes
    assert import_runs.interrupted_runs(store) == []

    result = run_import(store, history)

    assert result.inserted == 25_000 and result.import_id is None
    assert _indexes(store) == indexes
    assert orders.count_orders(store, shops.require_shop(store)) == 25_002
    if store.shared:
        return  # PostgreSQL keeps its indexes through the load (other desks use them meanwhile)
    plan = store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM orders WHERE shop_id = 1 AND buyer = 'x'"
    ).fetchall()
    assert "orders_buyer" in str(plan)  # the rebuilt index serves the Orders page's buyer filter
