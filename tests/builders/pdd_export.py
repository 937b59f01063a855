"""Writes Pinduoduo 订单导出 files as the merchant backend does: UTF-8 with a BOM, comma, CRLF, one
line per order, naive China times, tracking numbers after a tab.

Header row: an open-source PDD order importer's SQL schema (column comments = the export's headers,
in order) found with code search, and /work/shared/FORMATS.md. `old=True` drops 承诺发货时间, as
exports before the column existed (and some ERP re-exports) do.
"""

from __future__ import annotations

from pathlib import Path

from tests.builders.csv_export import row_by_header, write_rows

HEADERS = (
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "邮费(元)",
    "上门安装费(元)",
    "送货入户费(元)",
    "送货入户并安装费(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "身份证姓名",
    "身份证号码",
    "收货人",
    "手机",
    "是否异常",
    "省",
    "市",
    "区",
    "街道",
    "支付时间",
    "拼单成功时间",
    "订单确认时间",
    "承诺发货时间",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "用户购买手机号",
    "样式ID",
    "商家编码-SKU维度",
    "商家编码-商品维度",
    "快递单号",
    "快递公司",
    "商家备注",
    "售后状态",
    "买家留言",
)
NO_AFTER_SALES = "无售后或售后取消"


def order(order_no: str, **values: str) -> dict[str, str]:
    row = {
        "订单号": order_no,
        "商品": "手工陶瓷马克杯 350ml",
        "订单状态": "待发货",
        "商品总价(元)": "39.90",
        "用户实付金额(元)": "36.90",
        "商家实收金额(元)": "36.90",
        "商品数量(件)": "1",
        "收货人": "王**",
        "手机": "138****8000",
        "是否异常": "否",
        "省": "浙江省",
        "市": "杭州市",
        "区": "西湖区",
        "街道": "文三路100号",
        "商品id": "356712345678",
        "商品规格": "白色",
        "售后状态": NO_AFTER_SALES,
    }
    row.update(values)
    return row


def write_pdd_export(path: Path | str, orders: list[dict[str, str]], *, old: bool = False) -> Path:
    headers = tuple(h for h in HEADERS if not (old and h == "承诺发货时间"))
    rows = []
    for values in orders:
        values = dict(values)
        if values.get("快递单号"):
            values["快递单号"] = "\t" + values["快递单号"]
        if old:
            values.pop("承诺发货时间", None)
        rows.append(row_by_header(headers, values))
    return write_rows(path, headers, rows, encoding="utf-8-sig")
