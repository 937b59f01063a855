"""What the chat importers share: per-line errors, who is buyer or staff, and fast local times."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from seller_assistant.core.chat_records import ChatRecord
from seller_assistant.core.limits import limits

_EARLIEST, _LATEST = limits().earliest_year, limits().latest_year

# Names the marketplace itself speaks under: its staff step into a chat (咨询介入) or post notices.
_PLATFORM_NAMES = ("淘宝小二", "天猫小二", "小二", "平台客服", "官方客服", "淘宝客服", "天猫客服", "淘宝平台", "平台")
_SYSTEM_NAMES = ("系统消息", "系统提示", "系统通知", "系统", "店小蜜", "阿里小蜜", "自动回复")
AUTO_REPLY_MARKS = ("[自动回复]", "【自动回复】", "[Auto reply]", "[auto reply]")


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

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
    """Sub-accounts look like 'shopname:staff' (Qianniu); the main account is the shop's name."""
    if ":" in sender or "：" in sender:
        return True
    return bool(shop_name) and sender == shop_name


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
