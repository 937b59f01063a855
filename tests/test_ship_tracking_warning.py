"""The ship form warns about a tracking number that does not fit its carrier, as the shop types."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from seller_assistant.ui.order_actions import ShipDialog
from tests.conftest import NOW_EPOCH


def _type_chinese(widget, text: str) -> None:
    """Chinese arrives from the input method as committed text (QTest cannot key it in)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _dialog(qtbot) -> ShipDialog:
    dialog = ShipDialog(NOW_EPOCH, "Asia/Shanghai")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_mistyped_ups_number_is_flagged_and_the_right_one_clears_it(qtbot):
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.carrier, "UPS")
    qtbot.keyClicks(dialog.tracking, "1Z999AA10123456785")  # last digit one off
    assert dialog.tracking_warning.isVisible()
    assert "check digit" in dialog.tracking_warning.text()
    qtbot.keyClick(dialog.tracking, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.tracking, "4")
    assert not dialog.tracking_warning.isVisible()
    assert dialog.values()[1:] == ("1Z999AA10123456784", "UPS")


def test_a_zto_number_of_the_wrong_length_is_flagged_but_can_still_be_saved(qtbot):
    dialog = _dialog(qtbot)
    _type_chinese(dialog.carrier, "中通快递")
    qtbot.keyClicks(dialog.tracking, "7501111222")
    assert "does not look like a ZTO Express" in dialog.tracking_warning.text()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_an_empty_number_says_what_it_costs(qtbot):
    dialog = _dialog(qtbot)
    _type_chinese(dialog.carrier, "顺丰速运")
    assert "No tracking number" in dialog.tracking_warning.text()


def test_the_carrier_field_offers_the_carrier_list(qtbot):
    dialog = _dialog(qtbot)
    model = dialog.carrier.completer().model()
    names = {model.index(i, 0).data() for i in range(model.rowCount())}
    assert {"中通快递", "顺丰速运", "Royal Mail", "UPS", "极兔速递"} <= names
