"""Two desks on one shared store (PostgreSQL): what one does shows on the other within 2 seconds,
and an alert both compute is raised on one desk only (issue 18, "Live across desks").

Each desk is a window of its own with its own store connection to the same database, in one test
process, as two PCs would have. Skipped without PostgreSQL (tests/pg_cluster.py says when).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from seller_assistant.core.changes import Changes
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import live, open_store, orders, raised_alerts, shops
from seller_assistant.ui.app import application, build_window
from seller_assistant.ui.chat_view import OrderChatWidget
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.order_actions import ShipDialog

from .builders.risk_shop import import_orders, paid_order
from .builders.taobao_export import PAID
from .conftest import NOW_EPOCH
from .qt_cleanup import release_on_gui_thread
from .test_chat_view import QIANNIU_RECORD, paste_with_keys
from .typing_helpers import type_text
from .window_opening import wait_until_open

pytestmark = pytest.mark.postgresql_only(
    reason="desks told of each other's changes by LISTEN/NOTIFY: only a shared store has other desks"
)

HOUR = 3600
LATE_NO = "3901234567890123456"
SOON_NO = "3901234567890123457"
LIVE_MS = 2000  # the promise: a change on one desk shows on the others within 2 seconds


@pytest.fixture
def desks(pg_url, tmp_path):
    """The shop's store on the server, with one order 2 h late and one due in 3 h; then two
    connections to it, one per desk."""
    first = open_store(pg_url)
    shops.create_shop(
        first,
        ShopSettings(name="测试小店", timezone="Asia/Shanghai", help_rate_threshold=0.02, staff_name="小美"),
        NOW_EPOCH,
    )
    ids = import_orders(
        first,
        tmp_path,
        [
            paid_order(LATE_NO, NOW_EPOCH - 50 * HOUR, PAID, buyer="甜甜兔"),
            paid_order(SOON_NO, NOW_EPOCH - 45 * HOUR, PAID, buyer="阿鱼"),
        ],
        NOW_EPOCH,
    )
    second = open_store(pg_url)
    yield first, second, ids
    first.close()
    second.close()


@pytest.fixture
def windows(qtbot, desks):
    """A main window per desk, each on its own connection, both showing Today."""
    application()
    made = []
    for store in desks[:2]:
        window = build_window(store, fixed_now=NOW_EPOCH)
        window.raised = []  # what its notifier raised (tray or status bar), from its first report on
        window.notification.connect(lambda title, text, w=window: w.raised.append((title, text)))
        qtbot.addWidget(window)
        window.show()
        made.append(window)
    for window in made:
        wait_until_open(qtbot, window)
        qtbot.waitUntil(lambda w=window: w.ctx.live.connected, timeout=10_000)
        qtbot.waitUntil(lambda w=window: _today(w).report is not None, timeout=10_000)
    yield made
    for window in made:
        window.ctx.stop_clock()  # the listening threads end with the clock


def _today(window):
    return window.pages["today"]


def _late_count(window) -> str:
    return _today(window).count_labels["ship_late"].text()


def test_an_order_shipped_on_one_desk_shows_shipped_on_the_other_within_two_seconds(qtbot, windows):
    packer, owner = windows
    assert _late_count(packer) == "1" and _late_count(owner) == "1"
    _today(packer).alert_rows[0].ship_button.click()
    dialog = _today(packer).findChild(ShipDialog)
    qtbot.keyClicks(dialog.tracking, "75312345678901")
    type_text(qtbot, dialog.carrier, "中通快递")  # Chinese goes in as an input method commits it
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _late_count(owner) == "0", timeout=LIVE_MS)
    assert all(LATE_NO not in row.message.text() for row in _today(owner).alert_rows)
    assert _late_count(packer) == "0"


def test_a_desk_does_not_refresh_twice_for_its_own_change(qtbot, windows):
    """The window refreshes when it writes; its own message back from the server is skipped."""
    packer, owner = windows
    heard = {"packer": [], "owner": []}
    packer.ctx.changed.connect(heard["packer"].append)
    owner.ctx.changed.connect(heard["owner"].append)
    order_id = orders.find_order(packer.ctx.store, packer.ctx.shop_id, SOON_NO)["id"]
    orders.ship_order(packer.ctx.store, order_id, NOW_EPOCH, "75312345678902", "圆通速递", NOW_EPOCH)
    packer.ctx.notify_changed(Changes.order(order_id, evidence=True))
    qtbot.waitUntil(lambda: bool(heard["owner"]), timeout=LIVE_MS)
    qtbot.wait(600)  # longer than the listener's wait: a message back would have arrived by now
    assert heard["owner"] == [Changes.order(order_id, evidence=True)]
    assert heard["packer"] == [Changes.order(order_id, evidence=True)]


def test_a_chat_sealed_on_one_desk_shows_on_the_other_within_two_seconds(qtbot, desks):
    first, second, ids = desks
    application()
    contexts, views = [], []
    for store in (first, second):
        ctx = AppContext(store, fixed_now=NOW_EPOCH)
        view = OrderChatWidget(ctx)
        qtbot.addWidget(view)
        view.resize(900, 600)
        view.show()
        view.set_order(ids[LATE_NO])
        contexts.append(ctx)
        views.append(view)
    for ctx in contexts:
        qtbot.waitUntil(lambda c=ctx: c.live.connected, timeout=10_000)
    answering, watching = views
    QApplication.clipboard().setText(QIANNIU_RECORD)
    dialog = answering.open_paste_dialog()
    paste_with_keys(qtbot, dialog)
    qtbot.waitUntil(lambda: "3 new" in dialog.preview_label.text(), timeout=5000)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "3 new" in dialog.result_label.text()

    def watching_shows_them() -> bool:
        return [row.message["text"] for row in watching.view.rows() if row.kind == "message"] == [
            "在吗？青瓷杯有现货吗",
            "亲，在的~\n现货充足，48小时内发货哦",
            "好的，那我拍了",
        ]

    qtbot.waitUntil(watching_shows_them, timeout=LIVE_MS)
    assert "Sealed: 3 items" in watching.chain_label.text()
    for ctx in contexts:
        ctx.stop_clock()
    release_on_gui_thread(*contexts)


def test_an_alert_both_desks_compute_is_raised_on_one_desk_only(qtbot, windows):
    """Both desks see the late order and the order due soon; each notification appears once."""
    for window in windows:
        qtbot.waitUntil(lambda w=window: w.notifier.report is not None, timeout=10_000)
    raised = [note for window in windows for note in window.raised]
    late = [text for title, text in raised if title == "Order late to ship"]
    soon = [text for title, text in raised if title == "Order due to ship soon"]
    assert len(late) == 1 and LATE_NO in late[0]
    assert len(soon) == 1 and SOON_NO in soon[0]
    assert [title for title, _text in raised].count("Good morning: today's risks") == 1


def test_an_alert_whose_cause_ended_can_be_raised_again_by_either_desk(qtbot, windows, desks):
    """An order late, shipped, then (a correction) unshipped and late again is a new alert: the desk
    that saw the cause end forgets it on the server, and both desks stay quiet while it is gone."""
    packer, owner = windows
    for window in windows:
        qtbot.waitUntil(lambda w=window: w.notifier.report is not None, timeout=10_000)
    before = len(packer.raised) + len(owner.raised)
    order_id = orders.find_order(packer.ctx.store, packer.ctx.shop_id, LATE_NO)["id"]
    cause = f"late:{order_id}"
    assert raised_alerts.claim(desks[0], packer.ctx.shop_id, [cause], NOW_EPOCH) == set()  # raised once
    orders.ship_order(packer.ctx.store, order_id, NOW_EPOCH, "75312345678901", "中通快递", NOW_EPOCH)
    with qtbot.waitSignal(owner.notifier.checked, timeout=10_000):
        packer.ctx.notify_changed(Changes.order(order_id, evidence=True))
    qtbot.waitUntil(lambda: cause not in packer.notifier.announced, timeout=10_000)
    assert len(packer.raised) + len(owner.raised) == before  # an ending raises nothing
    assert raised_alerts.claim(desks[0], packer.ctx.shop_id, [cause], NOW_EPOCH) == {cause}


def test_a_command_on_another_desk_is_heard_as_a_change_and_a_rollback_is_not(desks):
    """A command line (an import, `ship`) writes without a window: its transaction says so at commit."""
    first, second, ids = desks
    listener = live.Listener(second.location)
    try:
        with pytest.raises(RuntimeError), first.write() as db:
            db.execute("UPDATE orders SET tracking_no = ? WHERE id = ?", ("1", ids[SOON_NO]))
            raise RuntimeError("the command failed half-way")
        assert listener.changes(0.3) == []
        orders.ship_order(first, ids[SOON_NO], NOW_EPOCH, "75312345678903", "韵达快递", NOW_EPOCH)
        heard = listener.changes(2.0)
    finally:
        listener.close()
    assert [desk for desk, _changes in heard] == [first.desk]
    assert heard[0][1] == Changes.everything()


def test_after_the_server_restarts_the_desk_says_so_once_and_hears_the_others_again(
    qtbot, windows, pg_cluster, pg_url
):
    packer, owner = windows
    said: list[str] = []
    owner.ctx.status_message.connect(said.append)
    _restart_server(pg_cluster)
    qtbot.waitUntil(
        lambda: any("Connected to the shared store again" in text for text in said), timeout=15_000
    )
    lost = [text for text in said if "Lost the connection" in text]
    assert len(lost) == 1  # once, however many tries it took
    # The packer's desk (a fresh connection: its old one went with the server) ships the late order.
    with open_store(pg_url) as desk:
        order_id = orders.find_order(desk, shops.require_shop(desk), LATE_NO)["id"]
        orders.ship_order(desk, order_id, NOW_EPOCH, "75312345678901", "中通快递", NOW_EPOCH)
    qtbot.waitUntil(lambda: _late_count(owner) == "0", timeout=LIVE_MS)


def _restart_server(cluster) -> None:
    """As a shop's server PC restarting: every connection is cut, the server is back a moment later."""
    cluster._run(
        "pg_ctl", "-D", str(cluster.data_dir), "-l", str(cluster.log_file), "-m", "fast", "-w", "restart"
    )


