"""Finishing what imports killed while publishing left staged: every kind of import's publisher.

Called when the app or a command opens the store. Above import_runs and the kinds' own modules,
which write through import_runs and so cannot name each other's publishers themselves.
"""

from __future__ import annotations

from seller_assistant.store import import_runs
from seller_assistant.store.connection import Store
from seller_assistant.store.message_rows import publish_staged_messages
from seller_assistant.store.order_import import publish_staged_orders

PUBLISHERS: dict[str, import_runs.Publisher] = {
    "chat": publish_staged_messages,
    "orders": publish_staged_orders,
}


def finish_pending(store: Store) -> list[int]:
    """The ids of the runs published now."""
    return import_runs.finish_pending(store, PUBLISHERS)
