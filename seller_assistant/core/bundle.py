"""Building an order's evidence bundle (ZIP): report, chat, attachments and a self-checking manifest.

The ZIP is written to a temporary name in the destination folder, fsync'ed and renamed with
os.replace, so the final name only ever holds a complete bundle.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from seller_assistant import __version__
from seller_assistant.core.bundle_model import (
    BUNDLE_FORMAT,
    BUNDLE_FORMAT_VERSION,
    INCLUDE_CHOICES,
    AttachmentSource,
    BundleData,
    BundleOptions,
)
from seller_assistant.core.chat_export import chat_html, chat_text
from seller_assistant.core.clock import from_epoch, iso, zone
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.core.leftovers import part_prefix, remember_folder
from seller_assistant.core.masking import Masker, masker_for_order

MANIFEST = "manifest.json"
REPORT = "report.pdf"
CHAT_TXT = "chat.txt"
CHAT_HTML = "chat.html"
# manifest.json is `{"manifest_sha256": "<hex>",\n"manifest": <body>}\n` where hex = sha256(body
# bytes): it stays plain JSON for any reader, and bundle_verify checks it byte for byte.
MANIFEST_PREFIX = b'{"manifest_sha256": "'
MANIFEST_MIDDLE = b'",\n"manifest": '
MANIFEST_SUFFIX = b"}\n"
PERSONAL_ORDER_FIELDS = ("receiver_name", "receiver_phone", "receiver_address")
_SAFE_EXT = re.compile(r"^[a-z0-9]{1,8}$")
_EXT_BY_TYPE = {
    "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp", "image/bmp": "bmp",
    "application/pdf": "pdf", "text/plain": "txt", "video/mp4": "mp4",
}
_ALREADY_COMPRESSED = ("png", "jpg", "gif", "webp", "mp4", "pdf", "zip")
_CHUNK = 1 << 20

Progress = Callable[[int, int], None]


@dataclass
class BundleResult:
    path: Path
    files: list[dict]  # path, size, sha256 (every member but manifest.json)
    masked: bool
    chain_head: str | None


def attachment_member(attachment: AttachmentSource) -> str:
    """attachments/<sha256>.<ext>: never the buyer's file name, which may be hostile."""
    ext = _EXT_BY_TYPE.get(attachment.media_type, "")
    if not ext:
        suffix = Path(attachment.original_name).suffix.lower().lstrip(".")
        ext = suffix if _SAFE_EXT.match(suffix) else "bin"
    sha = attachment.sha256.lower()
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise UserError(f"Attachment {attachment.original_name!r} has no valid SHA-256 in the store.")
    return f"attachments/{sha}.{ext}"


def planned_files(data: BundleData, include: frozenset[str]) -> list[str]:
    """The member names a bundle with these choices will hold (for the export dialog's preview)."""
    names = [REPORT]
    if "chat" in include:
        names += [CHAT_TXT, CHAT_HTML]
    if "attachments" in include:
        seen = set()
        for attachment in data.attachments:
            if attachment.path is not None and attachment.sha256 not in seen:
                seen.add(attachment.sha256)
                names.append(attachment_member(attachment))
    return names + [MANIFEST]


def chat_header(data: BundleData, masker: Masker) -> str:
    return t("bundle.chat_header", data.lang, shop=data.shop_name, buyer=masker.text(data.order.get("buyer")) or "",
             order_no=data.order.get("order_no", ""))


def render_chat(data: BundleData, masker: Masker) -> tuple[str, str]:
    """(chat.txt, chat.html) for this order, masked as chosen."""
    tz = zone(data.timezone)
    lines: dict[int, list[str]] = {}
    for attachment in data.attachments:
        if attachment.message_id is not None and attachment.path is not None:
            lines.setdefault(attachment.message_id, []).append(
                t("bundle.attachment_line", data.lang, name=masker.text(attachment.original_name),
                  member=attachment_member(attachment)))
    header = chat_header(data, masker)
    return (chat_text(data.messages, header, tz, data.lang, masker, lines),
            chat_html(data.messages, header, tz, data.lang, masker, lines))


