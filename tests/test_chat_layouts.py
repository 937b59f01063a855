"""Every chat layout shops copy or export imports the same messages, once, with read receipts and
notices as metadata.

Where the layouts come from: the Qianniu/Wangwang file export (消息对象 / 日期 blocks, `name (time):`
headers) is what the client writes and what open-source QQ/Wangwang-family export parsers read;
the copy layouts (`name time`, name and time on two lines, a date line then `name hh:mm:ss`, the
web page's time / text / sender) are the ones shops reported pasting (FORMATS.md, "Chat copies").
We could NOT confirm any of them, nor the Douyin 飞鸽 and JD 咚咚 layouts, from a published
specification or a public parser: the fixtures below are written from shops' descriptions and say
so one by one. The CSV form is the app's own documented `time, sender, text` file.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest

from seller_assistant.core.clock import to_epoch
from seller_assistant.core.evidence import GENESIS, link_hash, message_content_hash
from seller_assistant.imports.chats import import_chat_text
from seller_assistant.store import evidence, migrations, open_store
from tests.conftest import NOW_EPOCH, SHANGHAI

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

BUYER, STAFF, STAFF2 = "甜甜兔兔", "测试小店:小美", "测试小店:阿杰"


def epoch(text: str) -> int:
    return to_epoch(datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI))


# The chat as the buyer saw it: (sender, role, time, text, read receipt). Every layout below
# carries exactly these four messages; the notices they print are not messages.
EXPECTED = [
    (BUYER, "buyer", "2026-11-20 14:03:22", "在吗？杯子有现货吗", "read"),
    (STAFF, "staff", "2026-11-20 14:03:40", "亲，在的~\n现货充足，48小时内发货哦", "read"),
    (BUYER, "buyer", "2026-11-20 14:05:02", "好的", None),
    (STAFF2, "staff", "2026-11-20 14:06:10", "收到，今天发货", "unread"),
]

QIANNIU_EXPORT = """\
================================================================
消息对象:甜甜兔兔
================================================================
日期: 2026-11-20
甜甜兔兔 (2026-11-20 14:03:22):
在吗？杯子有现货吗
已读
测试小店:小美 (2026-11-20 14:03:40):
亲，在的~
现货充足，48小时内发货哦
已读
对方撤回了一条消息
甜甜兔兔 (2026-11-20 14:05:02):
好的
测试小店:小美 已转接给 测试小店:阿杰
测试小店:阿杰 (2026-11-20 14:06:10):
收到，今天发货
未读
"""
"""The file export (Qianniu 聊天记录 → 导出): block header, date line, `name (time):` headers."""

NAME_TIME_ONE_LINE = """\
甜甜兔兔 2026-11-20 14:03:22
在吗？杯子有现货吗
[已读]
测试小店:小美 2026-11-20 14:03:40
亲，在的~
现货充足，48小时内发货哦
[已读]
甜甜兔兔 2026-11-20 14:05:02
好的
测试小店:阿杰 2026-11-20 14:06:10
收到，今天发货
[未读]
"""
"""Copied from the Qianniu chat window: `name YYYY-MM-DD HH:MM:SS` then the text (shops' reports)."""

NAME_PAREN_COLON = """\
甜甜兔兔(2026-11-20 14:03:22):
在吗？杯子有现货吗
测试小店:小美(2026-11-20 14:03:40):
亲，在的~
现货充足，48小时内发货哦
甜甜兔兔(2026-11-20 14:05:02):
好的
测试小店:阿杰(2026-11-20 14:06:10):
收到，今天发货
"""
"""Copied from AliWangwang: `name(YYYY-MM-DD HH:MM:SS):`, no read receipts (shops' reports)."""

NAME_THEN_TIME = """\
甜甜兔兔
2026-11-20 14:03:22
在吗？杯子有现货吗
已读

测试小店:小美
2026-11-20 14:03:40
亲，在的~
现货充足，48小时内发货哦
已读

甜甜兔兔
2026-11-20 14:05:02
好的

会话已转接给 测试小店:阿杰
测试小店:阿杰
2026-11-20 14:06:10
收到，今天发货
未读
"""
"""The name on one line and the time on the next (newer Qianniu window copy; the issue's report)."""

DATE_THEN_NAME_TIME = """\
2026-11-20
甜甜兔兔 14:03:22
在吗？杯子有现货吗
已读
测试小店:小美 14:03:40
亲，在的~
现货充足，48小时内发货哦
已读
甜甜兔兔 14:05:02
好的
测试小店:阿杰 14:06:10
收到，今天发货
未读
"""
"""A date line, then `name HH:MM:SS` lines (Qianniu's history viewer copy; the issue's report)."""

WEB_PAGE = """\
2026-11-20 14:03:22
在吗？杯子有现货吗
甜甜兔兔
已读
2026-11-20 14:03:40
亲，在的~
现货充足，48小时内发货哦
测试小店:小美
已读
2026-11-20 14:05:02
好的
甜甜兔兔
以下为新消息
2026-11-20 14:06:10
收到，今天发货
测试小店:阿杰
未读
"""
"""The seller-centre web page (time line, text, then the `店铺:客服` sender line); FORMATS.md."""

FEIGE_COPY = """\
甜甜兔兔 2026/11/20 14:03:22
在吗？杯子有现货吗
已读
测试小店-小美 2026/11/20 14:03:40
亲，在的~
现货充足，48小时内发货哦
已读
甜甜兔兔 2026/11/20 14:05:02
好的
客服 测试小店-小美 已将会话转接给 测试小店-阿杰
测试小店-阿杰 2026/11/20 14:06:10
收到，今天发货
未读
"""
"""Douyin 飞鸽 workbench copy: slashed dates, staff named `店铺-客服`. NOT CONFIRMED from any
published source: written from shops' screenshots as described to us."""

JD_DONGDONG_COPY = """\
甜甜兔兔  2026-11-20 14:03:22
在吗？杯子有现货吗
测试小店_小美  2026-11-20 14:03:40
亲，在的~
现货充足，48小时内发货哦
甜甜兔兔  2026-11-20 14:05:02
好的
【系统提示】会话已由 测试小店_小美 转交
测试小店_阿杰  2026-11-20 14:06:10
收到，今天发货
"""
"""JD 咚咚 workbench copy: two spaces before the time, staff named `店铺_客服`. NOT CONFIRMED from
any published source: written from shops' descriptions."""

CSV_FORM = """\
时间,发送人,内容,状态
2026-11-20 14:03:22,甜甜兔兔,在吗？杯子有现货吗,已读
2026-11-20 14:03:40,测试小店:小美,"亲，在的~
现货充足，48小时内发货哦",已读
2026-11-20 14:05:02,甜甜兔兔,好的,
2026-11-20 14:06:10,测试小店:阿杰,收到，今天发货,未读
"""
"""The app's chat CSV (time, sender, text, status; Chinese headers), a quoted cell over two lines."""

QIANNIU_LAYOUTS = {
    "qianniu export": QIANNIU_EXPORT,
    "name time": NAME_TIME_ONE_LINE,
    "name(time):": NAME_PAREN_COLON,
    "name, then time": NAME_THEN_TIME,
    "date, then name hh:mm:ss": DATE_THEN_NAME_TIME,
    "web page": WEB_PAGE,
}
ALL_LAYOUTS = {**QIANNIU_LAYOUTS, "csv": CSV_FORM}
WITH_RECEIPTS = {
    "csv",
    "qianniu export",
    "name time",
    "name, then time",
    "date, then name hh:mm:ss",
    "web page",
}


def stored(store) -> list[tuple]:
    return [
        (m["sender_name"], m["sender_role"], m["sent_at"], m["text"], m["status"])
        for m in store.db.query("SELECT * FROM messages ORDER BY sent_at, id")
    ]


def expected(*, receipts: bool = True, staff_names=(STAFF, STAFF2)) -> list[tuple]:
    rename = {STAFF: staff_names[0], STAFF2: staff_names[1]}
    return [
        (rename.get(name, name), role, epoch(at), text, status if receipts else None)
        for name, role, at, text, status in EXPECTED
    ]


@pytest.mark.parametrize("layout", list(ALL_LAYOUTS))
def test_each_layout_imports_exactly_the_four_messages_with_receipts_as_status(store, layout):
    result = import_chat_text(store, 1, ALL_LAYOUTS[layout], now=NOW_EPOCH)
    assert result.errors == []
    assert stored(store) == expected(receipts=layout in WITH_RECEIPTS)
    assert {m["buyer"] for m in store.db.query("SELECT buyer FROM messages")} == {BUYER}


@pytest.mark.parametrize("first", list(ALL_LAYOUTS))
def test_the_same_chat_in_any_other_layout_adds_nothing(store, first):
    import_chat_text(store, 1, ALL_LAYOUTS[first], now=NOW_EPOCH)
    for layout, text in ALL_LAYOUTS.items():
        again = import_chat_text(store, 1, text, now=NOW_EPOCH + 60)
        assert (again.inserted, again.duplicates) == (0, 4), layout
    assert len(stored(store)) == 4
    assert evidence.verify_store(store).ok


def test_recall_and_transfer_notices_are_kept_beside_the_message_not_in_its_text(store):
    import_chat_text(store, 1, QIANNIU_EXPORT, now=NOW_EPOCH)
    notes = {m["text"]: m["notes"] for m in store.db.query("SELECT text, notes FROM messages")}
    assert notes["亲，在的~\n现货充足，48小时内发货哦"] == "对方撤回了一条消息"
    assert notes["好的"] == "测试小店:小美 已转接给 测试小店:阿杰"
    assert all("撤回" not in text and "转接" not in text and "已读" not in text for text in notes)


def test_web_page_history_marker_is_a_notice_not_a_message(store):
    import_chat_text(store, 1, WEB_PAGE, now=NOW_EPOCH)
    notes = {m["text"]: m["notes"] for m in store.db.query("SELECT text, notes FROM messages")}
    assert notes["好的"] == "以下为新消息"


@pytest.mark.parametrize(
    ("layout", "staff"),
    [
        (FEIGE_COPY, ("测试小店-小美", "测试小店-阿杰")),
        (JD_DONGDONG_COPY, ("测试小店_小美", "测试小店_阿杰")),
    ],
)
def test_douyin_feige_and_jd_dongdong_copies_tell_staff_by_the_shop_name(store, layout, staff):
    result = import_chat_text(store, 1, layout, now=NOW_EPOCH)
    assert result.errors == []
    assert stored(store) == expected(receipts=layout is FEIGE_COPY, staff_names=staff)
    notes = [m["notes"] for m in store.db.query("SELECT notes FROM messages ORDER BY sent_at") if m["notes"]]
    assert len(notes) == 1 and "转" in notes[0]


def test_a_buyer_writing_a_status_word_or_a_date_keeps_it_as_text(store):
    text = """\
甜甜兔兔 2026-11-20 14:03:22
已读
测试小店:小美 2026-11-20 14:03:40
哪天到？
甜甜兔兔 2026-11-20 14:05:02
2026-11-25
帮我转接人工
"""
    import_chat_text(store, 1, text, now=NOW_EPOCH)
    assert [m["text"] for m in store.db.query("SELECT text FROM messages ORDER BY sent_at")] == [
        "已读",
        "哪天到？",
        "2026-11-25\n帮我转接人工",
    ]


def test_a_chat_pasted_twice_in_one_go_is_each_message_once_but_a_real_double_stays_two(store):
    doubled = NAME_TIME_ONE_LINE + NAME_TIME_ONE_LINE
    result = import_chat_text(store, 1, doubled, now=NOW_EPOCH)
    assert (result.messages, result.inserted) == (8, 4)
    twice = """\
甜甜兔兔 2026-11-20 14:03:22
好的
甜甜兔兔 2026-11-20 14:03:22
好的
"""
    again = import_chat_text(store, 1, twice, now=NOW_EPOCH)
    assert (again.inserted, again.duplicates) == (2, 0)  # said twice in a row: two messages


def _old_fingerprint(shop_id, buyer, sender, sent_at, text, occurrence=0) -> str:
    """How messages were fingerprinted before migration 005 (buyer included, receipts in the text)."""
    return hashlib.sha256(
        f"{shop_id}\x1f{buyer}\x1f{sender}\x1f{sent_at}\x1f{text}\x1f{occurrence}".encode()
    ).hexdigest()


@pytest.mark.sqlite_only(
    reason="a SQLite file written before the upgrade; a shared store starts at the newest schema"
)
def test_a_chat_stored_before_the_upgrade_with_receipts_in_its_text_is_not_imported_again(db_path):
    """A store of schema 4 holds the chat as the old reader sealed it ("已读" inside the text);
    after the upgrade the same chat in any layout adds nothing, and the old seal still verifies."""
    old = open_store(db_path, migrate=False)
    migrations.migrate(old, target=4)
    old.conn.execute(
        "INSERT INTO shops (name, platform, created_at) VALUES ('测试小店', 'taobao', ?)", (NOW_EPOCH,)
    )
    old.conn.execute("INSERT INTO settings (shop_id, key, value) VALUES (1, 'timezone', '\"Asia/Shanghai\"')")
    prev = GENESIS
    for seq, (name, role, at, text, status) in enumerate(EXPECTED, start=1):
        sealed_text = text + ("\n已读" if status == "read" else "")
        old.conn.execute(
            "INSERT INTO messages (id, shop_id, buyer, sender_role, sender_name, sent_at, text, source, fingerprint,"
            " created_at) VALUES (?, 1, ?, ?, ?, ?, ?, 'paste', ?, ?)",
            (
                seq,
                BUYER,
                role,
                name,
                epoch(at),
                sealed_text,
                _old_fingerprint(1, BUYER, name, epoch(at), sealed_text),
                NOW_EPOCH,
            ),
        )
        c_hash = message_content_hash("message", seq, BUYER, role, name, epoch(at), sealed_text, None)
        item = link_hash(prev, c_hash, "message", seq)
        old.conn.execute(
            "INSERT INTO evidence_items (shop_id, chain_key, seq, item_type, item_id, content_hash, prev_hash, hash,"
            " sealed_at) VALUES (1, ?, ?, 'message', ?, ?, ?, ?, ?)",
            (f"buyer:{BUYER}", seq, seq, c_hash, prev, item, NOW_EPOCH),
        )
        prev = item
    old.conn.commit()
    old.close()

    upgraded = open_store(db_path)
    assert evidence.verify_store(upgraded).ok
    for layout, text in ALL_LAYOUTS.items():
        again = import_chat_text(upgraded, 1, text, now=NOW_EPOCH + 60)
        assert again.inserted == 0, layout
    assert evidence.verify_store(upgraded).ok
    upgraded.close()
