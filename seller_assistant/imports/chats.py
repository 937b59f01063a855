"""Importing chat records as evidence: read the file or pasted text, tie messages to orders, store and seal."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.importers.chat_batches import record_batches
from seller_assistant.importers.chat_parse import ParsedChat, RowError
from seller_assistant.importers.encoding import read_text_file
from seller_assistant.imports import chat_pipeline
from seller_assistant.store import chat_history, chat_import, orders, shops
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
            "file": self.file,
            "messages": self.messages,
            "inserted": self.inserted,
            "duplicates": self.duplicates,
            "orders_linked": self.orders_linked,
            "unlinked": self.unlinked,
            "errors": [e.to_json() for e in self.errors],
            **({"import_id": self.import_id} if self.import_id is not None else {}),
        }


def import_chat_file(
    store: Store,
    shop_id: int,
    path: Path | str,
    *,
    order_no: str | None = None,
    now: int,
    format: str = "auto",
    resume: int | None = None,
) -> ChatImportResult:
    """Import a Qianniu/Wangwang export or a chat CSV. A file that cannot be read changes nothing.

    A big file is read in a worker process while this one writes (see chat_pipeline), as an import
    run (store/import_runs.py) written in short transactions — or, when it is the shop's chat
    history (`loads_as_history`), in one transaction with the indexes built after the rows. `resume` is the id of an interrupted
    run of this file, taken over by the caller: the rows it staged already are not staged again."""
    path = Path(path)
    if format == "auto":
        format = "csv" if path.suffix.lower() in (".csv", ".tsv") else "qianniu"
    source = "csv" if format == "csv" else "qianniu"
    order = orders.find_order(store, shop_id, order_no) if order_no else None
    history = resume is None and loads_as_history(store, shop_id, path)
    if history and chat_pipeline.worth_a_worker(path):
        outcome = chat_pipeline.load_history_in_worker(store, shop_id, path, format, source, order, now)
        if outcome is not None:
            return ChatImportResult(path.name, *outcome)
    run = chat_import.ChatRun(store, shop_id, path, format, order_no, now, resume)
    if not history and chat_pipeline.worth_a_worker(path):
        outcome = chat_pipeline.import_in_worker(
            store, shop_id, path, format, source, order, now, {"store": run}
        )
        if outcome is not None:
            return _finished(run, ChatImportResult(path.name, *outcome))
    decoded = read_text_file(path)
    parsed = _parse(store, shop_id, decoded.text, path.name, format)
    if history:
        return _store(store, shop_id, parsed, path.name, source, order, now, history=True)
    return _store(store, shop_id, parsed, path.name, source, order, now, run)


# What a message takes in an export, at least: a header line with the sender and the time, and a
# line of text (a short Chinese line in GBK is ~60 bytes). Estimating high on purpose keeps a file
# whose count is in doubt on the everyday path, where other writers never wait.
_BYTES_PER_MESSAGE = 100


def loads_as_history(store: Store, shop_id: int, path: Path | str) -> bool:
    """Whether importing this file is loading the shop's chat history — one transaction, other
    writers waiting until it is done (store/chat_history.py) — judged by its size before reading it."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        return False  # the import itself says what is wrong with the file
    return chat_history.is_history(store, shop_id, size // _BYTES_PER_MESSAGE)


def import_chat_text(
    store: Store,
    shop_id: int,
    text: str,
    *,
    order_id: int | None = None,
    source: str = "paste",
    now: int,
) -> ChatImportResult:
    """Import chat text pasted from the clipboard (Qianniu layout or CSV lines)."""
    if not text.strip():
        raise UserError("The pasted text is empty.")
    parsed = _parse(store, shop_id, text.replace("\x00", ""), "pasted text", "qianniu")
    order = orders.get_order(store, order_id) if order_id is not None else None
    if order_id is not None and order is None:
        raise UserError("There is no order with id {order_id}.", order_id=order_id)
    return _store(store, shop_id, parsed, "pasted text", source, order, now)


def _parse(store: Store, shop_id: int, text: str, name: str, format: str) -> ParsedChat:
    settings = shops.load_settings(store, shop_id)
    parsed = ParsedChat()
    for batch in record_batches(text, name, format, settings.tz(), settings.name, parsed.errors):
        parsed.records.extend(batch)
    return parsed


def _store(
    store,
    shop_id,
    parsed: ParsedChat,
    name: str,
    source: str,
    order: dict | None,
    now: int,
    run: chat_import.ChatRun | None = None,
    *,
    history: bool = False,
) -> ChatImportResult:
    stored = chat_import.store_records(
        store, shop_id, parsed.records, order=order, source=source, now=now, run=run, history=history
    )
    result = ChatImportResult(
        name,
        stored.messages,
        stored.inserted,
        stored.messages - stored.inserted,
        stored.orders_linked,
        stored.unlinked,
        parsed.errors,
    )
    return _finished(run, result) if run is not None else result


def _finished(run: chat_import.ChatRun, result: ChatImportResult) -> ChatImportResult:
    result.import_id = run.run_id
    run.save_result({**result.to_json(), "errors": len(result.errors)})
    return result
