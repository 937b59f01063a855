"""The app's backups (and a shared store's restore) in a worker process: copying and verifying
gigabytes never runs on the interpreter that draws the window.

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
from seller_assistant.core.messages import Message
from seller_assistant.store.backup_folders import BackupInfo


def run(db_path: Path, kind: str | None, now: int) -> list[BackupInfo]:
    """kind None: what is due (daily/weekly, backup.backup_if_due); else one backup of that kind."""
    made, _note = _run("backup", str(db_path), kind, now)
    return _infos(made)


def run_shared(location: str, kind: str | None, now: int) -> tuple[list[BackupInfo], str | None]:
    """A shared store's backup (store/pg_backup.py: pg_dump, checked in a scratch database), in the
    same kind of worker process: what was made, and what another desk did instead (or None)."""
    made, note = _run("backup", location, kind, now)
    return _infos(made), str(note) if note else None  # in the window's language


def restore_shared(chosen: BackupInfo, target: str) -> str:
    """A shared store's backup restored into the empty database `target` and verified there
    (pg_backup.restore), in a worker process: verifying every chain is Python, off the window's GIL."""
    return str(
        _run("restore", str(chosen.path), chosen.kind, chosen.created_at, target)
    )  # the window's language


def _infos(made: list[tuple]) -> list[BackupInfo]:
    return [BackupInfo(Path(path), kind, created) for path, kind, created in made]


def _run(task: str, *args):
    """`task` ('backup', 'restore') done in a worker process, else here; its answer (plain values)."""
    started = processes.start(_child, task, *args, name=task) if processes.may_spawn() else None
    if started is None:
        return _TASKS[task](*args)
    worker, conn = started
    finished = False
    try:
        try:
            outcome, payload = conn.recv()
        except (EOFError, OSError) as exc:
            raise UserError(
                "The {task} stopped before it was done ({problem}); the store is unchanged.",
                task=Message(task),
                problem=exc or Message("its process ended"),
            ) from exc
        finished = True
    finally:
        processes.stop(worker, conn, finished)
    if outcome == "done":
        return payload
    if outcome == "refused":
        raise UserError(payload)
    raise RuntimeError(f"the {task} process failed:\n{payload}")


def _backup(location: str, kind: str | None, now: int) -> tuple[list[tuple], str | None]:
    from seller_assistant.store import backup, open_store
    from seller_assistant.store.dialect import is_url

    store = open_store(location if is_url(location) else Path(location), migrate=False)  # its own connection
    try:
        if store.shared:
            from seller_assistant.store import pg_backup

            if kind is None:
                outcome = pg_backup.backup_if_due(store, now)
                made, note = outcome.made, outcome.note
            else:
                made, note = [pg_backup.backup_now(store, kind, now)], None
        elif kind is None:
            made, note = backup.backup_if_due(store.conn, store.path, now), None
        else:
            made, note = [backup.backup_store(store.conn, store.path, kind, now)], None
    finally:
        store.close()
    return [(str(b.path), b.kind, b.created_at) for b in made], note


def _restore(folder: str, kind: str, created_at: int, target: str) -> Message:
    from seller_assistant.store import pg_backup

    return pg_backup.restore(BackupInfo(Path(folder), kind, created_at), target)


_TASKS = {"backup": _backup, "restore": _restore}


def may_have_workers() -> None:
    """Let this (daemonic) worker start the chain verifier's two processes: a daemonic process may
    have no children, so a big store's first backup verified its 10 M items on one core (issue 20).
    The flag keeps a daemon's children from outliving it; here each verifier dies with this process
    (PR_SET_PDEATHSIG, and its pipe closing: core/processes.py) and is stopped before the job ends."""
    import multiprocessing

    multiprocessing.current_process()._config["daemon"] = False  # noqa: SLF001 - see above


def _child(conn, parent_pid: int, task: str, *args) -> None:
    processes.become_worker(parent_pid)
    may_have_workers()
    try:
        processes.send_quietly(conn, ("done", _TASKS[task](*args)))
    except UserError as exc:
        processes.send_quietly(conn, ("refused", exc.message))  # shown in the reader's language
    except BaseException:  # noqa: BLE001 - told to the parent, which reports it
        processes.send_quietly(conn, ("failed", traceback.format_exc()))
    finally:
        conn.close()
