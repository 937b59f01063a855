"""The shop teaches the classifier: a correction in the reply panel is kept in the store, the classifier
relearns in the background within seconds, the learned list shows it, and Undo takes it back."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from seller_assistant.core.intent_model import model_path
from seller_assistant.core.intents import classify, learn_from_shop
from seller_assistant.store import intent_examples, open_store, shops
from seller_assistant.ui.app import application
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.intent_correction import LearnedDialog, learner_for
from seller_assistant.ui.reply_panel import ReplyPanel

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

# Shop jargon the shipped model has never seen: a pottery shop's buyer saying the glaze blistered.
MESSAGE = "釉面起泡了"


@pytest.fixture
def panel(qtbot, store):
    application()
    ctx = AppContext(store, fixed_now=NOW_EPOCH)
    widget = ReplyPanel(ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: learner_for(ctx).idle)
    return widget


def _paste(qtbot, edit, text: str) -> None:
    """The shop pastes the buyer's message (QTest cannot type Chinese key by key)."""
    QApplication.clipboard().setText(text)
    qtbot.mouseClick(edit.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def _choose(qtbot, combo, intent: str) -> None:
    """Move through the combo with the arrow keys, as a person does, until `intent` shows."""
    combo.setFocus()
    step = Qt.Key.Key_Down if combo.findData(intent) > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentData() != intent:
        qtbot.keyClick(combo, step)


def test_correcting_an_intent_reads_the_same_message_the_new_way_within_seconds(panel, qtbot, store):
    assert classify(MESSAGE).intent != "not_as_described"
    _paste(qtbot, panel.message_edit, MESSAGE)
    correction = panel.correction
    assert not correction.teach_button.isEnabled()  # nothing to teach until the shop picks another intent
    _choose(qtbot, correction.combo, "not_as_described")
    qtbot.mouseClick(correction.teach_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: classify(MESSAGE).intent == "not_as_described", timeout=10_000)
    qtbot.waitUntil(
        lambda: "不符" in panel.intent_label.text() or "described" in panel.intent_label.text(),
        timeout=10_000,
    )
    saved = intent_examples.active_examples(store, shops.current_shop_id(store))
    assert [(e["text"], e["intent"], e["source"]) for e in saved] == [
        (MESSAGE, "not_as_described", "corrected")
    ]
    assert saved[0]["predicted"] != "not_as_described"


def test_the_learned_list_shows_the_example_and_undo_takes_it_back(panel, qtbot, store):
    before = classify(MESSAGE).intent
    _paste(qtbot, panel.message_edit, MESSAGE)
    _choose(qtbot, panel.correction.combo, "refund_request")
    qtbot.mouseClick(panel.correction.teach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: classify(MESSAGE).intent == "refund_request", timeout=10_000)

    dialog = LearnedDialog(panel.ctx, panel)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.count() == 1 and MESSAGE in dialog.list.item(0).text()
    rect = dialog.list.visualItemRect(dialog.list.item(0))
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)

    assert dialog.list.count() == 0
    qtbot.waitUntil(lambda: classify(MESSAGE).intent == before, timeout=10_000)
    assert intent_examples.active_examples(store, shops.current_shop_id(store)) == []


def test_a_shops_examples_stay_in_its_store(panel, qtbot, store, tmp_path):
    shipped = hashlib.sha256(model_path().read_bytes()).hexdigest()
    _paste(qtbot, panel.message_edit, MESSAGE)
    _choose(qtbot, panel.correction.combo, "escalation")
    qtbot.mouseClick(panel.correction.teach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: classify(MESSAGE).intent == "escalation", timeout=10_000)
    assert hashlib.sha256(model_path().read_bytes()).hexdigest() == shipped  # nothing written outside

    # Another shop's store opened in a new window: it knows nothing of the first shop's example.
    from seller_assistant.core.settings import ShopSettings

    other = open_store(tmp_path / "other.db")
    shops.create_shop(other, ShopSettings(name="另一家", timezone="Asia/Shanghai"), NOW_EPOCH)
    try:
        learner = learner_for(AppContext(other, fixed_now=NOW_EPOCH))
        qtbot.waitUntil(lambda: learner.idle and classify(MESSAGE).intent != "escalation", timeout=10_000)
    finally:
        other.close()


def test_a_few_corrections_also_carry_over_to_a_near_variant():
    learn_from_shop([("釉面起泡了", "quality"), ("釉面有气泡", "quality"), ("杯子釉面起泡", "quality")])
    assert classify("釉面起了好多泡").intent == "quality"
    learn_from_shop([])


def test_what_a_shop_teaches_leaves_the_rest_of_the_model_alone():
    from pathlib import Path

    from seller_assistant.core.intent_corpus import read_corpus

    dev = [
        (e.text, e.intent)
        for e in read_corpus(Path(__file__).resolve().parent.parent / "data" / "intents")
        if e.split == "dev"
    ]
    before = sum(classify(text).intent == intent for text, intent in dev)
    learn_from_shop(
        [
            ("釉面起泡了", "quality"),
            ("发货单不要放", "other"),
            ("能不能走德邦", "pre_sale"),
            ("茶汤有点浑", "quality"),
            ("盖子不太配", "not_as_described"),
        ]
    )
    after = sum(classify(text).intent == intent for text, intent in dev)
    assert after >= before - len(dev) // 100  # at most one point lower
