"""Worker processes for the store's bulk jobs (a big chat import's reading, verifying every chain).

One pattern for both: a 'spawn' child (safe from any thread, the GUI's QThreadPool included; no
fork of a process holding Qt and SQLite state), daemonic, talking over one Pipe, that dies with
its parent: PR_SET_PDEATHSIG on Linux, and everywhere its next send fails once the pipe closes.
The parent joins it in `finally`, terminating it if the job did not finish.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from seller_assistant.core.errors import UserError


def may_spawn() -> bool:
    """Not in a frozen app (its executable is no Python that could run a worker) and not inside a
    daemonic process (which may not have children): there the jobs run in-process."""
    return not getattr(sys, "frozen", False) and not multiprocessing.current_process().daemon


def start(target: Callable, *args: object, name: str) -> tuple[BaseProcess, Connection] | None:
    """Start `target(conn, parent_pid, *args)` in a worker; (process, our end of the pipe), or None
    when no process could be started (the caller then does the work itself)."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=True)
    process = context.Process(target=target, args=(theirs, os.getpid(), *args), daemon=True, name=name)
    try:
        process.start()
    except (OSError, RuntimeError):
        ours.close()
        theirs.close()
        return None
    theirs.close()
    return process, ours


def stop(process: BaseProcess, conn: Connection, finished: bool) -> None:
    """Close our end and reap the worker; one still busy (the job failed or was abandoned) is
    terminated rather than waited for."""
    conn.close()
    if not finished:
        process.terminate()
    process.join(timeout=10)
    if process.is_alive():
        process.kill()
        process.join()


# How much lower a worker's CPU priority is than its parent's (Unix nice steps).
WORKER_NICENESS = 10


def become_worker(parent_pid: int) -> None:
    """First thing in a worker: die with the parent; yield the CPU to it (the window); and switch
    off the cyclic garbage collector — a worker keeps up to millions of small acyclic objects alive,
    which the collector would rescan again and again (a fifth of a chat import's reading time), and
    it lives only for one job."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(1)  # the parent died before the line above took effect
    _lower_priority()
    gc.disable()


def _lower_priority() -> None:
    """A worker (and the verifier processes it starts, which inherit it) runs below the window's
    process: on a two-core PC a first backup's copy and its two verifiers kept every core busy, and
    the window's event loop then waited for a core (46–64 ms at a million orders). With nothing
    else to run, a worker is as fast as before; only the window goes first."""
    try:
        if hasattr(os, "nice"):
            os.nice(WORKER_NICENESS)
        elif sys.platform == "win32":
            import ctypes

            below_normal = 0x4000  # BELOW_NORMAL_PRIORITY_CLASS
            kernel32 = ctypes.windll.kernel32
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), below_normal)
    except (OSError, AttributeError):
        pass  # a priority we may not change is no reason to fail the job


def send_quietly(conn: Connection, message: object) -> None:
    """Tell the parent, unless it is gone already."""
    try:
        conn.send(message)
    except (OSError, ValueError):
        pass


@contextmanager
def reporting_to_parent(conn: Connection) -> Iterator[None]:
    """A reading worker's job, told to its parent however it ends: a refusal as ("error", its
    message, shown in the reader's language), anything unforeseen as ("lost", the traceback) — the
    parent then does the work itself —, nothing when the parent is gone; the pipe closed after."""
    try:
        yield
    except UserError as exc:
        send_quietly(conn, ("error", exc.message))
    except (BrokenPipeError, EOFError, ConnectionError):
        pass  # the importing process is gone or gave up: nothing to tell
    except BaseException:  # noqa: BLE001 - reported to the parent, which falls back to one process
        send_quietly(conn, ("lost", traceback.format_exc()))
    finally:
        conn.close()
