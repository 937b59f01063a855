"""The window opens on the demo shop with every page, and remembers where it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from seller_assistant.ui import window_opening
from seller_assistant.ui.app import application, build_window

from .conftest import NOW_EPOCH
from .window_opening import wait_until_open

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def window(qtbot, demo_store):
    application()
    win = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(win)
    win.show()
    return win


def test_window_has_every_page_in_the_sidebar(window):
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == ["Today", "Orders", "Chats & evidence", "Help rate", "Replies", "Settings"]
    assert window.stack.count() == 6


def test_window_title_names_the_shop(window):
    assert "青瓷小铺" in window.windowTitle()


def test_switching_pages_from_the_sidebar(window):
    window.sidebar.setCurrentRow(5)
    assert window.stack.currentWidget() is window.pages["settings"]


def test_settings_page_saves_the_threshold(window, qtbot):
    page = window.show_page("settings")
    page.threshold.setValue(1.5)
    page.save_button.click()
    assert window.ctx.settings.help_rate_threshold == pytest.approx(0.015)


def test_window_keeps_its_geometry_but_always_opens_on_today(qtbot, demo_store):
    application()
    first = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(first)
    first.show()
    first.show_page("helprate")
    first._save_state()
    assert QSettings().value("window/geometry") is not None
    second = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(second)
    wait_until_open(qtbot, second)  # Today, not the page the first window showed


def test_the_window_paints_todays_placeholder_first_and_the_page_and_tray_follow(qtbot, demo_store):
    """Built whole, the window held the GUI thread 65–120 ms before it could paint: it paints first
    with Today's title and "working out" line, and the page and the notifier come in the next turns."""
    application()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    assert [key for key in window.pages if window.pages.is_built(key)] == []
    assert window.notifier is None
    placeholder = window.stack.currentWidget()
    assert [label.text() for label in placeholder.findChildren(QLabel)] == [
        "Today",
        "Working out today's risks…",
    ]
    qtbot.waitExposed(window)
    wait_until_open(qtbot, window)
    assert window.stack.currentWidget().objectName() == "page_today"
    qtbot.waitUntil(lambda: window.pages["today"].report is not None, timeout=10_000)
    assert window.pages["today"].alert_rows  # the demo shop has orders to ship today


def test_only_today_is_built_when_the_window_opens_and_the_rest_on_first_show(qtbot, window):
    wait_until_open(qtbot, window)
    assert [key for key in window.pages if window.pages.is_built(key)] == ["today"]
    assert window.stack.currentWidget() is window.pages["today"]
    window.sidebar.setCurrentRow(1)
    orders = window.stack.currentWidget()
    assert orders is window.pages["orders"] and orders.objectName() == "page_orders"
    assert window.pages.is_built("orders") and not window.pages.is_built("chats")
    assert window.stack.count() == 6


def test_open_order_from_today_shows_it_on_an_orders_page_never_shown_before(window, demo_store):
    order_id, order_no = demo_store.db.execute(
        "SELECT id, order_no FROM orders ORDER BY id LIMIT 1"
    ).fetchone()
    assert not window.pages.is_built("orders")
    window.ctx.order_requested.emit(order_id)
    page = window.pages["orders"]
    assert window.stack.currentWidget() is page
    assert page.detail.order_id == order_id and order_no in page.detail.title.text()


def test_the_import_menu_lists_the_pages_actions_before_and_after_they_are_built(window):
    file_menu = window.menuBar().actions()[0].menu()
    import_menu = next(a.menu() for a in file_menu.actions() if a.menu() is not None)

    def texts():
        return [a.text() for a in import_menu.actions()]

    before = texts()
    assert before == ["&Orders…", "Chat record…"] and import_menu.isEnabled()
    assert "Verify evidence…" in [a.text() for a in file_menu.actions()]
    chats = window.show_page("chats")
    assert texts() == before and chats.import_action in import_menu.actions()
    assert chats.verify_action in file_menu.actions()


def test_export_of_open_disputes_is_in_the_file_menu(window):
    file_menu = window.menuBar().actions()[0].menu()
    names = [a.objectName() for a in file_menu.actions()]
    assert "batch_export_evidence" in names


def test_the_other_pages_code_loads_on_a_worker_once_the_window_is_up(qtbot, demo_store, monkeypatch):
    """Importing a page's modules on its first visit held the window for up to a quarter of a
    second on a big store: once the window is up a worker loads them, and the page is then built
    from them on the GUI thread when the shop first opens it."""
    import threading

    from seller_assistant.ui import pages

    threads: list[threading.Thread] = []
    real = pages._replies

    def recording():
        threads.append(threading.current_thread())
        return real()

    monkeypatch.setattr(pages, "_replies", recording)
    application()
    win = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: bool(threads), timeout=10_000)
    assert threads[0] is not threading.main_thread()
    assert not win.pages.is_built("replies")  # loaded, not built: widgets are the GUI thread's
    page = win.show_page("replies")
    assert win.stack.currentWidget() is page and page.objectName() == "page_replies"


