"""A shop's holidays, platform-declared pauses and extra working days (the `shop_calendar` table)."""

from __future__ import annotations

from datetime import date

from seller_assistant.core.business_calendar import BusinessCalendar, CalendarEntry, check_entry
from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store.connection import Store, retried


def list_entries(store: Store, shop_id: int) -> list[CalendarEntry]:
    rows = store.conn.execute(
        "SELECT id, kind, starts_on, ends_on, note FROM shop_calendar WHERE shop_id = ? ORDER BY starts_on, id",
        (shop_id,),
    ).fetchall()
    return [
        CalendarEntry(kind, date.fromisoformat(starts), date.fromisoformat(ends), note, entry_id)
        for entry_id, kind, starts, ends, note in rows
    ]


@retried
def add_entry(
    store: Store, shop_id: int, kind: str, starts_on: date, ends_on: date, note: str, now: int
) -> int:
    try:
        check_entry(kind, starts_on, ends_on)
    except ValueError as exc:
        raise UserError("This {kind} cannot be added: {problem}.", kind=Message(kind), problem=exc) from None
    with store.write() as db:
        return db.execute(
            "INSERT INTO shop_calendar (shop_id, kind, starts_on, ends_on, note, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (shop_id, kind, starts_on.isoformat(), ends_on.isoformat(), note.strip(), now),
        ).fetchone()[0]


@retried
def remove_entry(store: Store, shop_id: int, entry_id: int) -> CalendarEntry:
    entry = next((e for e in list_entries(store, shop_id) if e.id == entry_id), None)
    if entry is None:
        raise UserError(
            "This shop's calendar has no entry number {entry_id} (see 'calendar list').", entry_id=entry_id
        )
    with store.write() as db:
        db.execute("DELETE FROM shop_calendar WHERE id = ? AND shop_id = ?", (entry_id, shop_id))
    return entry


def shop_calendar(store: Store, shop_id: int, settings: ShopSettings) -> BusinessCalendar:
    return settings.calendar(list_entries(store, shop_id))
