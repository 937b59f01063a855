"""The scheduled upkeep before risk is judged: urges past their deadline become help events, and
shipped orders' tracking numbers are checked. It writes, so the risk report (store/risk.py) only reads.

Run once a minute by the window (ui/risk_reports.py) and by the `risk` command before its report.
"""

from __future__ import annotations

from seller_assistant.core.helprate import DAY
from seller_assistant.core.profiles import profile_for_platform
from seller_assistant.store import shops, work_orders
from seller_assistant.store.connection import Store
from seller_assistant.store.tracking_checks import fill_tracking_checks


def record_due(store: Store, shop_id: int, now: int) -> int:
    """Record what time has made true for this shop; how many rows that wrote (0: nothing, and
    no write lock was taken)."""
    if store.read_only:
        return 0
    written = work_orders.record_timeouts(store, shop_id, now)
    profile = profile_for_platform(shops.load_settings(store, shop_id).platform)
    tracking_days = [max(m.windows) for m in profile.metrics if m.counts == "valid_tracking"]
    if tracking_days:
        written += fill_tracking_checks(store, shop_id, now - max(tracking_days) * DAY)
    return written


def record_due_everywhere(store: Store, now: int) -> int:
    """record_due for every shop of the store."""
    return sum(record_due(store, shop_id, now) for shop_id in shops.shop_ids(store))
