"""Importing chat records as evidence: read the file or pasted text, tie messages to orders, store and seal."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.importers import chat_pipeline
from seller_assistant.importers.chat_batches import MessagePreparer, record_batches
from seller_assistant.importers.chat_parse import ParsedChat, RowError
from seller_assistant.importers.encoding import read_text_file
from seller_assistant.store import message_rows, orders, shops
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

    def to_json(self) -> dict:
        return {
            "file": self.file, "messages": self.messages, "inserted": self.inserted, "duplicates": self.duplicates,
            "orders_linked": self.orders_linked, "unlinked": self.unlinked,
            "errors": [e.to_json() for e in self.errors],
        }


def import_chat_file(
    store: Store, shop_id: int, path: Path | str, *, order_no: str | None = None, now: int,
    format: str = "auto",
) -> ChatImportResult:
    """Import a Qianniu/Wangwang export or a chat CSV. A file that cannot be read changes nothing.

    A big file is read in a worker process while this one writes (see chat_pipeline)."""
    path = Path(path)
    if format == "auto":
        format = "csv" if path.suffix.lower() in (".csv", ".tsv") else "qianniu"
    source = "csv" if format == "csv" else "qianniu"
    if chat_pipeline.worth_a_worker(path):
        order = orders.find_order(store, shop_id, order_no) if order_no else None
        outcome = chat_pipeline.import_in_worker(store, shop_id, path, format, source, order, now)
        if outcome is not None:
            return ChatImportResult(path.name, *outcome)
    decoded = read_text_file(path)
    parsed = _parse(store, shop_id, decoded.text, path.name, format)
    order = orders.find_order(store, shop_id, order_no) if order_no else None
    return _store(store, shop_id, parsed, path.name, source, order, now)


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


def _store(store, shop_id, parsed: ParsedChat, name: str, source: str, order: dict | None, now: int):
    records = parsed.records
    preparer = MessagePreparer(store, shop_id, order, source)
    with store.write():
        builder = message_rows.MessageRows(store, shop_id, now, message_rows.next_message_id(store))
        writer = message_rows.MessageWriter(store, shop_id, now)
        for start in range(0, len(records), 20_000):
            writer.write(*builder.add(preparer.prepare(records[start:start + 20_000])))
        writer.finish()
    return ChatImportResult(name, len(records), writer.inserted, len(records) - writer.inserted,
                            len(preparer.linked), preparer.unlinked, parsed.errors)
