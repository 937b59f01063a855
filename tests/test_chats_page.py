"""The Chats & evidence page: search that jumps to the message, unlinked chats, import, verify."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from seller_assistant.store import chats, shops
from seller_assistant.ui.app import application, build_window
from seller_assistant.ui.search_panel import HitModel, hit_html

from .builders.tamper import drop_trigger
from .conftest import NOW_EPOCH
from .qt_cleanup import release_on_gui_thread

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def window(qtbot, demo_store):
    application()
    win = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(win)
    win.show()
    win.ctx.save_settings(win.ctx.settings.updated(language="en"))
    yield win
    release_on_gui_thread(win.ctx)


@pytest.fixture
def page(window):
    return window.show_page("chats")


def type_chinese(widget, text: str) -> None:
    """Type as a Chinese input method does: each character is committed to the focused box
    (QTest's key clicks only know ASCII keys)."""
    for char in text:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


def search(qtbot, page, text: str):
    page.search.query.setText(text)  # typed: the search starts after a short pause
    qtbot.waitUntil(
        lambda: getattr(page.search, "last_query", None) == text and page.search.model.rowCount() > 0,
        timeout=5000,
    )
    return page.search.last_result


def test_clicking_a_search_result_opens_its_conversation_with_the_message_selected(qtbot, page):
    result = search(qtbot, page, "平台已介入")
    hit = result.hits[0]
    assert "平台已介入" in hit.text
    index = page.search.model.index(0)
    QTest.mouseClick(
        page.search.results.viewport(),
        Qt.MouseButton.LeftButton,
        pos=page.search.results.visualRect(index).center(),
    )
    assert page.right.currentWidget() is page.order_chat
    assert page.order_chat.order_id == hit.order_id
    selected = page.order_chat.view.selected_messages()
    assert [m["id"] for m in selected] == [hit.message_id]
    row = page.order_chat.view.conversation.row_of_message(hit.message_id)
    assert page.order_chat.view.visualRect(page.order_chat.view.conversation.index(row)).intersects(
        page.order_chat.view.viewport().rect()
    )  # scrolled into sight


def test_a_two_character_search_is_complete_and_says_nothing_about_being_short(qtbot, page, demo_store):
    result = search(qtbot, page, "裂纹")
    assert result.mode == "bigram"
    qtbot.waitUntil(lambda: "found" in page.search.status.text(), timeout=5000)
    assert "character" not in page.search.status.text()
    expected = {row[0] for row in demo_store.conn.execute("SELECT id FROM messages WHERE text LIKE '%裂纹%'")}
    assert {hit.message_id for hit in result.hits} == expected


def test_one_character_asks_for_two_and_searches_nothing(qtbot, page):
    page.search.query.setText("裂")
    qtbot.waitUntil(lambda: page.search.last_query == "裂", timeout=5000)
    assert page.search.model.rowCount() == 0
    assert "at least 2 characters" in page.search.status.text()


def test_typing_cancels_the_search_it_replaces_and_shows_only_the_last(qtbot, page):
    page.search.query.setText("现货")
    page.search.run_search()
    replaced = page.search.search_worker
    type_chinese(page.search.query, "充足")
    page.search.run_search()
    assert replaced.job.cancelled
    qtbot.waitUntil(
        lambda: page.search.last_query == "现货充足" and page.search.search_worker is None, timeout=5000
    )
    assert all("现货充足" in hit.text for hit in page.search.last_result.hits)


def test_the_first_hits_are_shown_before_the_rest_are_found(qtbot, page, monkeypatch, demo_store):
    from seller_assistant.ui import search_panel

    monkeypatch.setattr(search_panel, "FIRST_PAGE", 2)
    counts = []
    page.search.model.rowsInserted.connect(lambda *_: counts.append(page.search.model.rowCount()))
    page.search.model.modelReset.connect(lambda: counts.append(page.search.model.rowCount()))
    expected = demo_store.conn.execute("SELECT count(*) FROM messages WHERE text LIKE '%亲%'").fetchone()[0]
    assert expected > 2, "the demo shop must have more than one page of 亲"
    page.search.query.setText("亲")
    type_chinese(page.search.query, "，")
    qtbot.waitUntil(
        lambda: page.search.search_worker is None and page.search.last_query == "亲，", timeout=5000
    )
    total = page.search.model.rowCount()
    assert counts[-2:] == [2, total] and total > 2


def test_filters_narrow_the_search_to_one_order(qtbot, page, demo_store):
    everything = search(qtbot, page, "现货充足")
    assert len({hit.order_id for hit in everything.hits}) > 1
    order_no = everything.hits[0].order_no
    page.search.order_no.setText(order_no)
    qtbot.waitUntil(lambda: {h.order_no for h in page.search.last_result.hits} == {order_no}, timeout=5000)


def test_an_unknown_order_number_in_the_filter_is_said_plainly(qtbot, page):
    page.search.order_no.setText("123")
    page.search.query.setText("现货充足")
    page.search.run_search()
    assert page.search.status.text() == "There is no order 123 in this shop."
    assert page.search.model.rowCount() == 0


def test_search_results_show_markup_in_chat_text_literally(qtbot, page, demo_store):
    hostile = "<script>alert(1)</script> 你好 <b>粗体</b>"
    chats.add_message(
        demo_store,
        shops.require_shop(demo_store),
        order_id=None,
        buyer="坏人",
        sender_role="buyer",
        sender_name="坏人",
        sent_at=NOW_EPOCH - 60,
        text=hostile,
        source="manual",
        now=NOW_EPOCH,
    )
    result = search(qtbot, page, "script")
    html = hit_html(result.hits[0], page.ctx.settings.tz())
    assert "<script" not in html and "<b>" not in html and "&lt;b&gt;" in html
    document = QTextDocument()
    document.setHtml(html)
    assert hostile in document.toPlainText()


def test_a_message_for_no_order_can_be_assigned_from_the_unlinked_list(qtbot, page, demo_store):
    shop_id = shops.require_shop(demo_store)
    message_id = chats.add_message(
        demo_store,
        shop_id,
        order_id=None,
        buyer="路人甲",
        sender_role="buyer",
        sender_name="路人甲",
        sent_at=NOW_EPOCH - 600,
        text="能用洗碗机吗？",
        source="manual",
        now=NOW_EPOCH,
    )
    page.ctx.notify_changed()
    unlinked = page.unlinked.list
    qtbot.waitUntil(lambda: message_id in unlinked_ids(page), timeout=5000)
    ids = unlinked_ids(page)
    index = page.unlinked.model.index(ids.index(message_id))
    unlinked.scrollTo(index)
    QTest.mouseClick(unlinked.viewport(), Qt.MouseButton.LeftButton, pos=unlinked.visualRect(index).center())
    assert page.right.currentWidget() is page.buyer_chat
    assert [m["id"] for m in page.buyer_chat.view.selected_messages()] == [message_id]
    order_no = demo_store.conn.execute("SELECT order_no FROM orders ORDER BY id LIMIT 1").fetchone()[0]
    page.buyer_chat.conversation_actions.assign(page.unlinked.selected_ids(), order_no)
    assert chats.get_message(demo_store, message_id)["order_id"] is not None
    qtbot.waitUntil(lambda: message_id not in unlinked_ids(page) and page.unlinked.loader.idle, timeout=5000)
    remaining = unlinked_ids(page)
    assert page.tabs.tabText(1).endswith(f"({len(remaining)})")


def test_lines_chosen_in_the_unlinked_list_stay_chosen_when_a_new_one_arrives(qtbot, page, demo_store):
    """The shop ctrl-clicks two lines to assign them; a chat imported meanwhile re-reads the list:
    the two stay selected (and the Assign button with them), the new line is not."""
    shop_id = shops.require_shop(demo_store)

    def unlinked(buyer: str, text: str, minutes_ago: int) -> int:
        return chats.add_message(
            demo_store,
            shop_id,
            order_id=None,
            buyer=buyer,
            sender_role="buyer",
            sender_name=buyer,
            sent_at=NOW_EPOCH - minutes_ago * 60,
            text=text,
            source="manual",
            now=NOW_EPOCH,
        )

    first, second = unlinked("路人丙", "还有货吗？", 30), unlinked("路人丁", "能开发票吗？", 20)
    page.ctx.notify_changed()
    qtbot.waitUntil(
        lambda: {first, second} <= set(unlinked_ids(page)) and page.unlinked.loader.idle, timeout=5000
    )
    bar = page.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    view = page.unlinked.list
    for message_id, modifier in (
        (first, Qt.KeyboardModifier.NoModifier),
        (second, Qt.KeyboardModifier.ControlModifier),
    ):
        index = page.unlinked.model.index(unlinked_ids(page).index(message_id))
        view.scrollTo(index)
        QTest.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center()
        )
    assert sorted(page.unlinked.selected_ids()) == sorted([first, second])
    assert page.unlinked.assign_button.isEnabled()
    newest = unlinked("路人戊", "什么时候发货", 5)
    page.ctx.notify_changed()
    qtbot.waitUntil(lambda: newest in unlinked_ids(page) and page.unlinked.loader.idle, timeout=5000)
    assert sorted(page.unlinked.selected_ids()) == sorted([first, second])
    assert page.unlinked.assign_button.isEnabled()


