"""Writes Qianniu/Wangwang chat-record exports in the real text layout, small (hand-written
conversations for tests) or huge (a million messages for the benchmark), in any encoding."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

SEPARATOR = "=" * 64


@dataclass
class Line:
    """One message as the client prints it: sender, local wall-clock time, text (may span lines)."""

    sender: str
    at: datetime  # naive, the shop's local time, as in the file
    text: str


@dataclass
class Conversation:
    buyer: str
    messages: list[Line] = field(default_factory=list)
    with_buyer_header: bool = True


def render(conversations: Iterable[Conversation], *, newline: str = "\r\n", style: str = "paren") -> str:
    """The export's text. style 'paren': `nick (2026-11-20 14:03:22):`, 'space': `nick 2026-11-20 14:03:22`."""
    out: list[str] = []
    for conversation in conversations:
        out.append(SEPARATOR)
        if conversation.with_buyer_header:
            out.append(f"消息对象:{conversation.buyer}")
            out.append(SEPARATOR)
        day = None
        for message in conversation.messages:
            if message.at.date() != day:
                day = message.at.date()
                out.append(f"日期: {day.isoformat()}")
            stamp = message.at.strftime("%Y-%m-%d %H:%M:%S")
            out.append(f"{message.sender} ({stamp}):" if style == "paren" else f"{message.sender} {stamp}")
            out.extend(message.text.split("\n"))
        out.append("")
    return newline.join(out) + newline


def write_export(
    path: Path,
    conversations: Sequence[Conversation],
    *,
    encoding: str = "gbk",
    newline: str = "\r\n",
    style: str = "paren",
) -> Path:
    """Qianniu saves GBK on Chinese Windows; pass 'utf-8-sig' or 'utf-16' for the other variants."""
    path.write_bytes(render(conversations, newline=newline, style=style).encode(encoding))
    return path


# ---- the benchmark's million messages -------------------------------------------------------------

_BUYER_LINES = (
    "在吗？这个杯子有现货吗",
    "什么时候发货呀",
    "已经拍了，麻烦尽快发货",
    "快递到哪里了",
    "收到了，包装很好",
    "杯子有一道裂纹，怎么处理",
    "可以便宜一点吗",
    "Is this mug dishwasher safe?",
    "我要退款",
    "好的谢谢",
    "颜色和图片不一样",
    "能开发票吗",
    "please ship today, it is a gift",
    "物流三天没更新了",
)
_STAFF_LINES = (
    "亲，在的~ 现货充足，48小时内发货哦",
    "亲，您的宝贝今天下午5点前一定发出",
    "非常抱歉让您久等了",
    "麻烦您拍一下裂纹的照片，我们马上为您处理",
    "亲，已经帮您催促快递了，有消息第一时间告诉您",
    "Sure, we will ship it today and send the tracking number",
    "亲，可以开发票的，请留下抬头",
    "好的亲，给您补发一个新的，运费我们承担",
)


def synthetic_conversations(
    messages: int,
    *,
    shop_name: str = "青瓷小铺",
    staff: Sequence[str] = ("小美", "阿杰"),
    start: datetime = datetime(2024, 1, 1, 9, 0, 0),
    seed: int = 7,
    per_conversation: int = 20,
    order_nos: Sequence[str] = (),
) -> Iterator[Conversation]:
    """Deterministic conversations totalling `messages` messages; every tenth conversation mentions
    an order number from `order_nos` so that linking by number is exercised."""
    rng = random.Random(seed)
    at = start
    written = 0
    index = 0
    while written < messages:
        buyer = f"买家{index:07d}"
        conversation = Conversation(buyer)
        count = min(per_conversation, messages - written)
        for position in range(count):
            at += timedelta(seconds=rng.randrange(5, 400))
            if position % 2 == 0:
                text = _BUYER_LINES[rng.randrange(len(_BUYER_LINES))]
                if position == 0 and order_nos and index % 10 == 0:
                    text = f"订单{order_nos[index % len(order_nos)]}{text}"
                conversation.messages.append(Line(buyer, at, text))
            else:
                name = f"{shop_name}:{staff[rng.randrange(len(staff))]}"
                text = _STAFF_LINES[rng.randrange(len(_STAFF_LINES))]
                if rng.random() < 0.1:
                    text += "\n发出后第一时间把单号发给您"
                conversation.messages.append(Line(name, at, text))
        written += count
        index += 1
        yield conversation


def write_synthetic_export(path: Path, messages: int, *, encoding: str = "gbk", **options) -> int:
    """Write a big export in chunks (bounded memory); returns the number of messages written."""
    written = 0
    with path.open("wb") as handle:
        batch: list[Conversation] = []
        for conversation in synthetic_conversations(messages, **options):
            batch.append(conversation)
            written += len(conversation.messages)
            if len(batch) >= 500:
                handle.write(render(batch).encode(encoding))
                batch = []
        if batch:
            handle.write(render(batch).encode(encoding))
    return written
