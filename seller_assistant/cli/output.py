"""Printing results: JSON for scripts, plain lines for people, one sentence for a machine's failure."""

from __future__ import annotations

import errno
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from seller_assistant.store.connection import explain_store_error


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write("\n")


def print_json_line(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")


def failure_sentence(exc: BaseException, db_path: Path | None) -> str | None:
    """One sentence for a failure of the machine rather than of our code: a full disk, a read-only
    folder, a store SQLite cannot use. None when the exception is not one of those."""
    if isinstance(exc, sqlite3.Error) and db_path is not None:
        return str(explain_store_error(exc, db_path))
    if isinstance(exc, OSError) and exc.errno is not None:
        where = exc.filename or db_path or "a file"
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return f"The disk holding {where} is full; free some space and try again."
        if exc.errno == errno.EROFS:
            return f"{where} is on a read-only disk; choose a folder you can write to."
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"{where}: permission denied; choose a folder you can write to."
        if exc.strerror:
            return f"{where}: {exc.strerror}."
    return None