def unlinked_ids(page) -> list[int]:
    model = page.unlinked.model
    return [model.index(i).data(Qt.ItemDataRole.UserRole)["id"] for i in range(model.rowCount())]


def test_the_page_reads_its_unlinked_messages_off_the_gui_thread(qtbot, window, demo_store, monkeypatch):
    """On a store of a million orders this read held the window for a fifth of a second when the
    page was first shown: it belongs on a worker, and the list and its count follow."""
    threads: list[threading.Thread] = []
    real = chats.unlinked_messages

    def recording(store, shop_id, limit=5000):
        threads.append(threading.current_thread())
        return real(store, shop_id, limit=limit)

    monkeypatch.setattr(chats, "unlinked_messages", recording)
    shop_id = shops.require_shop(demo_store)
    chats.add_message(
        demo_store,
        shop_id,
        order_id=None,
        buyer="路人乙",
        sender_role="buyer",
        sender_name="路人乙",
        sent_at=NOW_EPOCH - 300,
        text="有优惠券吗？",
        source="manual",
        now=NOW_EPOCH,
    )
    page = window.show_page("chats")
    qtbot.waitUntil(lambda: bool(page.unlinked.lines()) and page.unlinked.loader.idle, timeout=5000)
    assert threads, "the unlinked messages were never read"
    assert all(thread is not threading.main_thread() for thread in threads)
    assert "有优惠券吗？" in page.unlinked.lines()[0]
    assert page.tabs.tabText(1).endswith(f"({len(page.unlinked.lines())})")


