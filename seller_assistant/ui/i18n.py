"""Interface language: Qt translations from resources/translations, chosen by setting or locale."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from seller_assistant import paths

TRANSLATIONS = paths.resource("translations")


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
    """Load our .qm (compiling it from the .ts source on first run if needed) and Qt's own."""
    installed: list[QTranslator] = []
    if language != "zh":
        plurals = EnglishPlurals(app)
        app.installTranslator(plurals)
        return [plurals]
    qm = compiled_translation("zh_CN")
    ours = QTranslator(app)
    if qm and ours.load(str(qm)):
        app.installTranslator(ours)
        installed.append(ours)
    qt_own = QTranslator(app)
    if qt_own.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                   QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed


def compiled_translation(locale_name: str) -> Path | None:
    """The .qm for `locale_name`, compiled from its .ts when missing or older."""
    source = TRANSLATIONS / f"seller_assistant_{locale_name}.ts"
    target = TRANSLATIONS / f"seller_assistant_{locale_name}.qm"
    if not source.exists():
        return target if target.exists() else None
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    lrelease = _lrelease()
    if lrelease is None:
        return target if target.exists() else None
    try:
        subprocess.run([lrelease, "-silent", str(source), "-qm", str(target)], check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return target if target.exists() else None
    return target


def _lrelease() -> str | None:
    import PySide6

    for candidate in (
        shutil.which("pyside6-lrelease"),
        str(Path(PySide6.__file__).parent / "lrelease"),
        str(Path(PySide6.__file__).parent / "lrelease.exe"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None
