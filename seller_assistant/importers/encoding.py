"""Reading text files whatever the marketplace wrote: UTF-8 (with or without BOM), UTF-16, GBK/GB18030.

Encoding sniffing lives here once; every importer calls `read_text_file`.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.core.files import read_bounded
from seller_assistant.core.limits import limits
from seller_assistant.core.messages import Message

# Order matters: BOMs first (UTF-32 before UTF-16, whose BOM is its prefix).
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # what the file was: utf-8, utf-8-sig, utf-16, gb18030


def read_text_file(path: Path | str) -> DecodedText:
    path = Path(path)
    return decode_bytes(read_bounded(path, limits().import_text_bytes, "to import"), path.name)


def decode_bytes(data: bytes, source: str) -> DecodedText:
    """Decode exported text, or raise a UserError naming the source and the line that is wrong."""
    if not data.strip():
        raise UserError("{source}: the file is empty.", source=source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(_decode(data, encoding, source), encoding)
    if _looks_like_utf16_without_bom(data):
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                return DecodedText(data.decode(encoding), "utf-16")
            except UnicodeDecodeError:
                continue
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise UserError(
            "{source}, line {line}: contains a NUL byte; this looks like a binary file, not text.",
            source=source,
            line=line,
        )
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # GB18030 is a superset of GBK and GB2312: Taobao's Excel-friendly exports use it.
    return DecodedText(_decode(data, "gb18030", source), "gb18030")


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        at_end = exc.end >= len(data) - 1
        reason = (
            Message("ends in the middle of a character (truncated file?)")
            if at_end
            else Message("has bytes that are neither UTF-8 nor GBK")
        )
        raise UserError("{source}, line {line}: {reason}.", source=source, line=line, reason=reason) from None


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    """ASCII-heavy UTF-16 has a NUL in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return False
    odd_nuls = sample[1::2].count(0)
    even_nuls = sample[0::2].count(0)
    half = len(sample) // 2
    return max(odd_nuls, even_nuls) > half * 0.4 and min(odd_nuls, even_nuls) < half * 0.05