def test_verify_evidence_says_intact_then_names_a_changed_message(qtbot, page, demo_store):
    page.verify_action.trigger()
    qtbot.waitUntil(lambda: page.last_report != "", timeout=10000)
    assert page.last_report.startswith("Evidence intact")
    message_id = demo_store.conn.execute("SELECT id FROM messages ORDER BY id LIMIT 1").fetchone()[0]
    # Someone edits the database behind the app's back (the trigger only stops honest mistakes).
    drop_trigger(demo_store, "messages_append_only_update")
    demo_store.conn.execute("UPDATE messages SET text = text || '!' WHERE id = ?", (message_id,))
    page.last_report = ""
    page.verify_button.click()
    qtbot.waitUntil(lambda: page.last_report != "", timeout=10000)
    assert page.last_report.startswith("Evidence altered")
    assert f"(message #{message_id})" in page.last_report
    assert "Evidence altered" in page.verify_label.text()


def test_import_chat_record_from_the_file_menu(qtbot, window, page, tmp_path):
    import_menu = next(a.menu() for a in window.menuBar().actions()[0].menu().actions() if a.menu())
    assert page.import_action in import_menu.actions()
    export = tmp_path / "chat.txt"
    export.write_bytes(
        "消息对象:新买家\n新买家 (2026-11-24 10:00:00):\n请问包邮吗\n青瓷小铺:小美 (2026-11-24 10:01:00):\n包邮的亲\n".encode(
            "gbk"
        )
    )
    page.import_chat_file(export)
    qtbot.waitUntil(lambda: page.last_report != "", timeout=5000)
    assert "Read 2 messages: 2 new" in page.last_report
    qtbot.waitUntil(lambda: page.unlinked.loader.idle and bool(page.unlinked.lines()), timeout=5000)
    assert "(2)" in page.tabs.tabText(1) or "新买家" in page.unlinked.lines()[0]


