"""Reading a whole file the user pointed at, with a size limit and a sentence for every failure."""

from __future__ import annotations

from pathlib import Path

from seller_assistant.core.errors import UserError


def read_bounded(path: Path, limit_bytes: int, what: str) -> bytes:
    """The file's bytes, or a UserError naming it: missing, a folder, unreadable, or larger than
    `limit_bytes` (`what` says what the limit is for, e.g. "to import")."""
    try:
        size = path.stat().st_size
        if size > limit_bytes:
            raise UserError(
                f"{path.name}: the file is {size // 2**20} MB, too large {what} "
                f"(the limit is {limit_bytes // 2**20} MB)."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a file.") from None
    except PermissionError:
        raise UserError(f"{path}: permission denied.") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror}).") from None
