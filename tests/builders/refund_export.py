"""Writes the platforms' refund / after-sales exports as their seller centres do.

- Taobao/Tmall 退款管理 export: GBK, comma, CRLF, order numbers as ="…". Header row from an
  open-source Tmall refund importer found by code search (its Excel template lists the export's
  columns A…AM: 订单编号, 退款编号, 支付宝交易号, …, 客服介入状态, …, 责任方, …).
- Douyin 售后 export: UTF-8 with a BOM, IDs after a tab. Header row from open-source Douyin shop
  importers found by code search (售后单号, 订单号, 商品单号, …, 仲裁状态, 纠纷责任方, …).
- Pinduoduo 售后 export: NOT CONFIRMED — no public copy of its header row was found; these are the
  names the after-sales list shows.
"""

from __future__ import annotations

from pathlib import Path

from tests.builders.csv_export import row_by_header, write_rows

TAOBAO = (
    "订单编号",
    "退款编号",
    "支付宝交易号",
    "订单付款时间",
    "商家编码",
    "退款完结时间",
    "买家会员名称",
    "买家实际支付金额",
    "宝贝标题",
    "买家退款金额",
    "手工退款/系统退款",
    "是否需要退货",
    "退款的申请时间",
    "超时时间",
    "退款状态",
    "货物状态",
    "退货物流信息",
    "发货物流信息",
    "客服介入状态",
    "卖家真实姓名",
    "卖家退货地址",
    "卖家邮编",
    "卖家电话",
    "卖家手机",
    "退货物流单号",
    "退货物流公司",
    "买家退款原因",
    "买家退款说明",
    "买家退货时间",
    "责任方",
    "售中或售后",
    "商家备注",
    "完结时间",
    "部分退款/全部退款",
    "审核操作人",
    "举证超时",
    "是否零秒响应",
    "退款操作人",
)
DOUYIN = (
    "售后单号",
    "订单号",
    "商品单号",
    "商品名称",
    "商品ID",
    "应付金额（元）",
    "商品运费（元）",
    "支付优惠（元）",
    "商品税费（元）",
    "商品发货状态",
    "售后类型",
    "退商品金额（元）",
    "退运费金额（元）",
    "退支付优惠（元）",
    "退税费金额（元）",
    "售后状态",
    "售后申请时间",
    "退款方式",
    "是否已上传退款凭证",
    "售后原因",
    "售后原因标签",
    "退货物流单号",
    "退货异常",
    "退货发货时间",
    "退货物流公司",
    "自动处理截止时间",
    "同意售后申请时间",
    "商家退款时间",
    "用户到账时间",
    "售后关闭时间",
    "商家退货地址",
    "商家退货联系人姓名",
    "商家退货联系人电话",
    "仲裁状态",
    "纠纷责任方",
    "是否极速退款",
    "是否拒签后退款",
    "发货物流单号",
    "发货物流状态",
    "换货物流单号",
    "退货物流状态",
    "售后完结时间",
    "订单备注",
    "用户售后说明",
    "售后备注",
    "操作人",
    "协商记录",
    "换货商品信息",
    "商家编码",
    "门店名称",
)
PDD = (
    "售后编号",
    "订单编号",
    "商品名称",
    "售后类型",
    "售后状态",
    "申请时间",
    "退款金额(元)",
    "售后原因",
    "平台介入状态",
)


def write_taobao_refunds(path: Path | str, rows: list[dict[str, str]]) -> Path:
    lines = []
    for values in rows:
        values = {**values, "订单编号": f'="{values["订单编号"]}"'} if values.get("订单编号") else values
        lines.append(row_by_header(TAOBAO, values))
    return write_rows(path, TAOBAO, lines, encoding="gbk")


def write_douyin_after_sales(path: Path | str, rows: list[dict[str, str]]) -> Path:
    ids = ("售后单号", "订单号", "商品单号", "商品ID")
    lines = [
        row_by_header(DOUYIN, {k: ("\t" + v if k in ids and v else v) for k, v in r.items()}) for r in rows
    ]
    return write_rows(path, DOUYIN, lines, encoding="utf-8-sig")


def write_pdd_after_sales(path: Path | str, rows: list[dict[str, str]]) -> Path:
    return write_rows(path, PDD, [row_by_header(PDD, r) for r in rows], encoding="utf-8-sig")
