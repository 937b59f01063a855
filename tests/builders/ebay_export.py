"""Writes eBay Seller Hub Orders reports as eBay does: UTF-8 with a BOM, comma, every cell quoted,
framed by a padding line of commas, the header, another padding line, the rows, and the footer
`N,record(s) downloaded,from Nov-19-26 to Nov-24-26` then `Seller ID : …`.

Framing and the header row from open-source eBay report parsers/fixture writers found by code
search; dates `Nov-21-26 14:14:05`, money `$24.99`. A multi-item order is a summary line (order
totals, no item) followed by its item lines (as sellers describe it; not confirmed from eBay).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.builders.csv_export import row_by_header

HEADERS = (
    "Sales Record Number",
    "Order Number",
    "Buyer Username",
    "Buyer Name",
    "Buyer Email",
    "Buyer Note",
    "Buyer Address 1",
    "Buyer Address 2",
    "Buyer City",
    "Buyer State",
    "Buyer Zip",
    "Buyer Country",
    "Ship To Name",
    "Ship To Phone",
    "Ship To Address 1",
    "Ship To Address 2",
    "Ship To City",
    "Ship To State",
    "Ship To Zip",
    "Ship To Country",
    "Item Number",
    "Item Title",
    "Custom Label",
    "Sold Via Promoted Listings",
    "Quantity",
    "Sold For",
    "Shipping And Handling",
    "Seller Collected Tax",
    "eBay Collected Tax",
    "Total Price",
    "Payment Method",
    "Sale Date",
    "Paid On Date",
    "Ship By Date",
    "Minimum Estimated Delivery Date",
    "Maximum Estimated Delivery Date",
    "Shipped On Date",
    "Feedback Left",
    "Feedback Received",
    "My Item Note",
    "Shipping Service",
    "Tracking Number",
    "Transaction ID",
    "Variation Details",
    "Global Shipping Program",
    "Click And Collect",
    "eBay Plus",
)


def line(**values: str) -> list[str]:
    """Keyword names use _ for spaces: Order_Number=…, Ship_By_Date=…"""
    return row_by_header(HEADERS, {k.replace("_", " "): v for k, v in values.items()})


def write_ebay_report(
    path: Path | str,
    lines: list[list[str]],
    records: int,
    span: str = "from Nov-19-26 to Nov-24-26",
    seller: str = "mugs_and_more",
) -> Path:
    """Header and rows quoted, padding lines bare commas, the footer unquoted (as downloaded)."""
    out = io.StringIO()
    quoted = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    padding = "," * (len(HEADERS) - 1) + "\r\n"
    out.write(padding)
    quoted.writerow(HEADERS)
    out.write(padding)
    quoted.writerows(lines)
    out.write(f"{records},record(s) downloaded,{span}\r\nSeller ID : {seller}\r\n")
    path = Path(path)
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path
