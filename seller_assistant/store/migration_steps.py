"""Migration work SQL cannot do alone (a Python hash), run right after its migration's SQL in the same transaction.

Keyed by the migration's topic (its file name without the number), so a renumbered file keeps
its step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from seller_assistant.core.chat_records import fingerprint, text_without_status
from seller_assistant.store import head_log


def _chat_fingerprints(conn: sqlite3.Connection) -> None:
    """Every stored message's fingerprint by today's rule. Fingerprints are not sealed (the chain
    hashes id, buyer, role, sender, time and text), so the seal is untouched; the append-only
    trigger is set aside for this one statement and put back exactly as it was."""
    shared = getattr(conn, "backend", "sqlite") == "postgresql"
    trigger = (
        None
        if shared
        else conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'messages_append_only_update'"
        ).fetchone()
    )
    # Only messages sharing sender and second with another can repeat; count occurrences for those.
    repeated = {
        row[0]
        for row in conn.execute(
            "SELECT m.id FROM messages m JOIN (SELECT shop_id, sender_name, sent_at FROM messages"
            " GROUP BY shop_id, sender_name, sent_at HAVING count(*) > 1) d"
            " ON d.shop_id = m.shop_id AND d.sender_name = m.sender_name AND d.sent_at = m.sent_at"
        )
    }
    counts: dict[str, int] = {}
    # Every fingerprint moves to a random place in its unique index: with the index pages in
    # memory that is a third faster at 2 M messages. SQLite takes the pages only as it uses them.
    # (PostgreSQL: its shared buffers are the server's; the trigger is switched off in this
    # transaction only, the ALTER's lock keeping every other desk off the table until COMMIT.)
    cache = 0
    if shared:
        conn.execute("ALTER TABLE messages DISABLE TRIGGER messages_append_only_update")
    else:
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute("PRAGMA cache_size = -524288")
        if trigger is not None:
            conn.execute("DROP TRIGGER messages_append_only_update")
    last = 0
    while True:  # in slices by id: a store of millions never sits in memory at once
        rows = conn.execute(
            "SELECT id, shop_id, sender_name, sent_at, text FROM messages WHERE id > ?"
            " ORDER BY id LIMIT 50000",
            (last,),
        ).fetchall()
        if not rows:
            break
        updates = []
        for message_id, shop_id, sender, sent_at, text in rows:
            text = text_without_status(text)
            occurrence = 0
            if message_id in repeated:
                first = fingerprint(shop_id, sender, sent_at, text)
                occurrence = counts.get(first, 0)
                counts[first] = occurrence + 1
            updates.append((fingerprint(shop_id, sender, sent_at, text, occurrence), message_id))
        conn.executemany("UPDATE messages SET fingerprint = ? WHERE id = ?", updates)
        last = rows[-1][0]
    if shared:
        conn.execute("ALTER TABLE messages ENABLE TRIGGER messages_append_only_update")
        return
    if trigger is not None:
        conn.execute(trigger[0])
    conn.execute(f"PRAGMA cache_size = {int(cache)}")


def _head_log(conn: sqlite3.Connection) -> None:
    """The head log's first entry: every chain's head at the time of the upgrade."""
    head_log.backfill(conn)


STEPS: dict[str, Callable[[sqlite3.Connection], None]] = {
    "chat_metadata": _chat_fingerprints,
    "head_log_corrections": _head_log,
}
