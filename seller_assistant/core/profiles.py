"""Marketplace profiles: which rate metrics a marketplace judges a shop by, read from TOML rules files."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.core.help_events import EVENT_KINDS, EVENT_REASONS
from seller_assistant.core.limits import read_data_file
from seller_assistant.core.messages import Message, os_problem

# What a metric counts (its numerator):
#   events: help events of `kinds` (seller_cancellation also matches orders an import marked
#     cancelled by the seller); refunds: orders refunded, with a help event naming one of `reasons`
#     when reasons are given; late_shipments: orders shipped after the platform's latest ship date
#     (else the effective promise); valid_tracking: shipped orders whose tracking number passed its
#     carrier's check; on_time_deliveries: orders delivered by their latest delivery date;
#     replies_on_time: buyer questions the shop answered within `respond_within_hours` (or
#     `respond_within_minutes`), counting only questions asked within `answer_hours` if given.
COUNTS = ("events", "refunds", "late_shipments", "valid_tracking", "on_time_deliveries", "replies_on_time")
# events: every qualifying event counts; orders: an order with several counts once (Amazon's ODR).
UNITS = ("events", "orders")
# event: the event's own time puts it in a window (a dispute's time, a ship confirmation);
# order: the order's date does (Amazon attributes feedback and claims to the order date).
DATED_BY = ("event", "order")
# orders_paid: orders paid in the window; orders: orders placed (paid, else created) in it;
# orders_shipped: orders the shop itself shipped in it; orders_delivered: the shop's orders delivered
# in it that have a latest delivery date; transactions: every paid order in the window, later
# cancellations included (eBay's wording); buyer_questions: buyer questions asked in it that were
# answered or are overdue (store/reply_times.py), for replies_on_time only.
DENOMINATORS = (
    "orders_paid",
    "orders",
    "orders_shipped",
    "orders_delivered",
    "transactions",
    "buyer_questions",
)
# fulfilled_by_platform: orders the platform ships (Amazon FBA) are neither counted nor in the
# denominator; decided_for_seller / withdrawn: claims with that outcome do not count.
EXCLUSIONS = ("fulfilled_by_platform", "decided_for_seller", "withdrawn")
PROFILE_FOLDER = ("rules", "profiles")


def _pick(lang: str, zh: str, en: str) -> str:
    return zh if lang.startswith("zh") else en


@dataclass(frozen=True)
class VolumeWindow:
    """A window whose length depends on volume: eBay looks back 3 months if the seller had at least
    400 transactions in them, else 12 months."""

    look_back_days: int
    min_transactions: int
    days_if_at_least: int
    days_otherwise: int


@dataclass(frozen=True)
class LevelRule:
    """One condition of a level: the metric at most `max` (or `min` when higher is better), or its
    count at most `count_floor` (below the floor the rate does not hold the shop back)."""

    metric: str
    limit: float
    count_floor: int | None = None


@dataclass(frozen=True)
class Level:
    """A seller level combining metrics (eBay Top Rated / Above Standard / Below Standard): the first
    level whose rules all hold is the shop's; a level without rules is the fallback."""

    id: str
    name_zh: str
    name_en: str
    rules: tuple[LevelRule, ...]
    min_transactions: int | None = None  # over min_transactions_days, before the level can be had
    min_transactions_days: int = 365
    # eBay Top Rated: at least this much sold (cents of sales_currency) over min_transactions_days;
    # with buyer_country, only transactions (and sales) with buyers in that country count.
    min_sales_cents: int | None = None
    sales_currency: str | None = None
    buyer_country: str | None = None

    def name(self, lang: str) -> str:
        return _pick(lang, self.name_zh, self.name_en)


@dataclass(frozen=True)
class NotComputed:
    """A part of the platform's judgement the app cannot compute from what it stores, and why."""

    name_zh: str
    name_en: str
    why_zh: str
    why_en: str

    def name(self, lang: str) -> str:
        return _pick(lang, self.name_zh, self.name_en)

    def why(self, lang: str) -> str:
        return _pick(lang, self.why_zh, self.why_en)


