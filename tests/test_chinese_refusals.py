"""A Chinese window says the store's and the importers' refusals in Chinese (core/messages.py).

Each failure is one a shop owner meets, made real and reached by clicking: an order export with a
line that is neither UTF-8 nor GBK (a Taobao 订单报表 saved as GBK, then cut by a broken copy), an
order refunded on another desk while the ship form was open, a shared store whose password in
.pgpass is wrong, a backup that is damaged when it is restored.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import backup, backup_folders, orders, shops
from seller_assistant.ui import app as app_module
from seller_assistant.ui.app import application, build_window
from seller_assistant.ui.i18n import use_language
from seller_assistant.ui.import_dialog import ImportOrdersDialog
from tests.builders.taobao_export import CLOSED, PAID, order, write_taobao_export

from .conftest import NOW_EPOCH
from .test_shared_store_setup import roles as roles  # the cluster's login that needs a password
from .typing_helpers import click, type_text

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600


@pytest.fixture
def chinese_window(qtbot, store):
    """The window as a Chinese shop sees it; the next test starts in English again."""
    app = application()
    use_language(app, "zh")
    window = build_window(store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    app_module._open_windows[:] = [window]
    yield window
    use_language(app, "en")
    app_module._open_windows.clear()


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    """What the window's message boxes say (a modal box would wait for a click that never comes)."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: said.append(text))
    return said


def _menu_entry(window, *texts: str):
    menu = window.menuBar().actions()[0].menu()
    for text in texts[:-1]:
        menu = next(a for a in menu.actions() if a.text() == text).menu()
    return next(a for a in menu.actions() if a.text() == texts[-1])


def test_an_order_file_with_a_broken_line_is_named_in_chinese(qtbot, chinese_window, tmp_path, monkeypatch):
    # GBK, as the seller centre's 订单报表 is saved for Excel; line 3 holds 0xFF, which no GBK
    # (nor GB18030, nor UTF-8) character starts with: the file was cut or mixed by a copy.
    path = tmp_path / "订单报表.csv"
    path.write_bytes(
        "订单编号,买家会员名,宝贝标题,买家实际支付金额,订单付款时间\r\n".encode("gbk")
        + "3900000000000000001,tb_小王,手工皂,28.00,2026-11-24 10:15\r\n".encode("gbk")
        + b"3900000000000000002,tb_\xff\xfe,\r\n"
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    chinese_window.start_first_import()
    dialog = chinese_window.findChild(ImportOrdersDialog)
    click(qtbot, dialog.choose_button)
    qtbot.waitUntil(lambda: dialog.state == "choose", timeout=30_000)

    assert dialog.detected_label.text() == "订单报表.csv 第 3 行：含有既不是 UTF-8 也不是 GBK 的字节。"


def test_a_row_that_cannot_be_read_is_named_in_chinese_and_the_rest_imported(
    qtbot, chinese_window, tmp_path, monkeypatch
):
    good = order("3900000000000000201", buyer="tb_小王", status=PAID, paid="2026-11-25 08:00:00")
    bad = order("3900000000000000202", buyer="tb_阿鱼", status=PAID, paid="2026-11-25 08:30:00")
    bad["买家实际支付金额"] = "四十九"  # typed by hand into the export before it was imported
    path = write_taobao_export(tmp_path / "订单报表.csv", [good, bad])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    chinese_window.start_first_import()
    dialog = chinese_window.findChild(ImportOrdersDialog)
    click(qtbot, dialog.choose_button)
    qtbot.waitUntil(lambda: dialog.state == "mapping", timeout=30_000)
    click(qtbot, dialog.import_button)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)

    assert (
        dialog.errors_view.toPlainText()
        == "第 3 行“买家实际支付金额”列：金额“四十九”不是数字；这一行已跳过。"
    )


def test_shipping_an_order_refunded_meanwhile_is_refused_in_chinese(
    qtbot, chinese_window, store, warnings, tmp_path
):
    shop_id = shops.require_shop(store)
    number = "3900000000000000117"
    paid = order(number, buyer="tb_小王", status=PAID, paid="2026-11-25 08:00:00", title="手工皂")
    import_order_file(store, shop_id, write_taobao_export(tmp_path / "早上.csv", [paid]), now=NOW_EPOCH)
    order_id = orders.find_order(store, shop_id, number)["id"]
    page = chinese_window.show_page("orders")
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 0)
    page.show_order(order_id)
    detail = page.detail
    click(qtbot, detail.buttons["ship"])
    dialog = detail.dialog
    type_text(qtbot, dialog.tracking, "75312345678901")
    # While the form is open, another desk imports the next export: the buyer's refund went through
    # (Taobao closes the order and names the refund as the reason).
    refunded = {**paid, "订单状态": CLOSED, "订单关闭原因": "买家申请退款", "退款金额": "49.00"}
    import_order_file(store, shop_id, write_taobao_export(tmp_path / "中午.csv", [refunded]), now=NOW_EPOCH)
    assert orders.get_order(store, order_id)["status"] == "refunded"
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))

    assert warnings == [f"订单 {number} 已退款，不能发货。"]
    assert orders.get_order(store, order_id)["shipped_at"] is None


