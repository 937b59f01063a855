"""Opening and reading files the user pointed at: regular files only, bounded, a sentence for every failure.

Every file the app reads on the user's say-so (imports, attachments, bundles to verify, rule and
template files) comes through here. A path can name something that is not a file: /dev/zero, a FIFO,
a terminal, a socket. Their reported size is 0, so a size check alone does not protect: reading
/dev/zero grows without end and opening a FIFO blocks until someone writes. So the path is opened
with O_NONBLOCK (which never blocks, even on a FIFO), checked with fstat on the open descriptor (no
race with a renamed file), refused unless it is a regular file, and then read counting bytes, so a
file that grows while we read still stops at the limit.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message, os_problem

MB = 2**20

_KINDS = (
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a disk device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def open_regular(path: Path | str) -> io.BufferedReader:
    """The file opened for binary reading, or a UserError naming it when it is missing, unreadable
    or not a regular file. Never blocks: a FIFO with no writer is refused, not waited for."""
    path = Path(path)
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    )
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise UserError("{path}: no such file.", path=path) from None
    except IsADirectoryError:
        raise UserError("{path}: is a folder, not a file.", path=path) from None
    except PermissionError:
        raise UserError("{path}: permission denied.", path=path) from None
    except OSError as exc:
        raise UserError("{path}: cannot be read ({problem}).", path=path, problem=os_problem(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise UserError(
                "{path}: is {kind}, not a file; choose a file saved on disk.", path=path, kind=kind
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a regular file: ordinary reads from here on
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_regular(path: Path | str) -> None:
    """Refuse `path` in one sentence unless it is a readable regular file (for libraries that open
    the path themselves, like zipfile and openpyxl)."""
    open_regular(path).close()


def read_bounded(path: Path | str, limit_bytes: int, what: str) -> bytes:
    """The file's bytes, or a UserError naming it: missing, a folder, not a regular file,
    unreadable, or larger than `limit_bytes` (`what` says what the limit is for, e.g. "to import")."""
    path = Path(path)
    with open_regular(path) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > limit_bytes:
                raise _too_large(path, size, limit_bytes, what)
            # Read one byte past the limit: a file that grew after fstat is caught, never read whole.
            data = handle.read(limit_bytes + 1)
        except OSError as exc:
            raise UserError(
                "{path}: cannot be read ({problem}).", path=path, problem=os_problem(exc)
            ) from None
    if len(data) > limit_bytes:
        raise _too_large(path, len(data), limit_bytes, what)
    return data


def file_identity(path: Path | str) -> dict:
    """Size and modification time: enough to tell that a file is no longer the one an import read."""
    try:
        info = Path(path).stat()
    except OSError:
        return {}
    return {"file_size": info.st_size, "file_mtime_ns": info.st_mtime_ns}


def _too_large(path: Path, size: int, limit_bytes: int, what: str) -> UserError:
    shown = Message("{size} MB", size=size // MB) if size >= MB else Message("{size} bytes", size=size)
    return UserError(
        "{file}: the file is {shown}, too large {what} (the limit is {limit} MB).",
        file=path.name,
        shown=shown,
        what=Message(what),
        limit=limit_bytes // MB,
    )