@dataclass(frozen=True)
class Metric:
    id: str
    name_zh: str
    name_en: str
    counts: str  # see COUNTS
    kinds: tuple[str, ...]  # the event kinds counted (empty unless counts = events)
    denominator: str
    windows: tuple[int, ...]  # days (for a volume window: both possible lengths)
    threshold: float | None  # the marketplace's limit; None: the shop enters it
    shop_sets_threshold: bool  # the shop enters the limit (no published one)
    higher_is_worse: bool = True
    top_rated: float | None = None  # a stricter "top rated" line, shown alongside
    help_rate: bool = False  # the Taobao-style metric reported as "help_rate"
    unit: str = "events"
    dated_by: str = "event"
    exclude: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # refunds: only those a help event gives one of these reasons for
    volume_window: VolumeWindow | None = None
    count_floor: int | None = None  # not over while the count is at most this (eBay's floors)
    min_orders: int | None = None  # fewer orders than this in the window: the rate does not apply yet
    respond_within_seconds: int = 24 * 3600  # replies_on_time: a reply later than this is late
    # replies_on_time: only questions asked in these local hours count, [start, end) (Douyin: 8-23).
    answer_hours: tuple[int, int] | None = None
    # What one more bad case is called in this platform's words (a defective order, a late reply),
    # for "3 more defective orders put you over 1 %": English one and many, Chinese.
    bad_en: tuple[str, str] = ("event", "events")
    bad_zh: str = "事件"

    def name(self, lang: str) -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en

    def bad_name(self, lang: str, count: int) -> str:
        if lang.startswith("zh"):
            return self.bad_zh
        return self.bad_en[0] if count == 1 else self.bad_en[1]

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
    # What the platform calls the page these metrics are on (Account Health, 平台求助率 …).
    health_zh: str = ""
    health_en: str = ""
    levels: tuple[Level, ...] = ()
    not_computed: tuple[NotComputed, ...] = ()

    def health_name(self, lang: str) -> str:
        zh = lang.startswith("zh")
        return (self.health_zh if zh else self.health_en) or (self.name_zh if zh else self.name_en)

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

    def fail(self, key: str, expected: str | Message, value: Any) -> UserError:
        return UserError(
            "{source}: key '{key}' must be {expected}, not {value}.",
            source=self.source,
            key=key,
            expected=expected,
            value=repr(value),
        )

    def text(self, table: dict, key: str, where: str = "") -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where + key, Message("a non-empty text"), value)
        return value

    def flag(self, table: dict, key: str, default: bool, where: str = "") -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(where + key, Message("true or false"), value)
        return value

    def fraction(self, table: dict, key: str, where: str = "") -> float | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
            raise self.fail(where + key, Message("a fraction between 0 and 1 (1 % is 0.01)"), value)
        return float(value)

    def choice(self, table: dict, key: str, choices: tuple[str, ...], where: str = "", default=None) -> str:
        value = table.get(key, default)
        if value not in choices:
            raise self.fail(where + key, Message("one of {choices}", choices=", ".join(choices)), value)
        return value

    def count(self, table: dict, key: str, where: str = "", low: int = 0, high: int = 100_000) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(
                where + key, Message("a whole number from {low} to {high}", low=low, high=high), value
            )
        return value

    def names(self, table: dict, key: str, choices: tuple[str, ...], where: str = "") -> tuple[str, ...]:
        value = table.get(key, [])
        if (
            not isinstance(value, list)
            or any(v not in choices for v in value)
            or len(set(value)) != len(value)
        ):
            raise self.fail(
                where + key,
                Message("a list of different names from {choices}", choices=", ".join(choices)),
                value,
            )
        return tuple(value)

    def keys(self, table: Any, known: set[str], where: str) -> None:
        if not isinstance(table, dict):
            raise self.fail(where.rstrip("."), Message("a table"), table)
        for key in table:
            if key not in known:
                raise UserError(
                    "{source}: unknown key '{key}' (known: {known}).",
                    source=self.source,
                    key=f"{where}{key}",
                    known=", ".join(sorted(known)),
                )


_PROFILE_KEYS = {
    "id",
    "name_zh",
    "name_en",
    "platforms",
    "metrics",
    "health_zh",
    "health_en",
    "levels",
    "not_computed",
}


