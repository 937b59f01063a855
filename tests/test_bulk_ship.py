"""Bulk ship from a list of order → tracking number (→ carrier), pasted or opened, in the window and the CLI.

The list formats are what shops hand us: two or three columns copied from Excel (tab separated), a
CSV saved by Excel in GBK with a header like 订单号,运单号,快递公司 (the columns of Qianniu's
"批量发货" template — order number, carrier, tracking number — in the order a shop's own sheet keeps
them; the exact template header is unconfirmed), or numbers typed by hand with spaces or commas.
Tracking numbers follow the carrier forms in core/tracking.py (SF + 13 digits, YT + 13 digits, UPS 1Z
with its check digit).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from seller_assistant.core.errors import UserError
from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import orders, shops
from seller_assistant.ui.app import application, build_window
from seller_assistant.ui.i18n import use_language

from .conftest import NOW_EPOCH
from .typing_helpers import click, type_text

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600
A, B, C, D = "3901000000000000001", "3901000000000000002", "3901000000000000003", "3901000000000000004"


def _orders(store, *numbers: str) -> dict[str, int]:
    shop_id = shops.require_shop(store)
    records = [
        OrderRecord(
            order_no=n, buyer="tb_小王", item_title="手工皂", paid_at=NOW_EPOCH - 30 * HOUR, amount_cents=2800
        )
        for n in numbers
    ]
    orders.insert_orders(store, shop_id, records, 48, NOW_EPOCH, source="manual")
    return {n: orders.find_order(store, shop_id, n)["id"] for n in numbers}


@pytest.fixture
def chinese(qtbot):
    """A Chinese window, as a Taobao shop sees it; the next test starts in English again."""
    app = application()
    use_language(app, "zh")
    yield
    use_language(app, "en")


@pytest.fixture
def window(qtbot, store):
    """The window on the test's store, closed (its pending refreshes run) while the store is still open."""
    application()
    built = build_window(store, fixed_now=NOW_EPOCH)
    built.show()
    yield built
    for dialog in built.findChildren(QDialog):
        dialog.close()
    built.close()
    built.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def _open_dialog(qtbot, window):
    from seller_assistant.ui.bulk_ship_dialog import BulkShipDialog

    page = window.show_page("orders")
    click(qtbot, page.bulk_ship_button)
    dialog = page.findChild(BulkShipDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def _preview(dialog) -> dict[str, list[str]]:
    """The preview table as the shop reads it: line number → the other columns."""
    table = dialog.table
    return {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 5)]
        for r in range(table.rowCount())
    }


def test_cli_ships_the_good_lines_of_a_gbk_csv_and_names_every_other_line(cli, store, tmp_path):
    ids = _orders(store, A, B, C, D)
    orders.ship_order(store, ids[D], NOW_EPOCH - HOUR, "YT1234567890999", "圆通", NOW_EPOCH)
    listing = tmp_path / "发货单.csv"
    listing.write_bytes(
        "\r\n".join(
            [
                "订单号,运单号,快递公司",
                f"{A},SF1234567890123,",  # 2: SF form: 顺丰 guessed
                f"{B},1Z999AA10123456785,UPS",  # 3: check digit wrong
                f"{C},753123456789,中通快递",  # 4: 12 digits, carrier named
                "3901000000000000999,YT1234567890123,",  # 5: not this shop's order
                f"{D},YT1234567890124,圆通",  # 6: already shipped
            ]
        ).encode("gbk")
    )
    result = cli("ship", "--from", str(listing))
    assert result.code == 1
    assert "Shipped 2 orders." in result.out
    assert "3 lines were not shipped" in result.out
    assert f"line 3 ({B}): the check digit of this UPS number does not match" in result.out
    assert "line 5 (3901000000000000999): there is no such order in this shop" in result.out
    assert f"line 6 ({D}): already shipped" in result.out
    shipped_a, shipped_c = orders.get_order(store, ids[A]), orders.get_order(store, ids[C])
    assert (shipped_a["tracking_no"], shipped_a["carrier"]) == ("SF1234567890123", "SF Express")
    assert (shipped_c["tracking_no"], shipped_c["carrier"]) == ("753123456789", "ZTO Express")
    assert orders.get_order(store, ids[B])["shipped_at"] is None  # the wrong line is left alone


def test_cli_asks_for_the_carrier_of_an_ambiguous_number_then_uses_the_shops_last(cli, store, tmp_path):
    ids = _orders(store, A, B)
    listing = tmp_path / "list.txt"
    listing.write_text(f"{A} 753123456780\n", encoding="utf-8")
    result = cli("ship", "--from", str(listing), "--check")
    assert "line 1" in result.out and "choose the carrier" in result.out  # 12 digits: 顺丰? 中通? 申通?
    orders.ship_order(store, ids[B], NOW_EPOCH, "753123456781", "中通快递", NOW_EPOCH)
    result = cli("ship", "--from", str(listing))
    assert result.code == 0, result.out
    assert orders.get_order(store, ids[A])["carrier"] == "ZTO Express"


def test_a_failure_half_way_writes_nothing(store):
    ids = _orders(store, A, B)
    store.conn.execute("UPDATE orders SET status = 'refunded' WHERE id = ?", (ids[B],))
    try:
        orders.ship_many(
            store,
            [(ids[A], "SF1234567890123", "顺丰速运"), (ids[B], "SF1234567890124", "顺丰速运")],
            NOW_EPOCH,
            NOW_EPOCH,
        )
    except UserError:
        pass
    else:
        raise AssertionError("a refunded order was shipped")
    assert orders.get_order(store, ids[A])["shipped_at"] is None
    assert store.conn.execute("SELECT count(*) FROM shipments").fetchone()[0] == 0


