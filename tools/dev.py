#!/usr/bin/env python3
"""Set-up and everyday commands, the same on Linux, macOS and Windows: needs only Python 3.11+.

python3 tools/dev.py run     # create .venv, install, open the app (a demo shop if the store is empty)
python3 tools/dev.py test    # create .venv, install, run the whole test suite headless
python3 tools/dev.py bench   # the benchmark (see benchmarks/README.md)
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
# Debian/Ubuntu packages that give Qt and the PDF report a Chinese font with TrueType outlines.
CJK_FONT_PACKAGES = ("fonts-wqy-microhei", "fonts-droid-fallback")


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - run by whatever python3 the machine has
        print("Seller Assistant needs Python 3.11 or newer.", file=sys.stderr)
        return 2
    command = argv[0] if argv else "run"
    rest = argv[1:]
    ensure_venv()
    if command == "run":
        ensure_qt_desktop_libraries()
        compile_translations()
        # The first start offers the demo shop (a store of its own) or setting up the shop's own.
        return call([str(BIN / "seller-assistant"), *rest])
    if command == "test":
        ensure_cjk_font()
        pg_env = ensure_postgresql()
        compile_translations()
        sources = ["seller_assistant", "tests", "tools", "benchmarks"]
        lint = call([str(BIN / "ruff"), "check", "--quiet", *sources])
        lint = call([str(BIN / "ruff"), "format", "--check", "--quiet", *sources]) or lint
        if lint:
            print(
                "ruff found problems (above; `ruff format` fixes the layout); the tests run anyway.",
                file=sys.stderr,
                flush=True,
            )
        return call([str(PYTHON), "-m", "pytest", *rest], env=bare_test_env() | pg_env) or lint
    if command == "bench":
        ensure_cjk_font()
        return call([str(PYTHON), str(ROOT / "benchmarks" / "run.py"), *rest])
    if command == "setup":
        ensure_cjk_font()
        compile_translations()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


def bare_test_env() -> dict[str, str]:
    """The tests see only the venv's programs on PATH: a test that shells out to a system tool
    (pdftoppm, say) fails here, as it would on a fresh machine, instead of passing by luck."""
    path = [str(BIN)]
    if os.name == "nt":  # Windows itself (cmd, DLL search) lives there
        path.append(os.path.join(os.environ.get("SystemRoot", r"C:\Windows"), "System32"))
    return os.environ | {"QT_QPA_PLATFORM": "offscreen", "PATH": os.pathsep.join(path)}


def call(args: list[str], env: dict | None = None) -> int:
    return subprocess.call(args, cwd=ROOT, env=env)


def ensure_venv() -> None:
    """Create .venv and (re)install the project whenever pyproject.toml changes."""
    if not PYTHON.exists():
        print("Creating .venv …", flush=True)
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    constraints = ROOT / "constraints.txt"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + constraints.read_bytes()).hexdigest()[
        :16
    ]
    stamp = VENV / f".installed-{digest}"
    if stamp.exists():
        return
    print("Installing Seller Assistant and its test tools into .venv …", flush=True)
    subprocess.check_call([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    subprocess.check_call(
        [str(PYTHON), "-m", "pip", "install", "--quiet", "-c", str(constraints), "-e", f"{ROOT}[test,bench]"]
    )
    for old in VENV.glob(".installed-*"):
        old.unlink()
    stamp.touch()


def compile_translations() -> None:
    """The editable install reads the .qm from the checkout: rebuild it when a .ts changed since
    (pip's build made it at install time; the app itself never compiles one)."""
    subprocess.call([str(PYTHON), str(ROOT / "tools" / "build_translations.py"), "--if-stale"], cwd=ROOT)


# The X11 libraries Qt's window plugin links to that a desktop may lack (Qt 6.5+ needs xcb-cursor).
QT_XCB_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
}


