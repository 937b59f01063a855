"""Refusing a hostile bundle ZIP before any member byte is read: the central directory, names, kinds, sizes."""

from __future__ import annotations

import re
import stat
import zipfile

from seller_assistant.core.errors import UserError

MAX_MEMBERS = 20_000
MAX_MEMBER_SIZE = 2 << 30  # 2 GiB: far beyond any screenshot or chat, far below a bomb
MAX_TOTAL_SIZE = 8 << 30
# 20 000 entries of ~46 bytes plus a name and a zip64 extra field fit in 8 MiB many times over;
# zipfile would read a larger directory into memory in one piece before listing any entry.
MAX_CENTRAL_DIRECTORY = 8 << 20
MAX_RATIO = 250  # text deflates ~10x; a bomb deflates ~1000x
_RATIO_FLOOR = 1 << 20  # small members may compress absurdly well (a run of spaces); ignore them
_DRIVE = re.compile(r"^[A-Za-z]:")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
# attachments/<sha256>.<ext>, or attachments/<sha256>_<the original name, made safe>.<ext>
ATTACHMENT_NAME = re.compile(r"^attachments/([0-9a-f]{64})(?:_[^/\\]{1,80})?\.[a-z0-9]{1,8}$")


class UnsafeBundleError(UserError):
    """The file is not a bundle we can read safely; nothing was extracted."""


def check_central_directory(handle, file_name: str) -> None:
    """Read only the end-of-archive record and refuse a central directory too large to list."""
    try:
        end = zipfile._EndRecData(handle)  # noqa: SLF001 - the record zipfile itself trusts next
    except OSError as exc:
        raise UnsafeBundleError(
            "{file_name} is not a readable ZIP file ({problem}); nothing was extracted.",
            file_name=file_name,
            problem=exc,
        ) from exc
    if not end:
        raise UnsafeBundleError(
            "{file_name} is not a readable ZIP file (no end-of-archive record); nothing was extracted.",
            file_name=file_name,
        )
    size, entries = end[zipfile._ECD_SIZE], end[zipfile._ECD_ENTRIES_TOTAL]  # noqa: SLF001
    if entries > MAX_MEMBERS:
        raise UnsafeBundleError(
            "{file_name} was refused and nothing was extracted: it declares {entries} files, more than "
            "the {most} a bundle may hold.",
            file_name=file_name,
            entries=f"{entries:,}",
            most=f"{MAX_MEMBERS:,}",
        )
    if size > MAX_CENTRAL_DIRECTORY:
        raise UnsafeBundleError(
            "{file_name} was refused and nothing was extracted: its table of contents (central directory) "
            "is {size} bytes, over the {most}-byte limit.",
            file_name=file_name,
            size=f"{size:,}",
            most=f"{MAX_CENTRAL_DIRECTORY:,}",
        )


def check_members_safe(infos: list[zipfile.ZipInfo], file_name: str) -> None:
    """Refuse the archive before a single member byte is read; one sentence naming the problem."""

    def refuse(why: str) -> UnsafeBundleError:
        return UnsafeBundleError(
            "{file_name} was refused and nothing was extracted: {why}.", file_name=file_name, why=why
        )

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
            raise refuse(f"{name!r} is not a plain file (a pipe or a device)")
        if info.flag_bits & 0x1:
            raise refuse(f"{name!r} is encrypted")
        key = name.casefold()
        if key in seen:
            raise refuse(f"the file name {name!r} appears twice")
        seen.add(key)
        if info.file_size > MAX_MEMBER_SIZE:
            raise refuse(
                f"{name!r} declares {info.file_size:,} bytes uncompressed, over the "
                f"{MAX_MEMBER_SIZE:,}-byte limit (a zip bomb)"
            )
        total += info.file_size
        if total > MAX_TOTAL_SIZE:
            raise refuse(
                f"its files declare {total:,} bytes uncompressed in all, over the {MAX_TOTAL_SIZE:,}-byte "
                "limit (a zip bomb)"
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise refuse(
                f"{name!r} would expand {info.file_size // max(info.compress_size, 1):,} times (a zip bomb)"
            )
