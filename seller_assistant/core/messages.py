"""What the store, the importers and the core say to people, in the language of whoever reads it.

A message is an English template with named placeholders and its values, kept apart until it is
shown: `Message("There is no order {order_no} in this shop.", order_no=no)`. The English template is
the key into `resources/i18n/messages.<lang>.toml`; the text is looked up when the message is shown
(the window's language, set by ui.i18n.use_language; the command line's locale or shop setting), and
the values are filled after the lookup, so a translation may move them. A value that is itself a
message (or a UserError) is shown in the same language. A template the catalogue lacks is shown in
English (tests/test_error_messages.py fails on one a UserError raises).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path, PurePath

ENGLISH = "en"
# resources/ beside the package, where paths.resources_dir finds it: paths itself cannot be imported
# here, as it raises UserErrors (core/errors.py imports this module).
_CATALOGUES = Path(__file__).resolve().parent.parent.parent / "resources" / "i18n"
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_language = ENGLISH


def set_language(language: str) -> None:
    """The language messages are shown in from now on ("zh" or "en"): one per process, as the
    window has one language and the command line one reader."""
    global _language
    _language = language or ENGLISH


def language() -> str:
    return _language


def catalogue_path(language: str) -> Path:
    return _CATALOGUES / f"messages.{language}.toml"


@cache
def catalogue(language: str) -> dict[str, str]:
    """English template → its text in `language`; checked when read: a translation that lost or
    invented a placeholder is named with its file and key, never shown with a hole in it."""
    if language == ENGLISH:
        return {}
    path = catalogue_path(language)
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    for key, text in data.items():
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f'{path}: ["{key}"] must be a non-empty text')
        if set(_PLACEHOLDER.findall(text)) != set(_PLACEHOLDER.findall(key)):
            raise ValueError(f'{path}: ["{key}"] does not keep the placeholders of its English')
    return data


def render(template: str, values: dict[str, object], language: str | None = None) -> str:
    """`template` in `language` (default: the current one) with its values filled in."""
    language = language or _language
    text = catalogue(language).get(template, template)
    if not values:
        return text
    return _PLACEHOLDER.sub(lambda match: _shown(values.get(match.group(1), match.group(0)), language), text)


def _shown(value: object, language: str) -> str:
    text_in = getattr(value, "text", None)
    if callable(text_in) and isinstance(value, Message | Exception):
        return text_in(language)
    return str(value)


class Message:
    """A sentence for a person, shown in the current language (str) or the one asked for (text)."""

    __slots__ = ("template", "values")

    def __init__(self, template: str, /, **values: object) -> None:
        self.template = template
        self.values = values

    def text(self, language: str | None = None) -> str:
        return render(self.template, self.values, language)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.values!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Message):
            return (self.template, self.values) == (other.template, other.values)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.template)

    def __reduce__(self):  # a worker process hands it over with its values, still untranslated
        return (_rebuild, (self.template, {name: _portable(value) for name, value in self.values.items()}))


def _portable(value: object) -> object:
    """A value that crosses to another process as it is, or as a message, else as its text."""
    if isinstance(value, Message | str | int | float | PurePath) or value is None:
        return value
    message = getattr(value, "message", None)
    return message if isinstance(message, Message) else str(value)


def _rebuild(template: str, values: dict[str, object]) -> Message:
    return Message(template, **values)


def os_problem(exc: BaseException) -> Message | BaseException:
    """What the system said of a failed file operation (an OSError's strerror, in the C library's
    English) as a message: the common ones have their Chinese in the catalogue, the rest are shown
    as the system said them."""
    words = getattr(exc, "strerror", None)
    return Message(words) if words else exc


def text_of(value: object, language: str | None = None) -> str:
    """Any message, error or plain string in `language`: what a printer or a label calls."""
    if isinstance(value, Message | Exception) and callable(getattr(value, "text", None)):
        return value.text(language)
    return str(value)
