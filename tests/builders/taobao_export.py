"""Writes Taobao/Tmall seller-centre order exports (订单报表) as the seller centre does.

CSV with the export's own header row, GBK/GB18030 or UTF-8 with a BOM, CRLF lines, 18–19 digit
order numbers protected from Excel as ="…" (or a leading tab or apostrophe), times as naive
"YYYY-MM-DD HH:MM:SS" in China time. Fast enough for 100 000 rows (the benchmark reuses it).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

# The header row of a current 订单报表, in its order (written out here, independent of the importer).
HEADERS = (
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

# Short names tests use -> the export's header.
FIELDS = {
    "order_no": "订单编号",
    "buyer": "买家会员名",
    "alipay": "买家支付宝账号",
    "goods": "买家应付货款",
    "postage": "买家应付邮费",
    "total": "总金额",
    "paid_amount": "买家实际支付金额",
    "status": "订单状态",
    "message": "买家留言",
    "receiver": "收货人姓名",
    "address": "收货地址",
    "shipping": "运送方式",
    "phone": "联系电话",
    "mobile": "联系手机",
    "created": "订单创建时间",
    "paid": "订单付款时间",
    "title": "宝贝标题",
    "kinds": "宝贝种类",
    "tracking": "物流单号",
    "carrier": "物流公司",
    "memo": "订单备注",
    "quantity": "宝贝总数量",
    "shop": "店铺名称",
    "close_reason": "订单关闭原因",
    "refund": "退款金额",
    "received": "确认收货时间",
    "shipped": "发货时间",
}

PAID = "买家已付款，等待卖家发货"
SHIPPED = "卖家已发货，等待买家确认"
COMPLETED = "交易成功"
AWAITING_PAYMENT = "等待买家付款"
CLOSED = "交易关闭"

_TITLES = (
    "手工陶瓷马克杯 350ml",
    "云南古树普洱茶饼 357g",
    "【预售】景德镇青花茶具套装",
    "纯棉四件套 1.8m床",
    "不锈钢保温杯 500ml",
    "复古帆布托特包",
)
_NAMES = ("王小明", "李静", "张伟", "刘洋", "陈晨", "杨帆")
_CARRIERS = ("中通快递", "圆通速递", "顺丰速运", "韵达快递")


def order(order_no: str, **fields: str) -> dict[str, str]:
    """One row by short names: order("3912…", buyer="甜甜兔", status=PAID, paid="2026-11-24 10:00:00")."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise KeyError(f"unknown Taobao export field(s): {sorted(unknown)}")
    row = {
        "订单编号": order_no,
        "买家会员名": "买家" + order_no[-4:],
        "买家支付宝账号": "buyer@example.com",
        "买家应付货款": "49.00",
        "买家应付邮费": "0.00",
        "买家支付积分": "0",
        "总金额": "49.00",
        "返点积分": "0",
        "买家实际支付金额": "49.00",
        "买家实际支付积分": "0",
        "订单状态": PAID,
        "买家留言": "",
        "收货人姓名": "王小明",
        "收货地址": "浙江省 杭州市 西湖区 文三路100号(310000)",
        "运送方式": "快递",
        "联系电话": "",
        "联系手机": "'13800138000",
        "订单创建时间": "2026-11-24 09:58:12",
        "订单付款时间": "2026-11-24 10:00:00",
        "宝贝标题": "手工陶瓷马克杯 350ml",
        "宝贝种类": "1",
        "物流单号": "",
        "物流公司": "",
        "订单备注": "",
        "宝贝总数量": "1",
        "店铺Id": "0",
        "店铺名称": "测试小店",
        "订单关闭原因": "订单未关闭",
        "卖家服务费": "0",
        "买家服务费": "0元",
        "发票抬头": "",
        "是否手机订单": "手机订单",
        "分阶段订单信息": "",
        "特权订金订单id": "",
        "是否上传合同照片": "否",
        "是否上传小票": "否",
        "是否代付": "否",
        "定金排名": "",
        "修改后的sku": "",
        "修改后的收货地址": "",
        "异常信息": "",
        "天猫卡券抵扣": "",
        "集分宝抵扣": "",
        "是否是O2O交易": "",
        "退款金额": "0.00",
        "预约门店": "",
        "确认收货时间": "",
        "打款商家金额": "",
        "发货时间": "",
    }
    for short, value in fields.items():
        row[FIELDS[short]] = value
    return row


def synthetic_orders(
    count: int,
    *,
    first_no: int = 3_912_345_678_901_234_567,
    paid_from: datetime = datetime(2026, 11, 1, 8, 0),
    step: timedelta = timedelta(minutes=3),
    status_every: int = 5,
) -> Iterator[dict[str, str]]:
    """`count` varied orders, numbered from `first_no` (19 digits), paid one `step` apart."""
    for i in range(count):
        paid = paid_from + step * i
        created = paid - timedelta(minutes=2)
        shipped = paid + timedelta(hours=20)
        kind = i % status_every
        status = (PAID, PAID, SHIPPED, COMPLETED, AWAITING_PAYMENT)[kind] if status_every == 5 else PAID
        cents = 1990 + (i * 37) % 30000
        amount = f"{cents // 100}.{cents % 100:02d}"
        row = order(
            str(first_no + i),
            buyer=f"{_NAMES[i % 6]}{i}",
            status=status,
            title=_TITLES[i % len(_TITLES)],
            created=created.strftime("%Y-%m-%d %H:%M:%S"),
            paid="" if status == AWAITING_PAYMENT else paid.strftime("%Y-%m-%d %H:%M:%S"),
            goods=amount,
            total=amount,
            paid_amount=amount,
            quantity=str(1 + i % 3),
            receiver=_NAMES[(i + 1) % 6],
            message="请尽快发货，谢谢！" if i % 7 == 0 else "",
        )
        if status in (SHIPPED, COMPLETED):
            row["物流单号"] = f"'7531{i:012d}"
            row["物流公司"] = _CARRIERS[i % len(_CARRIERS)]
            row["发货时间"] = shipped.strftime("%Y-%m-%d %H:%M:%S")
        if status == COMPLETED:
            row["确认收货时间"] = (shipped + timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S")
        yield row


def protect(number: str, style: str) -> str:
    """How the export keeps Excel from eating a long number."""
    if style == "formula":
        return f'="{number}"'
    if style == "tab":
        return "\t" + number
    if style == "apostrophe":
        return "'" + number
    if style == "plain":
        return number
    raise ValueError(f"unknown number style {style!r}")


def write_taobao_export(
    path: Path | str,
    orders: Iterable[dict[str, str]],
    *,
    encoding: str = "gbk",
    number_style: str = "formula",
    headers: tuple[str, ...] = HEADERS,
) -> Path:
    """Write the rows (dicts by Chinese header) as the seller centre does; returns the path.

    encoding: 'gbk' / 'gb18030' (older exports) or 'utf-8-sig' (newer, with BOM).
    """
    path = Path(path)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(
            [protect(row["订单编号"], number_style) if h == "订单编号" else row.get(h, "") for h in headers]
            for row in orders
        )
    return path
