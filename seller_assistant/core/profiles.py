"""Marketplace profiles: which rate metrics a marketplace judges a shop by, read from TOML rules files."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.core.files import read_data_file
from seller_assistant.core.help_events import EVENT_KINDS

COUNTS = ("events", "late_shipments")
# orders_paid: orders paid in the window; orders_shipped: orders shipped in it;
# transactions: every paid order in the window, later cancellations included (eBay's wording).
DENOMINATORS = ("orders_paid", "orders_shipped", "transactions")
PROFILE_FOLDER = ("rules", "profiles")


@dataclass(frozen=True)
class Metric:
    id: str
    name_zh: str
    name_en: str
    counts: str  # events | late_shipments
    kinds: tuple[str, ...]  # the event kinds counted (empty for late_shipments)
    denominator: str
    windows: tuple[int, ...]  # days
    threshold: float | None  # the marketplace's limit; None: the shop enters it
    shop_sets_threshold: bool  # the shop's help_rate_threshold setting applies
    higher_is_worse: bool = True
    top_rated: float | None = None  # a stricter "top rated" line, shown alongside
    help_rate: bool = False  # the Taobao-style metric reported as "help_rate"

    def name(self, lang: str) -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en

    @property
    def window_names(self) -> tuple[str, ...]:
        return tuple(f"{days}d" for days in self.windows)


@dataclass(frozen=True)
class Profile:
    id: str
    name_zh: str
    name_en: str
    platforms: tuple[str, ...]
    metrics: tuple[Metric, ...]
    source: str = ""

    def metric(self, metric_id: str) -> Metric:
        for metric in self.metrics:
            if metric.id == metric_id:
                return metric
        raise KeyError(metric_id)

    @property
    def help_rate_metric(self) -> Metric | None:
        return next((m for m in self.metrics if m.help_rate), None)

    @property
    def primary_metric_id(self) -> str | None:
        """The help rate if the profile has one, else its first metric: the one looked ahead."""
        metric = self.help_rate_metric or (self.metrics[0] if self.metrics else None)
        return metric.id if metric else None

    @property
    def streak_kinds(self) -> tuple[str, ...]:
        kinds: list[str] = []
        for metric in self.metrics:
            kinds += [k for k in metric.kinds if k not in kinds]
        return tuple(kinds)


class _Checker:
    """Reads typed values from a TOML table, naming the file and key in every error."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, expected: str, value: Any) -> UserError:
        return UserError(f"{self.source}: key '{key}' must be {expected}, not {value!r}.")

    def text(self, table: dict, key: str, where: str = "") -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where + key, "a non-empty text", value)
        return value

    def flag(self, table: dict, key: str, default: bool, where: str = "") -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(where + key, "true or false", value)
        return value

    def fraction(self, table: dict, key: str, where: str = "") -> float | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
            raise self.fail(where + key, "a fraction between 0 and 1 (1 % is 0.01)", value)
        return float(value)

    def choice(self, table: dict, key: str, choices: tuple[str, ...], where: str = "") -> str:
        value = table.get(key)
        if value not in choices:
            raise self.fail(where + key, "one of " + ", ".join(choices), value)
        return value


def parse_profile(data: dict, source: str) -> Profile:
    check = _Checker(source)
    known = {"id", "name_zh", "name_en", "platforms", "metrics"}
    for key in data:
        if key not in known:
            raise UserError(f"{source}: unknown key '{key}' (known: {', '.join(sorted(known))}).")
    platforms = data.get("platforms")
    if not isinstance(platforms, list) or not platforms or not all(isinstance(p, str) for p in platforms):
        raise check.fail("platforms", "a list of platform names", platforms)
    raw_metrics = data.get("metrics")
    if not isinstance(raw_metrics, list) or not raw_metrics:
        raise check.fail("metrics", "one or more [[metrics]] tables", raw_metrics)
    metrics = tuple(_parse_metric(check, table, f"metrics[{i}].") for i, table in enumerate(raw_metrics))
    ids = [m.id for m in metrics]
    if len(set(ids)) != len(ids):
        raise check.fail("metrics.id", "different for every metric", ids)
    if sum(m.help_rate for m in metrics) > 1:
        raise check.fail("metrics.help_rate", "true for at most one metric", [m.id for m in metrics if m.help_rate])
    return Profile(
        id=check.text(data, "id"), name_zh=check.text(data, "name_zh"), name_en=check.text(data, "name_en"),
        platforms=tuple(platforms), metrics=metrics, source=source,
    )


