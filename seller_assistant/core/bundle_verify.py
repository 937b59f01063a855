"""Verifying a bundle ZIP without trusting it: refuse hostile archives, hash members straight from the ZIP.

Nothing is ever extracted: every member is streamed through SHA-256 with a byte cap, so a zip-slip
name, a symlink or a zip bomb can do no harm even if a check were missed. Sizes are checked before
memory grows: the central directory's size before zipfile reads it, the manifest's size and its
count of JSON containers and nesting depth before it is parsed.

What passing proves, and what it cannot: see the README section "What a bundle proves". In short,
every file matches the manifest and the chain in the manifest re-hashes from its first item to its
last; a forger who rewrites the whole chain and its head log is caught only by comparing the head
log with an outside copy (the shop's store, an earlier bundle or backup, a timestamp).
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from seller_assistant.core.anchor_check import check_bundle_anchor, describe
from seller_assistant.core.bundle import MANIFEST, MANIFEST_MIDDLE, MANIFEST_PREFIX, MANIFEST_SUFFIX
from seller_assistant.core.bundle_chain import masked_link_value
from seller_assistant.core.bundle_checks import (
    check_attachments_match_chain,
    check_head_log,
    item_policy_problem,
    load_manifest_json,
    newer_format,
    required_files,
)
from seller_assistant.core.bundle_model import BUNDLE_FORMAT_VERSION
from seller_assistant.core.bundle_safety import (
    ATTACHMENT_NAME,
    HEX64,
    UnsafeBundleError,
    check_central_directory,
    check_members_safe,
)
from seller_assistant.core.errors import UserError
from seller_assistant.core.evidence import verify_chain
from seller_assistant.core.files import open_regular
from seller_assistant.core.messages import Message

MAX_MANIFEST_SIZE = 64 << 20  # a chain of 100 000 items is ~60 MB of JSON; a dispute has hundreds
_CHUNK = 1 << 20

__all__ = ["BundleVerifyReport", "UnsafeBundleError", "check_members_safe", "verify_bundle"]


@dataclass
class BundleVerifyReport:
    file: str
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chain_ok: bool = True
    chain_message: str | None = None  # in English (kill tests, logs)
    chain_said: Message | None = None  # the same, worded in the reader's language by report_lines
    chain_items: int = 0
    redacted_items: int = 0
    files_checked: int = 0
    masked: bool = False
    demo: bool = False
    head_log_head: dict | None = None
    bundle_id: str | None = None  # a masked bundle's: names the shop's key for its commitments
    chain_key: str | None = None
    masked_items: list[dict] = field(default_factory=list)  # seq, item_type, commitment, redacted
    anchor: dict | None = None  # what a head-log timestamp vouches for (core/anchor_check.py)

    @property
    def ok(self) -> bool:
        return not (self.changed or self.added or self.removed) and self.chain_ok

    def fail(self, why: str | Message) -> None:
        """Record the first reason the chain or the manifest does not hold. A fixed reason given as
        text is its own catalogue key (core/messages.py): worded in Chinese when it has its entry."""
        if self.chain_ok:
            said = why if isinstance(why, Message) else Message(why)
            self.chain_ok, self.chain_message, self.chain_said = False, said.text("en"), said


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


def read_member_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes | None:
    """The member's bytes, or None when damaged or larger than `cap` (checked while reading)."""
    if info.file_size > cap:
        return None
    out = bytearray()
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                out += chunk
                if len(out) > cap or len(out) > info.file_size:
                    return None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        return None
    return bytes(out)


