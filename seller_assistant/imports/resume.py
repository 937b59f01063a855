"""Resuming an interrupted import run: read its file again and stage what it had not staged yet."""

from __future__ import annotations

from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.files import file_identity
from seller_assistant.store import import_runs
from seller_assistant.store.connection import Store


def resume_import(store: Store, run_id: int, now: int):
    """Finish import `run_id` (interrupted while staging); its result, as the import would have given."""
    run = import_runs.get_run(store, run_id)
    if not Path(run.file).is_file():
        raise UserError(
            "Import {run_id} cannot be resumed: its file {file} is gone; undo it instead ('seller-assistant undo-import {run_id}').",
            run_id=run_id,
            file=run.file,
        )
    recorded = {key: run.params[key] for key in ("file_size", "file_mtime_ns") if key in run.params}
    if recorded and file_identity(run.file) != recorded:
        # Rows are staged in file order and resumed by count: another file would be stitched on wrongly.
        raise UserError(
            "Import {run_id} cannot be resumed: {file} changed since it was read; undo it and import the file again.",
            run_id=run_id,
            file=run.file,
        )
    run = import_runs.take_over(store, run_id)
    if run.kind == "orders":
        from seller_assistant.imports.orders import import_order_file

        return import_order_file(
            store,
            run.shop_id,
            run.file,
            format=run.params.get("format", "auto"),
            mapping=run.params.get("mapping"),
            now=int(run.params.get("now", now)),
            resume=run.id,
        )
    from seller_assistant.imports.chats import import_chat_file

    # The run's own time and options: the messages are sealed as that import would have sealed them.
    return import_chat_file(
        store,
        run.shop_id,
        run.file,
        order_no=run.params.get("order_no"),
        now=int(run.params.get("now", now)),
        format=run.params.get("format", "auto"),
        resume=run.id,
    )
