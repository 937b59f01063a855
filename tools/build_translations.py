#!/usr/bin/env python3
"""Compiles the window's translations (resources/translations/*.ts) into the .qm files it loads.

    python tools/build_translations.py            # into seller_assistant/ui/translations/ (a dev checkout)
    python tools/build_translations.py --out DIR  # anywhere else

Run at build time only: by the package build (setup.py's build_py, for a wheel and for `pip install -e`)
and by tools/dev.py for the editable dev install when a .ts is newer than its .qm. The application
never compiles or writes a translation itself (seller_assistant/ui/i18n.py only loads). Needs only
PySide6, which ships lrelease; imports nothing of the project, so the build can run it."""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "resources" / "translations"
# Where the package looks for its compiled translations (ui/i18n.py: QM_DIR); relative to the
# package root so a build can write it into its own build directory.
QM_SUBDIR = Path("seller_assistant") / "ui" / "translations"


def qt_tool(name: str) -> str | None:
    """PySide6's own copy of a Qt tool (lrelease, lupdate): the same place pyside6-<name> runs from."""
    spec = importlib.util.find_spec("PySide6")
    candidates = []
    if spec and spec.origin:
        package = Path(spec.origin).parent
        candidates += [package / name, package / f"{name}.exe", package / "Qt" / "libexec" / name]
    candidates.append(Path(sys.executable).parent / f"pyside6-{name}")
    which = shutil.which(f"pyside6-{name}")
    if which:
        candidates.append(Path(which))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def targets(out_dir: Path, sources: Path = SOURCES) -> list[tuple[Path, Path]]:
    """(source .ts, .qm to write) for every translation."""
    return [(ts, out_dir / ts.with_suffix(".qm").name) for ts in sorted(sources.glob("*.ts"))]


def build(out_dir: Path, sources: Path = SOURCES, only_stale: bool = False) -> list[Path]:
    """Compile every .ts into `out_dir`; with `only_stale`, only those newer than their .qm.
    Raises RuntimeError when lrelease is missing or fails: a build without its .qm would quietly
    ship an English-only window."""
    lrelease = qt_tool("lrelease")
    if lrelease is None:
        raise RuntimeError(
            "lrelease not found: install PySide6 (it ships lrelease) to build the translations"
        )
    written = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for ts, qm in targets(out_dir, sources):
        if only_stale and qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        result = subprocess.run(
            [lrelease, "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0 or not qm.exists():
            raise RuntimeError(f"lrelease failed on {ts}: {result.stderr.strip() or result.stdout.strip()}")
        written.append(qm)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compile the .ts translations into .qm files.")
    parser.add_argument(
        "--out", type=Path, default=ROOT / QM_SUBDIR, help="where to write (default: %(default)s)"
    )
    parser.add_argument("--if-stale", action="store_true", help="only the .ts newer than their .qm")
    args = parser.parse_args(argv)
    try:
        written = build(args.out, only_stale=args.if_stale)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    for qm in written:
        print(f"built {qm}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
