"""Orders exported for Excel: formulas in shop data stay text, personal data masked by default."""

from __future__ import annotations

import csv

import pytest

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_formula_in_a_buyer_name_is_exported_as_text(cli, store, tmp_path):
    store.conn.execute(
        "INSERT INTO orders (shop_id, order_no, buyer, item_title, paid_at, updated_at)"
        " VALUES (1, '3900000000000000001', '=HYPERLINK(\"http://x\",\"点我\")', '-2+3 杯子', ?, ?)",
        (NOW_EPOCH, NOW_EPOCH),
    )
    out = tmp_path / "orders.csv"
    result = cli("export-orders", "--out", str(out))
    assert result.code == 0, result.err
    row = _rows(out)[0]
    assert row["buyer"].startswith("'=HYPERLINK")
    assert row["item_title"] == "'-2+3 杯子"
    assert row["order_no"] == "3900000000000000001"


def test_personal_data_is_masked_unless_asked(cli, demo_store, tmp_path):
    phone = demo_store.conn.execute("SELECT receiver_phone FROM orders LIMIT 1").fetchone()[0]
    masked, plain = tmp_path / "masked.csv", tmp_path / "plain.csv"
    assert cli("export-orders", "--out", str(masked)).code == 0
    assert cli("export-orders", "--out", str(plain), "--no-mask").code == 0
    assert phone not in masked.read_text(encoding="utf-8-sig")
    assert phone in plain.read_text(encoding="utf-8-sig")
    assert len(_rows(masked)) == len(_rows(plain)) == 320


def test_an_unwritable_target_is_one_clear_sentence(cli, store, tmp_path):
    result = cli("export-orders", "--out", str(tmp_path / "missing-folder" / "x.csv"))
    assert result.code == 2
    assert result.err.startswith("seller-assistant: Could not write") and "x.csv" in result.err
