"""The column-by-column reader (importers/order_columns.py) reads every export as the line-by-line
reader does: the same orders, the same values, the same errors naming the same line and column,
and the same stored result — on real-format files (tests/builders) full of what shops' files hold:
Excel-mangled and Excel-protected order numbers, odd times and amounts, quoted multi-line cells,
duplicates, blank lines, GBK / UTF-8 with BOM / UTF-16."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from seller_assistant.core.business_calendar import PAUSE, CalendarEntry
from seller_assistant.core.settings import ShopSettings
from seller_assistant.core.ship_rules import load_promise_rules
from seller_assistant.importers import order_columns, order_tuples
from seller_assistant.importers import orders as order_files
from seller_assistant.importers.order_rows import PromiseMaker, combine
from seller_assistant.importers.orders import read_order_file
from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import open_store, shops
from tests.builders import amazon_export as amazon
from tests.builders import csv_export, ebay_export, jd_export, pdd_export
from tests.builders.malformed import poisoned_orders
from tests.builders.taobao_export import CLOSED, COMPLETED, order, synthetic_orders, write_taobao_export
from tests.conftest import NOW_EPOCH, SHANGHAI

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

SMALL_CHUNK = 7  # so that a file of a few hundred lines is read in many chunks


def hostile_taobao_rows(count: int = 300) -> list[dict[str, str]]:
    """Varied good orders with the cells real exports hold in between (Taobao 订单报表 headers,
    tests/builders/taobao_export.py)."""
    rows = list(synthetic_orders(count))
    odd = [
        order("3912345678901299001", paid="2026/11/24 10:00", created="2026-11-24 9:58"),
        order("3912345678901299002", paid="2026-11-24 10:61:00"),  # not a real time
        order("3912345678901299003", paid="2026-02-30 10:00:00"),  # not a real date
        order("3912345678901299004", paid="0000-00-00 00:00:00", created="1970-01-01 08:00:00"),
        order("3912345678901299005", paid=" 2026-11-24 10:00:00 ", shipped="null", received="无"),
        order("3912345678901299006", paid="２０２６-11-24 10:00:00"),  # full-width digits
        order("3912345678901299007", paid_amount="￥1,234.50", total="1,234.50", quantity="2.0"),
        order("3912345678901299008", paid_amount="--", quantity="abc"),
        order("3912345678901299009", buyer="  甜甜兔  ", message='=HYPERLINK("http://x","点我")'),
        order("3912345678901299010", buyer="'阿鱼", address="浙江省 杭州市\n西湖区 文三路100号\r\n3单元"),
        order("3912345678901299011", status=CLOSED, close_reason="买家申请退款", refund="49.00"),
        order("3912345678901299012", status=COMPLETED, received="2026-11-28 10:00:00", refund="1e30"),
        order("3.91234567890123E+18"),  # a spreadsheet ate the last digits
        order("3912345678901299013", paid="2026-11-24 10:00:00"),
        order("3912345678901299013", paid="2026-11-24 11:00:00"),  # the same order again
        order(""),  # no order number
        order("39123456789012990140000000"),  # longer than any Taobao order number
        order("3912345678901299015", buyer="NULL", title="N/A", tracking="-"),
        order("3912345678901299016", paid_amount="49.5", total="0049.00", refund="0.5"),
        order("3912345678901299017", paid_amount="1234567890.00"),  # more than any order costs
        order("3912345678901299018", paid_amount="１２.００", quantity="１"),  # full-width digits
        order("3912345678901299019", paid_amount="49.00 ", buyer="甜甜兔\t"),
    ]
    poisoned = [
        order(number) if field == "order_no" else order(number, **{field: cell})
        for number, (field, cell) in poisoned_orders().items()
    ]
    # The odd rows in the middle and at the end: after the first chunks a column of distinct texts
    # (order numbers, times) is converted without look-ups, and must still find the bad cell.
    return rows[: count // 2] + odd + rows[count // 2 :] + poisoned + odd[:3]


def read_both(path, monkeypatch):
    """(column by column, line by line): each as (errors, orders with their lines, rows read)."""
    with monkeypatch.context() as patch:
        patch.setattr(order_columns, "CHUNK", SMALL_CHUNK)
        by_columns = _read(path)
    with monkeypatch.context() as patch:
        patch.setattr(order_files, "read_lines", order_columns.read_lines_carefully)
        by_lines = _read(path)
    return by_columns, by_lines


def _read(path):
    parsed = read_order_file(path, tz=SHANGHAI)
    errors = [(e.line, e.message, e.column) for e in parsed.result.errors]
    lines = {
        number: [(line.line, line.values, line.is_item) for line in lines]
        for number, lines in parsed.orders.items()
    }
    return errors, lines, parsed.result.rows


@pytest.mark.parametrize(
    ("encoding", "number_style"),
    [("gbk", "formula"), ("gbk", "tab"), ("utf-8-sig", "apostrophe"), ("utf-16", "plain")],
)
def test_hostile_taobao_export_reads_the_same_by_columns_as_by_lines(
    tmp_path, monkeypatch, encoding, number_style
):
    path = write_taobao_export(
        tmp_path / "ExportOrderList.csv", hostile_taobao_rows(), encoding=encoding, number_style=number_style
    )

    by_columns, by_lines = read_both(path, monkeypatch)

    assert by_columns == by_lines
    errors, lines, rows = by_columns
    assert rows == 300 + 22 + 13 + 3
    assert len(errors) > 15  # the file's bad cells are found, not waved through
    assert len(lines) > 300


def test_bad_cell_in_a_column_of_distinct_numbers_names_its_line_and_column(tmp_path, monkeypatch):
    rows = list(synthetic_orders(120)) + [order("3.91234567890123E+18")]
    path = write_taobao_export(tmp_path / "ExportOrderList.csv", rows)

    (errors, lines, _rows), by_lines = read_both(path, monkeypatch)

    assert (errors, lines, _rows) == by_lines
    assert len(lines) == 120
    [(line, message, column)] = errors
    assert (line, column) == (122, "订单编号")
    assert message.startswith(
        "line 122, column 订单编号: the order number '3.91234567890123E+18' was turned into"
    )


def test_time_in_an_hour_already_read_is_checked_like_any_other(tmp_path, monkeypatch):
    rows = [
        order("3912345678901200001", paid="2026-11-24 10:00:00"),
        order("3912345678901200002", paid="2026-11-24 10:59:59"),
        order("3912345678901200003", paid="2026-11-24 10:60:00"),
        order("3912345678901200004", paid="9999-12-31 23:59:59"),
        order("3912345678901200005", paid="9999-12-31 23:00:00"),
    ]
    path = write_taobao_export(tmp_path / "ExportOrderList.csv", rows)

    by_columns, by_lines = read_both(path, monkeypatch)

    assert by_columns == by_lines
    errors, lines, _ = by_columns
    assert [line for line, _message, _column in errors] == [4, 5, 6]
    paid = lines["3912345678901200002"][0][1]["paid_at"] - lines["3912345678901200001"][0][1]["paid_at"]
    assert paid == 59 * 60 + 59


def test_marketplace_exports_read_the_same_by_columns_as_by_lines(tmp_path, monkeypatch):
    jd_lines = [
        jd_export.line("281234567890", "100012345678", 订购数量="2", 付款确认时间="2026-11-24 09:00:05"),
        jd_export.line("281234567890", "100087654321", 商品名称="保温杯收纳袋", 京东价="89.00"),
        jd_export.line("281234567891", "100012345678", 订单状态="(删除)等待出库"),
        jd_export.line("281234567890", "100012345678", 订购数量="2"),  # the same item pasted twice
    ]
    files = [
        jd_export.write_jd_export(tmp_path / "订单导出.csv", jd_lines * 3),
        amazon.write_amazon_report(
            tmp_path / "AllOrders.txt",
            amazon.ALL_ORDERS,
            [
                amazon.line(
                    amazon.ALL_ORDERS,
                    amazon_order_id="113-3333333-3333333",
                    purchase_date="2026-11-20T10:00:00+00:00",
                    last_updated_date="2026-11-22T10:05:00+00:00",
                    order_status="Cancelled",
                    item_status="Cancelled",
                ),
                amazon.line(
                    amazon.ALL_ORDERS,
                    amazon_order_id="113-4444444-4444444",
                    purchase_date="2026-11-20T10:00:00+00:00",
                    last_updated_date="not a time",  # read only for a cancelled order
                    order_status="Shipped",
                ),
                amazon.line(
                    amazon.ALL_ORDERS,
                    amazon_order_id="113-5555555-5555555",
                    purchase_date="2026-11-20T10:00:00+00:00",
                    last_updated_date="not a time",
                    order_status="Cancelled",
                ),
            ]
            * 4,
        ),
        amazon.write_amazon_report(
            tmp_path / "NewOrders.txt",
            amazon.ORDERS,
            [
                amazon.line(
                    amazon.ORDERS, order_id=f"113-66666{i:02d}-6666666", is_buyer_requested_cancellation=flag
                )
                for i, flag in enumerate(("true", "false", "TRUE", "", "yes") * 3)
            ],
        ),
        ebay_export.write_ebay_report(
            tmp_path / "eBay-OrdersReport-Nov-24-2026.csv",
            [
                ebay_export.line(
                    Sales_Record_Number=str(1000 + i),
                    Order_Number=f"05-14062-{11900 + i}",
                    Item_Title="Handmade Ceramic Mug 350 ml",
                    Quantity=str(1 + i % 3),
                    Sold_For=("$24.99", "C $24.99", "£12.00", "90,00 EUR")[i % 4],
                    Ship_By_Date=("Nov-26-26", "", "Nov-31-26")[i % 3],
                )
                for i in range(30)
            ],
            records=30,
        ),
        pdd_export.write_pdd_export(
            tmp_path / "orders_export.csv",
            [pdd_export.order(f"261124-{123456789012 + i}") for i in range(20)] + [pdd_export.order("")],
        ),
    ]
    for path in files:
        by_columns, by_lines = read_both(path, monkeypatch)
        assert by_columns == by_lines, path.name
        assert by_columns[1], path.name


def _stored(store) -> tuple[list, list]:
    orders = store.conn.execute("SELECT * FROM orders ORDER BY id").fetchall()
    items = store.conn.execute("SELECT * FROM order_items ORDER BY id").fetchall()
    return orders, items


def test_import_stores_the_same_by_columns_as_by_lines(tmp_path, monkeypatch, new_store_location):
    path = write_taobao_export(tmp_path / "ExportOrderList.csv", hostile_taobao_rows(), encoding="gbk")
    jd_path = jd_export.write_jd_export(
        tmp_path / "订单导出.csv",
        [jd_export.line(f"2812345678{i:02d}", f"1000{i % 3}", 订购数量=str(1 + i % 2)) for i in range(40)],
    )
    stored, results = [], []
    for careful in (False, True):
        store = open_store(new_store_location(f"shop-{careful}.db"))
        shop = shops.create_shop(store, ShopSettings(name="测试小店", timezone="Asia/Shanghai"), NOW_EPOCH)
        with monkeypatch.context() as patch:
            if careful:
                patch.setattr(order_files, "read_lines", order_columns.read_lines_carefully)
                patch.setattr(order_files, "read_rows", order_tuples.read_rows_carefully)
            else:
                patch.setattr(order_columns, "CHUNK", SMALL_CHUNK)
            for file in (path, jd_path):
                results.append(import_order_file(store, shop, file, now=NOW_EPOCH).to_json())
        stored.append(_stored(store))
        store.close()

    assert stored[0] == stored[1]
    assert results[:2] == results[2:]
    assert len(stored[0][0]) > 300 and stored[0][1]


def _promise_makers() -> list[PromiseMaker]:
    """The shop's default 48 h; every example rule on, with a Spring Festival pause; working days."""
    hours = ShopSettings(name="测试小店", timezone="Asia/Shanghai")
    days = replace(hours, ship_promise_working_days=2)
    rules = tuple(replace(rule, enabled=True) for rule in load_promise_rules())
    pause = CalendarEntry(PAUSE, date(2026, 11, 20), date(2026, 11, 22), "平台暂停")
    return [
        PromiseMaker((), hours, hours.calendar()),
        PromiseMaker(rules, hours, hours.calendar([pause])),
        PromiseMaker(rules[:1], days, days.calendar([pause])),
    ]


