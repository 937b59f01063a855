"""A chat file's text to records in batches (Qianniu layout, else CSV), its unreadable lines as errors.

Parsing only: which order a message belongs to, its id and its seal are the store's
(store/chat_import.py), given the records this yields.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo

from seller_assistant.core.chat_records import ChatRecord
from seller_assistant.core.errors import UserError
from seller_assistant.importers.chat_csv import looks_like_chat_csv, parse_chat_csv
from seller_assistant.importers.chat_parse import RowError
from seller_assistant.importers.qianniu import iter_qianniu

BATCH = 5000


def record_batches(
    text: str, name: str, format: str, tz: tzinfo, shop_name: str | None, errors: list[RowError]
) -> Iterator[list[ChatRecord]]:
    """The file's records in batches, its unreadable lines appended to `errors`. A Qianniu file in
    which no message header is found is tried as CSV; a file with no message at all is refused."""
    found = False
    if format != "csv":
        for batch in iter_qianniu(text, tz, shop_name, errors, BATCH):
            found = True
            yield batch
    if not found and (format == "csv" or looks_like_chat_csv(text)):
        parsed = parse_chat_csv(text, name, tz, shop_name)
        errors[:] = parsed.errors
        for start in range(0, len(parsed.records), BATCH):
            found = True
            yield parsed.records[start : start + BATCH]
    if not found:
        if errors:
            raise UserError(
                "{file}, line {line}: {problem}; no chat message could be read, nothing was imported.",
                file=name,
                line=errors[0].line,
                problem=errors[0].said or errors[0].message,
            )
        raise UserError(
            "{name}: no chat messages found (expected lines like 'nickname (2026-11-20 14:03:22):').",
            name=name,
        )
