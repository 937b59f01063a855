"""Writing the demo shop into an empty store."""

from __future__ import annotations

from seller_assistant.core.demo import DemoShop
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import commitments, events, orders, shops, work_orders
from seller_assistant.store.connection import Store


def store_is_empty(store: Store) -> bool:
    return shops.current_shop_id(store) is None


def seed_demo(store: Store, demo: DemoShop, settings: ShopSettings, now: int) -> int:
    """Create the demo shop with its orders, urges, promises and help events in one transaction."""
    with store.write():
        shop_id = shops.create_shop(store, settings, now)
        orders.insert_orders(store, shop_id, demo.orders, settings.ship_promise_hours, now, source="demo")
        ids = dict(
            store.conn.execute("SELECT order_no, id FROM orders WHERE shop_id = ?", (shop_id,)).fetchall()
        )
        for wo in demo.work_orders:
            wo_id = work_orders.open_work_order(store, shop_id, ids[wo.order_no], wo.opened_at, wo.due_at, now)
            if wo.answered_at is not None:
                work_orders.answer_work_order(store, wo_id, wo.answered_at, "已回复发货时间")
        for c in demo.commitments:
            commitments.add_commitment(store, shop_id, ids[c.order_no], c.kind, c.due_at, c.made_at, c.text)
        for e in demo.events:
            events.add_event(store, shop_id, ids[e.order_no], e.kind, e.at, now, e.reason, e.note, source="demo")
    return shop_id
