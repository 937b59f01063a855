"""The shop's own labelled buyer messages: what it taught the intent classifier, and undoing that."""

from __future__ import annotations

from seller_assistant.core.errors import UserError
from seller_assistant.core.lexicon import INTENTS
from seller_assistant.store.connection import Store, retried

SOURCES = ("corrected", "reply_picked")
MAX_TEXT = 2000  # a chat message, not a document


@retried
def add_example(
    store: Store, shop_id: int, text: str, intent: str, source: str, now: int, predicted: str | None = None
) -> int:
    """Keep one example per message: teaching the same text again replaces the earlier label."""
    text = text.strip()
    if not text:
        raise UserError("An example needs the buyer's message.")
    if intent not in INTENTS:
        raise UserError("'{intent}' is not one of {intents}.", intent=intent, intents=", ".join(INTENTS))
    if source not in SOURCES:
        raise UserError("'{source}' is not one of {sources}.", source=source, sources=", ".join(SOURCES))
    with store.write() as db:
        db.execute(
            "UPDATE intent_examples SET undone_at = ? WHERE shop_id = ? AND text = ? AND undone_at IS NULL",
            (now, shop_id, text[:MAX_TEXT]),
        )
        cursor = db.execute(
            "INSERT INTO intent_examples (shop_id, text, intent, source, predicted, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (shop_id, text[:MAX_TEXT], intent, source, predicted, now),
        )
        return cursor.fetchone()[0]


@retried
def undo_example(store: Store, shop_id: int, example_id: int, now: int) -> None:
    with store.write() as db:
        done = db.execute(
            "UPDATE intent_examples SET undone_at = ? WHERE id = ? AND shop_id = ? AND undone_at IS NULL",
            (now, example_id, shop_id),
        ).rowcount
    if not done:
        raise UserError("That example is no longer in the list.")


def active_examples(store: Store, shop_id: int) -> list[dict]:
    """Newest first: what the classifier currently learns from."""
    return list(
        store.db.query(
            "SELECT id, text, intent, source, predicted, created_at FROM intent_examples"
            " WHERE shop_id = ? AND undone_at IS NULL ORDER BY created_at DESC, id DESC",
            [shop_id],
        )
    )


def training_pairs(store: Store, shop_id: int) -> list[tuple[str, str]]:
    return [(row["text"], row["intent"]) for row in active_examples(store, shop_id)]
