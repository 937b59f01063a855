"""The PDF shows every character: fallback fonts for emoji, a visible □ with a note for what no font draws,
and bidi controls as marks (a right-to-left override must not show "元0001" as "1000元")."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader

from seller_assistant.core.fonts import find_fallback_fonts
from seller_assistant.store import chats, shops

from .bundle_fixtures import ORDER_NO, add_disputed_order
from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

EMOJI = "\U0001f600"
EXT_B = "\U00020bb7"  # 𠮷, the "吉" of names such as 𠮷野
RLO_PRICE = "\u202e1000元"  # stored as RLO + "1000元", which a viewer displays as "元0001"


def _bundle(cli, store, tmp_path, *texts) -> dict[str, bytes]:
    order = add_disputed_order(store)
    shop_id = shops.require_shop(store)
    for offset, text in enumerate(texts):
        chats.add_message(
            store,
            shop_id,
            order_id=order.order_id,
            buyer="甜甜兔兔",
            sender_role="buyer",
            sender_name="甜甜兔兔",
            sent_at=NOW_EPOCH - 100 + offset,
            text=text,
            source="manual",
            now=NOW_EPOCH,
        )
    path = tmp_path / "dispute.zip"
    result = cli("export-evidence", ORDER_NO, "--out", str(path))
    assert result.code == 0, result.err
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_no_character_is_dropped_silently(cli, store, tmp_path, capsys):
    members = _bundle(cli, store, tmp_path, f"收到了{EMOJI}谢谢", f"我叫{EXT_B}野，杯子裂了")
    pages = _pdf_pages(members["report.pdf"])
    text = "".join(pages)
    for char in (EMOJI, EXT_B):
        # drawn by a fallback font when the machine has one, else a visible mark with its note
        if char in text:
            continue
        page = next(p for p in pages if ("收到了□谢谢" in p or "我叫□野" in p))
        assert "□ 表示本 PDF 的字体无法显示的字符" in page
    if any("DejaVuSans" in str(path) for path in find_fallback_fonts()):
        assert EMOJI in text  # this machine has an emoji-capable fallback: it is used
    chat = members["chat.txt"].decode("utf-8")
    assert EMOJI in chat and EXT_B in chat  # the text files keep every character exactly


def test_bidi_controls_are_shown_as_marks(cli, store, tmp_path):
    members = _bundle(cli, store, tmp_path, f"退款金额 {RLO_PRICE}")
    chat = members["chat.txt"].decode("utf-8")
    page = members["chat.html"].decode("utf-8")
    assert "\u202e" not in chat and "\u202e" not in page
    assert "[U+202E RLO]1000元" in chat and "[U+202E RLO]1000元" in page
    text = "".join(_pdf_pages(members["report.pdf"]))
    assert "[U+202E RLO]1000元" in text and "\u202e" not in text


def test_the_last_page_explains_how_to_check_each_file_without_our_tools(cli, store, tmp_path):
    members = _bundle(cli, store, tmp_path)
    last = _pdf_pages(members["report.pdf"])[-1].replace("\n", "")
    assert "certutil -hashfile" in last and "shasum -a 256" in last
    assert "如何自行核对" in last and "How to check it yourself" in last
    assert "seller-assistant verify" not in "".join(_pdf_pages(members["report.pdf"]))
    attachment = next(name for name in members if name.startswith("attachments/"))
    assert attachment in last
    assert "没有外部时间戳时不能证明" in last and "Without an outside timestamp it does not prove" in last


def test_a_demo_shops_bundle_is_stamped_on_every_page(cli, tmp_path):
    assert cli("demo", "--no-gui").code == 0
    disputed = cli("export-evidence", "--open-disputes", "--out-dir", str(tmp_path))
    assert disputed.code == 0, disputed.err
    bundle = next(tmp_path.glob("*.zip"))
    with zipfile.ZipFile(bundle) as archive:
        pages = _pdf_pages(archive.read("report.pdf"))
        chat = archive.read("chat.txt").decode("utf-8")
    assert pages and all("DEMO" in page for page in pages)
    assert chat.startswith("演示数据 · DEMO")
