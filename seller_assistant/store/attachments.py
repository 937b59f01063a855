"""Attachments: files copied into the store's folder under their SHA-256, recorded and sealed.

The user's file name is kept as data only; on disk a file is `<attachments>/<sha[:2]>/<sha256>`,
so no name ('../../x', 'CON', 300 characters) can ever reach the file system.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.files import read_bounded
from seller_assistant.core.limits import limits
from seller_assistant.core.messages import os_problem
from seller_assistant.store import evidence
from seller_assistant.store.connection import Store, retried
from seller_assistant.store.rows import insert_row

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# Leading bytes of the kinds shops attach: screenshots, photos, PDFs, courier receipts.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
)


def sniff_media_type(data: bytes) -> str:
    """The media type from the content itself; a file's extension can lie."""
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "image/heic"
    if data[4:8] == b"ftyp":
        return "video/mp4"
    try:
        data[:4096].decode("utf-8")
        if b"\x00" not in data[:4096]:
            return "text/plain"
    except UnicodeDecodeError:
        pass
    return "application/octet-stream"


def display_name(name: str) -> str:
    """The name as shown to people: no control characters, at most 255 characters. Never a path."""
    cleaned = _CONTROL.sub("", name).strip() or "attachment"
    return cleaned[:255]


def add_attachment(
    store: Store,
    shop_id: int,
    order_id: int | None,
    source_path: Path | str,
    now: int,
    message_id: int | None = None,
    original_name: str | None = None,
) -> dict:
    """Copy a file into the store and seal it into the order's (or the message's buyer's) chain."""
    path = Path(source_path)
    data = read_bounded(path, limits().attachment_bytes, "to keep as an attachment")
    return add_attachment_bytes(store, shop_id, order_id, data, original_name or path.name, now, message_id)


@retried
def add_attachment_bytes(
    store: Store,
    shop_id: int,
    order_id: int | None,
    data: bytes,
    original_name: str,
    now: int,
    message_id: int | None = None,
) -> dict:
    """The same for bytes in hand (a pasted screenshot, a dropped image)."""
    if order_id is None and message_id is None:
        raise UserError("An attachment must belong to an order or a message.")
    if not data:
        raise UserError("{file}: the file is empty.", file=display_name(original_name))
    sha = hashlib.sha256(data).hexdigest()
    write_content_file(store, sha, data)
    row = {
        "shop_id": shop_id,
        "order_id": order_id,
        "message_id": message_id,
        "sha256": sha,
        "original_name": display_name(original_name),
        "media_type": sniff_media_type(data),
        "size": len(data),
        "added_at": now,
    }
    with store.write() as db:
        if (
            order_id is not None
            and store.conn.execute("SELECT 1 FROM orders WHERE id = ?", (order_id,)).fetchone() is None
        ):
            raise UserError("There is no order with id {order_id}.", order_id=order_id)
        row["id"] = insert_row(db, "attachments", row)
        row["hash"] = evidence.seal_item(store, "attachment", row["id"], now)
    return row


def attachment_file(store: Store, sha256: str) -> Path:
    """Where the bytes of an attachment live; refuses anything that is not a SHA-256."""
    if not _SHA256.match(sha256 or ""):
        raise ValueError(f"not a SHA-256: {sha256!r}")
    return store.attachments_dir / sha256[:2] / sha256


def attachments_for_order(store: Store, order_id: int) -> list[dict]:
    cursor = store.conn.execute(
        "SELECT a.* FROM attachments a LEFT JOIN messages m ON m.id = a.message_id"
        " WHERE a.order_id = ? OR (a.order_id IS NULL AND m.order_id = ?) ORDER BY a.added_at, a.id",
        (order_id, order_id),
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def write_content_file(store: Store, sha: str, data: bytes) -> None:
    """Write once, atomically: a temp file in the same folder, then rename. Same bytes, same name,
    so a second copy of a file is a no-op."""
    target = attachment_file(store, sha)
    if target.exists() and target.stat().st_size == len(data):
        return
    try:
        # Photos of buyers' parcels and addresses: only this user may list or read them.
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(store.attachments_dir, 0o700)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o600)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UserError(
            "Cannot copy the attachment into {attachments_dir}: {problem}.",
            attachments_dir=store.attachments_dir,
            problem=os_problem(exc),
        ) from None
