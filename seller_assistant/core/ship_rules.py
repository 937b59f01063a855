"""Ship promise rules: which orders promise something other than the shop's default window.

The rules belong to the shop (kept in its store, edited in Settings); the package ships examples
(resources/rules/ship_promise.toml) that are off until a shop turns them on. The first enabled rule
that matches an order sets its promise: hours after payment (the clock stops in platform pauses),
working days (business calendar, cut-off) or a fixed date (pre-sale). An order's own override beats
everything, then the platform's stated deadline; with no rule, the shop's default promise applies.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import NamedTuple

from seller_assistant import paths
from seller_assistant.core.business_calendar import BusinessCalendar
from seller_assistant.core.clock import to_epoch
from seller_assistant.core.errors import UserError
from seller_assistant.core.limits import read_data_file
from seller_assistant.core.messages import Message

DEFAULT_RULE = "default"
OVERRIDE_RULE = "override"
# The deadline the marketplace itself states in its export (承诺发货时间, latest-ship-date, Ship By Date).
PLATFORM_RULE = "platform"
_KNOWN_KEYS = {
    "id",
    "name",
    "title_contains",
    "sku_prefix",
    "category",
    "hours",
    "working_days",
    "ship_by",
    "enabled",
}
# Where a deadline came from, as orders.promise_source keeps it.
SOURCES = {OVERRIDE_RULE: "manual", PLATFORM_RULE: "platform", DEFAULT_RULE: "default"}


def promise_source(rule: str | None) -> str | None:
    """platform | rule | default | manual, for a Promise.rule."""
    return None if rule is None else SOURCES.get(rule, "rule")


@dataclass(frozen=True)
class PromiseRule:
    id: str
    name: str
    title_contains: tuple[str, ...] = ()
    sku_prefix: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    hours: float | None = None
    ship_by: datetime | None = None  # naive: read in the shop's zone when applied
    working_days: int | None = None  # end of the N-th working day (business calendar)
    enabled: bool = True

    def to_mapping(self) -> dict:
        """The rule as stored in the shop's settings (the TOML file's keys)."""
        entry: dict = {"id": self.id, "name": self.name, "enabled": self.enabled}
        for key in ("title_contains", "sku_prefix", "category"):
            if getattr(self, key):
                entry[key] = list(getattr(self, key))
        if self.hours is not None:
            entry["hours"] = self.hours
        if self.working_days is not None:
            entry["working_days"] = self.working_days
        if self.ship_by is not None:
            entry["ship_by"] = self.ship_by.isoformat(timespec="minutes")
        return entry

    def promise(self, paid_at: int, tz: tzinfo, calendar: BusinessCalendar) -> int:
        if self.ship_by is not None:
            return to_epoch(self.ship_by.replace(tzinfo=tz))
        if self.working_days is not None:
            return calendar.add_working_days(paid_at, self.working_days)
        return calendar.add_hours(paid_at, self.hours)

    def matches(self, title: str | None, sku: str | None, category: str | None) -> bool:
        if title and any(word in title for word in self.title_contains):
            return True
        if sku and any(sku.startswith(prefix) for prefix in self.sku_prefix):
            return True
        return bool(category) and category in self.category


class Promise(NamedTuple):
    at: int | None
    rule: str | None


def promise_for(
    rules: tuple[PromiseRule, ...],
    paid_at: int | None,
    title: str | None,
    sku: str | None,
    category: str | None,
    default_hours: float,
    tz: tzinfo,
    override_at: int | None = None,
    platform_at: int | None = None,
    calendar: BusinessCalendar | None = None,
    default_working_days: int | None = None,
) -> Promise:
    """When this order must ship by, and which rule said so: the shop's own per-order date, else the
    platform's stated deadline, else the first enabled matching rule, else the shop's default promise
    (working days when the shop counts in working days, e.g. Amazon/eBay handling time)."""
    if override_at is not None:
        return Promise(override_at, OVERRIDE_RULE)
    if platform_at is not None:
        return Promise(platform_at, PLATFORM_RULE)
    if paid_at is None:
        return Promise(None, None)  # nothing is owed before payment
    calendar = calendar or BusinessCalendar(tz)
    for rule in rules:
        if rule.enabled and rule.matches(title, sku, category):
            return Promise(rule.promise(paid_at, tz, calendar), rule.id)
    if default_working_days is not None:
        return Promise(calendar.add_working_days(paid_at, default_working_days), DEFAULT_RULE)
    return Promise(calendar.add_hours(paid_at, default_hours), DEFAULT_RULE)


def default_rules_path() -> Path:
    return paths.resource("rules", "ship_promise.toml")


def example_rules() -> tuple[PromiseRule, ...]:
    """The package's examples, every one off: a shop turns on the ones it promises."""
    return tuple(replace(rule, enabled=False) for rule in load_promise_rules())


def rules_from_list(entries: object, source: str) -> tuple[PromiseRule, ...]:
    """Rules as stored in the shop's settings (a list of tables in the TOML file's shape)."""
    if not isinstance(entries, list):
        raise UserError("{source}: the ship promise rules must be a list.", source=source)
    return _checked_rules(entries, source)


