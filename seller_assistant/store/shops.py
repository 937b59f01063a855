"""Shops and their settings (one JSON value per key, so new settings need no migration)."""

from __future__ import annotations

import json
import time
from dataclasses import fields

from seller_assistant.core.errors import UserError
from seller_assistant.core.settings import ShopSettings, settings_from_mapping
from seller_assistant.store.connection import Store

_COLUMNS = ("name", "platform")  # kept on the shops row; the rest live in `settings`


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


def create_shop(store: Store, settings: ShopSettings, now: int | None = None) -> int:
    with store.write() as db:
        db["shops"].insert(
            {"name": settings.name, "platform": settings.platform, "created_at": now or int(time.time())}
        )
        shop_id = db.execute("SELECT last_insert_rowid()").fetchone()[0]
        _write_settings(db, shop_id, settings)
    return shop_id


def load_settings(store: Store, shop_id: int) -> ShopSettings:
    row = store.conn.execute("SELECT name, platform FROM shops WHERE id = ?", (shop_id,)).fetchone()
    if row is None:
        raise UserError(f"There is no shop number {shop_id} in this store.")
    values = {"name": row[0], "platform": row[1]}
    known = {f.name for f in fields(ShopSettings)}
    for key, raw in store.conn.execute("SELECT key, value FROM settings WHERE shop_id = ?", (shop_id,)):
        if key in known:  # a setting from a newer version is kept in the table but not used
            values[key] = json.loads(raw)
    return settings_from_mapping(values, source=f"{store.path.name} settings")


def save_settings(store: Store, shop_id: int, settings: ShopSettings) -> None:
    with store.write() as db:
        db.execute(
            "UPDATE shops SET name = ?, platform = ? WHERE id = ?", (settings.name, settings.platform, shop_id)
        )
        _write_settings(db, shop_id, settings)


def _write_settings(db, shop_id: int, settings: ShopSettings) -> None:
    rows = [
        {"shop_id": shop_id, "key": key, "value": json.dumps(value, ensure_ascii=False)}
        for key, value in settings.to_mapping().items()
        if key not in _COLUMNS
    ]
    db["settings"].upsert_all(rows, pk=("shop_id", "key"))
