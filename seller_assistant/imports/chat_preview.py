"""What a paste would add, before anything is sealed: each message marked new, already stored, or repeated in the paste."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from seller_assistant.core.chat_records import ChatRecord, FingerprintCounter
from seller_assistant.core.errors import UserError
from seller_assistant.importers.chat_batches import record_batches
from seller_assistant.importers.chat_parse import RowError
from seller_assistant.store import message_rows, shops
from seller_assistant.store.connection import Store

NEW, STORED, REPEATED = "new", "stored", "repeated"


@dataclass
class ChatPreview:
    """The paste's messages in order, each with its mark, and the lines that could not be read."""

    messages: list[tuple[ChatRecord, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    tz: tzinfo | None = None  # the shop's, to show the times as the chat did
    refused: str | None = None  # why nothing at all could be read, in the import's words

    def count(self, mark: str) -> int:
        return sum(1 for _, m in self.messages if m == mark)

    @property
    def new(self) -> int:
        return self.count(NEW)

    @property
    def stored(self) -> int:
        return self.count(STORED)

    @property
    def repeated(self) -> int:
        return self.count(REPEATED)


def preview_chat_text(store: Store, shop_id: int, text: str) -> ChatPreview:
    """Read `text` as the import would and mark each message, writing nothing. The marks use the
    import's own fingerprints, so what the preview calls new is exactly what the import adds."""
    preview = ChatPreview()
    if not text.strip():
        return preview
    settings = shops.load_settings(store, shop_id)
    preview.tz = settings.tz()
    counter = FingerprintCounter(shop_id)
    records: list[ChatRecord] = []
    prints: list[str] = []
    try:
        for batch in record_batches(
            text.replace("\x00", ""), "pasted text", "qianniu", settings.tz(), settings.name, preview.errors
        ):
            for record in batch:
                records.append(record)
                prints.append(counter.next(record.sender_name, record.sent_at, record.text))
    except UserError as exc:
        preview.refused = str(exc)
        return preview
    stored = message_rows.existing_fingerprints(store, prints)
    seen: set[str] = set()
    for record, print_ in zip(records, prints, strict=True):
        if print_ in seen:
            mark = REPEATED
        elif print_ in stored:
            mark = STORED
        else:
            mark = NEW
        seen.add(print_)
        preview.messages.append((record, mark))
    return preview
