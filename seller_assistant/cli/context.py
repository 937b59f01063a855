"""What every command shares: the store it works on, the instant it works at, the user's language."""

from __future__ import annotations

import locale
import os
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.clock import parse_instant, to_epoch, utc_now, zone
from seller_assistant.core.errors import UserError
from seller_assistant.core.leftovers import remove_leftovers
from seller_assistant.store import Store, import_runs, open_store, shops


@dataclass
class CliContext:
    db: str | None = None
    now_text: str | None = None
    _store: Store | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path:
        return Path(self.db).expanduser() if self.db else paths.default_db_path()

    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.db_path)
            remove_leftovers(self.db_path)  # side files of an export or import a crash cut short
            import_runs.finish_pending(self._store)  # an import killed while storing its last rows
        return self._store

    def close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def shop_id(self) -> int:
        return shops.require_shop(self.store())

    def settings(self):
        return shops.load_settings(self.store(), self.shop_id())

    def shop_tz(self):
        """The shop's zone if the store has a shop, else UTC (for a bare --now on an empty store)."""
        store = self.store()
        shop_id = shops.current_shop_id(store)
        return shops.load_settings(store, shop_id).tz() if shop_id else zone("UTC")

    @cached_property
    def now(self) -> datetime:
        """--now, read in the shop's time zone when it has no offset; else the real clock."""
        if not self.now_text:
            return utc_now()
        try:
            return parse_instant(self.now_text, self.shop_tz())
        except UserError as exc:
            raise UserError(f"--now: {exc}") from None

    def check_now_syntax(self) -> None:
        if self.now_text:
            try:
                parse_instant(self.now_text, zone("UTC"))
            except UserError as exc:
                raise UserError(f"--now: {exc}") from None

    @property
    def now_epoch(self) -> int:
        return to_epoch(self.now)

    def parse_time(self, text: str | None, option: str) -> int:
        """A time option (--at) in the shop's zone; absent means now."""
        if text is None:
            return self.now_epoch
        try:
            return to_epoch(parse_instant(text, self.shop_tz()))
        except UserError as exc:
            raise UserError(f"{option}: {exc}") from None

    @property
    def lang(self) -> str:
        """The shop's language setting, else the system locale."""
        store = self.store()
        shop_id = shops.current_shop_id(store)
        if shop_id is not None:
            chosen = shops.load_settings(store, shop_id).language
            if chosen:
                return chosen
        return system_language()


def system_language() -> str:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "zh" if code.lower().startswith(("zh", "chinese")) else "en"


def log_unexpected(exc: BaseException) -> Path:
    """Write the stack trace where a developer can find it; the user sees one sentence."""
    log_dir = paths.user_data_dir() / "logs"
    try:
        log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        log = log_dir / "errors.log"
        # Stack traces can quote buyers' data: private to this user, like the store.
        with os.fdopen(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a", encoding="utf-8") as handle:
            handle.write(f"--- {utc_now().isoformat()}\n")
            handle.write("".join(traceback.format_exception(exc)))
        return log
    except OSError:
        return Path("(no log: the data folder is not writable)")