def parse_profile(data: dict, source: str) -> Profile:
    check = _Checker(source)
    for key in data:
        if key not in _PROFILE_KEYS:
            raise UserError(
                "{source}: unknown key '{key}' (known: {known}).",
                source=source,
                key=key,
                known=", ".join(sorted(_PROFILE_KEYS)),
            )
    platforms = data.get("platforms")
    if not isinstance(platforms, list) or not platforms or not all(isinstance(p, str) for p in platforms):
        raise check.fail("platforms", Message("a list of platform names"), platforms)
    raw_metrics = data.get("metrics")
    if not isinstance(raw_metrics, list) or not raw_metrics:
        raise check.fail("metrics", Message("one or more [[metrics]] tables"), raw_metrics)
    metrics = tuple(_parse_metric(check, table, f"metrics[{i}].") for i, table in enumerate(raw_metrics))
    ids = [m.id for m in metrics]
    if len(set(ids)) != len(ids):
        raise check.fail("metrics.id", Message("different for every metric"), ids)
    if sum(m.help_rate for m in metrics) > 1:
        raise check.fail(
            "metrics.help_rate",
            Message("true for at most one metric"),
            [m.id for m in metrics if m.help_rate],
        )
    by_id = {m.id: m for m in metrics}
    levels = _list_of(check, data, "levels", lambda table, where: _parse_level(check, table, where, by_id))
    not_computed = _list_of(
        check, data, "not_computed", lambda table, where: _parse_not_computed(check, table, where)
    )
    optional = {key: check.text(data, key) for key in ("health_zh", "health_en") if key in data}
    return Profile(
        id=check.text(data, "id"),
        name_zh=check.text(data, "name_zh"),
        name_en=check.text(data, "name_en"),
        platforms=tuple(platforms),
        metrics=metrics,
        source=source,
        levels=levels,
        not_computed=not_computed,
        **optional,
    )


def _list_of(check: _Checker, data: dict, key: str, parse) -> tuple:
    raw = data.get(key, [])
    if not isinstance(raw, list):
        raise check.fail(key, Message("a list of [[{key}]] tables", key=key), raw)
    return tuple(parse(table, f"{key}[{i}].") for i, table in enumerate(raw))


_METRIC_KEYS = {
    "id",
    "name_zh",
    "name_en",
    "counts",
    "kinds",
    "denominator",
    "windows",
    "threshold",
    "shop_sets_threshold",
    "higher_is_worse",
    "top_rated",
    "help_rate",
    "unit",
    "dated_by",
    "exclude",
    "reasons",
    "window_by_volume",
    "count_floor",
    "min_orders",
    "respond_within_hours",
    "respond_within_minutes",
    "answer_hours",
    "bad_en",
    "bad_zh",
}
_VOLUME_KEYS = {"look_back_days", "min_transactions", "days_if_at_least", "days_otherwise"}


