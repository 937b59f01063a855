"""Shops and their settings (one JSON value per key, so new settings need no migration).

A store holds one shop or several (Taobao + Pinduoduo + Douyin is common); it never holds a hidden
default one: the first `add_shop` makes the only shop.
"""

from __future__ import annotations

import json
import time
from dataclasses import fields
from typing import NamedTuple

from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.core.messages import Message
from seller_assistant.core.settings import PLATFORMS, ShopSettings, platform_from_text, settings_from_mapping
from seller_assistant.store.connection import Store, retried
from seller_assistant.store.rows import insert_row, upsert_rows

_COLUMNS = ("name", "platform")  # kept on the shops row; the rest live in `settings`


class Shop(NamedTuple):
    id: int
    name: str
    platform: str
    timezone: str

    def label(self) -> str:
        return f"{self.name} ({self.platform})"


def list_shops(store: Store) -> list[Shop]:
    rows = store.conn.execute(
        "SELECT s.id, s.name, s.platform, (SELECT value FROM settings WHERE shop_id = s.id AND key = 'timezone')"
        " FROM shops s ORDER BY s.id"
    ).fetchall()
    return [
        Shop(shop_id, name, platform, json.loads(tz) if tz else "UTC") for shop_id, name, platform, tz in rows
    ]


def find_shop(store: Store, name: str) -> Shop | None:
    """The shop with this name (case and surrounding spaces do not matter)."""
    wanted = name.strip().casefold()
    return next((shop for shop in list_shops(store) if shop.name.casefold() == wanted), None)


def add_shop(store: Store, name: str, platform: str, timezone: str, now: int | None = None) -> int:
    """A new shop with the default settings; refuses a name already used in this store."""
    if find_shop(store, name) is not None:
        raise UserError(
            "This store already has a shop named '{name}'; choose another name.", name=name.strip()
        )
    marketplace = platform_from_text(platform)
    if marketplace is None:
        raise UserError(
            "Unknown marketplace '{platform}'; use one of {platforms} (or pdd).",
            platform=platform,
            platforms=", ".join(PLATFORMS),
        )
    settings = settings_from_mapping(
        {"name": name, "platform": marketplace, "timezone": timezone}, source="shop add"
    )
    return create_shop(store, settings, now)


def no_shop_error() -> UserError:
    return UserError(
        "This store has no shop yet; add one with 'seller-assistant shop add NAME --platform taobao' "
        "(or try 'seller-assistant demo')."
    )


def listing(shops: list[Shop]) -> str:
    return ", ".join(shop.label() for shop in shops)


def choose_shop(store: Store, name: str | None) -> int:
    """The shop a command works on: the one named, else the only one; several and none named is an error."""
    every = list_shops(store)
    if name:
        shop = find_shop(store, name)
        if shop is None:
            if not every:
                raise no_shop_error()
            raise UserError(
                "There is no shop named '{name}' in this store; its shops are: {shops}.",
                name=name,
                shops=listing(every),
            )
        return shop.id
    if not every:
        raise no_shop_error()
    if len(every) > 1:
        raise UserError(
            "This store has {count} shops ({shops}); say which with --shop NAME.",
            count=len(every),
            shops=listing(every),
        )
    return every[0].id


def shop_for_import(
    store: Store, platform: str | None, name: str | None, lang: str = "en"
) -> tuple[int, str]:
    """Which shop a file goes to, and one sentence saying which and why: the shop named, else the only
    shop of the file's marketplace, else the only shop; else an error listing the shops."""
    every = list_shops(store)
    if not every:
        raise no_shop_error()
    if name:
        shop = find_shop(store, name)
        if shop is None:
            raise UserError(
                "There is no shop named '{name}' in this store; its shops are: {shops}.",
                name=name,
                shops=listing(every),
            )
        return shop.id, t("shops.import_named", lang, shop=shop.label())
    marketplace = platform_from_text(platform) if platform else None
    if marketplace is not None:
        same = [shop for shop in every if _same_marketplace(shop.platform, marketplace)]
        if len(same) == 1:
            return same[0].id, t(
                "shops.import_only_of_platform", lang, shop=same[0].label(), platform=marketplace
            )
        if len(same) > 1:
            raise UserError(
                "This store has {count} {marketplace} shops ({shops}); say which with --shop NAME.",
                count=len(same),
                marketplace=marketplace,
                shops=listing(same),
            )
    if len(every) == 1:
        return every[0].id, t("shops.import_only_shop", lang, shop=every[0].label())
    what = (
        Message("a {marketplace} file, and no shop is on {marketplace}", marketplace=marketplace)
        if marketplace
        else Message("a file of no known marketplace")
    )
    raise UserError(
        "This is {what}; this store has {count} shops ({shops}); say which with --shop NAME.",
        what=what,
        count=len(every),
        shops=listing(every),
    )


def _same_marketplace(shop_platform: str, file_platform: str) -> bool:
    # Tmall shops export the same 订单报表 as Taobao shops.
    taobao = {"taobao", "tmall"}
    return shop_platform == file_platform or {shop_platform, file_platform} <= taobao


def shop_ids(store: Store) -> list[int]:
    return [row[0] for row in store.conn.execute("SELECT id FROM shops ORDER BY id")]


def current_shop_id(store: Store) -> int | None:
    """The shop the app works on: the first one (small shops have exactly one)."""
    row = store.conn.execute("SELECT id FROM shops ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else None


def require_shop(store: Store) -> int:
    shop_id = current_shop_id(store)
    if shop_id is None:
        raise UserError(
            "This store has no shop yet; run 'seller-assistant demo' or set one up with "
            "'seller-assistant settings --set name=…'."
        )
    return shop_id


@retried
def create_shop(store: Store, settings: ShopSettings, now: int | None = None) -> int:
    with store.write() as db:
        shop_id = insert_row(
            db,
            "shops",
            {"name": settings.name, "platform": settings.platform, "created_at": now or int(time.time())},
        )
        _write_settings(db, shop_id, settings)
    return shop_id


def load_settings(store: Store, shop_id: int) -> ShopSettings:
    row = store.conn.execute("SELECT name, platform FROM shops WHERE id = ?", (shop_id,)).fetchone()
    if row is None:
        raise UserError("There is no shop number {shop_id} in this store.", shop_id=shop_id)
    values = {"name": row[0], "platform": row[1]}
    known = {f.name for f in fields(ShopSettings)}
    for key, raw in store.conn.execute("SELECT key, value FROM settings WHERE shop_id = ?", (shop_id,)):
        if key in known:  # a setting from a newer version is kept in the table but not used
            values[key] = json.loads(raw)
    return settings_from_mapping(values, source=f"{store.path.name} settings")


@retried
def save_settings(store: Store, shop_id: int, settings: ShopSettings) -> None:
    with store.write() as db:
        db.execute(
            "UPDATE shops SET name = ?, platform = ? WHERE id = ?",
            (settings.name, settings.platform, shop_id),
        )
        _write_settings(db, shop_id, settings)


def _write_settings(db, shop_id: int, settings: ShopSettings) -> None:
    values = [
        {"shop_id": shop_id, "key": key, "value": json.dumps(value, ensure_ascii=False)}
        for key, value in settings.to_mapping().items()
        if key not in _COLUMNS
    ]
    upsert_rows(db, "settings", values, key=("shop_id", "key"))
