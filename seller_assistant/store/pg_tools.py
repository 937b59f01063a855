"""PostgreSQL's own programs (pg_dump, pg_restore) for a shared store's backups: found, version-checked, run.

pg_dump refuses a server newer than itself, and pg_restore an archive written by a newer pg_dump,
so each is taken only at the server's major version or newer: the first such on PATH, else the
newest in the folders PostgreSQL's installers use. What is missing or too old is said in words.

A password never reaches a command line or a log: the connection goes to the child as a conninfo
without one (open_connection refuses an address holding one); libpq in the child reads the desk's
.pgpass itself, and a password from the keyring goes to it in a private PGPASSFILE, deleted after.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from psycopg import conninfo

from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message, os_problem
from seller_assistant.store import pg_connection

# Where PostgreSQL's installers put the programs, newest version first within each (Debian/Ubuntu,
# RHEL's PGDG packages, Homebrew, Postgres.app, the EDB installer on Windows).
SEARCH_GLOBS = [
    "/usr/lib/postgresql/*/bin",
    "/usr/pgsql-*/bin",
    "/opt/homebrew/opt/postgresql@*/bin",
    "/usr/local/opt/postgresql@*/bin",
    "/Applications/Postgres.app/Contents/Versions/*/bin",
    "C:/Program Files/PostgreSQL/*/bin",
]
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")


@dataclass(frozen=True)
class Tool:
    path: Path
    major: int
    version: str  # as the program prints it, e.g. "15.10"


def find_tool(name: str, server_major: int) -> Tool:
    """`name` (pg_dump, pg_restore) at `server_major` or newer, or a UserError saying what is wrong."""
    found = [tool for tool in _candidates(name) if tool is not None]
    for tool in found:
        if tool.major >= server_major:
            return tool
    advice = Message(
        "install the client programs of PostgreSQL {major} or newer (Debian/Ubuntu: apt install "
        "postgresql-client-{major}; Windows and macOS: PostgreSQL's installer) and try again. No backup "
        "was made and nothing was changed.",
        major=server_major,
    )
    if found:
        newest = max(found, key=lambda tool: tool.major)
        raise UserError(
            "{name} here is version {version} ({path}), older than the store's PostgreSQL server (version {server_major}): {name} must be the server's version or newer; {advice}",
            name=name,
            version=newest.version,
            path=newest.path,
            server_major=server_major,
            advice=advice,
        )
    raise UserError(
        "{name} (PostgreSQL's own program) was not found on this computer; {advice}", name=name, advice=advice
    )


def _candidates(name: str) -> Iterator[Tool | None]:
    exe = name + (".exe" if sys.platform == "win32" else "")
    seen: set[Path] = set()
    on_path = shutil.which(name)
    folders = [Path(on_path).parent] if on_path else []
    for pattern in SEARCH_GLOBS:
        folders += sorted((Path(p) for p in glob.glob(pattern)), key=_version_key, reverse=True)
    for folder in folders:
        program = folder / exe
        if program.is_file() and program.resolve() not in seen:
            seen.add(program.resolve())
            yield _version_of(program)


def _version_key(folder: Path) -> int:
    """The version in a folder's name (…/15/bin, …/pgsql-16/bin, postgresql@14/bin)."""
    digits = re.findall(r"\d+", str(folder))
    return int(digits[-1]) if digits else 0


def _version_of(program: Path) -> Tool | None:
    try:
        done = subprocess.run([str(program), "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    match = _VERSION.search(done.stdout)
    if done.returncode != 0 or not match:
        return None
    return Tool(program, int(match.group(1)), ".".join(g for g in match.groups() if g))


def target(url: str, database: str | None = None) -> str:
    """The conninfo a child connects with (to `database` instead of the store's, if given): no password."""
    params = conninfo.conninfo_to_dict(url)
    params.pop("password", None)
    if database:
        params["dbname"] = database
    return conninfo.make_conninfo(**params)


@contextlib.contextmanager
def child_env(url: str) -> Iterator[dict[str, str]]:
    """The environment of a pg_dump/pg_restore child: this one's, plus a private PGPASSFILE when the
    password comes from the keyring (libpq cannot ask the keyring itself)."""
    env = dict(os.environ)
    password = pg_connection._keyring_password(conninfo.conninfo_to_dict(url))
    if not password:
        yield env
        return
    folder = tempfile.mkdtemp(prefix="sa-pgpass-")  # 0700: only this user
    passfile = Path(folder) / "pgpass"
    user = conninfo.conninfo_to_dict(url).get("user", "")
    try:
        fd = os.open(passfile, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            # Any host, port and database (the scratch database too) for this user only.
            out.write(f"*:*:*:{_escape(user)}:{_escape(password)}\n")
        env["PGPASSFILE"] = str(passfile)
        yield env
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _escape(field: str) -> str:
    return field.replace("\\", "\\\\").replace(":", "\\:")


def run(tool: Tool, args: list[str], env: dict[str, str], what: str) -> None:
    """Run `tool` with `args`; a failure is a UserError naming `what` and the program's own words."""
    try:
        done = subprocess.run(
            [str(tool.path), "--no-password", *args],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except OSError as exc:
        raise UserError(
            "{what}: {name} could not be started ({problem}).",
            what=what,
            name=tool.path.name,
            problem=os_problem(exc),
        ) from exc
    if done.returncode != 0:
        said = " ".join(line.strip() for line in done.stderr.strip().splitlines()[:3])
        raise UserError(
            "{what}: {name} said: {said}",
            what=what,
            name=tool.path.name,
            said=said or Message("exit code {code}", code=done.returncode),
        )