_METRIC_KEYS = {
    "id", "name_zh", "name_en", "counts", "kinds", "denominator", "windows", "threshold",
    "shop_sets_threshold", "higher_is_worse", "top_rated", "help_rate",
}


def _parse_metric(check: _Checker, table: Any, where: str) -> Metric:
    if not isinstance(table, dict):
        raise check.fail(where.rstrip("."), "a table", table)
    for key in table:
        if key not in _METRIC_KEYS:
            raise UserError(f"{check.source}: unknown key '{where}{key}'.")
    counts = check.choice(table, "counts", COUNTS, where)
    kinds = table.get("kinds", [])
    if not isinstance(kinds, list) or any(k not in EVENT_KINDS for k in kinds):
        raise check.fail(where + "kinds", "a list of event kinds from " + ", ".join(EVENT_KINDS), kinds)
    if counts == "events" and not kinds:
        raise check.fail(where + "kinds", "at least one event kind when counts = \"events\"", kinds)
    windows = table.get("windows")
    if (
        not isinstance(windows, list) or not windows
        or any(isinstance(d, bool) or not isinstance(d, int) or not 1 <= d <= 400 for d in windows)
        or len(set(windows)) != len(windows)
    ):
        raise check.fail(where + "windows", "a list of different whole numbers of days (1-400)", windows)
    threshold = check.fraction(table, "threshold", where)
    shop_sets = check.flag(table, "shop_sets_threshold", threshold is None, where)
    if threshold is None and not shop_sets:
        raise check.fail(where + "threshold", "given when shop_sets_threshold is false", None)
    return Metric(
        id=check.text(table, "id", where), name_zh=check.text(table, "name_zh", where),
        name_en=check.text(table, "name_en", where), counts=counts, kinds=tuple(kinds),
        denominator=check.choice(table, "denominator", DENOMINATORS, where), windows=tuple(windows),
        threshold=threshold, shop_sets_threshold=shop_sets,
        higher_is_worse=check.flag(table, "higher_is_worse", True, where),
        top_rated=check.fraction(table, "top_rated", where),
        help_rate=check.flag(table, "help_rate", False, where),
    )


def load_profile_file(path: Path) -> Profile:
    try:
        data = tomllib.loads(read_data_file(path).decode("utf-8-sig"))
    except OSError as exc:
        raise UserError(f"Cannot read the marketplace profile {path}: {exc.strerror}.") from exc
    except UnicodeDecodeError:
        raise UserError(f"{path.name}: not UTF-8 text (save the profile as UTF-8).") from None
    except RecursionError:
        raise UserError(f"{path.name}: nested too deeply to be a marketplace profile.") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path.name}: not valid TOML ({exc}).") from exc
    return parse_profile(data, path.name)


@cache
def load_profiles(folder: Path | None = None) -> dict[str, Profile]:
    """Every profile in resources/rules/profiles, by id; a platform may be named by one only."""
    folder = folder or paths.resource(*PROFILE_FOLDER)
    profiles: dict[str, Profile] = {}
    claimed: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        profile = load_profile_file(path)
        if profile.id in profiles:
            raise UserError(f"{path.name}: key 'id' repeats '{profile.id}' from {profiles[profile.id].source}.")
        for platform in profile.platforms:
            if platform in claimed:
                raise UserError(f"{path.name}: key 'platforms' names '{platform}', already in {claimed[platform]}.")
            claimed[platform] = path.name
        profiles[profile.id] = profile
    return profiles


def profile_for_platform(platform: str, folder: Path | None = None) -> Profile:
    """The profile naming this platform, else the 'other' profile (a generic help rate)."""
    profiles = load_profiles(folder)
    for profile in profiles.values():
        if platform in profile.platforms:
            return profile
    if "other" in profiles:
        return profiles["other"]
    raise UserError(f"No marketplace profile in {folder or paths.resource(*PROFILE_FOLDER)} covers '{platform}'.")
