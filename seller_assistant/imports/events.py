"""Help events into the store: an importer parses the file, then one store call writes the batch.

Two kinds of file: a marketplace's after-sales export (importers/after_sales.py, written by
store/platform_events.py) and the shop's own table of events (importers/events_csv.py, written by
store/events.py). Both give per-line errors for the rows they skipped.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from seller_assistant.core.help_events import EventImportResult
from seller_assistant.importers import after_sales, generic
from seller_assistant.importers.events_csv import parse_events_file
from seller_assistant.store import events, shops
from seller_assistant.store.platform_events import import_platform_events


def import_after_sales_file(
    store, shop_id: int, path: Path | str, now: int, table: generic.Table | None = None
) -> after_sales.AfterSalesResult:
    """Parse a marketplace after-sales export in the shop's time zone, then write its events at once
    (`table`: the file already opened to recognise it)."""
    found = after_sales.parse_after_sales(path, shops.load_settings(store, shop_id).tz(), table)
    import_platform_events(store, shop_id, found, now)
    return found


def import_events_file(store, shop_id: int, path: Path | str, tz: tzinfo, now: int) -> EventImportResult:
    """Parse the shop's own table of events, then add the good rows in one transaction."""
    parsed = parse_events_file(path, tz)
    result = EventImportResult(
        parsed.file, rows=len(parsed.errors), errors=[(e.line, e.message) for e in parsed.errors]
    )
    return events.import_events(store, shop_id, parsed.records, now, result)
