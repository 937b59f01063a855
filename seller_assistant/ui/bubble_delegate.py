"""Painting the conversation: bubbles by sender, separators, thumbnails; chat text only as plain text."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPen, QPixmap, QTextLayout, QTextOption
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from seller_assistant.core.clock import format_local
from seller_assistant.ui import theme
from seller_assistant.ui.conversation_model import (
    ROW_ROLE,
    THUMB,
    ConversationModel,
    Row,
    agreement_kind_label,
    message_metadata,
    stage_label,
)
from seller_assistant.ui.i18n import fill

PAD = 8
MARGIN = 10

# (fill, edge) theme roles: buyer white with a grey edge, shop staff green like the chat clients,
# platform staff amber (they decide disputes).
_COLOURS = {
    "left": ("buyer_bubble", "buyer_edge"),
    "right": ("staff_bubble", "staff_edge"),
    "platform": ("platform_bubble", "platform_edge"),
    "system": ("system_bubble", "system_bubble"),
}


class BubbleDelegate(QStyledItemDelegate):
    """Paints each row itself, so chat text is only ever drawn as plain text (never markup)."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    # -- measuring ------------------------------------------------------------------------------

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        body = QFont(option.font)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, body.pointSizeF() * 0.85))
        return body, small

    def _bubble_width(self) -> float:
        return max(160.0, self.view.viewport().width() * 0.66)

    def _layout(self, text: str, font: QFont, width: float) -> tuple[QTextLayout, float, float]:
        # QTextLayout breaks lines only at U+2028: a message written over two lines shows on two.
        layout = QTextLayout(text.replace("\r\n", "\n").replace("\n", "\u2028"), font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        height = 0.0
        widest = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, height))
            height += line.height()
            widest = max(widest, line.naturalTextWidth())
        layout.endLayout()
        return layout, widest, height

    def _parts(self, row: Row, option: QStyleOptionViewItem, model: ConversationModel):
        """The bubble's pieces: header (who, when), the text, agreement lines; with their sizes."""
        body, small = self._fonts(option)
        inner = self._bubble_width() - 2 * PAD
        message = row.message
        who = message.get("sender_name") or message.get("buyer") or ""
        if message.get("sender_role") == "platform":
            who = fill(QCoreApplication.translate("Conversation", "Platform: {who}"), who=who)
        elif message.get("sender_role") == "system":
            who = QCoreApplication.translate("Conversation", "System")
        when = format_local(message["sent_at"], model.tz) if model.tz else ""
        header = self._layout(f"{who}  {when}".strip(), small, inner)
        if message.get("withdrawn"):
            body.setStrikeOut(True)  # withdrawn or superseded: struck through, its reason below
        text = self._layout(message.get("text", ""), body, inner)
        notes = []
        for agreement in row.agreements:
            line = fill(
                QCoreApplication.translate("Conversation", "Agreement ({kind}): {text}"),
                kind=agreement_kind_label(agreement.get("kind", "")),
                text=agreement.get("text", ""),
            )
            notes.append(self._layout(line, small, inner))
        for line in message_metadata(message):
            notes.append(self._layout(line, small, inner))
        width = max([header[1], text[1], *[n[1] for n in notes]]) + 2 * PAD
        height = header[2] + 4 + text[2] + sum(n[2] + 4 for n in notes) + 2 * PAD
        return header, text, notes, width, height

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        row: Row = index.data(ROW_ROLE)
        width = self.view.viewport().width()
        if row.kind == "separator":
            return QSize(width, option.fontMetrics.height() + 14)
        if row.kind == "attachment":
            return QSize(width, THUMB + 2 * PAD + option.fontMetrics.height())
        *_rest, height = self._parts(row, option, index.model())
        return QSize(width, int(height) + 10)

    # -- painting -------------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row: Row = index.data(ROW_ROLE)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if row.kind == "separator":
            self._paint_separator(painter, option, row)
        elif row.kind == "attachment":
            self._paint_attachment(painter, option, index, row, selected)
        else:
            self._paint_message(painter, option, index, row, selected)
        painter.restore()

    def _paint_separator(self, painter: QPainter, option: QStyleOptionViewItem, row: Row) -> None:
        rect = QRectF(option.rect)
        label = stage_label(row.stage)
        _body, small = self._fonts(option)
        small.setBold(True)
        painter.setFont(small)
        text_width = painter.fontMetrics().horizontalAdvance(label) + 24
        mid = rect.center().y()
        painter.setPen(QPen(theme.colour("separator"), 1))
        left_end = rect.center().x() - text_width / 2
        painter.drawLine(QPointF(rect.left() + MARGIN, mid), QPointF(left_end, mid))
        painter.drawLine(QPointF(left_end + text_width, mid), QPointF(rect.right() - MARGIN, mid))
        painter.setPen(theme.colour("muted_text"))
        painter.drawText(
            QRectF(left_end, rect.top(), text_width, rect.height()), Qt.AlignmentFlag.AlignCenter, label
        )

    def _x_for(self, side: str, width: float, rect: QRectF) -> float:
        if side == "left":
            return rect.left() + MARGIN
        if side == "right":
            return rect.right() - MARGIN - width
        return rect.center().x() - width / 2

    def _paint_message(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex, row: Row, selected: bool
    ) -> None:
        header, text, notes, width, height = self._parts(row, option, index.model())
        role = row.message.get("sender_role")
        fill, edge = _COLOURS.get(row.side if role not in ("platform", "system") else role, _COLOURS["left"])
        rect = QRectF(option.rect)
        bubble = QRectF(self._x_for(row.side, width, rect), rect.top() + 5, width, height)
        pen = QPen(theme.colour("agreement_edge" if row.agreements else edge), 2 if row.agreements else 1)
        if selected:
            pen = QPen(option.palette.highlight().color(), 3)
        painter.setPen(pen)
        painter.setBrush(theme.colour(fill))
        painter.drawRoundedRect(bubble, 8, 8)
        x, y = bubble.left() + PAD, bubble.top() + PAD
        painter.setPen(theme.colour("muted_text"))
        header[0].draw(painter, QPointF(x, y))
        y += header[2] + 4
        painter.setPen(theme.colour("bubble_text" if role != "system" else "system_text"))
        text[0].draw(painter, QPointF(x, y))
        y += text[2] + 4
        painter.setPen(theme.colour("agreement_text"))
        for note in notes:
            note[0].draw(painter, QPointF(x, y))
            y += note[2] + 4

    def _paint_attachment(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex, row: Row, selected: bool
    ) -> None:
        rect = QRectF(option.rect)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        name = row.attachment.get("original_name", "")
        metrics = option.fontMetrics
        label = metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, 220)
        width = max(THUMB, metrics.horizontalAdvance(label)) + 2 * PAD
        box = QRectF(self._x_for(row.side, width, rect), rect.top() + 2, width, rect.height() - 4)
        painter.setPen(
            QPen(option.palette.highlight().color(), 3) if selected else QPen(theme.colour("buyer_edge"), 1)
        )
        painter.setBrush(theme.colour("card"))
        painter.drawRoundedRect(box, 6, 6)
        thumb_area = QRectF(box.left() + PAD, box.top() + PAD / 2, box.width() - 2 * PAD, THUMB)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            target = QRectF(
                thumb_area.center().x() - pixmap.width() / 2,
                thumb_area.center().y() - pixmap.height() / 2,
                pixmap.width(),
                pixmap.height(),
            )
            painter.drawPixmap(target.toRect(), pixmap)
        else:
            kind = str(row.attachment.get("media_type", "")).split("/")[-1].upper()[:4] or "FILE"
            painter.setPen(theme.colour("muted_text"))
            painter.drawRect(thumb_area.adjusted(20, 10, -20, -10))
            painter.drawText(thumb_area, Qt.AlignmentFlag.AlignCenter, kind)
        painter.setPen(theme.colour("bubble_text"))
        painter.drawText(
            QRectF(box.left(), thumb_area.bottom(), box.width(), metrics.height() + PAD / 2),
            Qt.AlignmentFlag.AlignCenter,
            label,
        )
