"""Pinduoduo (拼多多) 商家后台 › 订单查询 › 导出: UTF-8 with a BOM, comma, one line per order.

Headers confirmed from open-source PDD order importers found by code search (an SQL schema whose
column comments are the export's headers: 商品, 订单号, 订单状态, 商品总价(元), …, 支付时间, 拼单成功时间,
订单确认时间, 承诺发货时间, 发货时间, 确认收货时间, 商品id, 商品规格, …) and /work/shared/FORMATS.md.
"""

from __future__ import annotations

from seller_assistant.importers.presets.model import Preset

PRESET = Preset(
    name="pdd",
    format="pdd",
    label="Pinduoduo order export",
    columns={
        "order_no": ("订单号",),
        "status": ("订单状态",),
        "item_title": ("商品",),
        "quantity": ("商品数量(件)", "商品数量"),
        "amount": ("用户实付金额(元)", "商家实收金额(元)", "商品总价(元)"),
        "paid_at": ("支付时间",),
        # The platform's 48 h starts when the group order forms, not at payment.
        "clock_start": ("拼单成功时间",),
        "promised_ship_at": ("承诺发货时间",),
        "shipped_at": ("发货时间",),
        "completed_at": ("确认收货时间",),
        "item_key": ("商品id",),
        "spec": ("商品规格",),
        "sku": ("商家编码-SKU维度", "商家编码-商品维度"),
        "tracking_no": ("快递单号",),
        "carrier": ("快递公司",),
        "receiver_name": ("收货人",),
        "receiver_phone": ("手机",),
        "receiver_address": ("街道",),
        "buyer_message": ("买家留言",),
        "refund_status": ("售后状态",),
    },
    signature=("订单号", "拼单成功时间", "商品数量(件)"),
    # 售后状态: "无售后或售后取消" means no after-sales at all (or one the buyer withdrew).
    refund_words=(
        ("无售后或售后取消", None),
        ("无售后", None),
        ("售后取消", None),
        ("退款成功", "refunded"),
        ("退货退款成功", "refunded"),
        ("售后关闭", "closed"),
        ("驳回", "rejected"),
    ),
)
