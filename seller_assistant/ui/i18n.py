"""Interface language: the compiled Qt translations (.qm) the build made, chosen by setting or locale.

The .qm files are build products (tools/build_translations.py, run by the package build and by
tools/dev.py); this module only loads them and never writes anything. Without one the window runs in
English and the activity log says why."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from seller_assistant.activity_log import get_logger

# Where the build puts the .qm files (tools/build_translations.py: QM_SUBDIR).
QM_DIR = Path(__file__).resolve().parent / "translations"
_log = get_logger("i18n")


def choose_language(setting: str | None) -> str:
    if setting:
        return setting
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


_installed: list[QTranslator] = []


def use_language(app: QApplication, language: str) -> None:
    """Make `language` the application's one language: the previous translators are removed first,
    so a window built afterwards speaks only the new one."""
    while _installed:
        app.removeTranslator(_installed.pop())
    _installed.extend(install_translator(app, language))


def current_language() -> str:
    return "zh" if any(not isinstance(t, EnglishPlurals) for t in _installed) else "en"


class EnglishPlurals(QTranslator):
    """English is the source language, so nothing translates it, and Qt leaves "%n order(s)" as it is.
    This gives English its two numerus forms: "1 order", "2 orders" ("(s)" is how the sources mark
    a plural; every other text falls through untouched)."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 - Qt's signature
        if n is not None and n >= 0 and source and "(s)" in source:
            return source.replace("(s)", "" if n == 1 else "s")
        return None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install_translator(app: QApplication, language: str) -> list[QTranslator]:
    """Load our .qm and Qt's own; a missing .qm leaves the window in English (and says so in the log)."""
    installed: list[QTranslator] = []
    if language != "zh":
        plurals = EnglishPlurals(app)
        app.installTranslator(plurals)
        return [plurals]
    qm = compiled_translation("zh_CN")
    ours = QTranslator(app)
    if qm is not None and ours.load(str(qm)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        _log.warning("Chinese interface not available: %s is %s; showing English. "
                     "Build it with: python tools/dev.py setup (or reinstall the package)",
                     QM_DIR / "seller_assistant_zh_CN.qm", "unreadable" if qm else "missing")
    qt_own = QTranslator(app)
    if qt_own.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                   QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed


def compiled_translation(locale_name: str) -> Path | None:
    """The .qm the build made for `locale_name`, or None when it was not built."""
    qm = QM_DIR / f"seller_assistant_{locale_name}.qm"
    return qm if qm.is_file() else None
