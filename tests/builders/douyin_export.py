"""Writes Douyin 抖店 订单导出 files as the shop backend does: UTF-8 with a BOM, comma, CRLF, one line
per 子订单 (item), order and sub-order IDs after a tab so Excel keeps them as text, naive China times.

Header row from /work/shared/FORMATS.md (sellers' and ERP importers' descriptions of the export).
"""

from __future__ import annotations

from pathlib import Path

from tests.builders.csv_export import row_by_header, write_rows

HEADERS = (
    "主订单编号",
    "子订单编号",
    "选购商品",
    "商品规格",
    "商品数量",
    "商品ID",
    "商家编码",
    "商品单价",
    "订单应付金额",
    "运费",
    "优惠总金额",
    "收件人",
    "收件人手机号",
    "省",
    "市",
    "区",
    "街道",
    "详细地址",
    "是否修改过地址",
    "买家留言",
    "订单提交时间",
    "商家备注",
    "订单完成时间",
    "支付完成时间",
    "APP渠道",
    "流量来源",
    "订单状态",
    "承诺发货时间",
    "订单类型",
    "达人ID",
    "达人昵称",
    "售后状态",
    "取消原因",
    "预约发货时间",
    "发货时间",
    "快递信息",
)
_IDS = ("主订单编号", "子订单编号", "商品ID")


def item(order_no: str, sub_no: str, **values: str) -> dict[str, str]:
    row = {
        "主订单编号": order_no,
        "子订单编号": sub_no,
        "选购商品": "云南古树普洱茶饼 357g",
        "商品规格": "单饼",
        "商品数量": "1",
        "商品ID": "3601234567890123456",
        "商品单价": "168.00",
        "订单应付金额": "168.00",
        "运费": "0.00",
        "收件人": "李*",
        "收件人手机号": "139****0000",
        "省": "广东省",
        "市": "深圳市",
        "区": "南山区",
        "详细地址": "科技园南路1号",
        "是否修改过地址": "否",
        "APP渠道": "抖音",
        "流量来源": "直播",
        "订单状态": "待发货",
        "订单类型": "普通订单",
        "售后状态": "-",
    }
    row.update(values)
    return row


def write_douyin_export(path: Path | str, items: list[dict[str, str]]) -> Path:
    rows = []
    for values in items:
        values = {k: ("\t" + v if k in _IDS and v else v) for k, v in values.items()}
        rows.append(row_by_header(HEADERS, values))
    return write_rows(path, HEADERS, rows, encoding="utf-8-sig")