def read_rows_three_ways(path, monkeypatch, promises: PromiseMaker):
    """(column by column, line by line, the Lines combined and given their promise one by one):
    each as (errors, [(order number, store row)] in the order they are written, rows read)."""
    with monkeypatch.context() as patch:
        patch.setattr(order_columns, "CHUNK", SMALL_CHUNK)
        by_columns = _read_rows(read_order_file(path, tz=SHANGHAI, promises=promises))
    with monkeypatch.context() as patch:
        patch.setattr(order_files, "read_rows", order_tuples.read_rows_carefully)
        by_lines = _read_rows(read_order_file(path, tz=SHANGHAI, promises=promises))
    with monkeypatch.context() as patch:
        patch.setattr(order_files, "read_lines", order_columns.read_lines_carefully)
        parsed = read_order_file(path, tz=SHANGHAI)
    combined = [(no, promises.row(combine(lines, parsed.preset)[0])) for no, lines in parsed.orders.items()]
    by_orders = (_errors(parsed), combined, parsed.result.rows)
    return by_columns, by_lines, by_orders


def _errors(parsed) -> list:
    return [(e.line, e.message, e.column) for e in parsed.result.errors]


def _read_rows(parsed):
    assert not parsed.orders  # one line per order: rows, not lines
    return _errors(parsed), list(parsed.rows.items()), parsed.result.rows


