"""A realistic demo shop: a few hundred orders over 45 days, some late, some urged, some disputed.

Deterministic for a given `now` and seed, so screenshots and tests see the same shop.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from seller_assistant.core.orders import OrderRecord

HOUR = 3600
DAY = 86400

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_NICK_PARTS = ("小", "阿", "大", "老", "甜", "胖", "静", "晴")
_NICK_TAILS = ("兔兔", "喵", "鱼", "子", "宝", "同学", "酱", "哥", "姐", "妹妹", "123", "_2020", "love", "88")
_GOODS = (
    ("手工陶瓷马克杯 350ml", 4900, "家居", False),
    ("景德镇青花茶具套装", 26800, "家居", False),
    ("云南古树普洱茶饼 357g", 16800, "茶叶", False),
    ("新鲜阳光玫瑰葡萄 2斤装", 5990, "生鲜", True),
    ("五常大米 5kg 当季新米", 8900, "粮油", False),
    ("纯棉四件套 1.8m床", 19900, "家纺", False),
    ("宝宝辅食研磨碗", 3500, "母婴", False),
    ("不锈钢保温杯 500ml", 6900, "家居", False),
    ("手作皂 玫瑰精油", 2800, "个护", False),
    ("丹东99草莓 3斤 顺丰冷链", 12800, "生鲜", True),
    ("复古帆布托特包", 5800, "箱包", False),
    ("蓝牙小音箱 迷你便携", 9900, "数码", False),
)
_CITIES = (
    ("浙江省", "杭州市", "西湖区文三路"),
    ("广东省", "深圳市", "南山区科技园"),
    ("上海市", "上海市", "浦东新区张江路"),
    ("北京市", "北京市", "朝阳区望京街"),
    ("四川省", "成都市", "武侯区玉林路"),
    ("江苏省", "南京市", "鼓楼区中山路"),
)
_CARRIERS = ("中通快递", "圆通速递", "顺丰速运", "韵达快递", "申通快递")


@dataclass
class DemoEvent:
    order_no: str
    kind: str
    at: int
    reason: str | None
    note: str


@dataclass
class DemoWorkOrder:
    order_no: str
    opened_at: int
    due_at: int
    answered_at: int | None


@dataclass
class DemoCommitment:
    order_no: str
    kind: str
    due_at: int
    text: str
    made_at: int


@dataclass
class DemoMessage:
    order_no: str | None
    buyer: str
    sender_role: str
    sender_name: str
    sent_at: int
    text: str


@dataclass
class DemoShop:
    orders: list[OrderRecord] = field(default_factory=list)
    events: list[DemoEvent] = field(default_factory=list)
    work_orders: list[DemoWorkOrder] = field(default_factory=list)
    commitments: list[DemoCommitment] = field(default_factory=list)
    messages: list[DemoMessage] = field(default_factory=list)


def build_demo_shop(now: int, order_count: int = 320, seed: int = 7, staff: str = "小美") -> DemoShop:
    rng = random.Random(seed)
    shop = DemoShop()
    # Orders are numbered like Taobao's: 19 digits, never stored as numbers.
    base_no = 3_900_000_000_000_000_000 + rng.randrange(10**15)
    for index in range(order_count):
        # Most orders are old; about 3 % are paid in the last two days and may be late or due soon.
        age = rng.uniform(0, 45 * DAY) if index >= 16 else rng.uniform(20 * HOUR, 60 * HOUR)
        paid_at = now - int(age)
        title, unit_cents, category, perishable = rng.choice(_GOODS)
        quantity = rng.choice((1, 1, 1, 2, 3))
        province, city, street = rng.choice(_CITIES)
        buyer = _nickname(rng)
        shipped = index >= 16 and (age > 50 * HOUR or rng.random() < 0.6)
        shipped_at = paid_at + int(rng.uniform(3 * HOUR, 40 * HOUR)) if shipped else None
        if shipped_at is not None and shipped_at > now:
            shipped_at = None
        status = "paid"
        completed_at = None
        if shipped_at is not None:
            status = "shipped"
            if now - shipped_at > 6 * DAY:
                status = "completed"
                completed_at = shipped_at + int(rng.uniform(3 * DAY, 6 * DAY))
        if index >= 16 and rng.random() < 0.03:
            status, shipped_at, completed_at = "refunded", None, None
        order = OrderRecord(
            order_no=str(base_no + index * 7919),
            buyer=buyer,
            status=status,
            platform_status=_platform_status(status),
            item_title=title,
            category=category,
            quantity=quantity,
            amount_cents=unit_cents * quantity,
            created_at=paid_at - int(rng.uniform(10, 600)),
            paid_at=paid_at,
            shipped_at=shipped_at,
            completed_at=completed_at,
            tracking_no=f"7{rng.randrange(10**13):013d}" if shipped_at else None,
            carrier=rng.choice(_CARRIERS) if shipped_at else None,
            receiver_name=rng.choice(_SURNAMES) + rng.choice(("先生", "女士")),
            receiver_phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            receiver_address=f"{province}{city}{street}{rng.randrange(1, 300)}号",
            buyer_message=rng.choice(("", "", "请尽快发货，谢谢", "送人的，不要放价格单", "周末才能收件")),
            perishable=perishable,
        )
        shop.orders.append(order)
    _add_trouble(shop, rng, now, staff)
    return shop


def _add_trouble(shop: DemoShop, rng: random.Random, now: int, staff: str) -> None:
    """The problems a real shop has: urges, late parcels, a damaged item, a refund gone to dispute."""
    open_orders = [o for o in shop.orders if o.status == "paid" and o.shipped_at is None]
    for order in open_orders[:6]:
        opened = now - int(rng.uniform(1 * HOUR, 20 * HOUR))
        answered = None if rng.random() < 0.5 else opened + int(rng.uniform(0.2 * HOUR, 2 * HOUR))
        if answered is not None and answered > now:
            answered = None
        shop.work_orders.append(DemoWorkOrder(order.order_no, opened, opened + 24 * HOUR, answered))
        shop.messages += [
            DemoMessage(
                order.order_no,
                order.buyer,
                "buyer",
                order.buyer,
                opened - 600,
                f"你好，我的订单{order.order_no}什么时候发货？已经等两天了",
            ),
        ]
        if answered:
            shop.messages.append(
                DemoMessage(
                    order.order_no,
                    order.buyer,
                    "staff",
                    staff,
                    answered,
                    "亲，非常抱歉让您久等了！您的宝贝今天下午5点前一定发出，发出后第一时间把快递单号发给您。",
                )
            )
    if open_orders:
        late = open_orders[0]
        shop.commitments.append(
            DemoCommitment(
                late.order_no, "ship_by", now + 5 * HOUR, "答应买家今天17:00前发货", now - 2 * HOUR
            )
        )
    past = [
        o
        for o in shop.orders
        if o.paid_at and now - o.paid_at > 3 * DAY and o.status in ("shipped", "completed")
    ]
    reasons = ("logistics", "quality", "not_as_described", "refund", "shipping", "service")
    kinds = ("dispute", "complaint", "intervention", "ticket_timeout")
    for position, order in enumerate(rng.sample(past, min(9, len(past)))):
        kind = kinds[position % len(kinds)]
        at = max(order.paid_at + 2 * DAY, now - int(rng.uniform(0.5 * DAY, 29 * DAY)))
        shop.events.append(
            DemoEvent(order.order_no, kind, min(at, now - HOUR), reasons[position % len(reasons)], "演示数据")
        )
    # One order collects three events at once: they stack.
    if past:
        stacked = past[-1]
        for kind in ("dispute", "complaint", "intervention"):
            shop.events.append(
                DemoEvent(
                    stacked.order_no,
                    kind,
                    now - 3 * DAY + rng.randrange(3600),
                    "quality",
                    "买家称杯子有裂纹，退款被拒后申请介入",
                )
            )
        _damaged_conversation(shop, stacked, now, staff)
    for order in rng.sample(past, min(25, len(past))):
        _pre_sale_conversation(shop, order, staff)


def _pre_sale_conversation(shop: DemoShop, order: OrderRecord, staff: str) -> None:
    asked = order.paid_at - 1800
    shop.messages += [
        DemoMessage(
            order.order_no, order.buyer, "buyer", order.buyer, asked, f"在吗？{order.item_title}有现货吗？"
        ),
        DemoMessage(
            order.order_no,
            order.buyer,
            "staff",
            staff,
            asked + 60,
            "亲，在的~ 现货充足，今天下单48小时内发货哦。",
        ),
        DemoMessage(order.order_no, order.buyer, "buyer", order.buyer, asked + 300, "好的，那我拍了"),
    ]
    if order.shipped_at:
        shop.messages.append(
            DemoMessage(
                order.order_no,
                order.buyer,
                "staff",
                staff,
                order.shipped_at + 120,
                f"亲，您的宝贝已发出，{order.carrier}单号 {order.tracking_no}，请注意查收~",
            )
        )


def _damaged_conversation(shop: DemoShop, order: OrderRecord, now: int, staff: str) -> None:
    start = now - 4 * DAY
    shop.messages += [
        DemoMessage(
            order.order_no, order.buyer, "buyer", order.buyer, start, "收到了，但是杯子有一道裂纹，看图"
        ),
        DemoMessage(
            order.order_no,
            order.buyer,
            "staff",
            staff,
            start + 900,
            "亲，非常抱歉！麻烦您拍一下外包装和裂纹的照片，我们马上为您处理。",
        ),
        DemoMessage(order.order_no, order.buyer, "buyer", order.buyer, start + 4000, "我要退款，不想要了"),
        DemoMessage(
            order.order_no,
            order.buyer,
            "platform",
            "淘宝小二",
            now - 3 * DAY + 7200,
            "您好，平台已介入本次退款，请双方在3天内提交凭证。",
        ),
    ]


def _nickname(rng: random.Random) -> str:
    return rng.choice(_NICK_PARTS) + rng.choice(_SURNAMES) + rng.choice(_NICK_TAILS)


def _platform_status(status: str) -> str:
    return {
        "paid": "买家已付款，等待卖家发货",
        "shipped": "卖家已发货，等待买家确认",
        "completed": "交易成功",
        "refunded": "交易关闭",
        "closed": "交易关闭",
        "awaiting_payment": "等待买家付款",
    }[status]
