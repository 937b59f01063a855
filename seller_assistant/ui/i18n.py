"""Interface language: the compiled Qt translations (.qm) the build made, chosen by setting or locale.

The .qm files are build products (tools/build_translations.py, run by the package build and by
tools/dev.py); this module only loads them and never writes anything. Without one the window runs in
English and the activity log says why."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from seller_assistant import paths
from seller_assistant.activity_log import get_logger
from seller_assistant.core import messages

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
    # What the store and the importers say (core/messages.py) follows the window, as tr() does.
    messages.set_language(current_language())


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
        return _english(app)
    qm = compiled_translation("zh_CN")
    ours = QTranslator(app)
    if qm is None or not ours.load(str(qm)):
        _log.warning(
            "Chinese interface not available: %s is %s; showing English. "
            "Build it with: python tools/dev.py setup (or reinstall the package)",
            QM_DIR / "seller_assistant_zh_CN.qm",
            "unreadable" if qm else "missing",
        )
        return _english(app)
    app.installTranslator(ours)
    installed.append(ours)
    _warn_if_older_than_its_source(qm)
    qt_own = QTranslator(app)
    if qt_own.load(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed


def _english(app: QApplication) -> list[QTranslator]:
    plurals = EnglishPlurals(app)
    app.installTranslator(plurals)
    return [plurals]


def _warn_if_older_than_its_source(qm: Path) -> None:
    """In a checkout, a .ts changed since the build (a pull, a merge) leaves its new texts in English
    until the next build: say so in the log, and change nothing."""
    source = paths.resource("translations", qm.with_suffix(".ts").name)
    if source.exists() and source.stat().st_mtime > qm.stat().st_mtime:
        _log.warning(
            "%s is older than %s: texts changed since are shown in English until the next build "
            "(python tools/dev.py setup)",
            qm,
            source,
        )


def compiled_translation(locale_name: str) -> Path | None:
    """The .qm the build made for `locale_name`, or None when it was not built."""
    qm = QM_DIR / f"seller_assistant_{locale_name}.qm"
    return qm if qm.is_file() else None


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def fill(text: str, /, **values: object) -> str:
    """A translated text with its named placeholders filled: `fill(self.tr("Ship {order}"), order=no)`.

    Names, not positions (%1): a translation may put them in any order, and a reader sees what goes
    where. A name in the text without a value raises KeyError naming it (a translation that misspelt
    one fails in the tests, not as a blank in the window); a value the text does not use is fine (a
    singular variant may leave out the count). Only `{name}` is replaced, so other braces and a
    value's own braces stay as they are; Qt's `%n` is left to tr()."""
    missing = [name for name in _PLACEHOLDER.findall(text) if name not in values]
    if missing:
        raise KeyError(f"no value for {{{missing[0]}}} in {text!r}")
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)