@pytest.mark.parametrize(
    ("encoding", "number_style"),
    [("gbk", "formula"), ("gbk", "tab"), ("utf-8-sig", "apostrophe"), ("utf-16", "plain")],
)
def test_hostile_taobao_export_makes_the_same_store_rows_by_columns_as_by_lines(
    tmp_path, monkeypatch, encoding, number_style
):
    rows = hostile_taobao_rows()
    # Titles the example rules match (预售, 新鲜), closed orders with and without money refunded,
    # an order paid in a pause; and one order three times, far apart (chunks of 7 lines).
    rows[10:10] = [
        order("3912345678901288001", title="【预售】手工定制茶盘", status=CLOSED, refund="12.00"),
        order("3912345678901288002", title="新鲜荔枝 5斤", status=CLOSED),
        order("3912345678901288003", status=CLOSED, close_reason="买家申请退款"),
        order("3912345678901288004", paid="2026-11-21 10:00:00"),  # in the pause
        order("3912345678901288005", paid="2026-11-19 23:00:00"),
    ]
    rows += [order("3912345678901288005", paid="2026-11-19 23:30:00")] * 2
    path = write_taobao_export(
        tmp_path / "ExportOrderList.csv", rows, encoding=encoding, number_style=number_style
    )

    for promises in _promise_makers():
        by_columns, by_lines, by_orders = read_rows_three_ways(path, monkeypatch, promises)

        assert by_columns == by_lines == by_orders
        errors, stored, _read = by_columns
        assert len(stored) > 300
        assert sum("appears again" in message for _line, message, _column in errors) >= 3
        assert {row[20] for _no, row in stored} >= {"default", None}  # promise_rule


