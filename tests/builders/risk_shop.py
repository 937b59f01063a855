"""Small shops for the risk pages: a Taobao export written and imported, then events added by hand."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import shops

from .taobao_export import order, write_taobao_export

SHANGHAI = ZoneInfo("Asia/Shanghai")


def china_time(epoch: int) -> str:
    """The export's naive China time for an instant."""
    return datetime.fromtimestamp(epoch, SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def paid_order(order_no: str, paid_at: int, status: str, **fields: str) -> dict[str, str]:
    return order(order_no, status=status, paid=china_time(paid_at), **fields)


def import_orders(store, folder: Path, rows: list[dict[str, str]], now: int) -> dict[str, int]:
    """Write the rows as a GBK seller-centre export, import it; order number -> order id."""
    path = write_taobao_export(Path(folder) / "ExportOrderList.csv", rows)
    result = import_order_file(store, shops.require_shop(store), path, now=now)
    assert not result.errors, result.errors
    return {row["order_no"]: row["id"] for row in store.db.query("SELECT id, order_no FROM orders")}
