"""Settings, per shop: rules previewed before they are saved, the business calendar, the shop picker."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QDialog

from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import calendar, orders, ship_rules, shops
from seller_assistant.ui.app import application
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.pages.settings import SettingsPage
from tests.builders.taobao_export import PAID, order, write_taobao_export
from tests.conftest import NOW_EPOCH, SHANGHAI

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

FRESH, MUG = "3900000000000000001", "3900000000000000002"


def at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).timestamp())


def make_page(qtbot, store, tmp_path) -> SettingsPage:
    # A Taobao 订单报表 (tests/builders/taobao_export.py): a fresh-food order and a mug, paid 2027-02-04.
    export = write_taobao_export(
        tmp_path / "订单报表.csv",
        [
            order(FRESH, status=PAID, paid="2027-02-04 10:00:00", title="新鲜冷链 阳澄湖大闸蟹"),
            order(MUG, status=PAID, paid="2027-02-04 10:00:00", title="手工陶瓷马克杯"),
        ],
    )
    import_order_file(store, shops.require_shop(store), export, now=NOW_EPOCH)
    application()
    ctx = AppContext(store, fixed_now=NOW_EPOCH)
    page = SettingsPage(ctx)
    page.ctx_keepalive = ctx
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    return page


def deadline(store, order_no):
    row = orders.find_order(store, shops.require_shop(store), order_no)
    return row["promised_ship_at"], row["promise_rule"]


def click_check(qtbot, table, row: int) -> None:
    rect = table.visualItemRect(table.item(row, 0))
    table.scrollToItem(table.item(row, 0))
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y())
    )


def test_a_rule_turned_on_is_previewed_then_saved_and_deadlines_follow(qtbot, store, tmp_path):
    page = make_page(qtbot, store, tmp_path)
    rules = page.rules
    ids = [rule.id for rule in rules.rules]
    assert "fresh" in ids and not any(rule.enabled for rule in rules.rules)  # examples start off
    click_check(qtbot, rules.table, ids.index("fresh"))
    assert rules.table.item(ids.index("fresh"), 0).checkState() == Qt.CheckState.Checked
    assert not rules.save_button.isEnabled()  # nothing is saved before its preview

    qtbot.mouseClick(rules.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(rules.save_button.isEnabled)
    preview = rules.preview_text.toPlainText()
    assert FRESH in preview and MUG not in preview and "fresh" in preview
    assert "2027-02-05 10:00" in preview  # 24 h after payment instead of 48
    assert deadline(store, FRESH) == (at("2027-02-06T10:00"), "default")  # the preview changed nothing

    qtbot.mouseClick(rules.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: deadline(store, FRESH) == (at("2027-02-05T10:00"), "fresh"))
    assert deadline(store, MUG) == (at("2027-02-06T10:00"), "default")
    assert [r.id for r in ship_rules.shop_rules(store, 1) if r.enabled] == ["fresh"]


def test_turning_a_rule_on_after_a_preview_asks_for_a_new_preview(qtbot, store, tmp_path):
    page = make_page(qtbot, store, tmp_path)
    rules = page.rules
    qtbot.mouseClick(rules.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(rules.save_button.isEnabled)
    assert "No order" in rules.preview_text.toPlainText()
    click_check(qtbot, rules.table, 0)
    assert not rules.save_button.isEnabled()


def test_a_spring_festival_pause_typed_in_settings_moves_the_deadlines(qtbot, store, tmp_path):
    page = make_page(qtbot, store, tmp_path)
    editor = page.calendar
    editor.kind.setFocus()
    editor.kind.setCurrentIndex(editor.kind.findData("pause"))
    # Picked in the date fields' calendar pop-ups; typing into QDateEdit sections under offscreen
    # Qt is unreliable, so the dates are set as the pop-up would set them.
    editor.first_day.setDate(QDate(2027, 2, 5))
    editor.last_day.setDate(QDate(2027, 2, 11))
    qtbot.keyClicks(editor.note, "Spring Festival")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    (entry,) = calendar.list_entries(store, 1)
    assert (entry.kind, str(entry.starts_on), str(entry.ends_on), entry.note) == (
        "pause",
        "2027-02-05",
        "2027-02-11",
        "Spring Festival",
    )
    assert editor.table.rowCount() == 1
    qtbot.waitUntil(
        lambda: deadline(store, MUG)[0] == at("2027-02-13T10:00"), timeout=20_000
    )  # 48 h + the 7-day pause


def test_working_days_and_cut_off_are_saved_and_recompute_the_deadlines(qtbot, store, tmp_path):
    page = make_page(qtbot, store, tmp_path)
    page.working_days.setFocus()
    page.working_days.selectAll()
    qtbot.keyClicks(page.working_days, "2")
    qtbot.mouseClick(page.weekdays[6], Qt.MouseButton.LeftButton)  # Saturdays are worked too
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = shops.load_settings(store, 1)
    assert (saved.ship_promise_working_days, saved.working_weekdays) == (2, (1, 2, 3, 4, 5, 6))
    # Paid Thursday 4 Feb: Friday, Saturday → Saturday night.
    qtbot.waitUntil(lambda: deadline(store, MUG)[0] == at("2027-02-06T23:59:59"), timeout=20_000)


def test_with_two_shops_the_page_shows_the_picked_shop(qtbot, store, tmp_path):
    shops.add_shop(store, "拼拼", "pdd", "Asia/Shanghai", NOW_EPOCH)
    page = make_page(qtbot, store, tmp_path)
    assert page.shop_filter.isVisible() and page.name.text() == "测试小店"
    page.shop_filter.setFocus()
    qtbot.keyClick(page.shop_filter, Qt.Key.Key_Down)
    assert page.name.text() == "拼拼" and page.platform.currentData() == "pinduoduo"
    page.promise.setFocus()
    page.promise.selectAll()
    qtbot.keyClicks(page.promise, "24")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert shops.load_settings(store, 2).ship_promise_hours == 24
    assert shops.load_settings(store, 1).ship_promise_hours == 48


def test_one_shop_keeps_todays_look_without_a_picker(qtbot, store, tmp_path):
    page = make_page(qtbot, store, tmp_path)
    assert not page.shop_filter.isVisible()


def test_add_shop_from_settings_makes_a_second_shop_and_shows_its_page(qtbot, store, tmp_path):
    page = make_page(qtbot, store, tmp_path)
    qtbot.mouseClick(page.add_shop_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in page.findChildren(QDialog) if d.isVisible())
    assert dialog.timezone.currentText()  # this computer's zone, shown
    qtbot.keyClicks(dialog.name, "Maple Goods")
    dialog.platform.setCurrentIndex(dialog.platform.findData("amazon"))
    dialog.timezone.setCurrentText("America/New_York")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert [s.name for s in shops.list_shops(store)] == ["测试小店", "Maple Goods"]
    assert page.shop_filter.isVisible() and page.name.text() == "Maple Goods"
    assert page.timezone.currentText() == "America/New_York"
