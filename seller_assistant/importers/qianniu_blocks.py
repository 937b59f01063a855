"""A Qianniu conversation while it is read (its messages' entries), and how it becomes ChatRecords.

Shared by the careful line loop (importers/qianniu.py) and the whole-text reader of the dominant
layout (importers/qianniu_fast.py): both make the same entries, and a conversation's roles are
decided here once, at its end, whoever read its lines.
"""

from __future__ import annotations

from seller_assistant.core.chat_records import ChatRecord
from seller_assistant.core.messages import Message
from seller_assistant.importers.chat_parse import AUTO_REPLY_MARKS, RowError, fixed_role, is_staff_name

_new_record = tuple.__new__  # ChatRecord's own __new__ is a Python function: a frame a message saved


class Entry:
    """A message being read: where it starts, when, who (None until the web layout's sender line)."""

    __slots__ = ("line", "sent_at", "sender", "lines", "status", "notes", "header")

    def __init__(
        self, line: int, sent_at: int, sender: str | None, lines: list[str], header: str = ""
    ) -> None:
        self.line, self.sent_at, self.sender, self.lines, self.header = line, sent_at, sender, lines, header
        self.status: str | None = None
        self.notes: list[str] = []

    def has_text(self) -> bool:
        lines = self.lines
        return bool(lines) and (bool(lines[0].strip()) or any(line.strip() for line in lines))


class Block:
    """One conversation (a 消息对象 block, or the whole paste), held to its end so that buyer and
    staff can be told apart; `web` once its times come before the text (the web page layout)."""

    def __init__(self, buyer: str | None) -> None:
        self.buyer = buyer
        self.entries: list[Entry] = []
        self.web: bool | None = None
        self.notes: list[str] = []  # notices met before the block's first message


def close_web_entry(block: Block, entry: Entry | None, errors: list[RowError]) -> None:
    """The web layout's sender is the last line of the message: take it out of the text."""
    if entry is None or entry.sender is not None:
        return
    while entry.lines and not entry.lines[-1].strip():
        entry.lines.pop()
    if entry.lines:
        entry.sender = entry.lines.pop().strip()
    else:
        errors.append(
            RowError.saying(entry.line, Message("a time with neither text nor sender after it; skipped"))
        )
        block.entries.remove(entry)


def take_block_notes(block: Block, entry: Entry) -> None:
    if block.notes:
        entry.notes.extend(block.notes)
        block.notes.clear()


def finish(block: Block, records: list[ChatRecord], errors: list[RowError], shop_name: str | None) -> None:
    """Turn a block's entries into records, deciding each sender's role once for the block."""
    entries = _with_text(block, errors)
    if not entries:
        return
    buyer = block.buyer
    roles: dict[str, str] = {}
    for entry in entries:
        sender = entry.sender
        if sender in roles:
            continue
        role = fixed_role(sender, entry.lines[0] if entry.lines else "")
        if role is None:
            if buyer is not None:
                role = "buyer" if sender == buyer else "staff"
            else:
                role = "staff" if is_staff_name(sender, shop_name) else "buyer"
        roles[sender] = role
    if buyer is None:
        # Without a 消息对象 header: the one sender who is not shop staff is the buyer; the shop's
        # main account is the part before ':' in its sub-accounts' names.
        shops = {s.replace("：", ":").split(":", 1)[0] for s, r in roles.items() if r == "staff"}
        candidates = [s for s, r in roles.items() if r == "buyer" and s not in shops]
        for s in roles:
            if s in shops:
                roles[s] = "staff"
        buyer = candidates[0] if len(candidates) == 1 else ""
    append, new_record = records.append, _new_record
    for entry in entries:
        lines = entry.lines
        text = "\n".join(lines).strip("\n") if len(lines) != 1 else lines[0]
        sender = entry.sender
        role = roles[sender]
        if lines and lines[0].startswith(AUTO_REPLY_MARKS):
            role = "system"
        owner = sender if role == "buyer" and not buyer else buyer
        notes = entry.notes
        append(
            new_record(
                ChatRecord,
                (
                    entry.sent_at,
                    sender,
                    role,
                    text,
                    owner,
                    None,
                    entry.line,
                    entry.status,
                    ("\n".join(notes) or None) if notes else None,
                ),
            )
        )


def _with_text(block: Block, errors: list[RowError]) -> list[Entry]:
    """The entries that say something. A header followed only by a notice (a recall, a transfer)
    is not a message: its notice goes to the message before it, or else the one after it."""
    kept: list[Entry] = []
    carried: list[str] = []
    for entry in block.entries:
        lines = entry.lines
        if lines and (lines[0].strip() or entry.has_text()):  # (the first test is most often enough)
            if carried:
                entry.notes[:0] = carried
                carried = []
            kept.append(entry)
            continue
        # A notice under its own header ("系统消息 (2026-11-21 09:01:00):") keeps that header: its time.
        notes = [f"{entry.header} {note}" if entry.header else note for note in entry.notes]
        if not notes:
            errors.append(
                RowError.saying(
                    entry.line, Message("the message from {sender} has no text; skipped", sender=entry.sender)
                )
            )
        elif kept:
            kept[-1].notes.extend(notes)
        else:
            carried.extend(notes)
    if carried and kept:
        kept[-1].notes.extend(carried)
    return kept
