"""Column mappings the user confirmed, remembered per file header so the next export imports at once."""

from __future__ import annotations

import json

from seller_assistant.store.connection import Store, retried


def remembered_mapping(store: Store, signature: str) -> dict[str, str] | None:
    row = store.conn.execute(
        "SELECT mapping FROM import_mappings WHERE header_signature = ?", (signature,)
    ).fetchone()
    if row is None:
        return None
    try:
        mapping = json.loads(row[0])
    except ValueError:
        return None  # a damaged entry is as good as none: the user maps again
    if not isinstance(mapping, dict):
        return None
    return {str(k): str(v) for k, v in mapping.items()}


@retried
def remember_mapping(store: Store, signature: str, mapping: dict[str, str], now: int) -> None:
    with store.write() as db:
        db.execute(
            "INSERT INTO import_mappings (header_signature, mapping, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (header_signature) DO UPDATE SET mapping = excluded.mapping,"
            " updated_at = excluded.updated_at",
            (signature, json.dumps(mapping, ensure_ascii=False, sort_keys=True), now),
        )