def _parse_metric(check: _Checker, table: Any, where: str) -> Metric:
    check.keys(table, _METRIC_KEYS, where)
    counts = check.choice(table, "counts", COUNTS, where)
    kinds = table.get("kinds", [])
    if not isinstance(kinds, list) or any(k not in EVENT_KINDS for k in kinds):
        raise check.fail(where + "kinds", "a list of event kinds from " + ", ".join(EVENT_KINDS), kinds)
    if counts == "events" and not kinds:
        raise check.fail(where + "kinds", 'at least one event kind when counts = "events"', kinds)
    volume = _parse_volume(check, table, where)
    windows = table.get("windows")
    if volume is not None:
        if windows is not None:
            raise check.fail(
                where + "windows", Message("left out when window_by_volume gives the window"), windows
            )
        windows = sorted({volume.days_if_at_least, volume.days_otherwise})
    if (
        not isinstance(windows, list)
        or not windows
        or any(isinstance(d, bool) or not isinstance(d, int) or not 1 <= d <= 400 for d in windows)
        or len(set(windows)) != len(windows)
    ):
        raise check.fail(
            where + "windows", Message("a list of different whole numbers of days (1-400)"), windows
        )
    threshold = check.fraction(table, "threshold", where)
    shop_sets = check.flag(table, "shop_sets_threshold", threshold is None, where)
    if threshold is None and not shop_sets:
        raise check.fail(where + "threshold", Message("given when shop_sets_threshold is false"), None)
    reasons = check.names(table, "reasons", EVENT_REASONS, where)
    if reasons and counts != "refunds":
        raise check.fail(where + "reasons", 'given only when counts = "refunds"', list(reasons))
    denominator = check.choice(table, "denominator", DENOMINATORS, where)
    if (counts == "replies_on_time") != (denominator == "buyer_questions"):
        raise check.fail(
            where + "denominator", 'buyer_questions exactly when counts = "replies_on_time"', denominator
        )
    return Metric(
        id=check.text(table, "id", where),
        name_zh=check.text(table, "name_zh", where),
        name_en=check.text(table, "name_en", where),
        counts=counts,
        kinds=tuple(kinds),
        denominator=denominator,
        windows=tuple(windows),
        threshold=threshold,
        shop_sets_threshold=shop_sets,
        higher_is_worse=check.flag(table, "higher_is_worse", True, where),
        top_rated=check.fraction(table, "top_rated", where),
        help_rate=check.flag(table, "help_rate", False, where),
        unit=check.choice(table, "unit", UNITS, where, "events"),
        dated_by=check.choice(table, "dated_by", DATED_BY, where, "event"),
        exclude=check.names(table, "exclude", EXCLUSIONS, where),
        reasons=reasons,
        volume_window=volume,
        count_floor=check.count(table, "count_floor", where),
        min_orders=check.count(table, "min_orders", where, low=1),
        **_reply_clock(check, table, where, counts),
        **_bad_names(check, table, where),
    )


def _reply_clock(check: _Checker, table: dict, where: str, counts: str) -> dict:
    """respond_within_hours = 24 (Amazon) or respond_within_minutes = 3 (Douyin), answer_hours = [8, 23]."""
    given = [
        key for key in ("respond_within_hours", "respond_within_minutes", "answer_hours") if key in table
    ]
    if given and counts != "replies_on_time":
        raise check.fail(where + given[0], 'given only when counts = "replies_on_time"', table[given[0]])
    if "respond_within_hours" in table and "respond_within_minutes" in table:
        raise check.fail(
            where + "respond_within_minutes",
            "left out when respond_within_hours is given",
            table["respond_within_minutes"],
        )
    clock: dict = {}
    hours = check.count(table, "respond_within_hours", where, low=1, high=720)
    minutes = check.count(table, "respond_within_minutes", where, low=1, high=720 * 60)
    if hours or minutes:
        clock["respond_within_seconds"] = hours * 3600 if hours else minutes * 60
    if "answer_hours" in table:
        span = table["answer_hours"]
        if (
            not isinstance(span, list)
            or len(span) != 2
            or any(isinstance(h, bool) or not isinstance(h, int) for h in span)
            or not 0 <= span[0] < span[1] <= 24
        ):
            raise check.fail(
                where + "answer_hours", Message("[first hour, hour after the last], e.g. [8, 23]"), span
            )
        clock["answer_hours"] = (span[0], span[1])
    return clock


def _bad_names(check: _Checker, table: dict, where: str) -> dict:
    names = {}
    if "bad_en" in table:
        value = table["bad_en"]
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise check.fail(
                where + "bad_en", 'two texts, one and many ("late reply", "late replies")', value
            )
        names["bad_en"] = tuple(value)
    if "bad_zh" in table:
        names["bad_zh"] = check.text(table, "bad_zh", where)
    return names


def _parse_volume(check: _Checker, table: dict, where: str) -> VolumeWindow | None:
    raw = table.get("window_by_volume")
    if raw is None:
        return None
    inner = where + "window_by_volume."
    check.keys(raw, _VOLUME_KEYS, inner)
    values = {}
    for key in sorted(_VOLUME_KEYS):
        value = check.count(raw, key, inner, low=1, high=400 if key != "min_transactions" else 10_000_000)
        if value is None:
            raise check.fail(inner + key, Message("given"), None)
        values[key] = value
    return VolumeWindow(**values)


_LEVEL_KEYS = {
    "id",
    "name_zh",
    "name_en",
    "rules",
    "min_transactions",
    "min_transactions_days",
    "min_sales",
    "sales_currency",
    "buyer_country",
}
_RULE_KEYS = {"metric", "max", "min", "count_floor"}


