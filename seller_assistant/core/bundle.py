"""Building an order's evidence bundle (ZIP): report, chat, attachments and a self-checking manifest.

The ZIP is written to a temporary name in the destination folder, fsync'ed and renamed with
os.replace, so the final name only ever holds a complete bundle.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import os
import re
import secrets
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from seller_assistant import __version__
from seller_assistant.core.bundle_chain import manifest_chain
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
from seller_assistant.core.durable import fsync_folder as _fsync_folder
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.core.leftovers import part_prefix, remember_folder
from seller_assistant.core.masking import NO_MASKING, Masker, masker_for_order
from seller_assistant.core.messages import os_problem
from seller_assistant.core.plain_files import open_plain

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
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/bmp": "bmp",
    "application/pdf": "pdf",
    "text/plain": "txt",
    "video/mp4": "mp4",
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


def attachment_member(attachment: AttachmentSource, masker: Masker | None = None) -> str:
    """attachments/<sha256>_<original name made safe>.<ext>: the hash ties the file to its sealed
    item, the name tells staff what it is. The buyer's name is never used as a path as given."""
    ext = _EXT_BY_TYPE.get(attachment.media_type, "")
    if not ext:
        suffix = Path(attachment.original_name).suffix.lower().lstrip(".")
        ext = suffix if _SAFE_EXT.match(suffix) else "bin"
    sha = attachment.sha256.lower()
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise UserError(
            "Attachment {original_name} has no valid SHA-256 in the store.",
            original_name=repr(attachment.original_name),
        )
    shown = (masker or NO_MASKING).text(attachment.original_name) or ""
    stem = safe_stem(shown)
    return f"attachments/{sha}_{stem}.{ext}" if stem else f"attachments/{sha}.{ext}"


def safe_stem(name: str) -> str:
    """The last path part of a name, without its extension, reduced to letters, digits, CJK, - and _
    (no separators, dots, control or bidi characters, nothing Windows refuses), at most 40 characters."""
    base = re.split(r"[/\\\\]", name)[-1]
    base = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    kept = re.sub(r"[^\w\-]+", "_", base, flags=re.UNICODE).strip("_")
    return kept[:40]


def planned_files(data: BundleData, include: frozenset[str], masked: bool = False) -> list[str]:
    """The member names a bundle with these choices will hold (for the export dialog's preview)."""
    names = [REPORT, CHAT_TXT, CHAT_HTML]
    if "attachments" in include:
        seen = set()
        for attachment in data.attachments:
            if attachment.path is not None and attachment.sha256 not in seen:
                seen.add(attachment.sha256)
                names.append(attachment_member(attachment, masker_for_order(data.order, masked)))
    return names + [MANIFEST]


def chat_header(data: BundleData, masker: Masker) -> str:
    header = chat_header_line(data, masker)
    return f"{t('bundle.demo_stamp', data.lang)}\n{header}" if data.demo else header


def chat_header_line(data: BundleData, masker: Masker) -> str:
    return t(
        "bundle.chat_header",
        data.lang,
        shop=data.shop_name,
        buyer=masker.text(data.order.get("buyer")) or "",
        order_no=data.order.get("order_no", ""),
    )


def render_chat(data: BundleData, masker: Masker) -> tuple[str, str]:
    """(chat.txt, chat.html) for this order, masked as chosen."""
    tz = zone(data.timezone)
    lines: dict[int, list[str]] = {}
    for attachment in data.attachments:
        if attachment.message_id is not None and attachment.path is not None:
            lines.setdefault(attachment.message_id, []).append(
                t(
                    "bundle.attachment_line",
                    data.lang,
                    name=masker.text(attachment.original_name),
                    member=attachment_member(attachment, masker),
                )
            )
    header = chat_header(data, masker)
    return (
        chat_text(data.messages, header, tz, data.lang, masker, lines),
        chat_html(data.messages, header, tz, data.lang, masker, lines),
    )


def left_out_chat(data: BundleData, masker: Masker) -> tuple[str, str]:
    header = chat_header(data, masker)
    note = t("bundle.chat_left_out", data.lang)
    return (
        f"{header}\n\n{note}\n",
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(header)}</title></head>'
        f"<body><h1>{html.escape(header)}</h1><p>{html.escape(note)}</p></body></html>\n",
    )


