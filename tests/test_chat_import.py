"""Importing Qianniu/Wangwang chat exports, CSV and pasted text as sealed evidence."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from seller_assistant.core.clock import to_epoch
from seller_assistant.core.errors import UserError
from seller_assistant.core.orders import OrderRecord
from seller_assistant.imports import chat_pipeline
from seller_assistant.imports.chats import import_chat_file, import_chat_text
from seller_assistant.store import chats, evidence, orders
from tests.builders.qianniu_export import Conversation, Line, render, write_export
from tests.conftest import NOW_EPOCH, SHANGHAI

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

ORDER_NO = "3901234567890123456"


@pytest.fixture(autouse=True, params=["in this process", "in a reader process"])
def reader(request, monkeypatch):
    """Every import here runs both ways: a big file is read in a worker process (chat_pipeline)."""
    if request.param == "in a reader process":
        monkeypatch.setattr(chat_pipeline, "WORKER_MIN_BYTES", 0)
    return request.param


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def epoch(text: str) -> int:
    return to_epoch(at(text).replace(tzinfo=SHANGHAI))


def cracked_mug_chat() -> list[Conversation]:
    return [
        Conversation(
            "甜甜兔兔",
            [
                Line("甜甜兔兔", at("2026-11-20 14:03:22"), "在吗？杯子有现货吗"),
                Line(
                    "测试小店:小美",
                    at("2026-11-20 14:03:40"),
                    "亲，在的~\n现货充足，48小时内发货哦\n\n有问题随时找我",
                ),
                Line("测试小店", at("2026-11-20 14:03:41"), "[自动回复]您好，欢迎光临测试小店"),
                Line("甜甜兔兔", at("2026-11-21 09:00:05"), f"订单{ORDER_NO}收到了，杯子有一道裂纹"),
                Line("系统消息", at("2026-11-21 09:01:00"), "测试小店:阿杰 已接入会话"),
                Line("测试小店:阿杰", at("2026-11-21 09:02:10"), "Sorry! 麻烦拍一下裂纹的照片"),
            ],
        ),
        Conversation(
            "路人甲",
            [
                Line("路人甲", at("2026-11-22 10:00:00"), "这个杯子能微波炉加热吗"),
            ],
        ),
    ]


EXPECTED = [
    ("甜甜兔兔", "buyer", "2026-11-20 14:03:22", "在吗？杯子有现货吗"),
    (
        "测试小店:小美",
        "staff",
        "2026-11-20 14:03:40",
        "亲，在的~\n现货充足，48小时内发货哦\n\n有问题随时找我",
    ),
    ("测试小店", "system", "2026-11-20 14:03:41", "[自动回复]您好，欢迎光临测试小店"),
    ("甜甜兔兔", "buyer", "2026-11-21 09:00:05", f"订单{ORDER_NO}收到了，杯子有一道裂纹"),
    ("测试小店:阿杰", "staff", "2026-11-21 09:02:10", "Sorry! 麻烦拍一下裂纹的照片"),
    ("路人甲", "buyer", "2026-11-22 10:00:00", "这个杯子能微波炉加热吗"),
]


@pytest.fixture
def shop_with_order(store):
    orders.insert_orders(
        store,
        1,
        [
            OrderRecord(
                ORDER_NO,
                buyer="甜甜兔兔",
                status="shipped",
                paid_at=epoch("2026-11-20 14:10:00"),
                shipped_at=epoch("2026-11-20 18:00:00"),
                tracking_no="YT123",
                carrier="圆通速递",
            )
        ],
        48,
        NOW_EPOCH,
        source="manual",
    )
    return store


def stored(store) -> list[tuple]:
    return [
        (m["sender_name"], m["sender_role"], m["sent_at"], m["text"])
        for m in store.db.query("SELECT * FROM messages ORDER BY sent_at, id")
    ]


def expected_rows() -> list[tuple]:
    return [(name, role, epoch(time), text) for name, role, time, text in EXPECTED]


def test_gbk_qianniu_export_imports_every_message_sender_and_time(shop_with_order, tmp_path):
    path = write_export(tmp_path / "聊天记录.txt", cracked_mug_chat(), encoding="gbk")
    result = import_chat_file(shop_with_order, 1, path, now=NOW_EPOCH)
    assert stored(shop_with_order) == expected_rows()
    assert (result.messages, result.inserted, result.duplicates, result.errors) == (6, 6, 0, [])
    # The system notice is metadata of the message before it, with its own header (its time).
    notes = [m["notes"] for m in shop_with_order.db.query("SELECT notes FROM messages ORDER BY sent_at, id")]
    assert notes[3] == "系统消息 (2026-11-21 09:01:00): 测试小店:阿杰 已接入会话"
    assert notes.count(None) == 5


def test_importing_the_same_record_twice_inserts_nothing_new(shop_with_order, tmp_path):
    first = write_export(tmp_path / "a.txt", cracked_mug_chat())
    import_chat_file(shop_with_order, 1, first, now=NOW_EPOCH)
    renamed = write_export(tmp_path / "another name.txt", cracked_mug_chat(), encoding="utf-8-sig")
    again = import_chat_file(shop_with_order, 1, renamed, now=NOW_EPOCH + 60)
    assert (again.inserted, again.duplicates) == (0, 6)
    assert len(stored(shop_with_order)) == 6
    assert evidence.verify_store(shop_with_order).ok


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-8"])
def test_other_encodings_import_the_same_messages(shop_with_order, tmp_path, encoding):
    path = write_export(tmp_path / "chat.txt", cracked_mug_chat(), encoding=encoding, newline="\n")
    import_chat_file(shop_with_order, 1, path, now=NOW_EPOCH)
    assert stored(shop_with_order) == expected_rows()


def test_space_separated_layout_without_buyer_header_tells_buyer_from_staff(shop_with_order, tmp_path):
    conversations = cracked_mug_chat()[:1]
    conversations[0].with_buyer_header = False
    path = write_export(tmp_path / "chat.txt", conversations, style="space")
    import_chat_file(shop_with_order, 1, path, now=NOW_EPOCH)
    assert stored(shop_with_order) == expected_rows()[:5]
    assert {m["buyer"] for m in chats.messages_for_buyer(shop_with_order, 1, "甜甜兔兔")} == {"甜甜兔兔"}


def test_messages_are_tied_by_order_number_then_by_buyer_and_time_else_left_unlinked(
    shop_with_order, tmp_path
):
    path = write_export(tmp_path / "chat.txt", cracked_mug_chat())
    result = import_chat_file(shop_with_order, 1, path, now=NOW_EPOCH)
    order = orders.find_order(shop_with_order, 1, ORDER_NO)
    linked = chats.messages_for_order(shop_with_order, order["id"])
    assert len(linked) == 5  # the pre-sale question 7 minutes before paying, and everything after
    assert [m["stage"] for m in linked][:2] == ["pre_sale", "pre_sale"]
    assert linked[3]["stage"] == "shipping"
    unlinked = chats.unlinked_messages(shop_with_order, 1)
    assert [m["buyer"] for m in unlinked] == ["路人甲"]
    assert (result.orders_linked, result.unlinked) == (1, 1)
    keys = {row[0] for row in shop_with_order.conn.execute("SELECT chain_key FROM evidence_items")}
    assert keys == {f"order:{ORDER_NO}", "buyer:路人甲"}


def test_truncated_file_names_file_and_line_and_changes_nothing(shop_with_order, tmp_path):
    data = render(cracked_mug_chat()).encode("gbk")
    path = tmp_path / "truncated.txt"
    path.write_bytes(data + "裂".encode("gbk")[:1])
    with pytest.raises(UserError, match=r"truncated\.txt, line \d+"):
        import_chat_file(shop_with_order, 1, path, now=NOW_EPOCH)
    assert stored(shop_with_order) == []


def test_binary_file_is_refused_naming_the_file_and_changes_nothing(shop_with_order, tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(UserError, match=r"photo\.txt"):
        import_chat_file(shop_with_order, 1, path, now=NOW_EPOCH)
    assert stored(shop_with_order) == []


def test_text_with_no_message_headers_is_refused_with_the_first_line(shop_with_order, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("买家说杯子坏了\n我们答应补发\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"notes\.txt, line 1"):
        import_chat_file(shop_with_order, 1, path, now=NOW_EPOCH)


def test_stray_lines_are_reported_with_their_line_numbers(shop_with_order, tmp_path):
    text = "这是一行说明文字\n" + render(cracked_mug_chat()[1:], newline="\n")
    path = tmp_path / "chat.txt"
    path.write_text(text, encoding="utf-8")
    result = import_chat_file(shop_with_order, 1, path, now=NOW_EPOCH)
    assert result.inserted == 1
    assert [e.line for e in result.errors] == [1]


def test_plain_csv_with_time_sender_text_imports(shop_with_order, tmp_path):
    path = tmp_path / "chat.csv"
    path.write_bytes(
        (
            "时间,发送人,内容\r\n"
            "2026-11-20 14:03:22,甜甜兔兔,在吗？杯子有现货吗\r\n"
            '2026-11-20 14:03:40,测试小店:小美,"亲，在的~\n现货充足，48小时内发货哦\n\n有问题随时找我"\r\n'
            "not a time,甜甜兔兔,这一行时间坏了\r\n"
        ).encode("gbk")
    )
    result = import_chat_file(shop_with_order, 1, path, now=NOW_EPOCH)
    assert stored(shop_with_order) == expected_rows()[:2]
    assert [e.line for e in result.errors] == [7]


def test_pasted_text_goes_into_the_chosen_order(shop_with_order):
    order = orders.find_order(shop_with_order, 1, ORDER_NO)
    text = render(cracked_mug_chat()[1:], newline="\n")
    result = import_chat_text(shop_with_order, 1, text, order_id=order["id"], now=NOW_EPOCH)
    assert result.inserted == 1
    [message] = chats.messages_for_order(shop_with_order, order["id"])
    assert (message["text"], message["source"]) == ("这个杯子能微波炉加热吗", "paste")


def test_cli_import_chat_json_reports_counts(shop_with_order, tmp_path, cli):
    shop_with_order.close()
    path = write_export(tmp_path / "chat.txt", cracked_mug_chat())
    result = cli("import-chat", str(path), "--json")
    assert result.code == 0, result.err
    reported = json.loads(result.out)
    # An import written in steps (always, from a reader process) names its run: see `imports`.
    assert isinstance(reported.pop("import_id", 0), int)
    assert reported == {
        "file": "chat.txt",
        "messages": 6,
        "inserted": 6,
        "duplicates": 0,
        "orders_linked": 1,
        "unlinked": 1,
        "errors": [],
    }
    again = json.loads(cli("import-chat", str(path), "--json").out)
    assert (again["inserted"], again["duplicates"]) == (0, 6)


def test_cli_import_chat_of_a_missing_file_exits_2_with_one_sentence(shop_with_order, tmp_path, cli):
    shop_with_order.close()
    result = cli("import-chat", str(tmp_path / "nope.txt"))
    assert result.code == 2
    assert "nope.txt" in result.err and "Traceback" not in result.err
