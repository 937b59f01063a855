"""The command line's help speaks the shop's language: Chinese under a Chinese system or for a shop
set to Chinese, with every command and option translated."""

from __future__ import annotations

import subprocess
import sys

import pytest

from seller_assistant.cli import build_parser
from seller_assistant.cli.help_language import chinese_help, help_texts

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def _help(env_lang: str, *args: str, db=None) -> str:
    env = {
        "LANG": env_lang,
        "LC_ALL": "",
        "PATH": "",
        "HOME": "/nonexistent",
        "SELLER_ASSISTANT_DB": str(db or ""),
    }
    command = [sys.executable, "-m", "seller_assistant", *args, "--help"]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=True).stdout


def test_every_help_text_has_its_chinese():
    missing = [text for text in help_texts(build_parser()) if text not in chinese_help()]
    assert missing == []


def test_help_is_chinese_on_a_chinese_system(tmp_path):
    text = _help("zh_CN.UTF-8", db=tmp_path / "none.db")
    assert "用法：" in text and "标记订单已发货" in text and "导入订单导出文件" in text
    ship = _help("zh_CN.UTF-8", "ship", db=tmp_path / "none.db")
    assert "运单号" in ship and "the tracking number" not in ship
    assert "选项" in ship and "options:" not in ship


def test_help_follows_a_shop_set_to_chinese_on_an_english_system(tmp_path, cli, store_location):
    assert cli("shop", "add", "小店", "--platform", "taobao", "--timezone", "Asia/Shanghai").code == 0
    assert cli("settings", "--set", "language=zh").code == 0
    text = _help("en_US.UTF-8", "--db", str(store_location))
    assert "标记订单已发货" in text
    english = _help("en_US.UTF-8", db=tmp_path / "none.db")
    assert "mark an order shipped" in english


def test_english_counts_agree_with_their_number():
    from seller_assistant.core.i18n import t

    assert t("orders.promises_recomputed", "en", count=1) == "Ship deadlines recomputed: 1 order changed."
    assert t("orders.promises_recomputed", "en", count=3) == "Ship deadlines recomputed: 3 orders changed."
    assert t("orders.import_errors", "en", count=1).startswith("1 row was not imported")
