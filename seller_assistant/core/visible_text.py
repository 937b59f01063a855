"""Making invisible direction controls visible: a right-to-left override must not turn "元0001" into "1000元".

Stored text stays exactly as sealed; only what a person reads (chat.txt, chat.html, report.pdf)
shows each bidi control as a mark naming it.
"""

from __future__ import annotations

import re

_NAMES = {
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}
_BIDI = re.compile("[" + "".join(_NAMES) + "]")


def show_controls(text: str | None) -> str | None:
    """Each bidi control replaced by a visible mark such as [U+202E RLO]."""
    if not text or not _BIDI.search(text):
        return text
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X} {_NAMES[m.group()]}]", text)