def read_manifest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[dict | None, bool, str | None]:
    """(manifest, intact, why unreadable): intact means its bytes match the fingerprint at its head."""
    if info.file_size > MAX_MANIFEST_SIZE:
        raise UnsafeBundleError(
            "manifest.json declares {size} bytes, over the {most}-byte limit, and was refused unread",
            size=f"{info.file_size:,}",
            most=f"{MAX_MANIFEST_SIZE:,}",
        )
    raw = read_member_capped(archive, info, MAX_MANIFEST_SIZE)
    if raw is None:
        return None, False, "manifest.json is damaged or larger than it declares"
    intact = False
    body = raw
    head = len(MANIFEST_PREFIX) + 64 + len(MANIFEST_MIDDLE)
    if raw.startswith(MANIFEST_PREFIX) and raw.endswith(MANIFEST_SUFFIX) and len(raw) > head:
        digest = raw[len(MANIFEST_PREFIX) : len(MANIFEST_PREFIX) + 64]
        if raw[len(MANIFEST_PREFIX) + 64 : head] == MANIFEST_MIDDLE:
            body = raw[head : -len(MANIFEST_SUFFIX)]
            intact = hashlib.sha256(body).hexdigest().encode("ascii") == digest
    manifest, why = load_manifest_json(body)
    if manifest is None and body is not raw:
        # the wrapper was damaged: read what can be read, it is already reported as changed
        wrapped, _ = load_manifest_json(raw)
        if isinstance(wrapped, dict) and isinstance(wrapped.get("manifest"), dict):
            manifest, why = wrapped["manifest"], None
    return manifest, intact, why


def _listed_files(manifest: dict) -> dict[str, dict] | None:
    files = manifest.get("files")
    if not isinstance(files, list):
        return None
    listed: dict[str, dict] = {}
    for entry in files:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("path"), str)
            and isinstance(entry.get("sha256"), str)
            and HEX64.match(entry["sha256"])
            and type(entry.get("size")) is int
        ):
            return None
        listed[entry["path"]] = entry
    return listed


def verify_bundle(path: Path | str, progress: Callable[[int, int], None] | None = None) -> BundleVerifyReport:
    """Re-hash every member against the manifest and re-check the evidence chain it carries."""
    path = Path(path)
    handle = open_regular(path)  # a FIFO or a device is refused in words, never read or waited on
    with handle:
        check_central_directory(handle, path.name)
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UnsafeBundleError(
                "{file_name} is not a readable ZIP file ({problem}); nothing was extracted.",
                file_name=path.name,
                problem=exc,
            ) from exc
        with archive:
            return _verify_archive(archive, path.name, progress)


def _verify_archive(archive: zipfile.ZipFile, name: str, progress) -> BundleVerifyReport:
    report = BundleVerifyReport(file=name)
    infos = archive.infolist()
    check_members_safe(infos, name)
    members = {info.filename: info for info in infos if not info.is_dir()}
    manifest_info = members.pop(MANIFEST, None)
    if manifest_info is None:
        report.removed.append(MANIFEST)
        report.added.extend(sorted(members))
        report.fail("manifest.json is missing, so the chain cannot be checked")
        return report
    try:
        manifest, intact, why = read_manifest(archive, manifest_info)
    except UnsafeBundleError as exc:
        raise UnsafeBundleError(
            "{file_name} was refused and nothing was extracted: {why}.", file_name=name, why=exc
        ) from None
    if not intact:
        report.changed.append(MANIFEST)
    newer = newer_format(manifest, BUNDLE_FORMAT_VERSION) if manifest else None
    if newer is not None:
        raise UserError(
            "{file} was made by a newer Seller Assistant (bundle format {format}); this version "
            "verifies formats 1 to {newest}. Verify it with the newer version.",
            file=name,
            format=newer,
            newest=BUNDLE_FORMAT_VERSION,
        )
    listed = _listed_files(manifest) if manifest else None
    if listed is None:
        report.fail(why or "manifest.json cannot be read, so nothing can be checked")
        return report
    report.masked = _masking_enabled(manifest)
    report.demo = manifest.get("demo") is True
    total = len(members)
    hashes: dict[str, str] = {}
    for done, (member, info) in enumerate(sorted(members.items()), start=1):
        entry = listed.get(member)
        if entry is None:
            report.added.append(member)
            continue
        hashed = hash_member(archive, info)
        named = ATTACHMENT_NAME.match(member)
        # An attachment is named by its own SHA-256 (the store's and the chain's): a file swapped
        # together with a rewritten manifest still fails this.
        if (
            hashed is None
            or hashed != (entry["sha256"], entry["size"])
            or (named and named.group(1) != hashed[0])
        ):
            report.changed.append(member)
        else:
            hashes[member] = hashed[0]
        report.files_checked += 1
        if progress:
            progress(done, total)
    report.removed.extend(sorted(set(listed) - set(members)))
    for required in required_files(manifest):
        if required != MANIFEST and required not in members and required not in report.removed:
            report.removed.append(required)
    _check_chain(manifest, report, set(members))
    return report


