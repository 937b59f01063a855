"""The conversation as rows: messages in time order, stage separators, agreements, attachments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QFont, QImageReader, QPixmap

from seller_assistant.core.clock import format_local
from seller_assistant.ui.i18n import fill

STAGES = ("pre_sale", "transaction", "shipping", "after_sale")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
THUMB = 96  # thumbnails stay small: the conversation is for reading, a click opens the full file


def stage_label(stage: str | None) -> str:
    tr = QCoreApplication.translate
    return {
        "pre_sale": tr("Stages", "Pre-sale"),
        "transaction": tr("Stages", "Transaction"),
        "shipping": tr("Stages", "Shipping"),
        "after_sale": tr("Stages", "After-sale"),
    }.get(stage or "", tr("Stages", "Stage not set"))


def agreement_kind_label(kind: str) -> str:
    tr = QCoreApplication.translate
    return {
        "delivery_date": tr("Agreements", "Delivery date"),
        "variant": tr("Agreements", "Variant"),
        "flaw_disclosed": tr("Agreements", "Known flaw disclosed"),
        "compensation": tr("Agreements", "Compensation"),
        "other": tr("Agreements", "Other terms"),
    }.get(kind, kind)


@dataclass
class Row:
    """One line of the view: a stage separator, a message bubble, or an attachment."""

    kind: str  # separator|message|attachment
    stage: str | None = None
    message: dict | None = None
    agreements: list[dict] = field(default_factory=list)
    attachment: dict | None = None
    side: str = "center"  # left (buyer) | right (shop staff) | center (platform, system, files)
    thumbnail: QPixmap | None = None


def withdrawal_line(message: dict) -> str | None:
    """The shop's correction of a sealed message, as the bundles word it; None when there is none."""
    mark = message.get("withdrawn")
    if not mark:
        return None
    tr = QCoreApplication.translate
    text = (
        tr("Conversation", "Superseded by a correction. Reason: {reason}")
        if mark.get("kind") == "superseded"
        else tr("Conversation", "Withdrawn by the shop. Reason: {reason}")
    )
    return fill(text, reason=mark.get("reason") or "")


def message_metadata(message: dict) -> list[str]:
    """What the chat client showed around the message — its read receipt, its notices (a recall, a
    transfer) — as lines for the bubble; kept beside the sealed text, never part of it. A withdrawal
    by the shop comes first: the struck-through text needs its reason beside it."""
    lines = [line] if (line := withdrawal_line(message)) else []
    status = message.get("status")
    if status == "read":
        lines.append(QCoreApplication.translate("Conversation", "Read by the other side"))
    elif status == "unread":
        lines.append(QCoreApplication.translate("Conversation", "Not read by the other side"))
    for note in (message.get("notes") or "").split("\n"):
        if note.strip():
            lines.append(
                fill(QCoreApplication.translate("Conversation", "Notice: {notice}"), notice=note.strip())
            )
    return lines


def build_rows(messages: list[dict], agreements: list[dict], attachments: list[dict]) -> list[Row]:
    """Messages in time order with a separator where the stage changes; an attachment follows the
    message it came with, or sits at the time it was added."""
    by_message: dict[int, list[dict]] = {}
    for agreement in agreements:
        if agreement.get("message_id") is not None:
            by_message.setdefault(agreement["message_id"], []).append(agreement)
    files_by_message: dict[int, list[dict]] = {}
    loose: list[dict] = []
    message_ids = {m["id"] for m in messages}
    for attachment in attachments:
        if attachment.get("message_id") in message_ids:
            files_by_message.setdefault(attachment["message_id"], []).append(attachment)
        else:
            loose.append(attachment)
    timeline: list[tuple[int, int, object]] = [(m["sent_at"], 0, m) for m in messages]
    timeline += [(a.get("added_at") or 0, 1, a) for a in loose]
    timeline.sort(key=lambda entry: (entry[0], entry[1], entry[2]["id"]))

    rows: list[Row] = []
    current_stage: object = object()  # nothing matches: the first message always gets a separator
    for _at, what, item in timeline:
        if what == 1:
            rows.append(Row("attachment", attachment=item, side="center"))
            continue
        if item.get("stage") != current_stage:
            current_stage = item.get("stage")
            rows.append(Row("separator", stage=current_stage))
        side = {"buyer": "left", "staff": "right"}.get(item.get("sender_role"), "center")
        rows.append(
            Row(
                "message",
                stage=item.get("stage"),
                message=item,
                agreements=by_message.get(item["id"], []),
                side=side,
            )
        )
        for attachment in files_by_message.get(item["id"], []):
            rows.append(Row("attachment", attachment=attachment, side=side))
    return rows


class ConversationModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.tz: tzinfo | None = None
        self.attachment_path: Callable[[str], Path] | None = None

    def set_conversation(
        self,
        messages: list[dict],
        agreements: list[dict],
        attachments: list[dict],
        tz: tzinfo,
        attachment_path: Callable[[str], Path] | None = None,
    ) -> None:
        self.beginResetModel()
        self.tz = tz
        self.attachment_path = attachment_path
        self.rows = build_rows(messages, agreements, attachments)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.FontRole and row.kind == "message" and row.message.get("withdrawn"):
            font = QFont()
            font.setStrikeOut(True)  # still shown, like the bundles: a correction never hides
            return font
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if row.kind == "message":
                if role == Qt.ItemDataRole.AccessibleTextRole and (line := withdrawal_line(row.message)):
                    return f"{row.message['text']} — {line}"
                return row.message["text"]
            if row.kind == "attachment":
                return row.attachment.get("original_name", "")
            return stage_label(row.stage)
        if role == Qt.ItemDataRole.DecorationRole and row.kind == "attachment":
            return self.thumbnail(row)
        if role == Qt.ItemDataRole.ToolTipRole and row.kind == "message":
            if self.tz is None:
                return None
            return "\n".join(
                [
                    format_local(row.message["sent_at"], self.tz, with_seconds=True),
                    *message_metadata(row.message),
                ]
            )
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.rows[index.row()].kind == "separator":
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def thumbnail(self, row: Row) -> QPixmap | None:
        """Images are decoded once, scaled down while reading (a 20 MB photo stays cheap)."""
        attachment = row.attachment or {}
        if row.thumbnail is not None or not str(attachment.get("media_type", "")).startswith("image/"):
            return row.thumbnail
        if self.attachment_path is None:
            return None
        reader = QImageReader(str(self.attachment_path(attachment["sha256"])))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and (size.width() > THUMB or size.height() > THUMB):
            reader.setScaledSize(size.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        row.thumbnail = QPixmap.fromImage(image) if not image.isNull() else QPixmap()
        return row.thumbnail

    def row_of_message(self, message_id: int) -> int | None:
        for number, row in enumerate(self.rows):
            if row.kind == "message" and row.message["id"] == message_id:
                return number
        return None