def test_paste_from_excel_preview_names_problems_by_line_and_ships_the_rest(qtbot, store, chinese, window):
    ids = _orders(store, A, B, C)
    dialog = _open_dialog(qtbot, window)
    # Two columns copied from Excel arrive tab separated; the shop pastes them with Ctrl+V.
    QApplication.clipboard().setText(
        f"{A}\tSF1234567890123\n{B}\tYT12345\n3901000000000000999\tJT1234567890123\n"
    )
    dialog.text.setFocus()
    qtbot.keySequence(dialog.text, QKeySequence.StandardKey.Paste)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3)
    preview = _preview(dialog)
    assert preview["1"][2] == "顺丰速运" and preview["1"][3] == ""
    assert "不像圆通速递的运单号" in preview["2"][3]
    assert "本店没有这个订单" in preview["3"][3]
    assert dialog.ship_button.isEnabled()
    click(qtbot, dialog.ship_button)
    assert orders.get_order(store, ids[A])["tracking_no"] == "SF1234567890123"
    assert orders.get_order(store, ids[B])["shipped_at"] is None
    # What did not ship stays in the box to be corrected.
    assert A not in dialog.text.toPlainText() and B in dialog.text.toPlainText()
    assert dialog.isVisible()
    # The shop corrects the YTO number by typing, and ships the rest.
    dialog.text.clear()
    type_text(qtbot, dialog.text, f"{B}, YT1234567890123, 圆通")
    dialog.check()
    assert _preview(dialog)["1"][3] == ""
    click(qtbot, dialog.ship_button)
    assert orders.get_order(store, ids[B])["carrier"] == "圆通速递"
    assert not dialog.isVisible()  # everything shipped: the dialog closes
    assert orders.get_order(store, ids[C])["shipped_at"] is None


def test_open_an_xlsx_and_lines_are_the_sheets_rows(qtbot, store, tmp_path, monkeypatch, chinese, window):
    import openpyxl

    _orders(store, A, B)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["订单编号", "快递公司", "运单号"])  # header in another order: read by name
    sheet.append([A, "顺丰", "SF1234567890123"])
    sheet.append([])
    sheet.append([B, "顺丰", "SF123"])
    path = tmp_path / "发货.xlsx"
    book.save(path)
    dialog = _open_dialog(qtbot, window)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    click(qtbot, dialog.open_button)
    preview = _preview(dialog)
    assert set(preview) == {"2", "4"}  # Excel's row numbers, header and blank row skipped
    assert preview["2"][3] == "" and "顺丰速运" in preview["4"][3]


def test_the_file_menu_opens_bulk_ship_and_it_starts_with_the_shops_last_carrier(
    qtbot, store, chinese, window
):
    ids = _orders(store, A, B)
    page = window.show_page("orders")
    page.show_order(ids[A])
    ship_form = page.detail.ask_ship()
    type_text(qtbot, ship_form.tracking, "753123456789")
    type_text(qtbot, ship_form.carrier, "中通快递")
    click(qtbot, ship_form.buttons.button(ship_form.buttons.StandardButton.Ok))
    assert orders.last_carrier(store, shops.require_shop(store)) == "中通快递"
    # The next order's ship form already names the shop's courier.
    page.show_order(ids[B])
    assert page.detail.ask_ship().carrier.text() == "中通快递"
    file_menu = window.menuBar().actions()[0].menu()
    entry = next(a for a in file_menu.actions() if a.text().replace("&", "").startswith("批量发货"))
    entry.trigger()
    from seller_assistant.ui.bulk_ship_dialog import BulkShipDialog

    dialog = window.findChild(BulkShipDialog)
    assert dialog.carrier.text() == "中通快递"
    assert dialog.ship_button.text() == "发货 0 个订单"


def test_english_window_counts_in_plain_english(qtbot, store, window):
    _orders(store, A)
    use_language(application(), "en")  # as the app starts for an English-speaking shop
    dialog = _open_dialog(qtbot, window)
    type_text(qtbot, dialog.text, f"{A} SF1234567890123")
    dialog.check()
    assert dialog.ship_button.text() == "Ship 1 order"
    for line in (f"{B} SF1234567890124", "3901000000000000999 SF1234567890125"):
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
        type_text(qtbot, dialog.text, line)
    dialog.check()
    assert dialog.ship_button.text() == "Ship 1 order"  # B is not this shop's: 2 lines, 1 order
    assert dialog.summary.text().startswith("2 lines cannot ship")


def test_cli_reads_an_xlsx_list_and_a_quoted_carrier_name(cli, store, tmp_path):
    import openpyxl

    ids = _orders(store, A, B)
    book = openpyxl.Workbook()
    book.active.append(["Order ID", "Tracking number", "Carrier"])  # a courier's English export
    book.active.append([A, "1Z999AA10123456784", "UPS"])
    path = tmp_path / "ups.xlsx"
    book.save(path)
    assert cli("ship", "--from", str(path)).code == 0
    assert orders.get_order(store, ids[A])["carrier"] == "UPS"
    listing = tmp_path / "export.csv"
    # A quoted cell keeps its comma: the carrier is the whole cell, not "中通" and a stray " 快递".
    listing.write_text(f'order,tracking,courier\n"{B}","SF1234567890123","中通, 快递"\n', encoding="utf-8")
    result = cli("ship", "--from", str(listing))
    assert f"line 2 ({B}): unknown carrier '中通, 快递'" in result.out