def _masking_enabled(manifest: dict) -> bool:
    masking = manifest.get("masking")
    return isinstance(masking, dict) and masking.get("enabled") is True


def _check_chain(manifest: dict, report: BundleVerifyReport, members: set[str]) -> None:
    chain = manifest.get("chain")
    items = chain.get("items") if isinstance(chain, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        report.fail("the manifest has no readable evidence chain")
        return
    report.chain_items = len(items)
    include = manifest.get("include") if isinstance(manifest.get("include"), list) else []
    for index, item in enumerate(items):
        why = item_policy_problem(item, report.masked, include)
        if why:
            report.fail(_item_problem(index, item, why))
            return
    report.redacted_items = sum(1 for item in items if "content_masked" in item)
    masking = manifest.get("masking") if isinstance(manifest.get("masking"), dict) else {}
    report.bundle_id = masking.get("bundle_id") if isinstance(masking.get("bundle_id"), str) else None
    report.chain_key = chain.get("key") if isinstance(chain.get("key"), str) else None
    report.masked_items = [
        {key: item[key] for key in ("seq", "item_type", "commitment", "redacted")}
        for item in items
        if "content_masked" in item
    ]
    # A masked item's link is sealed over its commitment (core/bundle_chain.py).
    checked = [
        {**item, "content_hash": masked_link_value(item)} if "content_masked" in item else item
        for item in items
    ]
    ok, index, why = verify_chain(checked, content_optional=True)
    if not ok:
        report.fail(_item_problem(index, items[index], why))
        return
    head = items[-1].get("hash") if items else None
    if chain.get("head") != head:
        report.fail("the recorded chain head does not match the last item")
        return
    why = check_attachments_match_chain(items, members, include, manifest.get("attachments_missing", []))
    if why:
        report.fail(why)
        return
    why, report.head_log_head = check_head_log(manifest, chain.get("key"), items)
    if why:
        report.fail(why)
        return
    if not report.masked:  # a masked bundle's log is blinded: there is no entry hash to lead anywhere
        report.anchor, why = check_bundle_anchor(manifest.get("head_log"), len(items))
        if why:
            report.fail(Message("the timestamp anchor: {why}", why=Message(why)))


def anchor_line(report: BundleVerifyReport, lang: str) -> str:
    """Whether an outside timestamp vouches for the chain, and for how much of it."""
    from seller_assistant.core.i18n import t

    anchor = report.anchor
    if anchor is None:
        return t("bundle.verify_not_anchored", lang)
    when = describe(anchor["at"], anchor["authority"])
    if anchor["seq"] == anchor["items"]:
        return t("bundle.verify_anchored", lang, when=when, items=anchor["items"])
    return t("bundle.verify_anchored_part", lang, when=when, seq=anchor["seq"], items=anchor["items"])


def _item_problem(index: int, item: dict, why: str) -> Message:
    kind = item.get("item_type", "?")
    return Message(
        "item {number} ({item_type}): {why}", number=index + 1, item_type=Message(str(kind)), why=Message(why)
    )


def report_lines(report: BundleVerifyReport, lang: str) -> list[str]:
    """What `verify FILE.zip` and the window's Verify dialog say, one line each, first the verdict."""
    from seller_assistant.core.i18n import t

    if report.ok:
        lines = [
            t(
                "bundle.verify_intact",
                lang,
                file=report.file,
                files=report.files_checked + 1,
                items=report.chain_items,
            )
        ]
        if report.redacted_items:
            lines.append(t("bundle.verify_redacted", lang, count=report.redacted_items))
        if report.demo:
            lines.append(t("bundle.demo_stamp", lang))
        lines.append(anchor_line(report, lang))
        return lines
    lines = [t("bundle.verify_altered", lang, file=report.file)]
    lines += [t("bundle.verify_changed", lang, name=name) for name in report.changed]
    lines += [t("bundle.verify_added", lang, name=name) for name in report.added]
    lines += [t("bundle.verify_removed", lang, name=name) for name in report.removed]
    if not report.chain_ok:
        said = report.chain_said.text(lang) if report.chain_said is not None else report.chain_message
        lines.append(t("bundle.verify_chain_bad", lang, message=said))
    return lines
