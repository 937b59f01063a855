"""The shop's own limits for its marketplace's metrics: one field per metric, in percent."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)


class LimitsDialog(QDialog):
    """A field per metric, filled with the limit in force. Left at the platform's published value, or
    emptied (0) where the platform publishes none, it keeps no limit of the shop's own."""

    def __init__(
        self, profile, lang: str, current: dict[str, float | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your limits"))
        self.profile = profile
        self.fields: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout()
        for metric in profile.metrics:
            if metric.help_rate:
                continue  # the category average lives in Settings, with its own explanation
            field = QDoubleSpinBox(objectName=f"limit_{metric.id}")
            field.setRange(0.0, 99.999)
            field.setDecimals(3)
            field.setSuffix(" %")
            field.setSpecialValueText(self.tr("not set"))
            value = current.get(metric.id)
            field.setValue(0.0 if value is None else value * 100)
            form.addRow(metric.name(lang), field)
            self.fields[metric.id] = field
        note = QLabel(
            self.tr(
                "Enter the limit your seller centre shows for each metric. "
                "Where the platform publishes one, its value is filled in."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def limits(self) -> dict[str, float | None]:
        """metric id -> the shop's own limit, or None to keep the platform's (or none)."""
        chosen: dict[str, float | None] = {}
        for metric_id, field in self.fields.items():
            value = round(field.value() / 100, 6) or None
            published = self.profile.metric(metric_id).threshold
            chosen[metric_id] = None if value is None or value == published else value
        return chosen
