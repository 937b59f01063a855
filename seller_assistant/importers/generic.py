"""Any order table (CSV, TSV, XLSX): reading it as header + numbered rows, and guessing its columns.

The marketplaces' own exports are read by their presets (importers/presets); a shop's own table works
through a mapping field -> header that the user confirms once, remembered per header signature.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.files import open_regular
from seller_assistant.importers.encoding import read_text_file
from seller_assistant.importers.xlsx import XlsxRows

XLSX_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Table:
    """A file's header and its data rows, each with the physical line (or sheet row) it starts on."""

    path: Path
    encoding: str  # utf-8, utf-8-sig, gb18030, utf-16 … or 'xlsx'
    headers: list[str]
    estimated_rows: int
    _rows: Iterator[tuple[int, list[str]]] = field(repr=False)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        return self._rows


def open_table(path: Path | str) -> Table:
    """Open a CSV/TSV/XLSX order file; a UserError if it cannot be read or has no header."""
    path = Path(path)
    if path.suffix.lower() == ".xls":
        raise UserError(
            "{file}: old .xls workbooks cannot be read; save it as .xlsx or CSV and import that.",
            file=path.name,
        )
    if path.suffix.lower() in XLSX_SUFFIXES or starts_with_zip(path):
        return _open_xlsx(path)
    return _open_text(path)


def starts_with_zip(path: Path) -> bool:
    # open_regular refuses a FIFO or a device in words before anything could block on it.
    with open_regular(path) as handle:
        try:
            return handle.read(4) == _ZIP_MAGIC
        except OSError:
            return False  # read_text_file explains the problem in words


def _open_xlsx(path: Path) -> Table:
    book = XlsxRows(path)
    rows = book.rows()
    for _line, cells in rows:
        headers = _clean_headers(cells)
        if any(headers):
            return Table(path, "xlsx", headers, book.estimated_rows, _closing(rows, book))
    book.close()
    raise UserError("{file}: the first sheet is empty.", file=path.name)


def _closing(rows, book):
    try:
        yield from rows
    finally:
        book.close()