def test_the_other_pages_load_only_once_today_shows_its_rows(qtbot, demo_store, monkeypatch):
    """A worker running Python while Today lays out its rows held the window 160–250 ms (each
    virtual call of a layout waits its turn for the GIL): the other pages' code loads after Today
    shows the day's report with all its rows, and the window says when it is in."""
    from seller_assistant.ui import pages

    seen: list[tuple[bool, bool]] = []
    real = pages._orders

    def recording():
        today = window.pages["today"] if window.pages.is_built("today") else None
        seen.append((today is not None and today.report is not None, bool(today and today.alerts_pending)))
        return real()

    monkeypatch.setattr(pages, "_orders", recording)
    application()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.opening.pages_warm, timeout=15_000)
    today = window.pages["today"]
    assert today.alert_rows, "the demo shop has alerts today"
    assert seen == [(True, False)]
    assert not window.pages.is_built("orders")  # loaded, not built


def test_a_page_shown_the_first_time_reads_its_data_after_its_first_paint(window, qtbot):
    """Its reads run Python on a worker, and each virtual call of the page's first layout and
    paint would wait its turn for the GIL behind them: they start once the page has painted."""
    from PySide6.QtCore import QEvent, QObject

    wait_until_open(qtbot, window)
    painted: list[bool] = []

    class PaintSpy(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    rect = window.sidebar.visualItemRect(window.sidebar.item(3))
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.stack.currentWidget()
    assert page.objectName() == "page_helprate"
    spy = PaintSpy(page)
    page.installEventFilter(spy)
    assert page.loader.idle and page.loader.runs == 0  # nothing read yet: the page paints first
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    assert painted, "the page painted before its data was read"


def test_a_page_clicked_while_the_window_opens_stays_and_today_and_the_tray_still_come(
    qtbot, demo_store, monkeypatch
):
    """The shop clicks Orders before Today is there: Orders opens at once (the worker importing
    Today's code is stopped and waited for), the click is not undone when Today arrives, and Today
    and the tray's notifier come all the same."""
    import threading

    from seller_assistant.ui import window_opening

    started, release = threading.Event(), threading.Event()
    real = window_opening._load_tray

    def slow_load():
        started.set()
        release.wait(10)
        real()

    monkeypatch.setattr(window_opening, "_load_tray", slow_load)
    application()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(started.is_set, timeout=10_000)
    threading.Timer(0.2, release.set).start()  # the module in hand finishes while the GUI waits
    rect = window.sidebar.visualItemRect(window.sidebar.item(1))
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentWidget().objectName() == "page_orders"
    qtbot.waitUntil(lambda: window.pages.is_built("today") and window.notifier is not None, timeout=10_000)
    assert window.stack.currentWidget().objectName() == "page_orders"
    window.sidebar.setCurrentRow(0)
    assert window.stack.currentWidget() is window.pages["today"]


def test_the_other_pages_are_built_while_the_shop_reads_today_and_a_click_only_shows_one(qtbot, window):
    """Built on its first click, a page's widgets and its first layout and paint shared one turn of
    the event loop (25–45 ms at 1 M orders): once their code is in, the pages are built one a turn
    in the background, behind Today, and a click only shows the page."""
    qtbot.waitUntil(lambda: window.opening.pages_built, timeout=20_000)
    assert all(window.pages.is_built(key) for key in window.pages)
    assert window.stack.currentWidget() is window.pages["today"]  # still the page the shop reads
    settings = window.pages["settings"]
    assert not settings.isVisible()
    rect = window.sidebar.visualItemRect(window.sidebar.item(5))
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentWidget() is settings and settings.isVisible()
    assert window.stack.count() == 6  # built in the stand-ins' places, none added


def test_a_window_closed_while_its_pages_are_built_builds_no_more(qtbot, demo_store):
    application()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.opening.pages_warm, timeout=15_000)
    window.quit()  # the tray's Quit: closed for good
    built = [key for key in window.pages if window.pages.is_built(key)]
    qtbot.wait(3 * window_opening.PREBUILD_GAP_MS)
    assert [key for key in window.pages if window.pages.is_built(key)] == built
    assert not window.opening.pages_built


def test_a_page_that_cannot_be_built_in_the_background_is_built_when_the_shop_opens_it(
    qtbot, demo_store, monkeypatch
):
    """The store cannot answer while the pages are built behind Today (a shared store's server
    restarting, a disk gone): nothing is said to the shop for work it did not ask for; the page is
    built when opened, where what fails is reported."""
    import sqlite3

    from seller_assistant.ui import pages

    real = pages._replies
    store_answers = [False]

    def replies_page():
        page_class = real()

        def build(*args):
            if not store_answers[0]:
                raise sqlite3.OperationalError("disk I/O error")
            return page_class(*args)

        return build

    monkeypatch.setattr(pages, "_replies", replies_page)
    application()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(
        lambda: window.pages.is_built("chats") and window.pages.is_built("helprate"), timeout=20_000
    )
    qtbot.wait(3 * window_opening.PREBUILD_GAP_MS)
    assert not window.pages.is_built("replies") and not window.pages.is_built("settings")
    assert not window.opening.pages_built
    store_answers[0] = True
    rect = window.sidebar.visualItemRect(window.sidebar.item(4))
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentWidget().objectName() == "page_replies"
