"""File › Import › Orders: preview with the detected encoding, the column mapping, progress, cancel, summary."""

from __future__ import annotations

import pytest

from seller_assistant.importers.generic import header_signature
from seller_assistant.store.import_mappings import remembered_mapping
from seller_assistant.ui.app import application
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import use_language
from seller_assistant.ui.import_dialog import ImportOrdersDialog
from seller_assistant.ui.pages.orders import OrdersPage

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

# A shop's own spreadsheet: headers no marketplace uses, so the user maps them once.
HEADERS = ["单据号", "客户昵称", "货品", "实收(元)", "付款日期", "备注"]


def write_gbk_csv(path, rows: list[list[str]]) -> None:
    lines = [",".join(HEADERS)] + [",".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


def good_rows(count: int, start: int = 0) -> list[list[str]]:
    return [
        [
            f"{8100000000000000000 + start + n}",
            f"买家{start + n}号",
            "手工陶瓷马克杯",
            "49.00",
            "2026-11-24 10:15",
            "送人的",
        ]
        for n in range(count)
    ]


@pytest.fixture
def dialog(qtbot, store):
    application()
    ctx = AppContext(store, fixed_now=NOW_EPOCH)
    page = OrdersPage(ctx)
    qtbot.addWidget(page)
    page.show()
    dlg = ImportOrdersDialog(ctx, page)
    qtbot.addWidget(dlg)
    dlg.page = page
    dlg.show()
    yield dlg
    if dlg.worker is not None:  # never leave a worker writing into a closed store
        dlg.worker.job.cancel()
        qtbot.waitUntil(lambda: dlg.worker is None, timeout=30_000)


def load(dialog, qtbot, path) -> None:
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.state == "mapping", timeout=30_000)


def map_columns(dialog) -> None:
    for field, header in (
        ("order_no", "单据号"),
        ("buyer", "客户昵称"),
        ("item_title", "货品"),
        ("amount", "实收(元)"),
        ("paid_at", "付款日期"),
        ("buyer_message", "备注"),
    ):
        box = dialog.field_boxes[field]
        box.setCurrentIndex(box.findData(header))


def order_count(store) -> int:
    return store.conn.execute("SELECT count(*) FROM orders").fetchone()[0]


def test_preview_shows_the_detected_encoding_and_the_first_rows(dialog, qtbot, tmp_path):
    path = tmp_path / "orders.csv"
    write_gbk_csv(path, good_rows(30))
    load(dialog, qtbot, path)
    assert "gb18030" in dialog.detected_label.text()
    assert dialog.preview_table.rowCount() == 20
    assert dialog.preview_table.horizontalHeaderItem(1).text() == "客户昵称"
    assert dialog.preview_table.item(0, 1).text() == "买家0号"
    # Nothing maps the order number by itself: Import waits for the required field.
    assert not dialog.import_button.isEnabled()
    assert "Order number" in dialog.message.text()


def test_import_with_a_mapping_reports_counts_and_bad_lines(dialog, qtbot, tmp_path, store):
    path = tmp_path / "orders.csv"
    rows = good_rows(5)
    rows.insert(2, ["8.1E+18", "买家坏", "马克杯", "49.00", "2026-11-24 10:15", ""])  # Excel ate the digits
    write_gbk_csv(path, rows)
    load(dialog, qtbot, path)
    map_columns(dialog)
    assert dialog.import_button.isEnabled()
    reached: list[tuple[int, int]] = []
    dialog.import_button.click()
    dialog.worker.signals.progress.connect(lambda done, total: reached.append((done, total)))
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.result.inserted == 5 and dialog.result.updated == 0
    summary = dialog.summary_label.text()
    assert "5 new orders" in summary and "1 row skipped" in summary
    assert "line 4" in dialog.errors_view.toPlainText()
    assert order_count(store) == 5
    buyer = store.conn.execute(
        "SELECT buyer FROM orders WHERE order_no = ?", ("8100000000000000003",)
    ).fetchone()
    assert buyer == ("买家3号",)
    qtbot.waitUntil(lambda: dialog.page.model.rowCount() == 5)  # the orders table refreshed itself
    remembered = remembered_mapping(store, header_signature(HEADERS))
    assert remembered["order_no"] == "单据号" and remembered["amount"] == "实收(元)"