def _open_text(path: Path) -> Table:
    decoded = read_text_file(path)
    text = decoded.text
    # eBay's report starts with a padding line of bare commas: the header is the first line with words.
    first_line = next(
        (line for line in text.split("\n", 20)[:20] if line.strip(" ,;\t\r\ufeff")), text.split("\n", 1)[0]
    )
    delimiter = max(("\t", ",", ";", "|"), key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = _numbered(reader, path)
    try:
        _, header_cells = next(rows)
        while not any(c.strip().lstrip("\ufeff") for c in header_cells):
            _, header_cells = next(rows)
    except StopIteration:
        raise UserError("{file}: the file has no header row.", file=path.name) from None
    headers = _clean_headers(header_cells)
    if len([h for h in headers if h]) < 1:
        raise UserError("{file}: the first line is not a header row.", file=path.name)
    return Table(path, decoded.encoding, headers, max(text.count("\n") - 1, 1), rows)


def _numbered(reader, path: Path) -> Iterator[tuple[int, list[str]]]:
    """Rows with the physical line each record starts on (a quoted field may span lines)."""
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UserError(
            "{file}, line {line_num}: {problem}.", file=path.name, line_num=reader.line_num, problem=exc
        ) from None


def _clean_headers(cells: list[str]) -> list[str]:
    headers = [c.strip().lstrip("\ufeff").strip() for c in cells]
    while headers and not headers[-1]:  # exports often end every line with a comma
        headers.pop()
    return headers


def header_signature(headers: list[str]) -> str:
    """Stable per header row, whatever its encoding: the key a remembered mapping is stored under."""
    joined = "\x1f".join(h.strip() for h in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


# Header names the marketplaces use, per field: Taobao/Tmall, JD, Pinduoduo, Douyin, Amazon, eBay.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "order_no": (
        "订单编号",
        "订单号",
        "主订单编号",
        "订单id",
        "order-id",
        "order id",
        "order number",
        "order no",
        "amazon-order-id",
        "sales record number",
    ),
    "buyer": (
        "买家会员名",
        "买家昵称",
        "买家账号",
        "下单帐号",
        "下单账号",
        "用户昵称",
        "客户账号",
        "买家",
        "buyer-name",
        "buyer name",
        "buyer username",
        "buyer user id",
        "customer",
        "customer name",
    ),
    "status": ("订单状态", "状态", "order-status", "order status", "status"),
    "item_title": (
        "宝贝标题",
        "商品名称",
        "商品标题",
        "商品",
        "选购商品",
        "宝贝名称",
        "product-name",
        "product name",
        "item title",
        "title",
        "item name",
    ),
    "sku": (
        "商家编码",
        "商品编码",
        "商家sku",
        "货号",
        "sku编码",
        "sku",
        "seller-sku",
        "custom label",
        "custom label (sku)",
    ),
    "category": ("类目", "商品类目", "category"),
    "quantity": ("宝贝总数量", "购买数量", "商品数量", "数量", "quantity-purchased", "quantity", "qty"),
    "amount": (
        "买家实际支付金额",
        "实付金额",
        "用户实付金额",
        "订单实付金额",
        "应付金额",
        "订单金额",
        "支付金额",
        "商品总价(元)",
        "订单应付金额",
        "item-price",
        "total price",
        "total",
        "sold for",
        "amount",
    ),
    "created_at": (
        "订单创建时间",
        "下单时间",
        "订单提交时间",
        "提交时间",
        "创建时间",
        "purchase-date",
        "order date",
        "sale date",
        "created at",
    ),
    "paid_at": (
        "订单付款时间",
        "付款时间",
        "支付时间",
        "支付完成时间",
        "payments-date",
        "paid on date",
        "payment date",
        "paid date",
        "paid at",
    ),
    "shipped_at": ("发货时间", "出库时间", "shipped on date", "ship date", "shipment-date", "shipped at"),
    "completed_at": ("确认收货时间", "完成时间", "签收时间", "completed at", "delivery date"),
    "tracking_no": ("物流单号", "运单号", "快递单号", "tracking-number", "tracking number"),
    "carrier": ("物流公司", "快递公司", "承运商", "carrier", "carrier-name", "shipping service"),
    "receiver_name": ("收货人姓名", "收货人", "收件人", "收件人姓名", "recipient-name", "ship to name"),
    "receiver_phone": (
        "联系手机",
        "收货人手机号",
        "收件人手机",
        "手机号",
        "手机",
        "联系电话",
        "收货人电话",
        "ship-phone-number",
        "buyer-phone-number",
        "ship to phone",
    ),
    "receiver_address": (
        "收货地址",
        "详细地址",
        "收件地址",
        "收货人地址",
        "ship-address-1",
        "ship to address 1",
        "shipping address",
    ),
    "buyer_message": ("买家留言", "买家备注", "留言", "buyer note", "buyer message", "buyer-note"),
    "refund_status": ("退款状态", "售后状态", "refund status"),
    "promised_ship_at": (
        "承诺发货时间",
        "最晚发货时间",
        "latest-ship-date",
        "promise-date",
        "ship by date",
        "ship by",
    ),
}

_NORMALISE = re.compile(r"[\s_\-:：]+")
_UNIT = re.compile(r"[(（][^)）]*[)）]")  # 实付金额(元), Custom label (SKU): the words before matter


def _norm(header: str) -> str:
    return _NORMALISE.sub("", _UNIT.sub("", header.strip().lower()))


def suggest_mapping(headers: list[str]) -> dict[str, str]:
    """Field -> header for every field whose usual header name appears; each header used once."""
    by_norm: dict[str, str] = {}
    for header in headers:
        by_norm.setdefault(_norm(header), header)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for target, names in SYNONYMS.items():
        for name in names:
            header = by_norm.get(_norm(name))
            if header is not None and header not in used:
                mapping[target] = header
                used.add(header)
                break
    return mapping
