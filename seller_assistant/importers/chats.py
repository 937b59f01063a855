"""Importing chat records as evidence: read the file or pasted text, tie messages to orders, store and seal."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.files import file_identity
from seller_assistant.importers import chat_pipeline
from seller_assistant.importers.chat_batches import MessagePreparer, record_batches
from seller_assistant.importers.chat_parse import ParsedChat, RowError
from seller_assistant.importers.encoding import read_text_file
from seller_assistant.store import import_runs, message_rows, orders, shops
from seller_assistant.store.connection import Store


@dataclass
class ChatImportResult:
    file: str
    messages: int = 0
    inserted: int = 0
    duplicates: int = 0
    orders_linked: int = 0  # distinct orders the messages were tied to
    unlinked: int = 0  # messages left for the user to assign
    errors: list[RowError] = field(default_factory=list)
    import_id: int | None = None  # the import run, when it was written in batches

    def to_json(self) -> dict:
        return {
            "file": self.file, "messages": self.messages, "inserted": self.inserted, "duplicates": self.duplicates,
            "orders_linked": self.orders_linked, "unlinked": self.unlinked,
            "errors": [e.to_json() for e in self.errors],
            **({"import_id": self.import_id} if self.import_id is not None else {}),
        }


def import_chat_file(
    store: Store, shop_id: int, path: Path | str, *, order_no: str | None = None, now: int,
    format: str = "auto", resume: int | None = None,
) -> ChatImportResult:
    """Import a Qianniu/Wangwang export or a chat CSV. A file that cannot be read changes nothing.

    A big file is read in a worker process while this one writes (see chat_pipeline), as an import
    run (store/import_runs.py) written in short transactions. `resume` is the id of an interrupted
    run of this file, taken over by the caller: the rows it staged already are not staged again."""
    path = Path(path)
    if format == "auto":
        format = "csv" if path.suffix.lower() in (".csv", ".tsv") else "qianniu"
    source = "csv" if format == "csv" else "qianniu"
    order = orders.find_order(store, shop_id, order_no) if order_no else None
    run = _Run(store, shop_id, path, format, order_no, now, resume)
    if chat_pipeline.worth_a_worker(path):
        outcome = chat_pipeline.import_in_worker(store, shop_id, path, format, source, order, now, {"store": run})
        if outcome is not None:
            return run.finished(ChatImportResult(path.name, *outcome))
    decoded = read_text_file(path)
    parsed = _parse(store, shop_id, decoded.text, path.name, format)
    return _store(store, shop_id, parsed, path.name, source, order, now, run)


class _Run:
    """How a chat file's prepared messages are stored: as an import run (batched, resumable)."""

    def __init__(self, store, shop_id, path: Path, format: str, order_no: str | None, now: int,
                 resume: int | None) -> None:
        self.store, self.shop_id, self.now, self.resume = store, shop_id, now, resume
        self.file = str(path.resolve()) if path.is_absolute() or path.exists() else str(path)
        self.params = {"format": format, "order_no": order_no, "now": now, **file_identity(path)}
        self.run_id: int | None = None

    def __call__(self, batches) -> int:
        self.run_id, counts = import_runs.run_import(
            self.store, self.shop_id, "chat", self.file, self.params, batches,
            message_rows.publish_staged_messages, self.now, run_id=self.resume)
        return counts.get("inserted", 0)

    def finished(self, result: ChatImportResult) -> ChatImportResult:
        result.import_id = self.run_id
        import_runs.save_result(self.store, self.run_id, {**result.to_json(), "errors": len(result.errors)})
        return result


def import_chat_text(
    store: Store, shop_id: int, text: str, *, order_id: int | None = None, source: str = "paste", now: int,
) -> ChatImportResult:
    """Import chat text pasted from the clipboard (Qianniu layout or CSV lines)."""
    if not text.strip():
        raise UserError("The pasted text is empty.")
    parsed = _parse(store, shop_id, text.replace("\x00", ""), "pasted text", "qianniu")
    order = orders.get_order(store, order_id) if order_id is not None else None
    if order_id is not None and order is None:
        raise UserError(f"There is no order with id {order_id}.")
    return _store(store, shop_id, parsed, "pasted text", source, order, now)


def _parse(store: Store, shop_id: int, text: str, name: str, format: str) -> ParsedChat:
    settings = shops.load_settings(store, shop_id)
    parsed = ParsedChat()
    for batch in record_batches(text, name, format, settings.tz(), settings.name, parsed.errors):
        parsed.records.extend(batch)
    return parsed


# Up to this many messages (a paste, a day's chat) one transaction is short enough (~0.1 s).
ONE_TRANSACTION_MAX = 4000


def _store(store, shop_id, parsed: ParsedChat, name: str, source: str, order: dict | None, now: int,
           run: _Run | None = None):
    records = parsed.records
    preparer = MessagePreparer(store, shop_id, order, source)
    if run is None or (len(records) <= ONE_TRANSACTION_MAX and run.resume is None):
        with store.write():
            builder = message_rows.MessageRows(store, shop_id, now, message_rows.next_message_id(store))
            writer = message_rows.MessageWriter(store, shop_id, now)
            for start in range(0, len(records), 20_000):
                writer.write(*builder.add(preparer.prepare(records[start:start + 20_000])))
            writer.finish()
        inserted = writer.inserted
    else:
        step = 5000
        inserted = run(preparer.prepare(records[start:start + step]) for start in range(0, len(records), step))
    result = ChatImportResult(name, len(records), inserted, len(records) - inserted,
                              len(preparer.linked), preparer.unlinked, parsed.errors)
    return run.finished(result) if run is not None and run.run_id is not None else result
