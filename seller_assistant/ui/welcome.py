"""First start: try the demo (a store of its own) or set up the shop's own, never a silent default."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.clock import system_timezone_name
from seller_assistant.core.errors import UserError
from seller_assistant.core.settings import PLATFORMS, ShopSettings
from seller_assistant.ui.i18n import fill

# Zones a Chinese or overseas small shop is likely to run on; the system's own is added first.
_COMMON_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Asia/Tokyo",
)


def platform_names() -> dict[str, str]:
    """Each marketplace as a shop owner calls it, in the window's language."""
    tr = QCoreApplication.translate
    return {
        "taobao": tr("WelcomeDialog", "Taobao"),
        "tmall": tr("WelcomeDialog", "Tmall"),
        "jd": tr("WelcomeDialog", "JD.com"),
        "pinduoduo": tr("WelcomeDialog", "Pinduoduo"),
        "douyin": tr("WelcomeDialog", "Douyin shop"),
        "amazon": tr("WelcomeDialog", "Amazon"),
        "ebay": tr("WelcomeDialog", "eBay"),
        "other": tr("WelcomeDialog", "Other marketplace"),
    }


@dataclass(frozen=True)
class WelcomeChoice:
    kind: str  # "demo" | "own"
    settings: ShopSettings | None = None


class WelcomeDialog(QDialog):
    """Two doors: the demo (invented data, its own store) or the shop's own store, set up here."""

    def __init__(self, store_path: str, parent: QWidget | None = None, offer_demo: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to Seller Assistant"))
        self.setMinimumWidth(560)
        self.choice: WelcomeChoice | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._doors(store_path, offer_demo))
        self.pages.addWidget(self._setup_form())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        if not offer_demo:
            self.pages.setCurrentIndex(1)

    # -- page 1: the two doors ------------------------------------------------------------------

    def _doors(self, store_path: str, offer_demo: bool) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel(self.tr("Welcome! This store has no shop yet."))
        title.setObjectName("welcomeTitle")
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        layout.addWidget(title)
        explain = QLabel(
            self.tr(
                "Try the demo to see how the app warns about late orders, urges and the help rate: it opens a "
                "separate demo store with invented orders, and one click brings you back. Or set up your own "
                "shop and import your orders."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        where = QLabel(fill(self.tr("Your shop's data will be kept in {folder}"), folder=store_path))
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(where)
        self.demo_button = QPushButton(self.tr("Try the demo"))
        self.demo_button.setObjectName("tryDemo")
        self.demo_button.setVisible(offer_demo)
        self.demo_button.clicked.connect(self._choose_demo)
        self.own_button = QPushButton(self.tr("Set up my shop"))
        self.own_button.setObjectName("setUpShop")
        self.own_button.clicked.connect(lambda: self.pages.setCurrentIndex(1))
        for button in (self.demo_button, self.own_button):
            button.setMinimumHeight(44)
            layout.addWidget(button)
        quit_button = QPushButton(self.tr("Quit"))
        quit_button.clicked.connect(self.reject)
        layout.addWidget(quit_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    @Slot()
    def _choose_demo(self) -> None:
        self.choice = WelcomeChoice("demo")
        self.accept()

    # -- page 2: the shop's own ------------------------------------------------------------------

    def _setup_form(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        heading = QLabel(self.tr("Set up my shop"))
        heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        layout.addWidget(heading)
        form = QFormLayout()
        self.name_edit = QLineEdit(objectName="shopName")
        self.name_edit.setPlaceholderText(self.tr("as buyers see it, e.g. 青瓷小铺"))
        self.name_edit.textChanged.connect(self._update_create_button)
        form.addRow(self.tr("Shop name"), self.name_edit)
        self.platform_combo = QComboBox(objectName="marketplace")
        for key, label in platform_names().items():
            if key in PLATFORMS:
                self.platform_combo.addItem(label, key)
        form.addRow(self.tr("Marketplace"), self.platform_combo)
        self.zone_combo = QComboBox(objectName="timezone")
        self.zone_combo.setEditable(True)
        system_zone = system_timezone_name()
        for zone_name in (system_zone, *(z for z in _COMMON_ZONES if z != system_zone)):
            self.zone_combo.addItem(zone_name)
        form.addRow(self.tr("Time zone"), self.zone_combo)
        self.promise_spin = QSpinBox(objectName="promiseHours")
        self.promise_spin.setRange(1, 24 * 30)
        self.promise_spin.setValue(48)
        self.promise_spin.setSuffix(self.tr(" h"))
        form.addRow(self.tr("Ship within (after payment)"), self.promise_spin)
        self.threshold_spin = QDoubleSpinBox(objectName="categoryAverage")
        self.threshold_spin.setRange(0.0, 100.0)
        self.threshold_spin.setDecimals(2)
        self.threshold_spin.setSuffix(" %")
        self.threshold_spin.setSpecialValueText(self.tr("not known yet"))
        form.addRow(self.tr("Category average help rate"), self.threshold_spin)
        layout.addLayout(form)
        hint = QLabel(
            self.tr(
                "The category average is shown in your seller centre beside your own help rate (often called "
                "the industry or category average). The app warns before you cross it. You can enter or change "
                "it later in Settings."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout.addWidget(hint)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            self.tr("Create my shop"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setObjectName("createShop")
        self.create_button.setEnabled(False)
        back = buttons.addButton(self.tr("Back"), QDialogButtonBox.ButtonRole.RejectRole)
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.create_button.clicked.connect(self._create)
        layout.addWidget(buttons)
        return page

    @Slot()
    def _update_create_button(self) -> None:
        self.create_button.setEnabled(bool(self.name_edit.text().strip()))

    @Slot()
    def _create(self) -> None:
        threshold = self.threshold_spin.value()
        try:
            settings = ShopSettings(
                name=self.name_edit.text().strip(),
                platform=self.platform_combo.currentData() or "taobao",
                timezone=self.zone_combo.currentText().strip() or system_timezone_name(),
                ship_promise_hours=float(self.promise_spin.value()),
                help_rate_threshold=threshold / 100 if threshold > 0 else None,
            ).updated()  # validates: an unknown time zone is refused with a sentence
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.choice = WelcomeChoice("own", settings)
        self.accept()
