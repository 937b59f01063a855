"""Opening an attachment: images in a viewer dialog, other files in the system's application."""

from __future__ import annotations

import mimetypes
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.ui.i18n import fill
from seller_assistant.ui.widgets import plain_label


class ImageViewer(QDialog):
    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 700)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(title))
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setPixmap(QPixmap(str(path)))
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def viewable_copy(stored: Path, media_type: str) -> Path:
    """The store names files by hash, without an extension: hand other programs a temporary copy
    with the right one, so the system knows how to open it (and the original stays untouched)."""
    extension = mimetypes.guess_extension(media_type or "") or ".bin"
    folder = Path(tempfile.gettempdir()) / "seller-assistant-view"
    folder.mkdir(exist_ok=True)
    target = folder / f"{stored.name[:16]}{extension}"
    if not target.exists():
        shutil.copyfile(stored, target)
    return target


def open_attachment(parent: QWidget, stored: Path, attachment: dict) -> QDialog | None:
    """Show the attachment; returns the viewer dialog for images (non-modal), else None."""
    name = attachment.get("original_name", "")
    if not stored.exists():
        QMessageBox.warning(
            parent,
            parent.tr("Attachment missing"),
            fill(
                parent.tr("The file for {name} is missing from the attachment folder:\n{path}"),
                name=name,
                path=stored,
            ),
        )
        return None
    media_type = str(attachment.get("media_type", ""))
    if media_type.startswith("image/"):
        viewer = ImageViewer(stored, name, parent)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        return viewer
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(viewable_copy(stored, media_type))))
    return None
