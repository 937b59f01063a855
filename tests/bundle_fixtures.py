"""A disputed order with a Chinese chat, an agreement and a screenshot, built through the store APIs."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

from seller_assistant.store import agreements, attachments, chats, events, orders, shops
from seller_assistant.store.rows import insert_row

from .conftest import NOW_EPOCH

PHONE = "13912345678"
ADDRESS = "浙江省杭州市西湖区文三路88号5栋302室"
REAL_NAME = "林晓雨"
ORDER_NO = "3901234567890123456"
CRACK_LINE = "收到了，但是杯子有一道裂纹，看图"
AGREEMENT = "同意补偿10元，买家保留杯子"
HOUR = 3600


@dataclass
class DisputedOrder:
    order_id: int
    order_no: str
    image: bytes


def screenshot_png() -> bytes:
    picture = Image.new("RGB", (640, 420), (245, 245, 240))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((40, 40, 600, 380), outline=(180, 30, 30), width=6)
    draw.line((120, 80, 420, 360), fill=(60, 60, 60), width=4)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def add_disputed_order(store, order_no: str = ORDER_NO) -> DisputedOrder:
    """Paid 6 days before NOW, shipped, cracked on arrival, refund refused, disputed."""
    shop_id = shops.require_shop(store)
    paid = NOW_EPOCH - 6 * 24 * HOUR
    with store.write() as db:
        order_id = insert_row(
            db,
            "orders",
            {
                "shop_id": shop_id,
                "order_no": order_no,
                "buyer": "甜甜兔兔",
                "status": "shipped",
                "platform_status": "卖家已发货，等待买家确认",
                "item_title": "手工陶瓷马克杯 350ml",
                "quantity": 1,
                "amount_cents": 4900,
                "created_at": paid - 120,
                "paid_at": paid,
                "promised_ship_at": paid + 48 * HOUR,
                "receiver_name": REAL_NAME,
                "receiver_phone": PHONE,
                "receiver_address": ADDRESS,
                "buyer_message": "送人的，请包装好",
                "updated_at": NOW_EPOCH,
            },
        )
    orders.ship_order(store, order_id, paid + 20 * HOUR, "75312345678901", "中通快递", NOW_EPOCH)
    say = lambda role, name, at, text: chats.add_message(  # noqa: E731
        store,
        shop_id,
        order_id=order_id,
        buyer="甜甜兔兔",
        sender_role=role,
        sender_name=name,
        sent_at=at,
        text=text,
        source="manual",
        now=NOW_EPOCH,
    )
    say("buyer", "甜甜兔兔", paid - 1800, "在吗？马克杯有现货吗？")
    say("staff", "小美", paid - 1700, "亲，在的~ 现货充足，今天下单48小时内发货哦。")
    crack = say("buyer", "甜甜兔兔", paid + 3 * 24 * HOUR, CRACK_LINE)
    say("buyer", "甜甜兔兔", paid + 3 * 24 * HOUR + 60, f"我的电话{PHONE}，地址{ADDRESS}，收件人{REAL_NAME}")
    offer = say(
        "staff", "小美", paid + 3 * 24 * HOUR + 900, "亲，非常抱歉！我们补偿您10元，杯子您留着用可以吗？"
    )
    say("platform", "淘宝小二", paid + 5 * 24 * HOUR, "您好，平台已介入本次退款，请双方在3天内提交凭证。")
    image = screenshot_png()
    attachments.add_attachment_bytes(
        store, shop_id, order_id, image, "../../裂纹照片.png", NOW_EPOCH, message_id=crack
    )
    agreements.add_agreement(
        store,
        shop_id,
        order_id,
        "compensation",
        AGREEMENT,
        paid + 3 * 24 * HOUR + 1000,
        NOW_EPOCH,
        message_id=offer,
    )
    events.add_event(
        store, shop_id, order_id, "dispute", NOW_EPOCH - 24 * HOUR, NOW_EPOCH, "quality", "买家称杯子有裂纹"
    )
    return DisputedOrder(order_id, order_no, image)
