"""Every colour of the window in one place, light and dark, following the system's scheme.

Status colours mean the same everywhere: `late` (missed or over the line), `due_soon` (act today),
`ok` (fine), `info` (neutral). Widgets ask for a role, never for a hex value."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

# role: (light, dark). Alpha-carrying roles use #AARRGGBB.
_ROLES: dict[str, tuple[str, str]] = {
    # status
    "late": ("#c62828", "#ef5350"),
    "due_soon": ("#b26a00", "#ffb74d"),
    "warning": ("#ef8f00", "#ffa726"),
    "ok": ("#2e7d32", "#66bb6a"),
    "info": ("#1f6fd1", "#64b5f6"),
    "unknown": ("#7a7a7a", "#9e9e9e"),
    "late_background": ("#28c62828", "#40ef5350"),
    "due_soon_background": ("#32ffb300", "#40ffb74d"),
    # text
    "muted_text": ("#6b7480", "#9aa4ae"),
    "error_text": ("#b3261e", "#f28b82"),
    "caution_text": ("#8a5300", "#ffcc80"),
    "success_text": ("#1f7a34", "#81c995"),
    # surfaces
    "banner": ("#fff4d6", "#4a3f1f"),
    "banner_edge": ("#e0c36a", "#8a7330"),
    "search_highlight": ("#ffe08a", "#6b5a1e"),
    "panel": ("#fafafa", "#2a2d30"),
    "panel_edge": ("#dddddd", "#4a4f55"),
    # charts
    "rate_7d": ("#1f6fd1", "#64b5f6"),
    "rate_30d": ("#e07b00", "#ffb74d"),
    "grid": ("#1c000000", "#28ffffff"),
    "gauge_track": ("#1e000000", "#30ffffff"),
    # chats
    "chat_background": ("#f3f5f7", "#1e2124"),
    "buyer_bubble": ("#ffffff", "#2b2f33"),
    "buyer_edge": ("#c8cdd3", "#555c63"),
    "staff_bubble": ("#d9f2d0", "#24452a"),
    "staff_edge": ("#a8d69a", "#3d6b43"),
    "platform_bubble": ("#fff1d6", "#4a3b1c"),
    "platform_edge": ("#e8b45a", "#8a6a2a"),
    "system_bubble": ("#eef0f3", "#33373b"),
    "agreement_edge": ("#d08700", "#ffb74d"),
    "agreement_text": ("#8a5a00", "#ffcc80"),
    "bubble_text": ("#1d232a", "#e8eaed"),
    "system_text": ("#4c545e", "#b0b6bd"),
    "separator": ("#b0b6be", "#5f666d"),
    "card": ("#fafbfc", "#26292c"),
    "drop_target": ("#0b57d0", "#a8c7fa"),
    "chip": ("#dbe9fb", "#1e3a5c"),
    "chip_text": ("#0b4f9c", "#a8c7fa"),
}


def is_dark() -> bool:
    """The system asks for a dark scheme (Qt 6.5+), or the palette's window is dark."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def hex_colour(role: str) -> str:
    """`role`'s colour as #RRGGBB (or #AARRGGBB) for a style sheet or rich text."""
    light, dark = _ROLES[role]
    return dark if is_dark() else light


def colour(role: str) -> QColor:
    return QColor(hex_colour(role))


def css_colour(role: str) -> str:
    """An rgba() for style sheets, which read #AARRGGBB differently from QColor."""
    c = colour(role)
    return f"rgba({c.red()}, {c.green()}, {c.blue()}, {c.alpha()})"


def text_style(role: str, bold: bool = False) -> str:
    return f"color: {css_colour(role)};" + (" font-weight: bold;" if bold else "")


def colour_text(widget: QWidget, role: str | None, bold: bool = False) -> None:
    """`widget`'s text in `role`'s colour (None: the palette's own), bold or not. A palette and a
    font, not a style sheet: each widget with a style sheet of its own is polished by the style sheet
    engine, which made a row of Today's alerts cost twice as much to lay out and paint."""
    palette = QPalette()  # nothing set: the widget's parent's colours
    if role is not None:
        palette.setColor(QPalette.ColorRole.WindowText, colour(role))
    widget.setPalette(palette)
    font = widget.font()
    font.setBold(bold)
    widget.setFont(font)


class RoleColours:
    """A dict-like view naming roles by another key (a status, a severity), read at paint time so a
    change of the system's scheme shows on the next repaint."""

    def __init__(self, roles: dict[str, str]) -> None:
        self._roles = roles

    def __getitem__(self, key: str) -> QColor:
        return colour(self._roles[key])

    def get(self, key: str, default: QColor | None = None) -> QColor | None:
        return colour(self._roles[key]) if key in self._roles else default