def build_bundle(
    data: BundleData, options: BundleOptions, out_path: Path | str, progress: Progress | None = None
) -> BundleResult:
    """Write the bundle to `out_path` atomically; `progress(done, total)` may raise to cancel."""
    from seller_assistant.core.report_pdf import ReportInput, render_report  # fpdf2 loads only when needed

    out_path = Path(out_path)
    folder = out_path.parent
    if not folder.is_dir():
        raise UserError(
            "The folder {folder} does not exist; create it or choose another place for the bundle.",
            folder=folder,
        )
    masker = masker_for_order(data.order, options.masked)
    # The commitments' key: the caller's (kept in the store) or, failing that, one nobody keeps.
    key = (options.masking_key or secrets.token_bytes(32)) if options.masked else None
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

    warnings = [
        t("bundle.attachment_missing", data.lang, name=masker.text(a.original_name), sha=a.sha256[:12])
        for a in data.attachments
        if a.path is None and "attachments" in include
    ]
    try:
        remember_folder(folder)  # a crash's side file is removed at the next start (core/leftovers.py)
        fd, temp_name = tempfile.mkstemp(prefix=part_prefix(out_path.name), suffix=".part", dir=folder)
    except OSError as exc:
        raise UserError(
            "Could not write the bundle {path}: {problem}.", path=out_path, problem=os_problem(exc)
        ) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w+b") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            files: list[dict] = []
            if "chat" in include:
                txt, page = render_chat(data, masker)
            else:  # always present, so a bundle without them is known to be incomplete
                txt, page = left_out_chat(data, masker)
            files.append(_write_bytes(archive, CHAT_TXT, txt.encode("utf-8"), date_time=stamp))
            files.append(_write_bytes(archive, CHAT_HTML, page.encode("utf-8"), date_time=stamp))
            step()
            members: dict[str, str] = {}
            for attachment in unique:
                entry = _write_file(archive, attachment_member(attachment, masker), attachment.path, stamp)
                if entry["sha256"] != attachment.sha256.lower():
                    warnings.append(
                        t("bundle.attachment_mismatch", data.lang, name=masker.text(attachment.original_name))
                    )
                members[attachment.sha256] = entry["path"]
                files.append(entry)
                step()
            chain, head_log = manifest_chain(data, masker, include, key)
            shown = dataclasses.replace(data, chain_head=chain["head"])  # a masked bundle shows its own head
            report = ReportInput(shown, masker, include, options.created_at, list(files), members, warnings)
            pdf = render_report(report)
            files.insert(0, _write_bytes(archive, REPORT, pdf, date_time=stamp))
            step()
            manifest = build_manifest(data, options, masker, files, warnings, chain, head_log)
            _write_bytes(archive, MANIFEST, encode_manifest(manifest), date_time=stamp)
            step()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temp, out_path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UserError(
            "Could not write the bundle {path}: {problem}; nothing was kept.",
            path=out_path,
            problem=os_problem(exc),
        ) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return BundleResult(out_path, files, options.masked, data.chain_head)


def build_manifest(
    data: BundleData,
    options: BundleOptions,
    masker: Masker,
    files: list[dict],
    warnings: list[str],
    chain: dict,
    head_log: dict,
) -> dict:
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
        "masking": masking_section(options),
        "files": files,
        "attachments_missing": sorted(
            {a.sha256.lower() for a in data.attachments if a.path is None}
            if "attachments" in options.include
            else []
        ),
        "demo": data.demo,
        "head_log": head_log,
        "chain": chain,
        "warnings": warnings,
    }


def masking_section(options: BundleOptions) -> dict:
    section = {"enabled": options.masked}
    if options.masked:
        section.update(
            fields=list(PERSONAL_ORDER_FIELDS)
            + [
                "mobile and landline numbers however written (separators, +86, full-width, Chinese numerals)",
                "18-digit ID numbers",
                "e-mail addresses",
                "street addresses and door numbers in any text",
            ],
            bundle_id=options.bundle_id,
            commitments="HMAC-SHA256 under a random key made for this bundle; the key is not in the bundle, "
            "the shop keeps it under bundle_id and can open any commitment",
        )
    return section


def encode_manifest(manifest: dict) -> bytes:
    body = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest().encode("ascii")
    return MANIFEST_PREFIX + digest + MANIFEST_MIDDLE + body + MANIFEST_SUFFIX


def _write_bytes(
    archive: zipfile.ZipFile,
    name: str,
    payload: bytes,
    compress: bool = True,
    date_time: tuple = (2020, 1, 1, 0, 0, 0),
) -> dict:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    archive.writestr(info, payload)
    return {"path": name, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}


def _write_file(
    archive: zipfile.ZipFile, name: str, source: Path, date_time: tuple = (2020, 1, 1, 0, 0, 0)
) -> dict:
    """Copy a stored attachment byte for byte, hashing as it streams (no whole-file read)."""
    info = zipfile.ZipInfo(name, date_time=date_time)
    ext = name.rsplit(".", 1)[-1]
    info.compress_type = zipfile.ZIP_STORED if ext in _ALREADY_COMPRESSED else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    digest, size = hashlib.sha256(), 0
    try:
        with open_plain(source) as handle, archive.open(info, "w", force_zip64=True) as target:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
    except OSError as exc:
        raise UserError(
            "Cannot read the attachment {source}: {problem}.", source=source, problem=os_problem(exc)
        ) from exc
    return {"path": name, "size": size, "sha256": digest.hexdigest()}