@pytest.mark.sqlite_only(
    reason="a SQLite store's backup file (a shared store's are pg_dumps: test_pg_backup.py)"
)
def test_restoring_a_damaged_backup_is_refused_in_chinese(
    qtbot, chinese_window, store, warnings, monkeypatch
):
    made = backup.backup_store(store.conn, store.path, "manual", NOW_EPOCH)
    chosen = backup_folders.list_backups(store.path)[0]
    assert chosen.path == made.path
    # A disk error later: the backup's file no longer holds a database.
    for file in made.path.rglob("*.db"):
        file.write_bytes(b"\0" * 4096)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kwargs: (chosen.label, True))
    _menu_entry(chinese_window, "从备份恢复(&R)…").trigger()

    assert len(warnings) == 1
    assert warnings[0].startswith(f"备份 {chosen.label} 已损坏（") and warnings[0].endswith(
        "）；没有替换店铺数据。"
    )


def test_a_wrong_shared_store_password_is_said_in_chinese_and_never_shown(
    qtbot, chinese_window, warnings, roles, pg_cluster, tmp_path, monkeypatch
):
    from .test_shared_store_setup import PASSWORD_ROLE, _database

    name = _database(pg_cluster, migrate_to=None)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:*:{PASSWORD_ROLE}:not-the-password\n", encoding="utf-8")
    pgpass.chmod(0o600)  # libpq ignores a .pgpass others can read
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    address = f"postgresql:///{name}?host={pg_cluster.socket_dir}&user={PASSWORD_ROLE}"
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (address, True))
    _menu_entry(chinese_window, "打开共享店铺数据库(&S)…").trigger()

    assert len(warnings) == 1
    assert f"拒绝了角色“{PASSWORD_ROLE}”的密码；请检查 .pgpass 文件" in warnings[0]
    assert "not-the-password" not in warnings[0]
    assert app_module._open_windows == [chinese_window]  # the window stays on its own store


def test_a_pasted_chat_line_outside_any_message_is_named_in_chinese(qtbot, chinese_window, store, tmp_path):
    """A Qianniu copy that starts mid-message (the first line's header was not selected)."""
    shop_id = shops.require_shop(store)
    paid = order("3900000000000000301", buyer="甜甜兔兔", status=PAID, paid="2026-11-20 09:00:00")
    import_order_file(store, shop_id, write_taobao_export(tmp_path / "订单.csv", [paid]), now=NOW_EPOCH)
    page = chinese_window.show_page("orders")
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 0)
    page.show_order(orders.find_order(store, shop_id, "3900000000000000301")["id"])
    chat = page.detail.chat
    dialog = chat.open_paste_dialog()
    type_text(
        qtbot, dialog.text, "现货充足，48小时内发货哦\n甜甜兔兔 (2026-11-20 08:45:00):\n好的，那我拍了\n"
    )
    # Before anything is sealed the dialog says which line it could not read, and why.
    qtbot.waitUntil(lambda: "不属于任何消息" in dialog.preview_label.text(), timeout=5000)
    said = dialog.preview_label.text()
    assert "第 1 行" in said
    assert "不属于任何消息的文字（前面没有发送人和时间）：'现货充足，48小时内发货哦'" in said


@pytest.mark.parametrize("store_backend", ["postgresql"], indirect=True)
def test_restoring_a_shared_store_backup_over_a_store_in_use_is_refused_in_chinese(
    qtbot, chinese_window, store, warnings, pg_cluster, monkeypatch
):
    """A shared store's backup goes only into an empty database; the shop typed the address of one
    that holds the store in use (File › Restore from backup…, the address box)."""
    from seller_assistant.store import pg_backup

    made = pg_backup.backup_now(store, "manual", NOW_EPOCH)  # pg_dump, checked in a scratch database
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kwargs: (made.label, True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (store.location, True))
    _menu_entry(chinese_window, "从备份恢复(&R)…").trigger()
    qtbot.waitUntil(lambda: bool(warnings), timeout=60_000)

    (said,) = warnings
    assert said.startswith("数据库 ") and "不是空的（里面有 " in said
    assert said.endswith(
        "请新建一个（createdb 名称 -O seller_assistant_owner）再恢复到其中。什么都没有改动。"
    )
