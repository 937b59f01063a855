"""`suggest` on the command line: JSON shape, order facts, batch files and their errors."""

from __future__ import annotations

import json

import pytest

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def _urged_order_no(demo_store) -> str:
    return demo_store.conn.execute(
        "SELECT o.order_no FROM orders o JOIN work_orders w ON w.order_id = o.id WHERE w.answered_at IS NULL"
        " AND o.promised_ship_at > ? LIMIT 1",
        (NOW_EPOCH + 6 * 3600,),
    ).fetchone()[0]


def test_message_json_has_the_documented_shape(cli, store):
    result = cli("suggest", "--message", "杯子碎了，怎么办", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert list(data)[:7] == [
        "intent",
        "confidence",
        "matched",
        "situation",
        "replies",
        "actions",
        "warnings",
    ]
    assert data["intent"] == "damaged" and any("碎" in words for words in data["matched"])
    assert data["replies"] and {"text", "habit", "template_id"} <= set(data["replies"][0])
    assert data["situation"] is None


def test_unsure_message_reports_alternatives(cli, store):
    data = json.loads(cli("suggest", "--message", "还行 就是和我想的有点不一样", "--json").out)
    assert data["not_sure"] is True and len(data["alternatives"]) == 2


def test_order_suggestion_uses_the_orders_facts_and_the_date_given(cli, demo_store):
    order_no = _urged_order_no(demo_store)
    result = cli("suggest", "--order", order_no, "--new-date", "2026-11-25 17:00", "--lang", "en", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["intent"] == "urge_shipping" and data["situation"] == "urge_received"
    first = data["replies"][0]["text"]
    assert "Nov 25, 17:00" in first and "{" not in first
    assert "answer_work_order" in data["actions"]


def test_order_suggestion_without_the_date_says_what_it_needs(cli, demo_store):
    data = json.loads(cli("suggest", "--order", _urged_order_no(demo_store), "--json").out)
    assert all(r["text"] is None and r["needs"] == ["new_date"] for r in data["replies"])


def test_readable_text_in_chinese(cli, store):
    result = cli("suggest", "--message", "我要给差评", "--lang", "zh")
    assert result.code == 0
    assert "意图：要投诉/差评/找平台" in result.out
    assert "差评" in next(line for line in result.out.splitlines() if line.startswith("依据："))


def test_batch_prints_one_json_object_per_line_and_scores_labels(cli, store, tmp_path):
    batch = tmp_path / "chat.txt"
    batch.write_text("什么时候发货\n\nurge_shipping\t催一下发货\nThe mug arrived broken\n", encoding="utf-8")
    result = cli("suggest", "--batch", str(batch))
    assert result.code == 0, result.err
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert [r["intent"] for r in lines] == ["urge_shipping", "urge_shipping", "damaged"]
    assert [r["line"] for r in lines] == [1, 3, 4]
    assert lines[1]["correct"] is True
    assert "1 labelled, 1 correct" in result.err


def test_batch_with_bad_encoding_names_the_file_and_line(cli, store, tmp_path):
    batch = tmp_path / "gbk.txt"
    batch.write_bytes("好的\n".encode() + "什么时候发货\n".encode("gbk"))
    result = cli("suggest", "--batch", str(batch))
    assert result.code == 2
    assert "gbk.txt: line 2 is not UTF-8" in result.err


def test_unknown_order_is_one_sentence(cli, store):
    result = cli("suggest", "--order", "3900000000000000001")
    assert result.code == 2
    assert result.err.strip() == "seller-assistant: There is no order 3900000000000000001 in this shop."


def _late_order_no(demo_store) -> str:
    return demo_store.conn.execute(
        "SELECT order_no FROM orders WHERE status = 'paid' AND shipped_at IS NULL AND promised_ship_at < ? "
        "AND refund_status IS NULL AND id NOT IN (SELECT order_id FROM help_events) LIMIT 1",
        (NOW_EPOCH - 3600,),
    ).fetchone()[0]


def test_a_late_order_prints_its_gaps_and_how_to_fill_them_instead_of_a_reason(cli, demo_store):
    result = cli("suggest", "--order", _late_order_no(demo_store), "--message", "还没发货吗", "--lang", "zh")
    assert result.code == 0, result.err
    assert "【待填：延迟原因】" in result.out and "--fact reason=" in result.out
    assert "缺货" not in result.out and "{" not in result.out and "需要补充" not in result.out


def test_facts_given_on_the_command_line_are_the_only_ones_stated(cli, demo_store):
    result = cli(
        "suggest",
        "--order",
        _late_order_no(demo_store),
        "--message",
        "还没发货吗",
        "--json",
        "--fact",
        "reason=courier_pickup_delayed",
        "--fact",
        "ship_by=2026-11-26 12:00",
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    texts = [r["text"] for r in data["replies"] if r["text"]]
    assert texts and all("{" not in text for text in texts)
    assert any("快递揽收延误了" in text and "11月26日 12:00" in text for text in texts)
    assert not any("缺货" in text for text in texts)
    assert "needs" not in data


def test_a_bad_fact_is_one_sentence(cli, store):
    result = cli("suggest", "--message", "还没发货吗", "--fact", "stock=5")
    assert result.code == 2 and "--fact stock=5" in result.err
