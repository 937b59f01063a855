"""Writing the demo shop into an empty store."""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace

from seller_assistant.core.chat_records import fingerprints, infer_stage
from seller_assistant.core.demo import DemoShop
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import (
    attachments,
    chats,
    commitments,
    events,
    orders,
    ship_rules,
    shops,
    work_orders,
)
from seller_assistant.store.connection import Store


def store_is_empty(store: Store) -> bool:
    return shops.current_shop_id(store) is None


DEMO_SETTINGS = ShopSettings(
    name="青瓷小铺 (演示)",
    platform="taobao",
    timezone="Asia/Shanghai",
    help_rate_threshold=0.02,
    staff_name="小美",
    demo=True,
)


def ensure_demo(store: Store, now: int) -> bool:
    """Seed the demo shop into `store` if it has no shop; True when it did."""
    if not store_is_empty(store):
        return False
    from seller_assistant.core.demo import build_demo_shop

    seed_demo(store, build_demo_shop(now, staff=DEMO_SETTINGS.staff_name), DEMO_SETTINGS, now)
    return True


def seed_demo(store: Store, demo: DemoShop, settings: ShopSettings, now: int) -> int:
    """Create the demo shop with its orders, urges, promises and help events in one transaction."""
    with store.write():
        shop_id = shops.create_shop(store, settings, now)
        orders.insert_orders(store, shop_id, demo.orders, settings.ship_promise_hours, now, source="demo")
        # The demo shop has chosen the example promise rules (pre-sale 15 d, fresh food 24 h), so the
        # demo shows orders with a rule's deadline; a real shop starts with them off.
        ship_rules.save_shop_rules(
            store,
            shop_id,
            tuple(replace(rule, enabled=True) for rule in ship_rules.shop_rules(store, shop_id)),
        )
        orders.recompute_promises(store, shop_id, settings, now)
        ids = dict(
            store.conn.execute("SELECT order_no, id FROM orders WHERE shop_id = ?", (shop_id,)).fetchall()
        )
        for wo in demo.work_orders:
            wo_id = work_orders.open_work_order(
                store, shop_id, ids[wo.order_no], wo.opened_at, wo.due_at, now
            )
            if wo.answered_at is not None:
                work_orders.answer_work_order(store, wo_id, wo.answered_at, "已回复发货时间")
        for c in demo.commitments:
            commitments.add_commitment(store, shop_id, ids[c.order_no], c.kind, c.due_at, c.made_at, c.text)
        for e in demo.events:
            events.add_event(
                store, shop_id, ids[e.order_no], e.kind, e.at, now, e.reason, e.note, source="demo"
            )
        _seed_chats(store, shop_id, demo, now)
    return shop_id


def _seed_chats(store: Store, shop_id: int, demo: DemoShop, now: int) -> None:
    """The demo's conversations, sealed like imported ones, and a photo on the damaged-goods order."""
    if not demo.messages:
        return
    by_no = chats.orders_by_number(store, shop_id, (m.order_no for m in demo.messages if m.order_no))
    prints = fingerprints(shop_id, ((m.sender_name, m.sent_at, m.text) for m in demo.messages))
    new = []
    for message, print_ in zip(demo.messages, prints, strict=True):
        order = by_no.get(message.order_no) if message.order_no else None
        new.append(
            chats.NewMessage(
                order["id"] if order else None,
                message.order_no if order else None,
                message.buyer,
                message.sender_role,
                message.sender_name,
                message.sent_at,
                message.text,
                infer_stage(message.sent_at, order),
                "demo",
                print_,
            )
        )
    chats.insert_messages(store, shop_id, new, now)
    damaged = next((m for m in demo.messages if m.sender_role == "platform" and m.order_no), None)
    if damaged is None or damaged.order_no not in by_no:
        return
    photo_of = store.conn.execute(
        "SELECT id FROM messages WHERE order_id = ? AND sender_role = 'buyer' ORDER BY sent_at LIMIT 1 OFFSET 0",
        (by_no[damaged.order_no]["id"],),
    ).fetchone()
    attachments.add_attachment_bytes(
        store,
        shop_id,
        by_no[damaged.order_no]["id"],
        demo_photo_png(),
        "裂纹照片.png",
        now,
        message_id=photo_of[0] if photo_of else None,
    )


def demo_photo_png(width: int = 64, height: int = 48) -> bytes:
    """A small generated PNG (a pale mug with a dark crack), so the demo needs no image files."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type 0 for each scanline
        for x in range(width):
            crack = abs((x - 20) - (y * 0.6)) < 1.2 and 8 < y < 40
            mug = 14 < x < 50 and 6 < y < 44
            colour = (60, 50, 45) if crack else (235, 240, 245) if mug else (120, 160, 200)
            row += bytes(colour)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )
