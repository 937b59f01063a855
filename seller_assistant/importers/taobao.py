"""The Taobao/Tmall seller-centre order export (订单报表): its headers, and how we read them.

The export is CSV in GBK/GB18030 (older) or UTF-8 with a BOM (newer), one row per order. Order
numbers are 18–19 digits, written as ="…" or after a tab so Excel keeps them as text.
"""

from __future__ import annotations

# The export's header -> our field. Where two headers could fill one field, the first present wins.
TAOBAO_COLUMNS: dict[str, tuple[str, ...]] = {
    "order_no": ("订单编号",),
    "buyer": ("买家会员名",),
    "status": ("订单状态",),
    "item_title": ("宝贝标题",),
    "sku": ("商家编码",),
    "quantity": ("宝贝总数量",),
    "amount": ("买家实际支付金额", "总金额"),
    "created_at": ("订单创建时间",),
    "paid_at": ("订单付款时间",),
    "shipped_at": ("发货时间",),
    "completed_at": ("确认收货时间",),
    "tracking_no": ("物流单号",),
    "carrier": ("物流公司",),
    "receiver_name": ("收货人姓名",),
    "receiver_phone": ("联系手机", "联系电话"),
    "receiver_address": ("收货地址",),
    "buyer_message": ("买家留言",),
    "refund_amount": ("退款金额",),
    "close_reason": ("订单关闭原因",),
}

# The full header row of a current export, in its order (the builder writes these; so does Taobao).
EXPORT_HEADERS = (
    "订单编号",
    "买家会员名",
    "买家支付宝账号",
    "买家应付货款",
    "买家应付邮费",
    "买家支付积分",
    "总金额",
    "返点积分",
    "买家实际支付金额",
    "买家实际支付积分",
    "订单状态",
    "买家留言",
    "收货人姓名",
    "收货地址",
    "运送方式",
    "联系电话",
    "联系手机",
    "订单创建时间",
    "订单付款时间",
    "宝贝标题",
    "宝贝种类",
    "物流单号",
    "物流公司",
    "订单备注",
    "宝贝总数量",
    "店铺Id",
    "店铺名称",
    "订单关闭原因",
    "卖家服务费",
    "买家服务费",
    "发票抬头",
    "是否手机订单",
    "分阶段订单信息",
    "特权订金订单id",
    "是否上传合同照片",
    "是否上传小票",
    "是否代付",
    "定金排名",
    "修改后的sku",
    "修改后的收货地址",
    "异常信息",
    "天猫卡券抵扣",
    "集分宝抵扣",
    "是否是O2O交易",
    "退款金额",
    "预约门店",
    "确认收货时间",
    "打款商家金额",
    "发货时间",
)


def refund_from_close(
    status: str, close_reason: str | None, refund_cents: int | None
) -> tuple[str, str | None]:
    """A closed order with money refunded was refunded, not just closed; and says so in refund_status."""
    refunded = bool(refund_cents) or (close_reason is not None and "退款" in close_reason)
    if status == "closed" and refunded:
        return "refunded", "refunded"
    if refund_cents:
        return status, "refunded"
    return status, None
