"""One palette: status colours mean the same everywhere, dark follows the system, no stray colours."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from seller_assistant.ui import theme
from seller_assistant.ui.app import application
from seller_assistant.ui.icons import page_icon

UI = Path(__file__).resolve().parent.parent / "seller_assistant" / "ui"


def test_a_dark_system_palette_gets_the_dark_colours():
    app = application()
    light = theme.colour("late").name()
    saved = app.palette()
    dark = QPalette(saved)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#2a2b2e"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    try:
        QGuiApplication.setPalette(dark)  # the offscreen platform states no scheme: the palette decides
        assert theme.is_dark()
        assert theme.colour("late").name() != light
        assert theme.colour("bubble_text").lightness() > 128  # light text on dark bubbles
    finally:
        QGuiApplication.setPalette(saved)


def test_no_widget_hard_codes_a_colour():
    literal = re.compile(r"""["']#[0-9a-fA-F]{6}["']|QColor\(\s*\d""")
    offenders = [
        f"{path.name}:{number}"
        for path in UI.rglob("*.py")
        if path.name != "theme.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert offenders == []


def test_every_page_has_a_sidebar_icon():
    application()
    for key in ("today", "orders", "chats", "helprate", "replies", "settings"):
        assert not page_icon(key).isNull(), key
