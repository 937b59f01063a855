"""What every command shares: the store it works on, the instant it works at, the user's language."""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from seller_assistant import paths
from seller_assistant.activity_log import get_logger, log_unexpected, start_logging  # noqa: F401 - re-exported
from seller_assistant.core.clock import parse_instant, to_epoch, utc_now, zone
from seller_assistant.core.errors import UserError
from seller_assistant.store import Store, open_store, shops


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
            start_logging(self.db_path)
            get_logger("cli").info("store opened: %s", self.db_path.name)
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
