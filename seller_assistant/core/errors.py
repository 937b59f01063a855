"""Errors a shop owner can read: one sentence, no stack trace, in the reader's language."""

from __future__ import annotations

from seller_assistant.core.messages import Message, render


class UserError(Exception):
    """A problem the user can fix (bad argument, unreadable file, unknown order).

    The message is one complete sentence; the CLI prints it to stderr and exits 2. Give it as an
    English template with named values, `UserError("There is no order {order_no} in this shop.",
    order_no=no)`, or as a Message: it is shown in the reader's language (core/messages.py), while
    `args[0]` keeps the English.
    """

    def __init__(self, message: str | Message = "", /, **values: object) -> None:
        if isinstance(message, Message):
            message, values = message.template, {**message.values, **values}
        self.template = str(message)
        self.values = values
        super().__init__(render(self.template, values, "en") if values else self.template)

    def text(self, language: str | None = None) -> str:
        """The sentence in `language` (default: the language messages are shown in now)."""
        return render(self.template, self.values, language)

    @property
    def message(self) -> Message:
        return Message(self.template, **self.values)

    def __str__(self) -> str:
        return self.text()


class StoreTooNewError(UserError):
    """The store was written by a newer Seller Assistant; we refuse to touch it."""


class StoreLockedError(UserError):
    """Another program holds the store's write lock longer than the busy timeout."""


class StoreConflictError(UserError):
    """A shared store's server undid a change because another desk changed the same things at the
    same moment (a deadlock or a serialization failure): nothing of it was kept; it can be run again."""
