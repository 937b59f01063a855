"""The app's backups in a worker process: copying and verifying gigabytes never runs on the
interpreter that draws the window.

A thread would do the same work, but it holds the GIL for much of it (verifying evidence chains
is Python), and the GUI thread then waits for it: stalls of a quarter second at a million orders.
A 'spawn' child (core/processes.py) has its own interpreter; the caller's thread only waits on
a pipe. Where no child can be started (a frozen app) the backup runs in the caller's thread.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from seller_assistant.core import processes
from seller_assistant.core.errors import UserError
from seller_assistant.store.backup import BackupInfo


def run(db_path: Path, kind: str | None, now: int) -> list[BackupInfo]:
    """kind None: what is due (daily/weekly, backup.backup_if_due); else one backup of that kind."""
    return _run(str(db_path), kind, now)[0]


def run_shared(location: str, kind: str | None, now: int) -> tuple[list[BackupInfo], str | None]:
    """A shared store's backup (store/pg_backup.py: pg_dump, checked in a scratch database), in the
    same kind of worker process: what was made, and what another desk did instead (or None)."""
    return _run(location, kind, now)


def _run(location: str, kind: str | None, now: int) -> tuple[list[BackupInfo], str | None]:
    started = processes.start(_child, location, kind, now, name="backup") if processes.may_spawn() else None
    if started is None:
        return _backup(location, kind, now)
    worker, conn = started
    finished = False
    try:
        try:
            outcome, payload = conn.recv()
        except (EOFError, OSError) as exc:
            raise UserError(
                f"The backup stopped before it was done ({exc or 'its process ended'}); "
                "the store is unchanged."
            ) from exc
        finished = True
    finally:
        processes.stop(worker, conn, finished)
    if outcome == "made":
        made, note = payload
        return [BackupInfo(Path(path), made_kind, created) for path, made_kind, created in made], note
    if outcome == "refused":
        raise UserError(payload)
    raise RuntimeError(f"the backup process failed:\n{payload}")


def _backup(location: str, kind: str | None, now: int) -> tuple[list[BackupInfo], str | None]:
    from seller_assistant.store import backup, open_store
    from seller_assistant.store.dialect import is_url

    store = open_store(location if is_url(location) else Path(location), migrate=False)  # its own connection
    try:
        if store.shared:
            from seller_assistant.store import pg_backup

            if kind is None:
                outcome = pg_backup.backup_if_due(store, now)
                return outcome.made, outcome.note
            return [pg_backup.backup_now(store, kind, now)], None
        if kind is None:
            return backup.backup_if_due(store.conn, store.path, now), None
        return [backup.backup_store(store.conn, store.path, kind, now)], None
    finally:
        store.close()


def _child(conn, parent_pid: int, location: str, kind: str | None, now: int) -> None:
    processes.become_worker(parent_pid)
    try:
        made, note = _backup(location, kind, now)
        processes.send_quietly(conn, ("made", ([(str(b.path), b.kind, b.created_at) for b in made], note)))
    except UserError as exc:
        processes.send_quietly(conn, ("refused", str(exc)))
    except BaseException:  # noqa: BLE001 - told to the parent, which reports it
        processes.send_quietly(conn, ("failed", traceback.format_exc()))
    finally:
        conn.close()
