"""Errors a shop owner can read: one sentence, no stack trace."""


class UserError(Exception):
    """A problem the user can fix (bad argument, unreadable file, unknown order).

    The message is one complete sentence; the CLI prints it to stderr and exits 2.
    """


class StoreTooNewError(UserError):
    """The store was written by a newer Seller Assistant; we refuse to touch it."""


class StoreLockedError(UserError):
    """Another program holds the store's write lock longer than the busy timeout."""


class StoreConflictError(UserError):
    """A shared store's server undid a change because another desk changed the same things at the
    same moment (a deadlock or a serialization failure): nothing of it was kept; it can be run again."""
