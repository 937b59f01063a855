"""Help › User guide: a short guide in the shop's language, read from resources/guide/ (Markdown)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from seller_assistant import paths


def guide_text(language: str) -> str:
    """The guide in `language` ("zh" or "en"); English when that language has none."""
    for name in (f"user_guide.{language}.md", "user_guide.en.md"):
        path = paths.resource("guide", name)
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


class UserGuideDialog(QDialog):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("User guide"))
        self.resize(720, 640)
        self.browser = QTextBrowser(objectName="guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(guide_text(language))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