_CACHE: dict[tuple[str, int], tuple[PromiseRule, ...]] = {}


def load_promise_rules(path: Path | str | None = None) -> tuple[PromiseRule, ...]:
    """Read and check the rules file; a UserError names the file, the rule and the key at fault."""
    path = Path(path) if path else default_rules_path()
    try:
        key = (str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        raise UserError("{path}: the ship promise rules file is missing.", path=path) from None
    if key not in _CACHE:
        _CACHE[key] = parse_promise_rules(read_data_file(path), path.name)
    return _CACHE[key]


def parse_promise_rules(data: bytes, source: str) -> tuple[PromiseRule, ...]:
    try:
        document = tomllib.loads(data.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError("{source}: not a valid TOML file ({problem}).", source=source, problem=exc) from None
    except RecursionError:
        raise UserError("{source}: nested too deeply to be a rules file.", source=source) from None
    unknown = set(document) - {"rule"}
    if unknown:
        raise UserError(
            "{source}: unknown key '{key}' (rules are written as [[rule]] tables).",
            source=source,
            key=sorted(unknown)[0],
        )
    entries = document.get("rule", [])
    if not isinstance(entries, list):
        raise UserError("{source}: 'rule' must be written as [[rule]] tables.", source=source)
    return _checked_rules(entries, source)


def _checked_rules(entries: list, source: str) -> tuple[PromiseRule, ...]:
    rules: list[PromiseRule] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        rule = _parse_rule(entry, Message("{source}: rule {number}", source=source, number=number))
        if rule.id in seen or rule.id in (DEFAULT_RULE, OVERRIDE_RULE, PLATFORM_RULE):
            raise UserError(
                "{source}: rule {number}: the id '{id}' is already used.",
                source=source,
                number=number,
                id=rule.id,
            )
        seen.add(rule.id)
        rules.append(rule)
    return tuple(rules)


def _parse_rule(entry: object, where: str | Message) -> PromiseRule:
    if not isinstance(entry, dict):
        raise UserError("{where}: must be a table of keys.", where=where)
    unknown = set(entry) - _KNOWN_KEYS
    if unknown:
        raise UserError("{where}: unknown key '{key}'.", where=where, key=sorted(unknown)[0])
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise UserError("{where}: key 'id' must be a short name, e.g. \"presale\".", where=where)
    where = Message("{where} ('{rule_id}')", where=where, rule_id=rule_id)
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise UserError("{where}: key 'enabled' must be true or false.", where=where)
    lists = {
        key: _words(entry.get(key, []), where, key) for key in ("title_contains", "sku_prefix", "category")
    }
    if not any(lists.values()):
        raise UserError(
            "{where}: say which orders it is for with 'title_contains', 'sku_prefix' or 'category'.",
            where=where,
        )
    hours, ship_by, working_days = entry.get("hours"), entry.get("ship_by"), entry.get("working_days")
    if [hours, ship_by, working_days].count(None) != 2:
        raise UserError("{where}: give exactly one of 'hours', 'working_days' or 'ship_by'.", where=where)
    if working_days is not None and (
        isinstance(working_days, bool) or not isinstance(working_days, int) or not 0 <= working_days <= 60
    ):
        raise UserError(
            "{where}: key 'working_days' must be a whole number of working days, e.g. 2.", where=where
        )
    if hours is not None and (
        isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= 24 * 365
    ):
        raise UserError("{where}: key 'hours' must be a number of hours after payment, e.g. 24.", where=where)
    if ship_by is not None:
        ship_by = _fixed_date(ship_by, where)
    name = entry.get("name", rule_id)
    if not isinstance(name, str):
        raise UserError("{where}: key 'name' must be text.", where=where)
    return PromiseRule(
        rule_id.strip(),
        name,
        lists["title_contains"],
        lists["sku_prefix"],
        lists["category"],
        float(hours) if hours is not None else None,
        ship_by,
        working_days,
        enabled,
    )


def _words(value: object, where: str | Message, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise UserError(
            "{where}: key '{key}' must be a list of texts, e.g. [\"预售\"].", where=where, key=key
        )
    return tuple(v.strip() for v in value)


def _fixed_date(value: object, where: str | Message) -> datetime:
    """A date means the end of that day; a time of day may be given. Read in the shop's zone."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time(23, 59, 59))
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None:
            if len(value.strip()) <= 10:
                return datetime.combine(parsed.date(), time(23, 59, 59))
            return parsed.replace(tzinfo=None)
    raise UserError("{where}: key 'ship_by' must be a date like 2026-12-10 or 2026-12-10T18:00.", where=where)


def rules_to_toml(rules: tuple[PromiseRule, ...]) -> str:
    """The rules written as the rules file writes them, for editing as text (JSON strings, lists,
    numbers and booleans are valid TOML values)."""
    blocks = []
    for rule in rules:
        lines = ["[[rule]]"]
        lines += [
            f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in rule.to_mapping().items()
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