def _parse_level(check: _Checker, table: Any, where: str, metrics: dict[str, Metric]) -> Level:
    check.keys(table, _LEVEL_KEYS, where)
    raw_rules = table.get("rules", [])
    if not isinstance(raw_rules, list):
        raise check.fail(
            where + "rules", Message("a list of {metric, max or min, count_floor} tables"), raw_rules
        )
    rules = []
    for i, rule in enumerate(raw_rules):
        inner = f"{where}rules[{i}]."
        check.keys(rule, _RULE_KEYS, inner)
        if rule.get("metric") not in metrics:
            raise check.fail(
                inner + "metric", Message("the id of a metric of this profile"), rule.get("metric")
            )
        # A rate that must stay low has a max; one that must stay high (valid tracking) a min.
        key = "max" if metrics[rule["metric"]].higher_is_worse else "min"
        if key not in rule or len({"max", "min"} & set(rule)) != 1:
            raise check.fail(inner + key, f"given (and only it) for {rule['metric']}", rule.get(key))
        limit = check.fraction(rule, key, inner)
        rules.append(LevelRule(rule["metric"], limit, check.count(rule, "count_floor", inner)))
    return Level(
        id=check.text(table, "id", where),
        name_zh=check.text(table, "name_zh", where),
        name_en=check.text(table, "name_en", where),
        rules=tuple(rules),
        min_transactions=check.count(table, "min_transactions", where, low=1),
        min_transactions_days=check.count(table, "min_transactions_days", where, low=1, high=400) or 365,
        **_sales_floor(check, table, where),
    )


def _sales_floor(check: _Checker, table: dict, where: str) -> dict:
    """min_sales = "1000.00" with sales_currency = "USD" (money as text: exact, never a float)."""
    floor: dict = {}
    if "buyer_country" in table:
        country = check.text(table, "buyer_country", where)
        if len(country) != 2 or not country.isalpha() or not country.isupper():
            raise check.fail(where + "buyer_country", 'a two-letter country code such as "US"', country)
        floor["buyer_country"] = country
    if "min_sales" not in table:
        if "sales_currency" in table:
            raise check.fail(where + "min_sales", Message("given with sales_currency"), None)
        return floor
    raw = table["min_sales"]
    try:
        amount = Decimal(raw) if isinstance(raw, str) else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise check.fail(
            where + "min_sales", 'an amount as text with at most 2 decimals, e.g. "1000.00"', raw
        )
    currency = check.text(table, "sales_currency", where)
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise check.fail(where + "sales_currency", 'a three-letter currency code such as "USD"', currency)
    return floor | {"min_sales_cents": int(amount * 100), "sales_currency": currency}


def _parse_not_computed(check: _Checker, table: Any, where: str) -> NotComputed:
    check.keys(table, {"name_zh", "name_en", "why_zh", "why_en"}, where)
    return NotComputed(*(check.text(table, key, where) for key in ("name_zh", "name_en", "why_zh", "why_en")))


def load_profile_file(path: Path) -> Profile:
    try:
        data = tomllib.loads(read_data_file(path).decode("utf-8-sig"))
    except OSError as exc:
        raise UserError(
            "Cannot read the marketplace profile {path}: {problem}.", path=path, problem=os_problem(exc)
        ) from exc
    except UnicodeDecodeError:
        raise UserError("{file}: not UTF-8 text (save the profile as UTF-8).", file=path.name) from None
    except RecursionError:
        raise UserError("{file}: nested too deeply to be a marketplace profile.", file=path.name) from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError("{file}: not valid TOML ({problem}).", file=path.name, problem=exc) from exc
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
            raise UserError(
                "{file}: key 'id' repeats '{id}' from {other}.",
                file=path.name,
                id=profile.id,
                other=profiles[profile.id].source,
            )
        for platform in profile.platforms:
            if platform in claimed:
                raise UserError(
                    "{file}: key 'platforms' names '{platform}', already in {other}.",
                    file=path.name,
                    platform=platform,
                    other=claimed[platform],
                )
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
    raise UserError(
        "No marketplace profile in {folder} covers '{platform}'.",
        folder=folder or paths.resource(*PROFILE_FOLDER),
        platform=platform,
    )
