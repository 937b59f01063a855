"""The fast reader of the dominant Qianniu layout reads exactly what the careful line loop reads.

importers/qianniu_fast.py reads `name (YYYY-MM-DD HH:MM:SS):` messages many lines at a time and
leaves every other line to the loop of importers/qianniu.py; `iter_qianniu(..., fast=False)` is
that loop alone. Here both read every layout of tests/test_chat_layouts.py and
tests/test_chat_pieces.py (the layouts come from Qianniu's 聊天记录 → 导出 and from copies shops
paste, as those modules say), each with "\\n" and "\\r\\n", and random hostile text: the same
records (text, sender, role, time, status, notes, line) and the same errors on the same lines.
A fixed digest of the benchmark's export pins what both read to what the loop read before the
fast reader existed.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from seller_assistant.importers.qianniu import iter_qianniu
from tests.builders.qianniu_export import render, synthetic_conversations
from tests.conftest import SHANGHAI
from tests.test_chat_layouts import QIANNIU_LAYOUTS
from tests.test_chat_pieces import BROADCAST, LEANS_ON_THE_DATE_BEFORE, UNREADABLE, _file

SHOP_NAME = "测试小店"


def read(text: str, fast: bool, batch_size: int = 5000) -> tuple[list, list]:
    errors: list = []
    batches = list(iter_qianniu(text, SHANGHAI, SHOP_NAME, errors, batch_size, fast=fast))
    return batches, [(error.line, error.message) for error in errors]


def assert_read_alike(text: str, batch_size: int = 5000) -> None:
    assert read(text, True, batch_size) == read(text, False, batch_size)


SAMPLES = {
    **QIANNIU_LAYOUTS,
    "pieces file": _file(),
    "leans on the date before": LEANS_ON_THE_DATE_BEFORE,
    "broadcast": BROADCAST * 3,
    "unreadable": UNREADABLE,
}


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("sample", list(SAMPLES))
def test_every_layout_reads_the_same_with_and_without_the_fast_reader(sample, newline):
    text = SAMPLES[sample].replace("\n", newline)
    assert_read_alike(text)
    assert_read_alike(text.rstrip())  # no line break after the last line
    assert_read_alike(text, batch_size=1)  # a batch after every conversation


def test_the_fast_reader_reads_the_export_layout_itself():
    """Not a test of the loop twice: the export's messages are read by the fast reader (a
    FastReader that reads nothing would pass the comparisons above)."""
    from seller_assistant.importers import qianniu_fast
    from seller_assistant.importers.chat_parse import LocalClock
    from seller_assistant.importers.qianniu_blocks import Block

    text = render(synthetic_conversations(40, seed=3, order_nos=["3912345678901234567"]))
    reader = qianniu_fast.FastReader(text, LocalClock(SHANGHAI))
    block = Block("买家0000000")
    for _ in range(4):  # separator, 消息对象, separator, 日期: the loop's lines
        next(reader)
    current = reader.messages(block, None, [])
    assert len(block.entries) == 20 and current is None  # the conversation, to the separator after it
    first = block.entries[0]
    assert (first.line, first.sender, first.lines[0][:2]) == (5, "买家0000000", "订单")
    assert next(reader)[1] == "消息对象:买家0000001"  # the loop's line


# The benchmark's export (tests/builders/qianniu_export.py), 3 000 messages: what the loop read
# before the fast reader existed (records and errors, hashed).
EXPORT_DIGEST = "1af4219372fefc1fa6cc5efe36845cccf3792c0141a1098f3d16f5f9f4551b72"


@pytest.mark.parametrize(("newline", "style"), [("\r\n", "paren"), ("\n", "paren"), ("\n", "space")])
def test_the_benchmark_export_reads_as_before(newline, style):
    numbers = ["3912345678901234567", "3912345678901234664"]
    text = render(synthetic_conversations(3000, order_nos=numbers), newline=newline, style=style)
    batches, errors = read(text, True)
    records = [record for batch in batches for record in batch]
    assert len(records) == 3000
    assert hashlib.sha256(repr((records, errors)).encode()).hexdigest() == EXPORT_DIGEST


# Lines near the dominant layout, and lines that are anything but: each a reason for the fast
# reader to leave a line to the loop (see importers/qianniu_fast.py's docstring).
_NAMES = st.sampled_from(
    [
        "甜甜兔兔",
        "测试小店:小美",
        "tb 123",
        "1号买家",
        "²买家",
        " 空格",
        "名(字)",
        "名字 ",
        "x" * 101,
        "",
        "系统消息",
    ]
)
_STAMPS = st.sampled_from(
    ["2026-11-20 14:03:22", "2026-02-30 10:00:00", "2026-11-20 24:00:00", "2026-11-20 14:60:00",
     "2026-11-20 14:03:60", "2026-11-20 14:03:61", "9999-11-20 14:03:22", "2026-11-20 4:03:22"]
)  # fmt: skip
_HOSTILE = st.sampled_from(
    [
        "", " ", "\t", "　", "已读", "未读", "对方撤回了一条消息", "测试小店:小美 已转接给 测试小店:阿杰",
        "我转账了", "有消息吗", "日期: 2026-11-21", "2026-11-21", "2026-11-21 09:00:00", "14:03:22",
        " 14:03:22", "明天 10:00 到", "12:30", "1:23", "2024年的", "2个: 红色", "=" * 64, "-" * 10,
        "消息对象:乙", "[自动回复]您好", "【系统提示】请勿私下交易", "好的 ", "好的\u3000", "Date: 2026-11-21",
        "①号", "١٢٣٤-01-01", "(笑)", "买家:甲",
    ]
)  # fmt: skip
_LINES = st.lists(
    st.one_of(
        st.builds(lambda who, at: f"{who} ({at}):", _NAMES, _STAMPS),
        st.builds(lambda who, at, text: f"{who} ({at}):{text}", _NAMES, _STAMPS, _HOSTILE),
        st.builds(lambda who, at: f"{who} {at}", _NAMES, _STAMPS),
        st.sampled_from(["在吗？", "亲，在的~", "好的谢谢", "Sure, we will ship today", "物流三天没更新了"]),
        _HOSTILE,
        st.text(max_size=12),
    ),
    max_size=30,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=_LINES, newline=st.sampled_from(["\n", "\r\n"]), end=st.sampled_from(["", "\n"]))
@example(
    lines=["甜甜兔兔 (2026-11-20 14:03:22):", "在吗", "甜甜兔兔", "2026-11-20 14:03:22"], newline="\n", end=""
)
@example(lines=["甜甜兔兔 (2026-11-20 14:03:22):", "在吗", "", " ", "好"], newline="\r\n", end="\n")
def test_hostile_text_reads_the_same_with_and_without_the_fast_reader(lines, newline, end):
    text = newline.join(lines) + end
    assert_read_alike(text)
    assert_read_alike("消息对象:甲\n日期: 2026-11-20\n" + text)
    assert_read_alike("2026-11-20\n" + text, batch_size=1)


@pytest.mark.parametrize("impossible", ["甜甜兔兔 (2026-02-30 10:00:00):", "2026-02-30 10:00:00"])
def test_a_web_page_message_before_an_impossible_time_keeps_its_sender(impossible):
    """The web page's sender is the last line of its text; an impossible time after it used to end
    the message without taking its sender (a crash at the conversation's end, found by the
    comparison above). Now the message is kept and the impossible time named by its line."""
    text = "\n".join(["2026-11-20 14:03:22", "在吗？", "甜甜兔兔", impossible])
    for fast in (True, False):
        batches, errors = read(text, fast)
        [[record]] = batches
        assert (record.sender_name, record.text, record.line) == ("甜甜兔兔", "在吗？", 1)
        assert errors == [(4, f"'{impossible}' has a date or time that does not exist")]
