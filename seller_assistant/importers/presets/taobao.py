"""Taobao/Tmall 订单报表 as a preset (the columns themselves live in importers/taobao.py)."""

from __future__ import annotations

from seller_assistant.importers import taobao as export
from seller_assistant.importers.presets.model import Preset

PRESET = Preset(
    name="taobao",
    format="taobao",
    label="Taobao/Tmall order export",
    columns=export.TAOBAO_COLUMNS,
    signature=("订单编号", "买家会员名", "订单状态"),
    signature_any=("订单付款时间", "订单创建时间", "买家实际支付金额"),
    digits_only=True,
    multi_line=False,
    # The classic export states no ship-by time (?): the shop's promise applies.
    notes=("no platform promise column confirmed in the classic export",),
)
