"""Alerts already raised, per shop and cause: on a shared store one desk raises each, not every desk.

Several desks compute the same risk report at the same minute; each would show the same tray
notification. Claiming the cause first (INSERT … ON CONFLICT DO NOTHING RETURNING) lets exactly
one of them win, whichever the server serialises first.
"""

from __future__ import annotations

from collections.abc import Iterable

from seller_assistant.store.connection import Store, retried


@retried
def claim(store: Store, shop_id: int, causes: Iterable[str], now: int) -> set[str]:
    """The causes this desk raises: those no desk had raised yet (now recorded as raised)."""
    wanted = list(causes)
    won: set[str] = set()
    if not wanted:
        return won
    with store.write() as db:
        for cause in wanted:
            row = db.execute(
                "INSERT INTO raised_alerts (shop_id, cause, raised_at) VALUES (?, ?, ?) "
                "ON CONFLICT (shop_id, cause) DO NOTHING RETURNING cause",
                (shop_id, cause, now),
            ).fetchone()
            if row is not None:
                won.add(row[0])
    return won


@retried
def forget(store: Store, shop_id: int, causes: Iterable[str]) -> None:
    """Causes that ended (shipped, answered, back under the limit): a later return is a new alert."""
    ended = list(causes)
    if not ended:
        return
    with store.write() as db:
        db.executemany(
            "DELETE FROM raised_alerts WHERE shop_id = ? AND cause = ?", [(shop_id, c) for c in ended]
        )
