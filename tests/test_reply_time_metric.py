"""Amazon's "response time under 24 hours" from the chats the shop imported, worked by hand.

Rule (resources/rules/profiles/amazon.toml): at least 90 % of buyer messages answered within 24 hours,
over 7 and 30 days, weekends included; auto-replies are no answer. The chats come in as the plain
chat CSV the app reads (time, sender, text, buyer, role: importers/chat_csv.py)."""

from __future__ import annotations

import json

import pytest

from seller_assistant.core.clock import from_epoch
from seller_assistant.core.reply_time import LATE, ON_TIME, WAITING, in_hours, in_hours_test, reply_outcome
from seller_assistant.imports.chats import import_chat_file
from seller_assistant.store import shops
from seller_assistant.store.risk import risk_report
from tests.conftest import NOW_EPOCH, SHANGHAI

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

DAY, HOUR = 86400, 3600
SHOP = "测试小店:Anna"


def _local(at: int) -> str:
    return from_epoch(at, SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def _amazon_shop_with_chats(store, tmp_path, lines: list[tuple[int, str, str, str]]) -> None:
    """lines: (seconds before NOW, sender, buyer, role)."""
    settings = shops.load_settings(store, 1).updated(
        platform="amazon", help_rate_threshold=None, language="en"
    )
    shops.save_settings(store, 1, settings)
    rows = ["time,sender,text,buyer,role"]
    for i, (ago, sender, buyer, role) in enumerate(lines):
        rows.append(f"{_local(NOW_EPOCH - ago)},{sender},message {i},{buyer},{role}")
    path = tmp_path / "messages.csv"
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8-sig")
    result = import_chat_file(store, 1, path, now=NOW_EPOCH, format="csv")
    assert result.inserted == len(lines), result.errors


def _buyer(ago: int, name: str) -> tuple[int, str, str, str]:
    return (ago, name, name, "buyer")


def _shop(ago: int, buyer: str) -> tuple[int, str, str, str]:
    return (ago, SHOP, buyer, "staff")


CHATS = [
    _buyer(40 * DAY, "frank"),  # outside both windows
    _buyer(10 * DAY, "alice"),
    _shop(10 * DAY - 2 * HOUR, "alice"),  # on time, 30 d only
    # Two buyer messages in a row are one question, timed from the first: answered after 23 h.
    _buyer(5 * DAY, "bob"),
    _buyer(5 * DAY - HOUR, "bob"),
    _shop(5 * DAY - 23 * HOUR, "bob"),
    _buyer(4 * DAY, "carol"),
    _shop(4 * DAY - 25 * HOUR, "carol"),  # answered after 25 h: late
    _buyer(3 * DAY, "dan"),  # never answered, 3 days old: late
    # A system line is no answer: Gina's reply came 30 h later: late.
    _buyer(6 * DAY, "gina"),
    (6 * DAY - HOUR, "系统消息", "gina", "system"),
    _shop(6 * DAY - 30 * HOUR, "gina"),
    # The shop writing first asks nothing; Bob's next question is answered in an hour.
    _shop(2 * DAY, "bob"),
    _buyer(DAY, "bob"),
    _shop(DAY - HOUR, "bob"),
    _buyer(2 * HOUR, "erin"),  # unanswered, 2 h old: not counted yet
]


def test_reply_outcome_rule():
    assert reply_outcome(0, 24 * HOUR, 30 * DAY, 24 * HOUR) == ON_TIME  # exactly 24 h is in time
    assert reply_outcome(0, 24 * HOUR + 1, 30 * DAY, 24 * HOUR) == LATE
    assert reply_outcome(0, None, 24 * HOUR, 24 * HOUR) == WAITING
    assert reply_outcome(0, None, 24 * HOUR + 1, 24 * HOUR) == LATE
    assert reply_outcome(0, 5 * HOUR, 2 * HOUR, 24 * HOUR) == WAITING  # a reply after "now" is not seen yet


def test_the_answer_hours_worked_out_per_quarter_hour_agree_with_each_messages_own_local_hour():
    # Zones with a quarter-hour offset, a half-hour summer time and a daylight-saving jump, every
    # minute around their changes in 2026 and at random over the year.
    import random
    from zoneinfo import ZoneInfo

    rng = random.Random(8)
    year = 1767225600  # 2026-01-01 00:00 UTC
    for name in (
        "Asia/Shanghai",
        "Asia/Kathmandu",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "America/New_York",
    ):
        tz = ZoneInfo(name)
        test = in_hours_test(tz, (8, 23))
        times = [year + rng.randrange(365 * DAY) for _ in range(3000)]
        changes = [
            at
            for at in range(year, year + 365 * DAY, HOUR)
            if tz.utcoffset(from_epoch(at, tz)) != tz.utcoffset(from_epoch(at - HOUR, tz))
        ]
        times += [at + minute * 60 for at in changes for minute in range(-90, 90)]
        assert [test(at) for at in times] == [in_hours(at, tz, (8, 23)) for at in times], name


def test_amazon_response_time_counts_questions_answered_within_24_hours(store, tmp_path):
    _amazon_shop_with_chats(store, tmp_path, CHATS)
    report = risk_report(store, 1, NOW_EPOCH)
    windows = report.metrics["response_time_24h"]
    # 7 days: Bob (on time), Carol (late), Dan (late), Gina (late), Bob again (on time) = 2 / 5.
    assert (windows["7d"].events, windows["7d"].orders, windows["7d"].rate) == (2, 5, 0.4)
    # 30 days adds Alice (on time): 3 / 6; Erin (waiting) and Frank (40 days) are in neither.
    assert (windows["30d"].events, windows["30d"].orders, windows["30d"].rate) == (3, 6, 0.5)
    # 90 % of 6 needs 6 on time (5.4 rounded up): floor(3 / 0.9) − 6 = −3, under the target.
    assert windows["30d"].headroom == -3 and windows["30d"].status == "over"


def test_an_unanswered_question_turns_late_when_its_24_hours_run_out(store, tmp_path):
    _amazon_shop_with_chats(
        store, tmp_path, [_buyer(2 * HOUR, "erin"), _buyer(3 * DAY, "dan"), _shop(3 * DAY - HOUR, "dan")]
    )
    now = risk_report(store, 1, NOW_EPOCH).metrics["response_time_24h"]["7d"]
    assert (now.events, now.orders) == (1, 1)  # Erin still has 22 h
    later = risk_report(store, 1, NOW_EPOCH + 23 * HOUR).metrics["response_time_24h"]["7d"]
    assert (later.events, later.orders) == (1, 2)


def test_a_shop_without_chats_reads_no_messages_not_zero(store, cli):
    settings = shops.load_settings(store, 1).updated(
        platform="amazon", help_rate_threshold=None, language="en"
    )
    shops.save_settings(store, 1, settings)
    store.close()
    result = cli("risk", "--json")
    assert result.code == 0, result.err
    [seven, thirty] = [
        m for m in json.loads(result.out)["health"]["metrics"] if m["metric"] == "response_time_24h"
    ]
    assert (seven["window"], seven["value"], seven["status"], seven["threshold"]) == (
        "7d",
        None,
        "no_orders",
        0.9,
    )
    assert thirty["window"] == "30d" and thirty["value"] is None


def test_risk_json_carries_the_response_time_with_value_threshold_headroom(store, tmp_path, cli):
    _amazon_shop_with_chats(store, tmp_path, CHATS)
    store.close()
    result = cli("risk", "--json")
    assert result.code == 0, result.err
    thirty = next(
        m
        for m in json.loads(result.out)["health"]["metrics"]
        if m["metric"] == "response_time_24h" and m["window"] == "30d"
    )
    assert (thirty["value"], thirty["threshold"], thirty["headroom"], thirty["higher_is_worse"]) == (
        0.5,
        0.9,
        -3,
        False,
    )
    assert (thirty["numerator"], thirty["denominator"]) == (3, 6)


def test_an_auto_reply_is_no_answer(store, tmp_path):
    settings = shops.load_settings(store, 1).updated(
        platform="amazon", help_rate_threshold=None, language="en"
    )
    shops.save_settings(store, 1, settings)
    asked, auto = _local(NOW_EPOCH - 3 * DAY), _local(NOW_EPOCH - 3 * DAY + 60)
    path = tmp_path / "messages.csv"
    path.write_text(
        f"time,sender,text,buyer\r\n{asked},harry,Where is my parcel?,harry\r\n"
        f"{auto},{SHOP},[Auto reply] We will get back to you soon,harry\r\n",
        encoding="utf-8",
    )
    import_chat_file(store, 1, path, now=NOW_EPOCH, format="csv")
    window = risk_report(store, 1, NOW_EPOCH).metrics["response_time_24h"]["7d"]
    assert (window.events, window.orders) == (0, 1)  # Amazon: auto-responders are not a valid response


def test_douyin_3_minute_reply_rate_counts_questions_asked_between_8_and_23(store, tmp_path):
    """Douyin 飞鸽: messages a person answered within 3 minutes over messages buyers sent, judged
    08:00-23:00 (the rule as summarised in resources/rules/profiles/douyin.toml)."""
    settings = shops.load_settings(store, 1).updated(
        platform="douyin", help_rate_threshold=None, language="en"
    )
    shops.save_settings(store, 1, settings)
    day = NOW_EPOCH - 2 * DAY - 9 * HOUR  # two days ago, 00:00 in Shanghai
    minute = 60
    rows = ["时间,发送人,内容,买家,角色"]
    for at, sender, buyer, role in [
        (day + 10 * HOUR, "小明", "小明", "buyer"),
        (day + 10 * HOUR + 2 * minute, SHOP, "小明", "staff"),  # on time
        (day + 12 * HOUR, "小红", "小红", "buyer"),
        (day + 12 * HOUR + 5 * minute, SHOP, "小红", "staff"),  # late
        # A run of two messages, timed from the first: answered after 4 minutes: late.
        (day + 14 * HOUR, "小刚", "小刚", "buyer"),
        (day + 14 * HOUR + 2 * minute, "小刚", "小刚", "buyer"),
        (day + 14 * HOUR + 4 * minute, SHOP, "小刚", "staff"),
        (day + 23 * HOUR + 30 * minute, "夜猫", "夜猫", "buyer"),  # after 23:00: not judged
        (day + 7 * HOUR, "早鸟", "早鸟", "buyer"),  # before 08:00: not judged
    ]:
        rows.append(f"{_local(at)},{sender},在吗 {at},{buyer},{role}")
    path = tmp_path / "feige.csv"
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8-sig")
    import_chat_file(store, 1, path, now=NOW_EPOCH, format="csv")
    window = risk_report(store, 1, NOW_EPOCH).metrics["chat_reply_3min"]["90d"]
    assert (window.events, window.orders, window.rate) == (1, 3, 1 / 3)
    assert (
        window.threshold is None and window.status == "unknown"
    )  # Douyin publishes no limit: the shop sets it


def test_a_chat_imported_between_two_reports_is_counted_by_the_second(store, tmp_path):
    _amazon_shop_with_chats(store, tmp_path, [_buyer(3 * DAY, "dan"), _shop(3 * DAY - HOUR, "dan")])
    first = risk_report(store, 1, NOW_EPOCH + 60).metrics["response_time_24h"]["7d"]
    assert (first.events, first.orders) == (1, 1)
    path = tmp_path / "more.csv"
    path.write_text(
        f"time,sender,text,buyer,role\r\n{_local(NOW_EPOCH - 2 * DAY)},ivy,Hello?,ivy,buyer\r\n",
        encoding="utf-8",
    )
    import_chat_file(store, 1, path, now=NOW_EPOCH, format="csv")
    second = risk_report(store, 1, NOW_EPOCH + 120).metrics["response_time_24h"]["7d"]
    assert (second.events, second.orders) == (1, 2)  # Ivy's unanswered question, 2 days old: late