def ensure_qt_desktop_libraries() -> None:
    """Install the X11 libraries Qt needs to open a window, when missing (tests run offscreen)."""
    if platform.system() != "Linux" or not shutil.which("ldd"):
        return
    probe = subprocess.run(
        [str(PYTHON), "-c", "import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent)"],
        capture_output=True,
        text=True,
    )
    qt_lib = Path(probe.stdout.strip()) / "Qt" / "lib" / "libQt6XcbQpa.so.6"
    if not qt_lib.exists():
        return
    linked = subprocess.run(["ldd", str(qt_lib)], capture_output=True, text=True).stdout
    cursor_missing = (
        "libxcb-cursor.so.0" not in subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
        if shutil.which("ldconfig")
        else False
    )
    missing = {lib for lib in QT_XCB_PACKAGES if f"{lib} => not found" in linked}
    if cursor_missing:
        missing.add("libxcb-cursor.so.0")
    if missing:
        packages = tuple(sorted(QT_XCB_PACKAGES[lib] for lib in missing))
        apt_install(packages, "the X11 libraries Qt needs to open a window", ask=True)


def apt_install(packages: tuple[str, ...], what: str, ask: bool = False) -> None:
    """Install Debian packages the project needs. With `ask`, a person at a terminal is asked first;
    without a terminal (or a no), the one command to run is printed instead. The app itself never
    needs root: only these system libraries do."""
    command = "sudo apt-get install " + " ".join(packages)
    if not shutil.which("apt-get"):
        print(f"Note: install {what}: " + " ".join(packages), file=sys.stderr)
        return
    prefix = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if prefix is None:
        print(f"Note: install {what}: {command}", file=sys.stderr)
        return
    if ask:
        if not sys.stdin.isatty():
            print(f"Note: this machine lacks {what}; to install them run: {command}", file=sys.stderr)
            return
        answer = input(f"This machine lacks {what}.\nInstall them now with '{command}'? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print(f"Not installed. To install later: {command}", file=sys.stderr)
            return
    print(f"Installing {what} with apt-get: " + " ".join(packages), flush=True)
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    subprocess.call([*prefix, "apt-get", "update", "-qq"], env=env)
    subprocess.call([*prefix, "apt-get", "install", "-y", "-qq", *packages], env=env)


def ensure_postgresql() -> dict[str, str]:
    """The PostgreSQL server programs the tests' throwaway cluster needs (tests/pg_cluster.py):
    installed with apt when missing (as the CJK font is). Once they are here the PostgreSQL tests
    must run: SELLER_ASSISTANT_REQUIRE_PG=1 turns their "skipped" into a failure, so CI cannot pass
    by skipping them; so does CI without them. Elsewhere (no apt, no server) they are skipped."""
    sys.path.insert(0, str(ROOT))
    from tests import pg_cluster

    try:
        pg_cluster.find_binaries()
    except pg_cluster.ClusterUnavailable:
        if platform.system() == "Linux":
            apt_install(("postgresql",), "PostgreSQL, for the tests of the shared store")
    try:
        pg_cluster.find_binaries()
    except pg_cluster.ClusterUnavailable as exc:
        if not os.environ.get("CI"):
            print(f"Note: {exc}; they are skipped.", file=sys.stderr, flush=True)
            return {}
    return {pg_cluster.REQUIRE_ENV: "1"}


def ensure_cjk_font() -> None:
    """The PDF report and the Chinese interface need a CJK font; install one on Debian/Ubuntu."""
    probe = subprocess.run(
        [
            str(PYTHON),
            "-c",
            "from seller_assistant.core.fonts import find_cjk_font; print(find_cjk_font() or '')",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if probe.returncode == 0 and probe.stdout.strip():
        return
    if platform.system() != "Linux":
        print(
            "Note: no Chinese font found; install one (e.g. Noto Sans CJK) for the PDF report.",
            file=sys.stderr,
        )
        return
    apt_install(CJK_FONT_PACKAGES, "a Chinese font for the PDF report")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
