"""Help events from the platforms' own refund and after-sales exports: a refund the platform stepped
into (Taobao 客服介入, Douyin 仲裁, Pinduoduo 平台介入) is a dispute on its order, numbered by the
platform's own refund / after-sales id so that importing the file again adds nothing.

Rows without the platform's involvement are refunds the shop settled itself: read, not events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message
from seller_assistant.importers import generic
from seller_assistant.importers.values import InstantReader, RowProblem, order_number, text_or_none


@dataclass(frozen=True)
class AfterSalesFormat:
    name: str
    platform: str  # the marketplace, as in shop settings
    label: str
    columns: dict[str, tuple[str, ...]]  # field -> header names, the first present wins
    signature: tuple[str, ...]
    # Words of the intervention column meaning the platform did NOT step in.
    not_involved: tuple[str, ...] = ()
    # Words of the status column meaning it did (when the file has no intervention column).
    involved_status: tuple[str, ...] = ()
    # (phrase in the responsibility / arbitration cells, outcome), first match wins.
    outcomes: tuple[tuple[str, str], ...] = ()

    def detect(self, headers: list[str]) -> bool:
        present = {h.strip() for h in headers}
        return all(name in present for name in self.signature)


_BUYER_WINS = (
    ("撤销", "withdrawn"),
    ("撤回", "withdrawn"),
    ("买家责任", "seller_favour"),
    ("消费者责任", "seller_favour"),
    ("商家责任", "buyer_favour"),
    ("卖家责任", "buyer_favour"),
    ("买家", "seller_favour"),
    ("消费者", "seller_favour"),
    ("用户", "seller_favour"),
    ("商家", "buyer_favour"),
    ("卖家", "buyer_favour"),
)

# Tmall/Taobao 退款管理 › 导出: headers from an open-source Tmall refund importer found by code search
# (订单编号, 退款编号, …, 退款的申请时间, 超时时间, 退款状态, 货物状态, …, 客服介入状态, …, 买家退款原因, …,
# 责任方, …). 客服介入状态 values follow the platform's cs_status words (不需客服介入, 需要客服介入,
# 客服已经介入, 客服初审完成, 客服处理完成 …). The export has no time of the intervention itself: the
# event carries the refund's application time (said in its note).
TAOBAO_REFUNDS = AfterSalesFormat(
    name="taobao_refunds",
    platform="taobao",
    label="Taobao/Tmall refund export",
    columns={
        "external_id": ("退款编号",),
        "order_no": ("订单编号",),
        "at": ("退款的申请时间", "申请时间"),
        "status": ("退款状态",),
        "involved": ("客服介入状态",),
        "responsible": ("责任方",),
        "reason": ("买家退款原因", "退款原因"),
    },
    signature=("退款编号", "订单编号", "客服介入状态"),
    not_involved=("不需客服介入", "不需要客服介入", "无需客服介入", "未介入", "无"),
    outcomes=_BUYER_WINS,
)

# 抖店 售后管理 › 导出: headers from open-source Douyin shop importers found by code search (售后单号, 订单号,
# 商品单号, …, 售后状态, 售后申请时间, …, 仲裁状态, 纠纷责任方, …). Not confirmed: the exact 仲裁状态 words
# (we read any value other than empty/无/未仲裁 as an arbitration) and whether 订单号 is the main order
# (a sub-order number is matched through the order's items).
DOUYIN_AFTER_SALES = AfterSalesFormat(
    name="douyin_after_sales",
    platform="douyin",
    label="Douyin after-sales export",
    columns={
        "external_id": ("售后单号",),
        "order_no": ("订单号",),
        "sub_order_no": ("商品单号",),
        "at": ("售后申请时间",),
        "status": ("售后状态",),
        "involved": ("仲裁状态",),
        "responsible": ("纠纷责任方",),
        "reason": ("售后原因",),
    },
    signature=("售后单号", "仲裁状态", "纠纷责任方"),
    not_involved=("无", "未仲裁", "无仲裁", "未申请仲裁"),
    outcomes=_BUYER_WINS,
)

# 拼多多 售后 › 导出: NOT CONFIRMED. No public copy of the after-sales export's header row was found;
# these are the names the merchant backend shows on the after-sales list. A platform intervention
# is read from a 平台介入… column when present, else from 售后状态 words naming the platform.
PDD_AFTER_SALES = AfterSalesFormat(
    name="pdd_after_sales",
    platform="pinduoduo",
    label="Pinduoduo after-sales export",
    columns={
        "external_id": ("售后编号", "售后单号"),
        "order_no": ("订单编号", "订单号"),
        "at": ("申请时间", "售后申请时间"),
        "status": ("售后状态",),
        "involved": ("平台介入状态", "是否平台介入", "平台介入"),
        "responsible": ("责任方", "判责结果"),
        "reason": ("售后原因", "申请原因"),
    },
    signature=("售后编号", "售后状态", "售后类型"),
    not_involved=("否", "无", "未介入", "无需介入"),
    involved_status=("平台介入", "平台处理", "客服介入", "平台判定"),
    outcomes=_BUYER_WINS,
)

FORMATS = (TAOBAO_REFUNDS, DOUYIN_AFTER_SALES, PDD_AFTER_SALES)


def detect(headers: list[str]) -> AfterSalesFormat | None:
    return next((f for f in FORMATS if f.detect(headers)), None)


@dataclass(frozen=True)
class PlatformEvent:
    line: int
    external_id: str
    order_no: str
    sub_order_no: str | None
    at: int
    reason: str
    outcome: str | None
    note: str
    kind: str = "dispute"


@dataclass
class AfterSalesResult:
    file: str
    format: str
    rows: int = 0
    events: list[PlatformEvent] = field(default_factory=list)
    not_involved: int = 0  # refunds the shop settled without the platform
    inserted: int = 0
    updated: int = 0  # events already recorded whose outcome the file now states
    duplicates: int = 0
    errors: list[tuple[int, str | Message]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "format": self.format,
            "rows": self.rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "without_platform": self.not_involved,
            "errors": [{"line": line, "message": str(message)} for line, message in self.errors],
        }


_REASONS = (
    ("质量", "quality"),
    ("描述不符", "not_as_described"),
    ("与描述", "not_as_described"),
    ("少件", "not_as_described"),
    ("物流", "logistics"),
    ("快递", "logistics"),
    ("未收到", "logistics"),
    ("破损", "logistics"),
    ("发货", "shipping"),
    ("服务", "service"),
)


def parse_after_sales(path: Path | str, tz: tzinfo, table: generic.Table | None = None) -> AfterSalesResult:
    """Every dispute in the file as a PlatformEvent; a row that cannot be read is an error naming its line."""
    path = Path(path)
    table = table or generic.open_table(path)
    fmt = detect(table.headers)
    if fmt is None:
        raise UserError("{file}: this is not a platform's refund or after-sales export.", file=path.name)
    present = {h.strip(): i for i, h in enumerate(table.headers)}
    at = {key: next((present[n] for n in names if n in present), None) for key, names in fmt.columns.items()}
    read_time = InstantReader(tz)
    result = AfterSalesResult(path.name, fmt.name)
    for line, cells in table.rows():
        if not any(c.strip() for c in cells):
            continue
        result.rows += 1

        def cell(key: str, cells=cells) -> str | None:
            index = at.get(key)
            return text_or_none(cells[index]) if index is not None and index < len(cells) else None

        involved, status = cell("involved"), cell("status") or ""
        if involved is not None:
            counts = not any(involved == word or involved.startswith(word) for word in fmt.not_involved)
        else:
            counts = any(word in status for word in fmt.involved_status)
        if not counts:
            result.not_involved += 1
            continue
        try:
            result.events.append(_event(fmt, line, cell, involved, status, read_time))
        except RowProblem as problem:
            result.errors.append((line, problem.args[0]))  # a Message: said in the reader's language
    return result


def _event(fmt, line, cell, involved, status, read_time) -> PlatformEvent:
    external_id = cell("external_id")
    if external_id is None:
        raise RowProblem(Message("the {column} is empty", column=fmt.columns["external_id"][0]))
    when = read_time(cell("at"), "application time")
    if when is None:
        raise RowProblem(Message("the application time is empty"))
    responsible = cell("responsible")
    outcome = next(
        (o for phrase, o in fmt.outcomes if phrase in f"{responsible or ''} {involved or ''}"), None
    )
    reason_text = cell("reason") or ""
    reason = next((r for phrase, r in _REASONS if phrase in reason_text), "refund")
    facts = [
        f"{name}: {value}"
        for name, value in (
            (fmt.columns["external_id"][0], external_id),
            (fmt.columns["status"][0], status or None),
            (fmt.columns["involved"][0], involved),
            (fmt.columns["responsible"][0], responsible),
            (fmt.columns["reason"][0], reason_text or None),
        )
        if value
    ]
    return PlatformEvent(
        line=line,
        external_id=external_id,
        order_no=order_number(cell("order_no"), digits_only=False),
        sub_order_no=cell("sub_order_no"),
        at=when,
        reason=reason,
        outcome=outcome,
        note=f"{fmt.label} — " + "; ".join(facts) + " (time: the application time)",
    )