def test_the_page_opens_on_the_newest_conversation_not_a_blank_pane(qtbot, page, demo_store):
    newest = demo_store.conn.execute(
        "SELECT order_id FROM messages ORDER BY sent_at DESC, id DESC LIMIT 1"
    ).fetchone()[0]
    qtbot.waitUntil(lambda: page.right.currentWidget() is page.order_chat, timeout=5000)
    assert page.order_chat.order_id == newest


def test_importing_a_shops_chat_history_says_that_other_changes_wait(
    qtbot, window, page, tmp_path, monkeypatch
):
    """A history is written in one transaction (store/chat_history.py): the window says so while it
    runs, then reports it like any import."""
    from seller_assistant.imports import chat_pipeline
    from seller_assistant.store import bulk_load
    from tests.builders.qianniu_export import write_synthetic_export

    stored = window.ctx.store.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    export = tmp_path / "聊天记录.txt"
    written = write_synthetic_export(export, max(3000, stored * 6), order_nos=["3901234567890123456"])
    monkeypatch.setattr(bulk_load, "BULK_MIN_ROWS", 1000)
    monkeypatch.setattr(chat_pipeline, "WORKER_MIN_BYTES", 10**12)  # in this process: quicker here
    said = []
    window.ctx.status_message.connect(said.append)
    page.import_chat_file(export)
    assert said and "other changes wait until it is done" in said[0] and "聊天记录.txt" in said[0]
    qtbot.waitUntil(lambda: page.last_report != "", timeout=60000)
    assert f"Read {written} messages: {written} new" in page.last_report


def test_typing_on_stops_the_search_it_replaces_inside_the_database_and_shows_the_newest(
    qtbot, page, demo_store, monkeypatch
):
    # The shop types "35" and pauses: that search starts (here one that would read for minutes,
    # as a search over ten million messages could); typing "0ml" must stop it where it is inside
    # SQLite, and the list must show the matches of 350ml only, never the older search's.
    from seller_assistant.store import search as store_search

    from .slow_sql import read_until_stopped

    started, stopped = [], []
    real_search = store_search.search_messages

    def search_messages(store, shop_id, query, **kwargs):
        started.append(query)
        if query == "35":
            read_until_stopped(store.conn, stopped)
        return real_search(store, shop_id, query, **kwargs)

    monkeypatch.setattr(store_search, "search_messages", search_messages)
    qtbot.waitUntil(lambda: page.search.search_worker is None, timeout=5000)  # the newest messages
    started.clear()
    page.search.query.setFocus()
    qtbot.keyClicks(page.search.query, "35")
    qtbot.waitUntil(lambda: started == ["35"], timeout=5000)  # after the pause in typing
    qtbot.keyClicks(page.search.query, "0ml")
    qtbot.waitUntil(lambda: stopped == ["interrupted"], timeout=10_000)
    qtbot.waitUntil(
        lambda: page.search.search_worker is None and page.search.last_query == "350ml", timeout=5000
    )
    expected = {
        row[0] for row in demo_store.conn.execute("SELECT id FROM messages WHERE text LIKE '%350ml%'")
    }
    shown = [
        page.search.model.index(row).data(HitModel.HIT_ROLE) for row in range(page.search.model.rowCount())
    ]
    assert {hit.message_id for hit in shown} == expected and expected
    assert "found" in page.search.status.text()


def test_the_result_list_comes_to_rest_after_a_search(qtbot, page):
    # Rows wrap to the list's width; a scroll bar that came and went as their heights were measured
    # changed that width and had them measured again without end, the window busy all the while.
    # (The other pages, built behind this one while the window opens, go into the window's stack:
    # its layout runs again, and the list measures the rows it shows once more. Not what is tested.)
    window = page.window()
    qtbot.waitUntil(lambda: window.opening.pages_built, timeout=20_000)
    search(qtbot, page, "发货")
    qtbot.waitUntil(lambda: "found" in page.search.status.text(), timeout=5000)
    assert page.search.model.rowCount() > 20  # more than the list shows: its scroll bar is needed
    delegate = page.search.results.itemDelegate()
    measured = []
    original = type(delegate).sizeHint

    def counted(option, index):
        measured.append(index.row())
        return original(delegate, option, index)

    qtbot.wait(1000)  # the rows' first layout, a batch at a time
    delegate.sizeHint = counted
    qtbot.wait(1000)
    assert measured == []
