"""A throwaway PostgreSQL cluster for the tests: initdb into a temp folder, unix socket only, no fsync.

Started once per test session (tests/conftest.py), stopped at its end; a watchdog process stops it
too if the test process dies without tearing down (Ctrl-C twice, a kill), so no postmaster is left
behind on a machine shared by several people. No TCP port is opened (`listen_addresses = ''`): the
socket lives in the cluster's own folder, so two test runs on one machine never meet.

The binaries are looked up on PATH, then in Debian's /usr/lib/postgresql/<version>/bin (the tests
run with only the venv on PATH). initdb and the server refuse to run as root; as root (CI, a
container) the cluster runs as the `postgres` system user Debian's package creates.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "postgres"
# The environment variable that turns "PostgreSQL missing: skipped" into a failure (set by
# `tools/dev.py test`, so CI cannot pass by silently skipping every PostgreSQL test).
REQUIRE_ENV = "SELLER_ASSISTANT_REQUIRE_PG"


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL server binaries here, or no user to run them as: the reason, in words."""


def find_binaries() -> Path:
    """The folder holding initdb, pg_ctl and postgres."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    # Newest version first: /usr/lib/postgresql/15/bin before 13.
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    for folder in candidates:
        if all((Path(folder) / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    raise ClusterUnavailable(
        "PostgreSQL server programs (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin;"
        " install PostgreSQL (Debian: apt-get install postgresql) to run the PostgreSQL tests"
    )


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


@dataclass
class Cluster:
    bin_dir: Path
    root: Path  # the temp folder: data/, the socket, the log
    run_as: str | None  # the system user running the server (when we are root)
    watchdog: subprocess.Popen | None = None
    _databases: int = field(default=0)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        """A libpq URL reaching `database` over this cluster's socket (psycopg takes it as is)."""
        return f"postgresql:///{database}?host={self.socket_dir}&user={SUPERUSER}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        kwargs: dict = {}
        if self.run_as:
            kwargs = {"user": self.run_as, "group": self.run_as, "extra_groups": []}
        env = {"PATH": f"{self.bin_dir}:/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": str(self.root)}
        done = subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.root,
            **kwargs,
        )
        if done.returncode != 0:
            log = self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""
            raise ClusterUnavailable(
                f"{args[0]} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}\n{log}"
            )
        return done

    def start(self) -> None:
        # C.UTF-8: text sorts by code point as SQLite's BINARY collation does, and lower()/ILIKE fold
        # Unicode letters (a C ctype folds only ASCII). Every database is made from this template.
        self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        settings = {
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.socket_dir}'",
            "fsync": "off",  # a throwaway cluster: speed over crash safety
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "100",
            "shared_buffers": "32MB",
            "log_min_messages": "warning",
        }
        with open(self.data_dir / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# tests/pg_cluster.py\n")
            conf.writelines(f"{k} = {v}\n" for k, v in settings.items())
        self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file), "-w", "-t", "60", "start")
        self.watchdog = _start_watchdog(self)

    def stop(self) -> None:
        with contextlib.suppress(ClusterUnavailable):
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        if self.watchdog is not None:
            self.watchdog.kill()
            self.watchdog.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self, template: str = "template0") -> str:
        """A new empty database (or a copy of `template`); its name."""
        import psycopg

        self._databases += 1
        name = f"t{os.getpid()}_{self._databases}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            # FILE_COPY: copying a small template's files (one checkpoint, cheap without fsync) is
            # quicker than WAL_LOG's page-by-page copy through the write-ahead log.
            strategy = "" if template == "template0" else " STRATEGY FILE_COPY"
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_cluster() -> Cluster:
    """A running cluster in a fresh temp folder, or ClusterUnavailable saying why not."""
    bin_dir = find_binaries()
    run_as = None
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise ClusterUnavailable(
                "running as root, and PostgreSQL refuses to run as root: no 'postgres' system user to run"
                " the test cluster as (Debian's postgresql package creates it)"
            ) from None
        run_as = SUPERUSER
    # A short path: a unix socket's path must stay under ~100 bytes.
    root = Path(tempfile.mkdtemp(prefix="sa-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
    if run_as:
        shutil.chown(root, run_as, run_as)
    cluster = Cluster(bin_dir, root, run_as)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster


# Stops the cluster once the test process is gone, however it went: SIGQUIT is PostgreSQL's
# immediate shutdown. Runs as root when the tests do, so it may signal the server's user.
_WATCHDOG = textwrap.dedent(
    """
    import os, shutil, signal, sys, time
    parent, data, root = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    while True:
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            break
        except PermissionError:
            pass
        time.sleep(1)
    try:
        with open(os.path.join(data, "postmaster.pid")) as f:
            pid = int(f.readline())
        os.kill(pid, signal.SIGQUIT)
        for _ in range(100):
            os.kill(pid, 0)
            time.sleep(0.1)
    except (OSError, ValueError):
        pass
    shutil.rmtree(root, ignore_errors=True)
    """
)


def _start_watchdog(cluster: Cluster) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _WATCHDOG, str(os.getpid()), str(cluster.data_dir), str(cluster.root)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a Ctrl-C at the terminal reaches the tests, not the watchdog
    )


MIGRATIONS_PG = Path(__file__).resolve().parent.parent / "seller_assistant" / "store" / "migrations_pg"


def migrate(url: str, upto: int | None = None) -> int:
    """Apply migrations_pg/ to the database at `url` up to `upto` (default: all) with the store's own
    runner (one transaction per file, the desks' privileges after); the version reached."""
    from seller_assistant.store import migrations
    from seller_assistant.store.connection import connect

    store = connect(url)
    try:
        return migrations.migrate(store, upto)
    finally:
        store.close()
