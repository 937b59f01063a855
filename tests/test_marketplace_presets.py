"""Every marketplace's own order export in, as the platform writes it: detected from its header, its
orders with their items, statuses in our words, and the platform's own ship-by time winning.

Where each format comes from is said in its builder (tests/builders/*_export.py)."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from seller_assistant.core.clock import format_local
from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import orders, risk, shops
from seller_assistant.store.order_import import order_items
from tests.builders import amazon_export as amazon
from tests.builders import douyin_export as douyin
from tests.builders import jd_export as jd
from tests.builders import pdd_export as pdd
from tests.builders.ebay_export import line as ebay_line
from tests.builders.ebay_export import write_ebay_report
from tests.conftest import NOW_EPOCH, SHANGHAI

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600
LEAD = 24 * HOUR


def epoch(text: str, tz=SHANGHAI) -> int:
    return (
        int(datetime.fromisoformat(text).replace(tzinfo=tz).timestamp())
        if "+" not in text[10:]
        else int(datetime.fromisoformat(text).timestamp())
    )


def shop(store) -> int:
    return shops.require_shop(store)


def run(store, path, **kwargs):
    return import_order_file(store, shop(store), path, now=NOW_EPOCH, **kwargs)


def get(store, order_no: str) -> dict:
    return orders.find_order(store, shop(store), order_no)


def items_of(store, order_no: str) -> list[dict]:
    return order_items(store, get(store, order_no)["id"])


def late_and_due(store, now=NOW_EPOCH):
    late, due = risk.ship_risks(store, shop(store), now, LEAD)
    return {r.order_no: r.seconds_left for r in late}, {r.order_no: r.seconds_left for r in due}


def assert_reimport_changes_nothing(store, path, count: int, item_count: int) -> None:
    again = run(store, path)
    assert (again.inserted, again.updated, again.unchanged, again.errors) == (0, 0, count, [])
    assert store.conn.execute("SELECT count(*) FROM order_items").fetchone()[0] == item_count


# --- Pinduoduo ------------------------------------------------------------------------------------

PDD_LATE = "261123-318802771230561"
PDD_SHIPPED = "261122-104455667788990"
PDD_REFUNDED = "261121-200011112222333"


def pdd_orders():
    return [
        # The platform promised the buyer 11-25 08:30: at 09:00 the order is 30 minutes late.
        pdd.order(
            PDD_LATE,
            支付时间="2026-11-23 09:00:00",
            拼单成功时间="2026-11-23 09:05:12",
            订单确认时间="2026-11-23 09:05:12",
            承诺发货时间="2026-11-25 08:30:00",
            买家留言="麻烦发中通\n谢谢",
        ),
        pdd.order(
            PDD_SHIPPED,
            订单状态="已发货，待签收",
            支付时间="2026-11-22 20:00:00",
            拼单成功时间="2026-11-22 20:00:30",
            承诺发货时间="2026-11-24 20:00:30",
            发货时间="2026-11-23 10:00:00",
            快递单号="75312345678901",
            快递公司="中通快递",
        ),
        pdd.order(
            PDD_REFUNDED,
            订单状态="已取消，退款成功",
            支付时间="2026-11-21 08:00:00",
            拼单成功时间="2026-11-21 08:00:10",
            承诺发货时间="2026-11-23 08:00:10",
            售后状态="退款成功",
        ),
    ]


def test_pdd_export_orders_items_statuses_and_the_platforms_deadline(store, tmp_path):
    path = pdd.write_pdd_export(tmp_path / "orders_export.csv", pdd_orders())

    result = run(store, path)

    assert (result.format, result.preset, result.rows, result.inserted, result.errors) == (
        "pdd",
        "pdd",
        3,
        3,
        [],
    )
    late = get(store, PDD_LATE)
    assert (late["status"], late["refund_status"], late["amount_cents"], late["quantity"]) == (
        "paid",
        None,
        3690,
        1,
    )
    assert late["paid_at"] == epoch("2026-11-23T09:00:00")
    assert late["platform_promised_ship_at"] == late["promised_ship_at"] == epoch("2026-11-25T08:30:00")
    assert (late["promise_rule"], late["promise_source"]) == ("platform", "platform")
    assert late["buyer_message"] == "麻烦发中通\n谢谢"
    assert [(i["title"], i["spec"], i["quantity"]) for i in items_of(store, PDD_LATE)] == [
        ("手工陶瓷马克杯 350ml", "白色", 1)
    ]
    shipped = get(store, PDD_SHIPPED)
    assert (shipped["status"], shipped["tracking_no"], shipped["carrier"]) == (
        "shipped",
        "75312345678901",
        "中通快递",
    )
    refunded = get(store, PDD_REFUNDED)
    assert (refunded["status"], refunded["refund_status"]) == ("refunded", "refunded")
    assert_reimport_changes_nothing(store, path, 3, 3)


def test_pdd_order_late_by_30_minutes_is_shown_late_by_30_minutes(store, tmp_path):
    run(store, pdd.write_pdd_export(tmp_path / "orders_export.csv", pdd_orders()))

    late, due = late_and_due(store)

    assert late == {PDD_LATE: -30 * 60}  # not 12 h 48 min: the platform's 承诺发货时间, not paid + 48 h
    assert due == {}


def test_pdd_no_after_sales_is_not_a_refund(store, tmp_path):
    run(store, pdd.write_pdd_export(tmp_path / "orders_export.csv", pdd_orders()))

    order = get(store, PDD_LATE)

    assert order["refund_status"] is None
    assert (
        store.conn.execute("SELECT count(*) FROM orders WHERE refund_status = 'requested'").fetchone()[0] == 0
    )


def test_pdd_without_a_promise_column_counts_48_hours_from_the_group_order(store, tmp_path):
    rows = [pdd.order(PDD_LATE, 支付时间="2026-11-23 09:00:00", 拼单成功时间="2026-11-23 11:30:00")]
    path = pdd.write_pdd_export(tmp_path / "old_export.csv", rows, old=True)

    assert run(store, path).preset == "pdd"

    order = get(store, PDD_LATE)
    assert order["promised_ship_at"] == epoch(
        "2026-11-25T11:30:00"
    )  # 拼单成功时间 + 48 h, not 支付时间 + 48 h
    assert (order["promise_source"], order["platform_promised_ship_at"]) == ("default", None)


# --- Douyin ---------------------------------------------------------------------------------------

DY_PRESALE = "6925112233445566778"
DY_TWO_ITEMS = "6925887766554433221"


def douyin_items():
    return [
        # A pre-sale: the platform holds the shop to 12-01, whatever the paid time says.
        douyin.item(
            DY_PRESALE,
            "6925112233445566779",
            选购商品="【预售】景德镇青花茶具套装",
            商品单价="399.00",
            订单应付金额="399.00",
            订单提交时间="2026-11-20 19:58:01",
            支付完成时间="2026-11-20 20:00:00",
            承诺发货时间="2026-12-01 23:59:59",
            订单类型="预售订单",
        ),
        douyin.item(
            DY_TWO_ITEMS,
            "6925887766554433222",
            商品数量="2",
            订单应付金额="336.00",
            订单提交时间="2026-11-24 10:00:00",
            支付完成时间="2026-11-24 10:00:20",
            承诺发货时间="2026-11-26 10:00:20",
            买家留言="两饼分开包装，\n谢谢",
        ),
        douyin.item(
            DY_TWO_ITEMS,
            "6925887766554433223",
            选购商品="紫砂壶 (手工)",
            商品规格="200ml",
            商品数量="1",
            商品单价="128.00",
            订单应付金额="128.00",
            订单提交时间="2026-11-24 10:00:00",
            支付完成时间="2026-11-24 10:00:20",
            承诺发货时间="2026-11-26 10:00:20",
        ),
    ]


def test_douyin_sub_orders_become_one_order_with_its_items(store, tmp_path):
    path = douyin.write_douyin_export(tmp_path / "抖店订单.csv", douyin_items())

    result = run(store, path)

    assert (result.preset, result.rows, result.inserted, result.items, result.errors) == (
        "douyin",
        3,
        2,
        3,
        [],
    )
    order = get(store, DY_TWO_ITEMS)
    assert (order["status"], order["quantity"], order["amount_cents"]) == ("paid", 3, 46400)
    assert order["buyer_message"] == "两饼分开包装，\n谢谢"
    assert [
        (i["item_key"], i["title"], i["spec"], i["quantity"], i["price_cents"])
        for i in items_of(store, DY_TWO_ITEMS)
    ] == [
        ("6925887766554433222", "云南古树普洱茶饼 357g", "单饼", 2, 33600),
        ("6925887766554433223", "紫砂壶 (手工)", "200ml", 1, 12800),
    ]
    assert order["promised_ship_at"] == epoch("2026-11-26T10:00:20")
    assert_reimport_changes_nothing(store, path, 2, 3)


def test_douyin_presale_due_12_01_is_shown_due_12_01(store, tmp_path):
    run(store, douyin.write_douyin_export(tmp_path / "抖店订单.csv", douyin_items()))

    order = get(store, DY_PRESALE)

    assert format_local(order["promised_ship_at"], SHANGHAI).startswith("2026-12-01 23:59")
    assert order["promise_source"] == "platform"
    late, due = late_and_due(store, now=epoch("2026-12-01T10:00:00"))
    assert DY_PRESALE in due and DY_PRESALE not in late


# --- JD -------------------------------------------------------------------------------------------

JD_TWO_ITEMS = "281234567890"
JD_DELETED = "281234567891"


def jd_lines():
    return [
        jd.line(
            JD_TWO_ITEMS,
            "100012345678",
            订购数量="2",
            下单时间="2026-11-24 08:59:40",
            付款确认时间="2026-11-24 09:00:05",
            订单金额="267.00",
            应付金额="267.00",
            商家备注="礼盒装",
        ),
        jd.line(
            JD_TWO_ITEMS,
            "100087654321",
            商品名称="保温杯收纳袋",
            京东价="89.00",
            订单金额="267.00",
            应付金额="267.00",
            下单时间="2026-11-24 08:59:40",
            付款确认时间="2026-11-24 09:00:05",
        ),
        jd.line(
            JD_DELETED,
            "100012345678",
            订单状态="(删除)等待出库",
            下单时间="2026-11-20 10:00:00",
            付款确认时间="2026-11-20 10:00:30",
        ),
    ]


def test_jd_items_payment_time_and_quantity_are_read(store, tmp_path):
    path = jd.write_jd_export(tmp_path / "订单导出.csv", jd_lines())

    result = run(store, path)

    assert (result.preset, result.encoding, result.inserted, result.items, result.errors) == (
        "jd",
        "gb18030",
        2,
        3,
        [],
    )
    order = get(store, JD_TWO_ITEMS)
    assert order["paid_at"] == epoch("2026-11-24T09:00:05")  # 付款确认时间
    assert (order["quantity"], order["amount_cents"]) == (3, 26700)  # 应付金额 is the order's, not summed
    assert order["promised_ship_at"] == epoch("2026-11-26T09:00:05")  # no promise column: the shop's 48 h
    assert order["promise_source"] == "default"
    assert [(i["item_key"], i["quantity"]) for i in items_of(store, JD_TWO_ITEMS)] == [
        ("100012345678", 2),
        ("100087654321", 1),
    ]
    assert_reimport_changes_nothing(store, path, 2, 3)


def test_jd_deleted_order_is_not_live(store, tmp_path):
    run(store, jd.write_jd_export(tmp_path / "订单导出.csv", jd_lines()))

    deleted = get(store, JD_DELETED)

    assert (deleted["status"], deleted["platform_status"]) == ("closed", "(删除)等待出库")
    late, due = late_and_due(store)
    assert JD_DELETED not in late and JD_DELETED not in due


# --- Amazon ---------------------------------------------------------------------------------------

AMZ_SEVEN_HOURS = "114-3941689-8772232"
AMZ_TWO_ITEMS = "114-5502871-1199034"


def test_amazon_unshipped_report_promise_date_wins_not_1_day_past_with_7_hours_left(store, tmp_path):
    # Paid 11-21 23:00 UTC: paid + 48 h would be 26 h past at NOW (11-25 01:00 UTC); Amazon's
    # promise-date (handling time over a weekend) leaves 7 hours.
    lines = [
        amazon.line(
            amazon.UNSHIPPED,
            order_id=AMZ_SEVEN_HOURS,
            order_item_id="41284757136202",
            purchase_date="2026-11-21T22:58:10+00:00",
            payments_date="2026-11-21T23:00:00+00:00",
            reporting_date="2026-11-21T23:10:00+00:00",
            promise_date="2026-11-25T08:00:00+00:00",
            days_past_promise="-1",
        ),
        amazon.line(
            amazon.UNSHIPPED,
            order_id=AMZ_TWO_ITEMS,
            order_item_id="07261823674802",
            purchase_date="2026-11-24T15:00:00+00:00",
            payments_date="2026-11-24T15:00:00+00:00",
            promise_date="2026-11-26T07:59:59+00:00",
            quantity_purchased="2",
            quantity_to_ship="2",
        ),
        amazon.line(
            amazon.UNSHIPPED,
            order_id=AMZ_TWO_ITEMS,
            order_item_id="07261823674803",
            sku="COASTER-4",
            product_name="Cork Coasters, Set of 4",
            purchase_date="2026-11-24T15:00:00+00:00",
            payments_date="2026-11-24T15:00:00+00:00",
            promise_date="2026-11-26T07:59:59+00:00",
        ),
    ]
    path = amazon.write_amazon_report(tmp_path / "UnshippedOrders.txt", amazon.UNSHIPPED, lines)

    result = run(store, path)

    assert (result.format, result.preset, result.inserted, result.items, result.errors) == (
        "amazon",
        "amazon_unshipped",
        2,
        3,
        [],
    )
    order = get(store, AMZ_SEVEN_HOURS)
    assert order["promised_ship_at"] == epoch("2026-11-25T08:00:00+00:00")
    assert (order["status"], order["fulfilled_by"], order["promise_source"]) == ("paid", "shop", "platform")
    late, due = late_and_due(store)
    assert AMZ_SEVEN_HOURS not in late and due[AMZ_SEVEN_HOURS] == 7 * HOUR
    two = get(store, AMZ_TWO_ITEMS)
    assert (two["quantity"], two["item_title"]) == (3, "Handmade Ceramic Mug 350 ml, White")
    assert [i["sku"] for i in items_of(store, AMZ_TWO_ITEMS)] == ["MUG-350-WHT", "COASTER-4"]
    assert_reimport_changes_nothing(store, path, 2, 3)


def test_amazon_order_report_latest_ship_date_is_the_deadline(store, tmp_path):
    lines = [
        amazon.line(
            amazon.ORDERS,
            order_id=AMZ_SEVEN_HOURS,
            order_item_id="41284757136202",
            purchase_date="2026-11-21T22:58:10+00:00",
            payments_date="2026-11-21T23:00:00+00:00",
            item_price="24.99",
            earliest_ship_date="2026-11-22T08:00:00+00:00",
            latest_ship_date="2026-11-25T08:00:00+00:00",
            earliest_delivery_date="2026-11-27T08:00:00+00:00",
            latest_delivery_date="2026-12-02T08:00:00+00:00",
        )
    ]
    path = amazon.write_amazon_report(tmp_path / "NewOrders.txt", amazon.ORDERS, lines)

    assert run(store, path).preset == "amazon_orders"

    order = get(store, AMZ_SEVEN_HOURS)
    assert (order["promised_ship_at"], order["amount_cents"]) == (epoch("2026-11-25T08:00:00+00:00"), 2499)
    assert late_and_due(store)[1] == {AMZ_SEVEN_HOURS: 7 * HOUR}


def test_amazon_fba_order_is_amazons_to_ship_and_never_late(store, tmp_path):
    lines = [
        amazon.line(
            amazon.ALL_ORDERS,
            amazon_order_id="113-1111111-1111111",
            purchase_date="2026-11-21T10:00:00+00:00",
            last_updated_date="2026-11-21T10:05:00+00:00",
            order_status="Unshipped",
            fulfillment_channel="Amazon",
        ),
        amazon.line(
            amazon.ALL_ORDERS,
            amazon_order_id="113-2222222-2222222",
            purchase_date="2026-11-21T10:00:00+00:00",
            last_updated_date="2026-11-21T10:05:00+00:00",
            order_status="Unshipped",
            fulfillment_channel="Merchant",
        ),
        amazon.line(
            amazon.ALL_ORDERS,
            amazon_order_id="113-3333333-3333333",
            purchase_date="2026-11-20T10:00:00+00:00",
            last_updated_date="2026-11-22T10:05:00+00:00",
            order_status="Cancelled",
            item_status="Cancelled",
        ),
    ]
    path = amazon.write_amazon_report(tmp_path / "AllOrders.txt", amazon.ALL_ORDERS, lines)

    assert run(store, path).preset == "amazon_all_orders"

    fba = get(store, "113-1111111-1111111")
    assert (fba["fulfilled_by"], fba["promised_ship_at"], fba["promise_source"]) == ("platform", None, None)
    merchant = get(store, "113-2222222-2222222")
    assert merchant["promised_ship_at"] == epoch("2026-11-23T10:00:00+00:00")  # purchase + the shop's 48 h
    assert get(store, "113-3333333-3333333")["status"] == "closed"
    late, _ = late_and_due(store)
    assert set(late) == {"113-2222222-2222222"}


# --- eBay -----------------------------------------------------------------------------------------

LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def test_ebay_orders_report_framing_dates_and_multi_item_orders(store, tmp_path):
    settings = shops.load_settings(store, shop(store))
    shops.save_settings(store, shop(store), dataclasses.replace(settings, timezone="America/Los_Angeles"))
    lines = [
        ebay_line(
            Sales_Record_Number="1021",
            Order_Number="12-14051-88132",
            Buyer_Username="mug_fan_77",
            Ship_To_Name="Jane Smith",
            Ship_To_Address_1="12 Maple Street",
            Item_Number="296411820017",
            Item_Title="Handmade Ceramic Mug 350 ml",
            Custom_Label="MUG-350",
            Quantity="1",
            Sold_For="$24.99",
            Shipping_And_Handling="$5.00",
            Total_Price="$29.99",
            Sale_Date="Nov-21-26 14:14:05",
            Paid_On_Date="Nov-21-26 14:15:40",
            Ship_By_Date="Nov-24-26",
            Transaction_ID="2938471650019",
            Buyer_Note="Gift, please no invoice,\nthanks",
        ),
        # A multi-item order: the summary line with the totals, then one line per item.
        ebay_line(
            Sales_Record_Number="1022",
            Order_Number="05-14062-11907",
            Buyer_Username="teaholic",
            Ship_To_Name="Sam Lee",
            Quantity="3",
            Total_Price="$61.97",
            Sale_Date="Nov-22-26 09:00:00",
            Paid_On_Date="Nov-22-26 09:01:10",
            Ship_By_Date="Nov-25-26",
        ),
        ebay_line(
            Sales_Record_Number="1022",
            Order_Number="05-14062-11907",
            Item_Number="296411820017",
            Item_Title="Handmade Ceramic Mug 350 ml",
            Custom_Label="MUG-350",
            Quantity="2",
            Sold_For="$24.99",
            Transaction_ID="2938471650020",
        ),
        ebay_line(
            Sales_Record_Number="1022",
            Order_Number="05-14062-11907",
            Item_Number="296411820099",
            Item_Title="Cork Coaster",
            Custom_Label="CORK-1",
            Quantity="1",
            Sold_For="$11.99",
            Transaction_ID="2938471650021",
            Variation_Details="Colour: Natural",
        ),
    ]
    path = write_ebay_report(tmp_path / "eBay-OrdersReport-Nov-24-2026.csv", lines, records=2)

    result = run(store, path)

    assert (result.format, result.rows, result.inserted, result.items, result.errors) == ("ebay", 4, 2, 3, [])
    one = get(store, "12-14051-88132")
    assert one["paid_at"] == epoch("2026-11-21T14:15:40", LOS_ANGELES)
    assert one["amount_cents"] == 2999 and one["buyer_message"] == "Gift, please no invoice,\nthanks"
    # Ship By Date is a date: the end of that day in the shop's time zone.
    assert one["promised_ship_at"] == epoch("2026-11-24T23:59:59", LOS_ANGELES)
    assert one["promise_source"] == "platform"
    two = get(store, "05-14062-11907")
    assert (two["quantity"], two["amount_cents"], two["buyer"]) == (3, 6197, "teaholic")
    assert [(i["title"], i["quantity"], i["spec"]) for i in items_of(store, "05-14062-11907")] == [
        ("Handmade Ceramic Mug 350 ml", 2, None),
        ("Cork Coaster", 1, "Colour: Natural"),
    ]
    assert_reimport_changes_nothing(store, path, 2, 3)


# --- the format named on the command line ---------------------------------------------------------


def test_format_named_must_match_the_file(store, tmp_path, cli):
    path = pdd.write_pdd_export(tmp_path / "orders_export.csv", pdd_orders())

    refused = cli("import-orders", str(path), "--format", "douyin")
    assert refused.code == 2 and "not a Douyin order export" in refused.err
    assert store.conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 0
    taken = cli("import-orders", str(path), "--format", "pinduoduo", "--json")
    assert taken.code == 0 and json.loads(taken.out)["preset"] == "pdd"


def test_amazon_friday_evening_order_shipped_monday_is_on_time_by_the_business_calendar(store, tmp_path):
    # The All Orders report states no ship-by time: the shop's handling time (1 working day, orders
    # after 14:00 count from the next working day) runs on its business calendar.
    settings = shops.load_settings(store, shop(store))
    shops.save_settings(
        store,
        shop(store),
        dataclasses.replace(
            settings, timezone="America/Los_Angeles", ship_promise_working_days=1, cutoff_time="14:00"
        ),
    )
    lines = [
        amazon.line(
            amazon.ALL_ORDERS,
            amazon_order_id="113-4444444-4444444",
            purchase_date="2026-11-20T19:00:00-08:00",
            last_updated_date="2026-11-20T19:05:00-08:00",
            order_status="Unshipped",
            fulfillment_channel="Merchant",
        )
    ]
    run(store, amazon.write_amazon_report(tmp_path / "AllOrders.txt", amazon.ALL_ORDERS, lines))

    order = get(store, "113-4444444-4444444")
    # Friday after the cut-off counts from Monday; one working day later: the end of Tuesday.
    assert order["promised_ship_at"] == epoch("2026-11-24T23:59:59", LOS_ANGELES)
    assert order["promise_source"] == "default"
    monday_evening = epoch("2026-11-23T18:00:00", LOS_ANGELES)
    late, _ = late_and_due(store, now=monday_evening)
    assert late == {}
    orders.ship_order(
        store,
        order["id"],
        epoch("2026-11-23T16:00:00", LOS_ANGELES),
        "1Z999AA10123456784",
        "UPS",
        monday_evening,
    )
    shipped = get(store, "113-4444444-4444444")
    assert shipped["shipped_at"] < shipped["promised_ship_at"]  # shipped before its deadline: not late


def test_jd_deleted_order_counts_in_no_denominator(store, tmp_path):
    from seller_assistant.store.risk import risk_report

    run(store, jd.write_jd_export(tmp_path / "订单导出.csv", jd_lines()))
    report = risk_report(store, shop(store), NOW_EPOCH)

    assert get(store, JD_DELETED)["deleted"] == 1 and get(store, JD_TWO_ITEMS)["deleted"] == 0
    assert report.help_rate["7d"].orders == 1  # the live order only, not the deleted one


def test_latest_delivery_date_is_kept_where_the_report_states_it(store, tmp_path):
    lines = [
        amazon.line(
            amazon.ORDERS,
            order_id=AMZ_SEVEN_HOURS,
            order_item_id="41284757136202",
            purchase_date="2026-11-21T22:58:10+00:00",
            payments_date="2026-11-21T23:00:00+00:00",
            latest_ship_date="2026-11-25T08:00:00+00:00",
            latest_delivery_date="2026-12-02T08:00:00+00:00",
        )
    ]
    run(store, amazon.write_amazon_report(tmp_path / "NewOrders.txt", amazon.ORDERS, lines))

    assert get(store, AMZ_SEVEN_HOURS)["latest_delivery_at"] == epoch("2026-12-02T08:00:00+00:00")


def test_taobao_export_with_spaced_header_names_and_null_times(store, tmp_path):
    # Seller-centre exports end some header names with a space and write `null` for an empty time.
    from tests.builders import taobao_export

    spaced = ("订单付款时间", "宝贝标题", "宝贝种类")
    headers = tuple(h + " " if h in spaced else h for h in taobao_export.HEADERS)
    row = taobao_export.order(
        "3912345678901234599", paid="2026-11-24 10:00:00", shipped="null", received="null"
    )
    row = {(k + " " if k in spaced else k): v for k, v in row.items()}
    path = taobao_export.write_taobao_export(tmp_path / "ExportOrderList.csv", [row], headers=headers)

    result = run(store, path)

    assert (result.preset, result.errors) == ("taobao", [])
    order = get(store, "3912345678901234599")
    assert (order["paid_at"], order["shipped_at"], order["item_title"]) == (
        epoch("2026-11-24T10:00:00"),
        None,
        "手工陶瓷马克杯 350ml",
    )
    assert (order["status"], order["promise_source"]) == ("paid", "default")