def build_bundle(data: BundleData, options: BundleOptions, out_path: Path | str,
                 progress: Progress | None = None) -> BundleResult:
    """Write the bundle to `out_path` atomically; `progress(done, total)` may raise to cancel."""
    from seller_assistant.core.report_pdf import ReportInput, render_report  # fpdf2 loads only when needed

    out_path = Path(out_path)
    folder = out_path.parent
    if not folder.is_dir():
        raise UserError(f"The folder {folder} does not exist; create it or choose another place for the bundle.")
    masker = masker_for_order(data.order, options.masked)
    include = options.include
    attachments = [a for a in data.attachments if a.path is not None] if "attachments" in include else []
    unique = list({a.sha256: a for a in attachments}.values())
    # ZIP times are naive local times: the shop's clock at export, as a file manager shows them.
    stamp = max(from_epoch(options.created_at, zone(data.timezone)).timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    total = len(unique) + 3
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(min(done, total), total)

    warnings = [t("bundle.attachment_missing", data.lang, name=masker.text(a.original_name), sha=a.sha256[:12])
                for a in data.attachments if a.path is None and "attachments" in include]
    try:
        remember_folder(folder)  # a crash's side file is removed at the next start (core/leftovers.py)
        fd, temp_name = tempfile.mkstemp(prefix=part_prefix(out_path.name), suffix=".part", dir=folder)
    except OSError as exc:
        raise UserError(f"Could not write the bundle {out_path}: {exc.strerror or exc}.") from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w+b") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            files: list[dict] = []
            if "chat" in include:
                txt, page = render_chat(data, masker)
                files.append(_write_bytes(archive, CHAT_TXT, txt.encode("utf-8"), date_time=stamp))
                files.append(_write_bytes(archive, CHAT_HTML, page.encode("utf-8"), date_time=stamp))
            step()
            members: dict[str, str] = {}
            for attachment in unique:
                entry = _write_file(archive, attachment_member(attachment), attachment.path, stamp)
                if entry["sha256"] != attachment.sha256.lower():
                    warnings.append(t("bundle.attachment_mismatch", data.lang, name=masker.text(attachment.original_name)))
                members[attachment.sha256] = entry["path"]
                files.append(entry)
                step()
            report = ReportInput(data, masker, include, options.created_at, list(files), members, warnings)
            pdf = render_report(report)
            files.insert(0, _write_bytes(archive, REPORT, pdf, date_time=stamp))
            step()
            manifest = build_manifest(data, options, masker, files, warnings)
            _write_bytes(archive, MANIFEST, encode_manifest(manifest), date_time=stamp)
            step()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temp, out_path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UserError(f"Could not write the bundle {out_path}: {exc.strerror or exc}; nothing was kept.") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return BundleResult(out_path, files, options.masked, data.chain_head)


def build_manifest(data: BundleData, options: BundleOptions, masker: Masker, files: list[dict],
                   warnings: list[str]) -> dict:
    tz = zone(data.timezone)
    order = {key: masker.value(value) for key, value in data.order.items()}
    return {
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_FORMAT_VERSION,
        "app": {"name": "Seller Assistant", "version": __version__},
        "created_at": iso(options.created_at, tz),
        "shop": {"name": data.shop_name, "platform": data.platform, "timezone": data.timezone},
        "order": order,
        "include": [choice for choice in INCLUDE_CHOICES if choice in options.include],
        "masking": {
            "enabled": options.masked,
            "fields": list(PERSONAL_ORDER_FIELDS) + ["phone numbers and street addresses in any text"],
        },
        "files": files,
        "chain": {
            "key": data.chain_key,
            "head": data.chain_head,
            "items": [manifest_item(item, masker, options.include) for item in data.chain],
        },
        "warnings": warnings,
    }


# How masking and the chain live together: an item's content_hash is over its ORIGINAL content,
# so masked content can never reproduce it. A masked (or left-out) item therefore carries no
# "content" key: its shown text sits under "content_masked", each changed field is listed in
# "redacted" with the SHA-256 of the original field value, and its recorded content_hash is kept.
# core.evidence.check_item skips the content re-hash when "content" is absent but still checks
# seq, prev_hash and the seal, so the chain verifies end to end, and whoever holds the unmasked
# store (the shop, the platform) can prove each redacted field's original value by its hash.
def manifest_item(item: dict, masker: Masker, include: frozenset[str]) -> dict:
    out = {key: item[key] for key in ("seq", "item_type", "item_id", "content_hash", "prev_hash", "hash")
           if key in item}
    for key in ("sealed_at", "supersedes_item"):
        if item.get(key) is not None:
            out[key] = item[key]
    content = item.get("content")
    if content is None:
        return out
    left_out = (item.get("item_type") == "message" and "chat" not in include) or (
        item.get("item_type") == "attachment" and "attachments" not in include)
    if left_out:
        out["withheld"] = "not included in this bundle"
        return out
    masked = masker.value(content)
    if masked == content:
        out["content"] = content
        return out
    out["content_masked"] = masked
    out["redacted"] = {
        key: field_hash(content.get(key)) for key in content if masked.get(key) != content.get(key)
    }
    return out


def field_hash(value) -> str:
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def encode_manifest(manifest: dict) -> bytes:
    body = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest().encode("ascii")
    return MANIFEST_PREFIX + digest + MANIFEST_MIDDLE + body + MANIFEST_SUFFIX


def _write_bytes(archive: zipfile.ZipFile, name: str, payload: bytes, compress: bool = True,
                 date_time: tuple = (2020, 1, 1, 0, 0, 0)) -> dict:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    archive.writestr(info, payload)
    return {"path": name, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}


def _write_file(archive: zipfile.ZipFile, name: str, source: Path,
                date_time: tuple = (2020, 1, 1, 0, 0, 0)) -> dict:
    """Copy a stored attachment byte for byte, hashing as it streams (no whole-file read)."""
    info = zipfile.ZipInfo(name, date_time=date_time)
    ext = name.rsplit(".", 1)[-1]
    info.compress_type = zipfile.ZIP_STORED if ext in _ALREADY_COMPRESSED else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    digest, size = hashlib.sha256(), 0
    try:
        with open(source, "rb") as handle, archive.open(info, "w", force_zip64=True) as target:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
    except OSError as exc:
        raise UserError(f"Cannot read the attachment {source}: {exc.strerror}.") from exc
    return {"path": name, "size": size, "sha256": digest.hexdigest()}


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a folder and needs no such step."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
