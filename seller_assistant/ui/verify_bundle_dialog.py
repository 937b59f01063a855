"""File › Verify evidence bundle…: open a .zip and check it off the GUI thread, as `verify FILE.zip` does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.ui import workers


class VerifyBundleDialog(QDialog):
    def __init__(self, lang: str, parent: QWidget | None = None, start_folder: Path | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.start_folder = start_folder or Path.home()
        self.ok: bool | None = None  # the last verdict: True intact, False altered or refused
        self._worker: workers.Worker | None = None
        self.setWindowTitle(self.tr("Verify evidence bundle"))
        self.resize(640, 360)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("The bundle's .zip file"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.verify_button = buttons.addButton(self.tr("Verify"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.verify_button.clicked.connect(self.start)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Re-hashes every file of a bundle and re-checks its evidence chain. Nothing is extracted."
                )
            )
        )
        layout.addLayout(row)
        layout.addWidget(self.result, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Verify evidence bundle"), str(self.start_folder), self.tr("ZIP files (*.zip)")
        )
        if chosen:
            self.path_edit.setText(chosen)
            self.start()

    def start(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.status.setText(self.tr("Choose the bundle to verify."))
            return
        path, lang = Path(text).expanduser(), self.lang

        def job(_job: workers.Job) -> tuple[bool, list[str]]:
            from seller_assistant.core.bundle_verify import report_lines, verify_bundle

            report = verify_bundle(path)
            return report.ok, report_lines(report, lang)

        self.verify_button.setEnabled(False)
        self.result.clear()
        self.status.setText(self.tr("Verifying…"))
        self._worker = workers.start(job, self._finished, self._failed)

    def _finished(self, outcome: tuple[bool, list[str]]) -> None:
        self._worker = None
        self.verify_button.setEnabled(True)
        self.ok, lines = outcome
        self.result.setPlainText("\n".join(lines))
        self.status.setText(
            self.tr("Intact: every file and the evidence chain check out.")
            if self.ok
            else self.tr("Altered: see what differs above.")
        )

    def _failed(self, message: str) -> None:
        self._worker = None
        self.verify_button.setEnabled(True)
        self.ok = False
        self.result.setPlainText(message)
        self.status.setText(self.tr("This file cannot be verified as a bundle."))
