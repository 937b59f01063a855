"""JD (京东) 商家后台 › 订单导出: GBK/GB18030, comma, one line per item (商品ID) of an order.

Headers confirmed from an open-source JD order importer found by code search, which lists the 30
columns of a real export with sample values (订单号, 商品ID, 商品名称, 订购数量, 支付方式, 下单时间, 京东价,
订单金额, 结算金额, 余额支付, 应付金额, 订单状态 '(删除)等待出库', …, 付款确认时间 '2015-12-31 23:20:30', …).
The same importer drops rows whose status contains 删除: such orders are deleted, not live.
"""

from __future__ import annotations

from seller_assistant.importers.presets.model import Preset

PRESET = Preset(
    name="jd",
    format="jd",
    label="JD order export",
    columns={
        "order_no": ("订单号",),
        "item_key": ("商品ID",),
        "item_title": ("商品名称",),
        "quantity": ("订购数量",),
        "created_at": ("下单时间",),
        "paid_at": ("付款确认时间",),
        "completed_at": ("订单完成时间",),
        "amount": ("应付金额", "订单金额"),
        "status": ("订单状态",),
        "buyer": ("下单帐号", "下单账号"),
        "receiver_name": ("客户姓名",),
        "receiver_address": ("客户地址",),
        "receiver_phone": ("联系电话",),
        "buyer_message": ("订单备注",),
        "sku": ("货号",),
        # NOT CONFIRMED: the order list page shows a promised ship time, but no export we found
        # names its column. These are the likely names; with none present the shop's promise applies.
        "promised_ship_at": ("承诺发货时间", "最晚发货时间", "预计发货时间"),
    },
    signature=("订单号", "商品ID", "订购数量"),
    # A deleted order ("(删除)等待出库") is not live: stored closed and deleted (migration 011), it is
    # never late, never awaits shipment and counts in no denominator; the words stay in platform_status.
    status_words=(
        ("(删除)", "closed"),
        ("（删除）", "closed"),
        ("等待出库", "paid"),
        ("等待确认收货", "shipped"),
        ("暂停", "paid"),
    ),
    deleted_words=("(删除)", "（删除）"),
    amount_per_order=True,  # 应付金额 is the order's amount, repeated on each item line
    notes=("promise column name not confirmed",),
)
