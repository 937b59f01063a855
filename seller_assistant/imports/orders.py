"""Order files into the store: importers/orders.py parses, then one store call writes the batch.

This is the public API the GUI's import dialog and the CLI's `import-orders` call. The write goes
one of three ways (store/order_import.py): one transaction, a bulk load for a shop's history, or
an import run in short steps that can be undone or resumed as a whole.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from seller_assistant.core.files import file_identity
from seller_assistant.importers.order_rows import IMPORT_COLUMNS, PromiseMaker, combine
from seller_assistant.importers.orders import (
    ORDER_FIELDS,
    REQUIRED_FIELDS,
    OrderFilePreview,
    OrderImportResult,
    Progress,
    RowError,
    detected_format,
    read_order_file,
)
from seller_assistant.importers.orders import preview_order_file as _preview
from seller_assistant.imports import order_pipeline
from seller_assistant.store import bulk_load, import_mappings, order_import, shops
from seller_assistant.store.calendar import shop_calendar
from seller_assistant.store.connection import retrying
from seller_assistant.store.ship_rules import shop_rules

__all__ = [
    "ORDER_FIELDS",
    "REQUIRED_FIELDS",
    "OrderFilePreview",
    "OrderImportResult",
    "RowError",
    "detected_format",
    "import_order_file",
    "preview_order_file",
]


def preview_order_file(path: Path | str, max_rows: int = 20, store=None) -> OrderFilePreview:
    """The first rows and the mapping an import would use (the preset's, else remembered in `store`, else guessed)."""
    remembered = partial(import_mappings.remembered_mapping, store) if store is not None else None
    return _preview(path, max_rows, remembered)


def import_order_file(
    store,
    shop_id: int,
    path: Path | str,
    *,
    format: str = "auto",
    mapping: dict[str, str] | None = None,
    now: int,
    progress: Progress | None = None,
    resume: int | None = None,
) -> OrderImportResult:
    """Read the whole file, then write every good order (with its items) in one transaction.

    `mapping` overrides only the fields it names; the rest are read as the preset (or the remembered
    or guessed mapping) says. A file that cannot be read raises UserError before anything is
    written; bad rows are skipped and listed. If `progress` raises (the user cancelled), the
    transaction rolls back.
    """
    with _collector_paused():
        return _import_order_file(store, shop_id, path, format, mapping, now, progress, resume)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """An import holds a few hundred thousand small acyclic objects (cells, lines, rows) that the
    cyclic garbage collector would scan again and again as they are made: a sixth of a 100 000-line
    import's time. Paused for the import, as the app's worker processes do (core/processes.py);
    the window has it paused anyway (ui/gc_guard.py)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _import_order_file(store, shop_id, path, format, mapping, now, progress, resume) -> OrderImportResult:
    if resume is None and order_pipeline.worth_a_worker(store, shop_id, Path(path)):
        # A shop's history of one line per order: parsed by a worker while this process writes.
        done = order_pipeline.import_in_worker(store, shop_id, Path(path), format, mapping, now, progress)
        if done is not None:
            return done
    settings = shops.load_settings(store, shop_id)
    promises = PromiseMaker(shop_rules(store, shop_id), settings, shop_calendar(store, shop_id, settings))
    parsed = read_order_file(
        path,
        format=format,
        mapping=mapping,
        tz=settings.tz(),
        remembered=partial(import_mappings.remembered_mapping, store),
        progress=progress,
        promises=promises,
    )
    result, preset, total = parsed.result, parsed.preset, parsed.total
    # A file of one line per order comes as the store's rows already (importers/order_tuples.py).
    rows, items = list(parsed.rows.values()), {}
    for order_no, lines in parsed.orders.items():
        values, order_items = combine(lines, preset)
        rows.append(promises.row(values))
        if order_items:
            items[order_no] = order_items
    half = total // 2

    def write_progress(done: int, count: int) -> None:
        if progress is not None:
            progress(half + (half * done) // max(count, 1), total)

    def remember() -> None:
        # Remembered only when the import went through and read something: a mapping that made
        # every row fail is not one to repeat; a preset knows its columns.
        if preset is None and rows:
            import_mappings.remember_mapping(store, parsed.signature, parsed.public_mapping(), now)

    # One transaction (a shared store's desk running it again when another desk's change on the
    # same orders undid it: store/connection.retrying), or, for a long file, an import run whose
    # batches are each run again the same way (store/import_runs.publish).
    if len(rows) <= order_import.ONE_TRANSACTION_MAX and resume is None:

        def write_all() -> tuple[int, int, int]:
            with store.write():
                inserted, updated = order_import.upsert_imported_orders(
                    store, shop_id, IMPORT_COLUMNS, rows, now, write_progress
                )
                written = order_import.upsert_order_items(store, shop_id, items)
                remember()
            return inserted, updated, written

        inserted, updated, result.items = retrying(store, write_all)
    elif resume is None and bulk_load.dwarfs(store, "orders", shop_id, len(rows)):
        # The shop's history: one transaction, indexes after the rows (other writers wait for it).
        counts = retrying(
            store,
            lambda: order_import.write_in_bulk(
                store, shop_id, IMPORT_COLUMNS, rows, items, now, write_progress, remember
            ),
        )
        inserted, updated, result.items = counts["inserted"], counts["updated"], counts["items"]
    else:
        # A long import: written in short steps as an import run (undone or resumed as a whole).
        path = parsed.path
        result.import_id, counts = order_import.write_in_steps(
            store,
            shop_id,
            str(path.resolve()),
            {"format": parsed.format, "mapping": parsed.mapping, **file_identity(path)},
            IMPORT_COLUMNS,
            rows,
            items,
            now,
            write_progress,
            run_id=resume,
        )
        inserted, updated, result.items = (
            counts.get("inserted", 0),
            counts.get("updated", 0),
            counts.get("items", 0),
        )
        if preset is None and rows:
            with store.write():
                remember()
    if progress is not None:
        progress(total, total)
    result.inserted, result.updated = inserted, updated
    result.unchanged = len(rows) - inserted - updated
    result.errors.sort(key=lambda e: e.line)
    return result
