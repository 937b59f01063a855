"""report.pdf: readable Chinese (embedded subset font), the order facts, the chat, agreements, images, page furniture."""

from __future__ import annotations

import io
import zipfile

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from seller_assistant.core.bundle import build_bundle
from seller_assistant.core.bundle_model import BundleOptions
from seller_assistant.store import shops
from seller_assistant.store.bundle_data import gather_order

from .bundle_fixtures import AGREEMENT, CRACK_LINE, add_disputed_order
from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def report(store, tmp_path):
    order = add_disputed_order(store)
    out = tmp_path / "dispute.zip"
    build_bundle(gather_order(store, order.order_id), BundleOptions(created_at=NOW_EPOCH), out)
    with zipfile.ZipFile(out) as archive:
        return archive.read("report.pdf")


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_report_text_holds_the_chinese_order_facts_and_chat(report):
    text = "\n".join(_pages(report))
    for fact in (
        "订单证据报告",
        "3901234567890123456",
        "手工陶瓷马克杯 350ml",
        "¥49.00",
        "甜甜兔兔",
        "中通快递 75312345678901",
        "付款时间",
        "2026-11-19 09:00:00",
        "承诺发货时间",
        "发货时间",
    ):
        assert fact in text, fact
    for line in (CRACK_LINE, "亲，非常抱歉！我们补偿您10元，杯子您留着用可以吗？", "平台已介入本次退款"):
        assert line in text, line
    assert AGREEMENT in text and "约定·补偿" in text
    assert "纠纷" in text and "质量问题" in text  # the help event, in the shop's words
    assert "时间线" in text and "聊天记录" in text


def test_every_page_names_the_shop_and_its_number(report):
    pages = _pages(report)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "测试小店" in text
        assert f"第 {number} 页 / 共 {len(pages)} 页" in text


def test_closing_page_lists_file_hashes_and_the_chain_head(store, report):
    last = _pages(report)[-1]
    assert "完整性校验" in last and "chat.txt" in last and "SHA-256" in last
    head = store.conn.execute(
        "SELECT hash FROM evidence_items WHERE chain_key = 'order:3901234567890123456' ORDER BY seq DESC LIMIT 1"
    ).fetchone()[0]
    assert head in last.replace("\n", "")


def test_cjk_font_is_embedded_as_a_subset(report):
    reader = PdfReader(io.BytesIO(report))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = []
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        embedded.append((str(font["/BaseFont"]), "/FontFile2" in descriptor))
    assert embedded and all(has_file for _, has_file in embedded)
    assert all("+" in name for name, _ in embedded)  # ABCDEF+Name: a subset, not the 5 MB font


def test_screenshot_is_drawn_inline(report):
    reader = PdfReader(io.BytesIO(report))
    images = [image for page in reader.pages for image in page.images]
    assert images
    assert images[0].image.size == (640, 420)


def test_page_one_renders_with_ink(report):
    """pdfium (the renderer in Chrome, from pip) draws the first page: it must carry text, not be blank."""
    document = pdfium.PdfDocument(report)
    try:
        picture = document[0].render(scale=60 / 72).to_pil()
    finally:
        document.close()
    grey = picture.convert("L")
    dark = sum(grey.histogram()[:128])
    assert dark > 2000


def test_english_shop_gets_an_english_report(store, tmp_path):
    shop_id = shops.require_shop(store)
    shops.save_settings(store, shop_id, shops.load_settings(store, shop_id).updated(language="en"))
    order = add_disputed_order(store)
    out = tmp_path / "en.zip"
    build_bundle(gather_order(store, order.order_id), BundleOptions(created_at=NOW_EPOCH), out)
    with zipfile.ZipFile(out) as archive:
        text = "\n".join(_pages(archive.read("report.pdf")))
    assert "Order evidence report" in text and "Masking: OFF" in text
    assert CRACK_LINE in text  # the chat stays in the words that were said


def test_a_broken_image_attachment_does_not_stop_the_report(store, tmp_path):
    from seller_assistant.store import attachments

    order = add_disputed_order(store)
    attachments.add_attachment_bytes(
        store,
        shops.require_shop(store),
        order.order_id,
        b"\x89PNG\r\n\x1a\n" + b"garbage" * 50,
        "坏图.png",
        NOW_EPOCH,
    )
    out = tmp_path / "dispute.zip"
    build_bundle(gather_order(store, order.order_id), BundleOptions(created_at=NOW_EPOCH), out)
    with zipfile.ZipFile(out) as archive:
        text = "\n".join(_pages(archive.read("report.pdf")))
    assert "此图片无法显示" in text