def test_a_store_on_one_computer_has_no_listener_and_says_nothing(qtbot, store):
    """SQLite: no other desks; nothing of this runs (no thread, no message)."""
    application()
    ctx = AppContext(store, fixed_now=NOW_EPOCH)
    assert ctx.live is None
    assert store.announces_writes  # would announce, but a SQLite store has nowhere to: announce is a no-op
    live.announce(store, Changes.everything())
    heard: list[Changes] = []
    ctx.changed.connect(heard.append)
    ctx.notify_changed(Changes(events=True))
    assert heard == [Changes(events=True)]
    ctx.stop_clock()
    release_on_gui_thread(ctx)


def test_a_change_travels_as_text_and_comes_back_the_same():
    change = Changes(frozenset({3, 1, 2}), evidence=True, settings=True)
    assert Changes.from_payload(change.to_payload("desk-a")) == ("desk-a", change)
    assert Changes.from_payload(Changes.everything().to_payload("b")) == ("b", Changes.everything())


def test_a_change_to_too_many_orders_for_one_message_says_some_orders():
    """PostgreSQL refuses a NOTIFY of 8000 bytes or more: 5 000 order ids are sent as "orders"."""
    change = Changes(frozenset(range(100_000, 105_000)), orders_added=True)
    payload = change.to_payload("desk-a")
    assert len(payload.encode()) < 8000
    assert Changes.from_payload(payload) == ("desk-a", Changes(None, orders_added=True))


def test_a_message_this_version_cannot_read_refreshes_everything():
    assert Changes.from_payload("{not json") == ("", Changes.everything())
