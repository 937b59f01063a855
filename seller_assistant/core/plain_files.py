"""Opening a file only if it is a plain file: a FIFO or a device in its place would block or never end."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotPlainFileError(OSError):
    """The path is a pipe, a device, a socket or a folder, not a file's bytes."""


def open_plain(path: Path | str) -> BinaryIO:
    """Open for reading without blocking on a FIFO (O_NONBLOCK), then refuse anything not a regular file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotPlainFileError(f"{path} is not a plain file (a pipe, device, socket or folder)")
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")
