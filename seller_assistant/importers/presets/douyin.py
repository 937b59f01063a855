"""Douyin (抖店) 订单管理 › 批量导出: UTF-8 with a BOM, comma, IDs after a tab, one line per 子订单.

Headers from /work/shared/FORMATS.md (抖店 export as sellers and ERP importers describe it). Not
confirmed: whether 订单应付金额 is the sub-order's amount (we sum it over the lines, as for one order
per line it is the same) and the exact wording of every 售后状态 value.
"""

from __future__ import annotations

from seller_assistant.importers.presets.model import Preset

PRESET = Preset(
    name="douyin",
    format="douyin",
    label="Douyin order export",
    columns={
        "order_no": ("主订单编号",),
        "item_key": ("子订单编号",),
        "item_title": ("选购商品",),
        "spec": ("商品规格",),
        "quantity": ("商品数量",),
        "sku": ("商家编码",),
        "amount": ("订单应付金额",),
        "created_at": ("订单提交时间",),
        "paid_at": ("支付完成时间",),
        "completed_at": ("订单完成时间",),
        "status": ("订单状态",),
        "promised_ship_at": ("承诺发货时间",),
        "shipped_at": ("发货时间",),
        "refund_status": ("售后状态",),
        "receiver_name": ("收件人",),
        "receiver_phone": ("收件人手机号",),
        "receiver_address": ("详细地址",),
        "buyer_message": ("买家留言",),
    },
    signature=("主订单编号", "子订单编号", "选购商品"),
    status_words=(("待支付", "awaiting_payment"), ("已支付", "paid")),
    refund_words=(
        ("-", None),
        ("无售后", None),
        ("售后关闭", None),
        ("售后取消", None),
        ("退款成功", "refunded"),
        ("售后完成", "refunded"),
        ("拒绝", "rejected"),
    ),
    notes=("订单应付金额 per sub-order (?)", "快递信息 holds carrier and number together; not read"),
)
