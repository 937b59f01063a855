"""Who is doing it (issue 18): the staff name a write records beside, or inside the seal of, what it writes.

A shared store has several desks, each with its own person. The desk's own name (`Store.staff`:
the window's desk setting, the command line's --staff or SELLER_ASSISTANT_STAFF) comes first; a
single-desk shop that never set one is named by its shop settings' staff_name. None when neither
is set: the store then records no name rather than guess one.
"""

from __future__ import annotations

import json

from seller_assistant.store.connection import Store


def acting_staff(store: Store, shop_id: int | None) -> str | None:
    """The name to record for a write on `shop_id` made through `store`, or None."""
    name = (store.staff or "").strip()
    if not name and shop_id is not None:
        row = store.conn.execute(
            "SELECT value FROM settings WHERE shop_id = ? AND key = 'staff_name'", (shop_id,)
        ).fetchone()
        value = json.loads(row[0]) if row else ""
        name = value.strip() if isinstance(value, str) else ""
    return name or None
