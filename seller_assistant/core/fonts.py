"""Finding a CJK font with TrueType outlines, which the PDF report embeds so Chinese renders anywhere."""

from __future__ import annotations

import os
from pathlib import Path

from seller_assistant import paths

# Fonts whose glyphs are TrueType outlines (fpdf2 embeds and subsets those), most readable first.
_CANDIDATES = (
    # shipped with the project, if a shop drops one in
    "resources/fonts/*.ttf",
    # Debian / Ubuntu
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    # Fedora / Arch
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf",
    # Windows
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    # macOS
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
)

FONT_ENV = "SELLER_ASSISTANT_CJK_FONT"


def find_cjk_font() -> Path | None:
    chosen = os.environ.get(FONT_ENV)
    if chosen and Path(chosen).is_file():
        return Path(chosen)
    for candidate in _CANDIDATES:
        if candidate.startswith("resources/"):
            folder = paths.resources_dir() / "fonts"
            found = sorted(folder.glob("*.ttf")) if folder.is_dir() else []
            if found:
                return found[0]
            continue
        path = Path(candidate)
        if path.is_file():
            return path
    return None


FALLBACK_ENV = "SELLER_ASSISTANT_FALLBACK_FONTS"  # more fonts, separated like PATH
# Fonts that draw what a CJK font lacks: emoji and symbols, CJK Extension B (rare characters that
# appear in real names, e.g. 𠮷). Monochrome outlines only: fpdf2 cannot embed colour bitmaps.
_FALLBACKS = (
    # Windows
    "C:/Windows/Fonts/seguiemj.ttf",
    "C:/Windows/Fonts/seguisym.ttf",
    "C:/Windows/Fonts/simsunb.ttf",
    "C:/Windows/Fonts/mingliub.ttc",
    # macOS
    "/System/Library/Fonts/Apple Symbols.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    # Linux
    "/usr/share/fonts/truetype/noto/NotoEmoji-Regular.ttf",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)


def find_fallback_fonts() -> list[Path]:
    """Fonts on this machine to draw characters the main font lacks, in order of preference."""
    chosen = [Path(p) for p in os.environ.get(FALLBACK_ENV, "").split(os.pathsep) if p]
    return [path for path in [*chosen, *(Path(p) for p in _FALLBACKS)] if path.is_file()]