def test_shops_own_table_makes_the_same_store_rows_by_columns_as_by_lines(tmp_path, monkeypatch):
    """A shop's own table (no marketplace's preset: the usual header names are guessed), written by
    the shop's spreadsheet as UTF-8 with BOM: repeats, a bad time, Excel's 3.9E+18 and a platform
    deadline that wins over every rule. The header names are the usual ones importers/generic.py
    guesses (a table a shop keeps itself: no one format to cite)."""
    headers = (
        "订单号",
        "买家",
        "商品名称",
        "商家编码",
        "数量",
        "实付金额",
        "付款时间",
        "订单状态",
        "承诺发货时间",
    )
    lines = [
        [
            f"TB{i:06d}",
            f"买家{i % 9}",
            ("预售茶具", "冷链海鲜", "马克杯")[i % 3],
            ("YS-1", "", "M-2")[i % 3],
            str(1 + i % 2),
            f"{19 + i}.90",
            f"2026-11-{18 + i % 5} {i % 24:02d}:1{i % 10}:00",
            ("已付款", "已发货", "交易关闭", "")[i % 4],
            "2026-11-25 18:00:00" if i % 11 == 0 else "",
        ]
        for i in range(60)
    ]
    lines[20][6] = "2026-11-31 10:00:00"  # a day that does not exist
    lines[33][0] = "3.91234567890123E+18"
    lines += [lines[5], lines[40]]
    path = csv_export.write_rows(tmp_path / "我的订单.csv", headers, lines)

    for promises in _promise_makers():
        by_columns, by_lines, by_orders = read_rows_three_ways(path, monkeypatch, promises)

        assert by_columns == by_lines == by_orders
        errors, stored, _read = by_columns
        assert [(line, column) for line, _message, column in errors] == [
            (22, "付款时间"),
            (35, "订单号"),
            (7, None),
            (42, None),
        ]
        assert "appears again on line 62" in errors[2][1]
        assert len(stored) == 58  # 60 orders, less the bad time and the spreadsheet's number
