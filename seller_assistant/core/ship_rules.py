"""Ship promise rules: which orders promise something other than the shop's default window.

The rules are data (resources/rules/ship_promise.toml, editable by the shop): the first rule that
matches an order sets its promise, in hours after payment or as a fixed date (pre-sale). An order's
own override beats every rule; with no rule, the promise is paid time + the shop's default hours.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import NamedTuple

from seller_assistant import paths
from seller_assistant.core.clock import to_epoch
from seller_assistant.core.errors import UserError
from seller_assistant.core.files import read_data_file

DEFAULT_RULE = "default"
OVERRIDE_RULE = "override"
# The deadline the marketplace itself states in its export (承诺发货时间, latest-ship-date, Ship By Date).
PLATFORM_RULE = "platform"
_KNOWN_KEYS = {"id", "name", "title_contains", "sku_prefix", "category", "hours", "ship_by", "enabled"}


@dataclass(frozen=True)
class PromiseRule:
    id: str
    name: str
    title_contains: tuple[str, ...] = ()
    sku_prefix: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    hours: float | None = None
    ship_by: datetime | None = None  # naive: read in the shop's zone when applied

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
    rules: tuple[PromiseRule, ...], paid_at: int | None, title: str | None, sku: str | None,
    category: str | None, default_hours: float, tz: tzinfo, override_at: int | None = None,
    platform_at: int | None = None,
) -> Promise:
    """When this order must ship by, and which rule said so: the shop's own per-order date, else the
    platform's stated deadline, else the first matching rule, else the shop's default promise."""
    if override_at is not None:
        return Promise(override_at, OVERRIDE_RULE)
    if platform_at is not None:
        return Promise(platform_at, PLATFORM_RULE)
    if paid_at is None:
        return Promise(None, None)  # nothing is owed before payment
    for rule in rules:
        if rule.matches(title, sku, category):
            if rule.ship_by is not None:
                return Promise(to_epoch(rule.ship_by.replace(tzinfo=tz)), rule.id)
            return Promise(paid_at + round(rule.hours * 3600), rule.id)
    return Promise(paid_at + round(default_hours * 3600), DEFAULT_RULE)


def default_rules_path() -> Path:
    return paths.resource("rules", "ship_promise.toml")


_CACHE: dict[tuple[str, int], tuple[PromiseRule, ...]] = {}


def load_promise_rules(path: Path | str | None = None) -> tuple[PromiseRule, ...]:
    """Read and check the rules file; a UserError names the file, the rule and the key at fault."""
    path = Path(path) if path else default_rules_path()
    try:
        key = (str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        raise UserError(f"{path}: the ship promise rules file is missing.") from None
    if key not in _CACHE:
        _CACHE[key] = parse_promise_rules(read_data_file(path), path.name)
    return _CACHE[key]


def parse_promise_rules(data: bytes, source: str) -> tuple[PromiseRule, ...]:
    try:
        document = tomllib.loads(data.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{source}: not a valid TOML file ({exc}).") from None
    except RecursionError:
        raise UserError(f"{source}: nested too deeply to be a rules file.") from None
    unknown = set(document) - {"rule"}
    if unknown:
        raise UserError(f"{source}: unknown key '{sorted(unknown)[0]}' (rules are written as [[rule]] tables).")
    entries = document.get("rule", [])
    if not isinstance(entries, list):
        raise UserError(f"{source}: 'rule' must be written as [[rule]] tables.")
    rules: list[PromiseRule] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        rule = _parse_rule(entry, f"{source}: rule {number}")
        if rule is None:
            continue
        if rule.id in seen or rule.id in (DEFAULT_RULE, OVERRIDE_RULE, PLATFORM_RULE):
            raise UserError(f"{source}: rule {number}: the id '{rule.id}' is already used.")
        seen.add(rule.id)
        rules.append(rule)
    return tuple(rules)


def _parse_rule(entry: object, where: str) -> PromiseRule | None:
    if not isinstance(entry, dict):
        raise UserError(f"{where}: must be a table of keys.")
    unknown = set(entry) - _KNOWN_KEYS
    if unknown:
        raise UserError(f"{where}: unknown key '{sorted(unknown)[0]}'.")
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise UserError(f"{where}: key 'id' must be a short name, e.g. \"presale\".")
    where = f"{where} ('{rule_id}')"
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise UserError(f"{where}: key 'enabled' must be true or false.")
    lists = {key: _words(entry.get(key, []), where, key) for key in ("title_contains", "sku_prefix", "category")}
    if not any(lists.values()):
        raise UserError(f"{where}: say which orders it is for with 'title_contains', 'sku_prefix' or 'category'.")
    hours, ship_by = entry.get("hours"), entry.get("ship_by")
    if (hours is None) == (ship_by is None):
        raise UserError(f"{where}: give exactly one of 'hours' or 'ship_by'.")
    if hours is not None and (isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= 24 * 365):
        raise UserError(f"{where}: key 'hours' must be a number of hours after payment, e.g. 24.")
    if ship_by is not None:
        ship_by = _fixed_date(ship_by, where)
    name = entry.get("name", rule_id)
    if not isinstance(name, str):
        raise UserError(f"{where}: key 'name' must be text.")
    if not enabled:
        return None
    return PromiseRule(rule_id.strip(), name, lists["title_contains"], lists["sku_prefix"], lists["category"],
                       float(hours) if hours is not None else None, ship_by)


def _words(value: object, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise UserError(f"{where}: key '{key}' must be a list of texts, e.g. [\"预售\"].")
    return tuple(v.strip() for v in value)


def _fixed_date(value: object, where: str) -> datetime:
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
    raise UserError(f"{where}: key 'ship_by' must be a date like 2026-12-10 or 2026-12-10T18:00.")
