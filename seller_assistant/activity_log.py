"""The activity log: a rotating file beside the store saying what the app did, never buyers' data.

What goes in: commands and jobs with their counts and ids (orders imported, bundle written, backup
taken), warnings and unexpected errors. What stays out: chat text, names, phones, addresses — the
callers log counts and order ids only, and a filter masks anything that still looks like a mobile
number or an e-mail address, so the file can be sent to whoever helps the shop.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import traceback
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.clock import utc_now

LOGGER_NAME = "seller_assistant"
LOG_FILE_NAME = "seller-assistant.log"
_MAX_BYTES = 1_000_000
_BACKUPS = 4

_PERSONAL = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|[\w.+-]+@[\w-]+\.[\w.-]+")


# Without a file to log to (a full disk, a read-only folder) the log stays silent: Python would
# otherwise print warnings on stderr, doubling the one sentence a command ends with.
logging.getLogger(LOGGER_NAME).addHandler(logging.NullHandler())


def log_folder(store_path: Path | str) -> Path:
    """The folder of logs that belongs to the store at `store_path` (beside it, private)."""
    return Path(store_path).expanduser().resolve().parent / "logs"


def get_logger(name: str = "") -> logging.Logger:
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)


class _MaskPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _PERSONAL.sub("***", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """Rotating file created 0600: even counts and order ids are the shop's business."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding or "utf-8")


def start_logging(store_path: Path | str) -> Path | None:
    """Send the app's log to the folder beside this store; returns the log file, or None when the
    folder cannot be written (a read-only store still works, it just keeps no log)."""
    folder = log_folder(store_path)
    target = folder / LOG_FILE_NAME
    root = get_logger()
    for handler in list(root.handlers):
        if isinstance(handler, _PrivateRotatingFile):
            if Path(handler.baseFilename) == target:
                return target
            root.removeHandler(handler)
            handler.close()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = _PrivateRotatingFile(
            target, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_MaskPersonalData())
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False
    return target


def log_unexpected(exc: BaseException) -> Path:
    """Write the stack trace where a developer can find it; the user sees one sentence."""
    log_dir = paths.user_data_dir() / "logs"
    try:
        log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        log = log_dir / "errors.log"
        # Stack traces can quote buyers' data: private to this user, like the store.
        with os.fdopen(
            os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a", encoding="utf-8"
        ) as handle:
            handle.write(f"--- {utc_now().isoformat()}\n")
            handle.write("".join(traceback.format_exception(exc)))
        get_logger().error("unexpected problem: %s (stack trace in %s)", exc.__class__.__name__, log)
        return log
    except OSError:
        return Path("(no log: the data folder is not writable)")
