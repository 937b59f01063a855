"""What every command shares: the store it works on, the instant it works at, the user's language."""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path

from seller_assistant import paths
from seller_assistant.activity_log import get_logger, log_unexpected, start_logging  # noqa: F401 - re-exported
from seller_assistant.core.clock import parse_instant, to_epoch, utc_now, zone
from seller_assistant.core.errors import UserError
from seller_assistant.core.leftovers import remove_leftovers
from seller_assistant.store import Store, open_store, pending_imports, shops
from seller_assistant.store.dialect import is_url

_NO_ZONE = timezone(timedelta(0), "no zone given")
STAFF_ENV = "SELLER_ASSISTANT_STAFF"


@dataclass
class CliContext:
    db: str | None = None
    now_text: str | None = None
    shop_name: str | None = None  # --shop: needed only when the store has several shops
    staff: str | None = None  # --as: who is doing it (issue 18), else SELLER_ASSISTANT_STAFF
    _store: Store | None = field(default=None, repr=False)

    @property
    def location(self) -> Path | str:
        """What --db names: a store file, or a shared store's `postgresql://` address."""
        if self.db and is_url(self.db):
            return self.db.strip()
        return self.db_path

    @property
    def db_path(self) -> Path:
        """The store file; for a shared store, this desk's stand-in naming its local side folders."""
        if self.db and is_url(self.db):
            from seller_assistant.store.pg_connection import safe_address

            return paths.shared_store_path(safe_address(self.db))
        return Path(self.db).expanduser() if self.db else paths.default_db_path()

    @property
    def store_exists(self) -> bool:
        """Whether there is a store to look in: a shared store's address always names one (a wrong
        one is said when it is opened), a store file only when it is there."""
        return bool(self.db and is_url(self.db)) or self.db_path.exists()

    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.location)
            # Who does it, recorded with what is sealed and done; "" falls back to the shop's staff_name.
            self._store.staff = (self.staff or os.environ.get(STAFF_ENV, "")).strip()
            # Side files of an export, import or attachment copy a crash cut short.
            remove_leftovers(self.db_path, attachments=self._store.attachments_dir_if_named)
            pending_imports.finish_pending(self._store)  # an import killed while storing its last rows
            start_logging(self.db_path)
            get_logger("cli").info("store opened: %s", self.db_path.name)
        return self._store

    def close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def shop_id(self) -> int:
        """The shop named with --shop, else the only shop; several and none named is a one-line error."""
        return shops.choose_shop(self.store(), self.shop_name)

    def shop_for_import(self, platform: str | None) -> tuple[int, str]:
        """The shop a file of this marketplace goes to, and the sentence saying which and why."""
        return shops.shop_for_import(self.store(), platform, self.shop_name, self.lang)

    def settings(self):
        return shops.load_settings(self.store(), self.shop_id())

    def chosen_shop(self) -> shops.Shop | None:
        """The shop this command is about when that is known without asking: named or the only one."""
        every = shops.list_shops(self.store())
        if self.shop_name:
            shop_id = shops.choose_shop(self.store(), self.shop_name)  # an unknown name is an error
            return next(shop for shop in every if shop.id == shop_id)
        return every[0] if len(every) == 1 else None

    def shop_tz(self):
        """The shop's zone; with several shops, the one named, else their common zone. An empty store
        reads a bare --now as UTC; shops in different zones need --shop (or an offset in --now)."""
        chosen = self.chosen_shop()
        if chosen is not None:
            return zone(chosen.timezone)
        zones = {shop.timezone for shop in shops.list_shops(self.store())}
        if not zones:
            return zone("UTC")
        if len(zones) == 1:
            return zone(zones.pop())
        raise UserError(
            "The shops in this store are in different time zones; name one with --shop NAME "
            "or give the time with its offset, e.g. 2026-11-25T09:00+08:00."
        )

    @cached_property
    def now(self) -> datetime:
        """--now, read in the shop's time zone when it has no offset; else the real clock."""
        if not self.now_text:
            return utc_now()
        try:
            return self._parse_in_shop_zone(self.now_text)
        except UserError as exc:
            raise UserError("--now: {problem}", problem=exc) from None

    def _parse_in_shop_zone(self, text: str) -> datetime:
        """A time with its own offset needs no shop zone (and so no --shop among shops in several zones)."""
        moment = parse_instant(text, _NO_ZONE)
        return moment.replace(tzinfo=self.shop_tz()) if moment.tzinfo is _NO_ZONE else moment

    def check_now_syntax(self) -> None:
        if self.now_text:
            try:
                parse_instant(self.now_text, zone("UTC"))
            except UserError as exc:
                raise UserError("--now: {problem}", problem=exc) from None

    @property
    def now_epoch(self) -> int:
        return to_epoch(self.now)

    def parse_time(self, text: str | None, option: str) -> int:
        """A time option (--at) in the shop's zone; absent means now."""
        if text is None:
            return self.now_epoch
        try:
            return to_epoch(self._parse_in_shop_zone(text))
        except UserError as exc:
            raise UserError("{option}: {problem}", option=option, problem=exc) from None

    @property
    def lang(self) -> str:
        """The shop's language setting, else the system locale."""
        chosen = self.chosen_shop() or next(iter(shops.list_shops(self.store())), None)
        if chosen is not None:
            language = shops.load_settings(self.store(), chosen.id).language
            if language:
                return language
        return system_language()

    @property
    def lang_without_opening(self) -> str:
        """The language to word a refusal or a restore in: the shop's setting when the store is open
        already, else this computer's locale (a store is never opened only to choose words: it may be
        the damaged one being restored)."""
        if self._store is not None:
            try:
                return self.lang
            except Exception:  # noqa: BLE001 - only for wording
                pass
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
