"""What the chat importers share: per-line errors, who is buyer or staff, and fast local times."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from seller_assistant.core.chat_records import ChatRecord
from seller_assistant.core.limits import limits
from seller_assistant.core.messages import Message

_EARLIEST, _LATEST = limits().earliest_year, limits().latest_year

# Names the marketplace itself speaks under: its staff step into a chat (咨询介入) or post notices.
_PLATFORM_NAMES = (
    "淘宝小二",
    "天猫小二",
    "小二",
    "平台客服",
    "官方客服",
    "淘宝客服",
    "天猫客服",
    "淘宝平台",
    "平台",
)
_SYSTEM_NAMES = ("系统消息", "系统提示", "系统通知", "系统", "店小蜜", "阿里小蜜", "自动回复")
AUTO_REPLY_MARKS = ("[自动回复]", "【自动回复】", "[Auto reply]", "[auto reply]")

# Lines the clients print between messages that nobody wrote: recalls, transfers, staff joining or
# leaving, history markers, system tips. Whole-line patterns, so a buyer's "帮我转接人工" stays text.
_NOTICE = re.compile(
    r"^\s*[-—=─\s]*(?:"
    r".{0,30}?撤回了一条(?:消息)?|消息已(?:被)?撤回|.{0,30}?(?:已|被)(?:将会话)?(?:转接|转交|转移)(?:给|至|到)?.{0,40}"
    r"|会话已(?:转接|转交|转移).{0,40}"
    r"|.{0,30}?(?:已接入会话|接入了会话|已转接|结束了会话|会话已结束|已关闭会话|离开了会话|进入了会话|会话已超时关闭)"
    r"|以[上下](?:为|是)(?:历史|新)消息|[\[【]系统(?:提示|通知|消息)[\]】][:：]?.{0,80}|系统(?:提示|通知)[:：].{0,80}"
    r")[-—=─\s]*$"
)
_NOTICE_MARK = re.compile("撤回|转|会话|消息|系统")  # a cheap first look: most lines have none of these


def is_notice(line: str) -> bool:
    """True for a line the client printed about the chat (a recall, a transfer, a system notice)."""
    return len(line) < 100 and _NOTICE_MARK.search(line) is not None and _NOTICE.match(line) is not None


@dataclass(frozen=True)
class RowError:
    line: int
    message: str  # in English, as the log and --json give it
    said: Message | None = field(default=None, compare=False)  # the same, for the reader's language

    @classmethod
    def saying(cls, line: int, said: Message) -> RowError:
        return cls(line, said.text("en"), said)

    def text(self, language: str | None = None) -> str:
        """The problem in `language` (default: the language messages are shown in now)."""
        return self.said.text(language) if self.said is not None else self.message

    def to_json(self) -> dict:
        return {"line": self.line, "message": self.message}


@dataclass
class ParsedChat:
    records: list[ChatRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def fixed_role(sender: str, text: str) -> str | None:
    """Platform or system by name or by an auto-reply mark; None when it is a person of the chat."""
    name = sender.strip()
    if name in _SYSTEM_NAMES or text.startswith(AUTO_REPLY_MARKS):
        return "system"
    if name in _PLATFORM_NAMES or name.startswith(("淘宝小二", "天猫小二", "官方客服")):
        return "platform"
    return None


def is_staff_name(sender: str, shop_name: str | None) -> bool:
    """Sub-accounts look like 'shopname:staff' (Qianniu); the main account is the shop's name.
    Douyin 飞鸽 and JD 咚咚 name staff after the shop too ('青瓷小铺-小美', '青瓷小铺_小美',
    '小美@青瓷小铺' — seen in shops' screenshots, not in a published format)."""
    if ":" in sender or "：" in sender:
        return True
    if not shop_name:
        return False
    return sender == shop_name or (len(shop_name) >= 2 and shop_name in sender)


class LocalClock:
    """Naive wall-clock times of a file read in the shop's zone, fast enough for a million lines:
    the epoch of each (date, hour) is computed once, then minutes and seconds are added."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self._hours: dict[tuple[int, int, int, int], int] = {}

    def epoch(self, year: int, month: int, day: int, hour: int, minute: int, second: int) -> int:
        if not (0 <= minute < 60 and 0 <= second < 61):
            raise ValueError("minute or second out of range")
        if year < _EARLIEST or year > _LATEST:
            # limits.toml: a year 9999 stored would break every later export of the chat.
            raise ValueError(f"the year {year} is outside {_EARLIEST}-{_LATEST}")
        key = (year, month, day, hour)
        base = self._hours.get(key)
        if base is None:
            base = int(datetime(year, month, day, hour, tzinfo=self.tz).timestamp())
            self._hours[key] = base
        return base + minute * 60 + second