def test_the_summary_counts_in_the_shops_language(dialog, qtbot, tmp_path):
    """One order read: "1 row read: 1 new order"; in a Chinese window the same counts in Chinese."""
    path = tmp_path / "orders.csv"
    write_gbk_csv(path, good_rows(1))
    load(dialog, qtbot, path)
    map_columns(dialog)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)
    assert dialog.summary_label.text().startswith("1 row read: 1 new order, 0 updated")
    app = application()
    use_language(app, "zh")
    try:
        load(dialog, qtbot, path)
        map_columns(dialog)
        dialog.import_button.click()
        qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)
        assert dialog.summary_label.text() == "读取 1 行：新订单 0 个，更新 0 个，未变 1 个，跳过 0 行。"
    finally:
        use_language(app, "en")


def test_importing_the_same_file_again_changes_nothing(dialog, qtbot, tmp_path, store):
    path = tmp_path / "orders.csv"
    write_gbk_csv(path, good_rows(4))
    for _ in range(2):
        load(dialog, qtbot, path)
        map_columns(dialog)
        dialog.start_import()
        qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)
    assert (dialog.result.inserted, dialog.result.unchanged) == (0, 4)
    assert order_count(store) == 4


def test_remembered_mapping_is_filled_in_for_the_same_header(dialog, qtbot, tmp_path, store):
    first = tmp_path / "october.csv"
    write_gbk_csv(first, good_rows(3))
    load(dialog, qtbot, first)
    map_columns(dialog)
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)
    second = ImportOrdersDialog(dialog.ctx, dialog.page)
    qtbot.addWidget(second)
    later = tmp_path / "november.csv"
    write_gbk_csv(later, good_rows(3, start=100))
    load(second, qtbot, later)
    assert second.field_boxes["order_no"].currentData() == "单据号"
    assert second.import_button.isEnabled()


def test_cancel_during_import_leaves_the_store_unchanged(dialog, qtbot, tmp_path, store):
    path = tmp_path / "big.csv"
    write_gbk_csv(path, good_rows(60_000))
    load(dialog, qtbot, path)
    map_columns(dialog)
    dialog.import_button.click()
    # The user presses Cancel as soon as the progress bar first moves.
    dialog.worker.signals.progress.connect(lambda _done, _total: dialog.cancel_button.click())
    qtbot.waitUntil(lambda: dialog.state == "cancelled", timeout=60_000)
    assert "nothing was changed" in dialog.message.text()
    assert order_count(store) == 0
    assert remembered_mapping(store, header_signature(HEADERS)) is None
    assert dialog.isVisible()


def test_a_file_that_cannot_be_read_says_so(dialog, qtbot, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.state == "choose", timeout=30_000)
    assert ".xlsx" in dialog.detected_label.text()
    assert not dialog.import_button.isEnabled()


def test_file_import_menu_opens_the_order_import_dialog(qtbot, demo_store):
    from seller_assistant.ui.app import build_window

    application()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    import_menu = next(a.menu() for a in file_menu.actions() if a.menu() is not None)
    orders_action = next(a for a in import_menu.actions() if a.text() == "&Orders…")
    orders_action.trigger()
    dialogs = window.pages["orders"].findChildren(ImportOrdersDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].reject()


def test_a_recognised_export_shows_its_preview_and_imports_without_choosing_columns(
    dialog, qtbot, tmp_path, store
):
    from PySide6.QtCore import Qt

    from tests.builders import douyin_export

    items = [
        douyin_export.item(
            "6925887766554433221",
            f"692588776655443322{n}",
            支付完成时间="2026-11-24 10:00:20",
            承诺发货时间="2026-11-26 10:00:20",
        )
        for n in (2, 3)
    ]
    load(dialog, qtbot, douyin_export.write_douyin_export(tmp_path / "抖店订单.csv", items))

    assert "Douyin order export" in dialog.detected_label.text()
    assert dialog.preview_table.isVisible() and dialog.preview_table.rowCount() == 2
    assert not dialog.columns_area.isVisible()  # no dropdowns before the shop asks for them
    qtbot.mouseClick(dialog.columns_toggle, Qt.MouseButton.LeftButton)
    assert dialog.columns_area.isVisible()
    assert dialog.field_boxes["promised_ship_at"].currentData() == "承诺发货时间"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)
    assert (dialog.result.inserted, dialog.result.items) == (1, 2)
    assert order_count(store) == 1


def test_a_shops_own_table_shows_the_column_choices_under_the_preview(dialog, qtbot, tmp_path):
    path = tmp_path / "orders.csv"
    write_gbk_csv(path, good_rows(2))
    load(dialog, qtbot, path)
    assert dialog.columns_area.isVisible() and dialog.columns_toggle.isChecked()
