"""Verifying a bundle ZIP without trusting it: refuse hostile archives, hash members straight from the ZIP.

Nothing is ever extracted: every member is streamed through SHA-256 with a byte cap, so a zip-slip
name, a symlink or a zip bomb can do no harm even if a check were missed.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from seller_assistant.core.bundle import MANIFEST, MANIFEST_MIDDLE, MANIFEST_PREFIX, MANIFEST_SUFFIX
from seller_assistant.core.errors import UserError
from seller_assistant.core.evidence import verify_chain
from seller_assistant.core.files import open_regular

MAX_MEMBERS = 20_000
MAX_MEMBER_SIZE = 2 << 30  # 2 GiB: far beyond any screenshot or chat, far below a bomb
MAX_TOTAL_SIZE = 8 << 30
MAX_MANIFEST_SIZE = 256 << 20
MAX_RATIO = 250  # text deflates ~10x; a bomb deflates ~1000x
_RATIO_FLOOR = 1 << 20  # small members may compress absurdly well (a run of spaces); ignore them
_DRIVE = re.compile(r"^[A-Za-z]:")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ATTACHMENT_NAME = re.compile(r"^attachments/([0-9a-f]{64})\.[a-z0-9]{1,8}$")
_CHUNK = 1 << 20


class UnsafeBundleError(UserError):
    """The file is not a bundle we can read safely; nothing was extracted."""


@dataclass
class BundleVerifyReport:
    file: str
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chain_ok: bool = True
    chain_message: str | None = None
    chain_items: int = 0
    redacted_items: int = 0
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not (self.changed or self.added or self.removed) and self.chain_ok


def check_members_safe(infos: list[zipfile.ZipInfo], file_name: str) -> None:
    """Refuse the archive before a single member byte is read; one sentence naming the problem."""
    def refuse(why: str) -> UnsafeBundleError:
        return UnsafeBundleError(f"{file_name} was refused and nothing was extracted: {why}.")

    if len(infos) > MAX_MEMBERS:
        raise refuse(f"it holds {len(infos)} files, more than the {MAX_MEMBERS} a bundle may hold")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if not name or "\x00" in name:
            raise refuse("a file inside has an empty or invalid name")
        if "\\" in name:
            raise refuse(f"the file name {name!r} contains a backslash")
        if name.startswith("/") or _DRIVE.match(name):
            raise refuse(f"the file name {name!r} is an absolute path")
        parts = name.rstrip("/").split("/")
        if any(part in ("..", ".", "") for part in parts):
            raise refuse(f"the file name {name!r} points outside the bundle or is malformed")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise refuse(f"{name!r} is a symbolic link")
        if mode and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)) and stat.S_IFMT(mode):
            raise refuse(f"{name!r} is not a plain file")
        if info.flag_bits & 0x1:
            raise refuse(f"{name!r} is encrypted")
        key = name.casefold()
        if key in seen:
            raise refuse(f"the file name {name!r} appears twice")
        seen.add(key)
        if info.file_size > MAX_MEMBER_SIZE:
            raise refuse(f"{name!r} declares {info.file_size:,} bytes uncompressed, over the "
                         f"{MAX_MEMBER_SIZE:,}-byte limit (a zip bomb)")
        total += info.file_size
        if total > MAX_TOTAL_SIZE:
            raise refuse(f"its files declare {total:,} bytes uncompressed in all, over the {MAX_TOTAL_SIZE:,}-byte "
                         "limit (a zip bomb)")
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise refuse(f"{name!r} would expand {info.file_size // max(info.compress_size, 1):,} times "
                         "(a zip bomb)")


def hash_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str, int] | None:
    """(sha256, size) read by streaming with a cap at the declared size; None when the data is damaged."""
    digest, size = hashlib.sha256(), 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > info.file_size:
                    return None  # more bytes than declared: a lying header is damage, not data
                digest.update(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        return None
    return digest.hexdigest(), size


def read_manifest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[dict | None, bool]:
    """(manifest, intact): intact means its bytes match the fingerprint written at its head."""
    if info.file_size > MAX_MANIFEST_SIZE:
        return None, False
    try:
        raw = archive.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        return None, False
    intact = False
    body = raw
    head = len(MANIFEST_PREFIX) + 64 + len(MANIFEST_MIDDLE)
    if raw.startswith(MANIFEST_PREFIX) and raw.endswith(MANIFEST_SUFFIX) and len(raw) > head:
        digest = raw[len(MANIFEST_PREFIX): len(MANIFEST_PREFIX) + 64]
        if raw[len(MANIFEST_PREFIX) + 64: head] == MANIFEST_MIDDLE:
            body = raw[head: -len(MANIFEST_SUFFIX)]
            intact = hashlib.sha256(body).hexdigest().encode("ascii") == digest
    try:
        manifest = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        try:  # the wrapper was damaged: read what can be read, it is already reported as changed
            manifest = json.loads(raw.decode("utf-8")).get("manifest")
        except (UnicodeDecodeError, ValueError, RecursionError, AttributeError):
            return None, False
    return (manifest if isinstance(manifest, dict) else None), intact


def _listed_files(manifest: dict) -> dict[str, dict] | None:
    files = manifest.get("files")
    if not isinstance(files, list):
        return None
    listed: dict[str, dict] = {}
    for entry in files:
        if not (isinstance(entry, dict) and isinstance(entry.get("path"), str)
                and isinstance(entry.get("sha256"), str) and _HEX64.match(entry["sha256"])
                and isinstance(entry.get("size"), int)):
            return None
        listed[entry["path"]] = entry
    return listed


def verify_bundle(path: Path | str, progress: Callable[[int, int], None] | None = None) -> BundleVerifyReport:
    """Re-hash every member against the manifest and re-check the evidence chain it carries."""
    path = Path(path)
    handle = open_regular(path)  # a FIFO or a device is refused in words, never read or waited on
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        handle.close()
        raise UnsafeBundleError(f"{path.name} is not a readable ZIP file ({exc}); nothing was extracted.") from exc
    report = BundleVerifyReport(file=path.name)
    with handle, archive:
        infos = archive.infolist()
        check_members_safe(infos, path.name)
        members = {info.filename: info for info in infos if not info.is_dir()}
        manifest_info = members.pop(MANIFEST, None)
        if manifest_info is None:
            report.removed.append(MANIFEST)
            report.added.extend(sorted(members))
            report.chain_ok, report.chain_message = False, "manifest.json is missing, so the chain cannot be checked"
            return report
        manifest, intact = read_manifest(archive, manifest_info)
        if not intact:
            report.changed.append(MANIFEST)
        listed = _listed_files(manifest) if manifest else None
        if listed is None:
            report.chain_ok, report.chain_message = False, "manifest.json cannot be read, so nothing can be checked"
            return report
        total = len(members)
        for done, (name, info) in enumerate(sorted(members.items()), start=1):
            entry = listed.get(name)
            if entry is None:
                report.added.append(name)
                continue
            hashed = hash_member(archive, info)
            named = _ATTACHMENT_NAME.match(name)
            # An attachment is named by its own SHA-256 (the store's and the chain's): a file swapped
            # together with a rewritten manifest still fails this.
            if hashed is None or hashed != (entry["sha256"], entry["size"]) or (
                    named and named.group(1) != hashed[0]):
                report.changed.append(name)
            report.files_checked += 1
            if progress:
                progress(done, total)
        report.removed.extend(sorted(set(listed) - set(members)))
        _check_chain(manifest, report)
    return report


def _check_chain(manifest: dict, report: BundleVerifyReport) -> None:
    chain = manifest.get("chain")
    items = chain.get("items") if isinstance(chain, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        report.chain_ok, report.chain_message = False, "the manifest has no readable evidence chain"
        return
    report.chain_items = len(items)
    report.redacted_items = sum(1 for item in items if "content" not in item)
    ok, index, why = verify_chain(items)
    if not ok:
        report.chain_ok = False
        report.chain_message = f"item {index + 1} ({items[index].get('item_type', '?')}): {why}"
        return
    head = items[-1].get("hash") if items else None
    if chain.get("head") != head:
        report.chain_ok = False
        report.chain_message = "the recorded chain head does not match the last item"
