"""Writes JD 京东 订单导出 files as the merchant backend does: GBK, comma, CRLF, one line per item.

The 30 headers, their order and sample values ('(删除)等待出库', 付款确认时间 '2015-12-31 23:20:30')
come from an open-source JD order importer found by code search that lists a real export's columns.
"""

from __future__ import annotations

from pathlib import Path

from tests.builders.csv_export import row_by_header, write_rows

HEADERS = (
    "订单号",
    "商品ID",
    "商品名称",
    "订购数量",
    "支付方式",
    "下单时间",
    "京东价",
    "订单金额",
    "结算金额",
    "余额支付",
    "应付金额",
    "订单状态",
    "订单类型",
    "下单帐号",
    "客户姓名",
    "客户地址",
    "联系电话",
    "订单备注",
    "发票类型",
    "发票抬头",
    "发票内容",
    "商家备注",
    "商家备注等级（等级1-5为由高到低）",
    "运费金额",
    "付款确认时间",
    "增值税发票",
    "货号",
    "订单完成时间",
    "订单来源",
    "订单渠道",
)


def line(order_no: str, sku_id: str, **values: str) -> dict[str, str]:
    row = {
        "订单号": order_no,
        "商品ID": sku_id,
        "商品名称": "不锈钢保温杯 500ml",
        "订购数量": "1",
        "支付方式": "在线支付",
        "京东价": "89.00",
        "订单金额": "89.00",
        "结算金额": "89.00",
        "余额支付": "0.00",
        "应付金额": "89.00",
        "订单状态": "等待出库",
        "订单类型": "销售订单",
        "下单帐号": "jd_buyer01",
        "客户姓名": "张伟",
        "客户地址": "北京朝阳区建国路88号",
        "联系电话": "13900001111",
        "运费金额": "0.00",
        "订单来源": "移动端订单",
        "订单渠道": "暂无来源",
    }
    row.update(values)
    return row


def write_jd_export(path: Path | str, lines: list[dict[str, str]], encoding: str = "gbk") -> Path:
    return write_rows(path, HEADERS, [row_by_header(HEADERS, v) for v in lines], encoding=encoding)
