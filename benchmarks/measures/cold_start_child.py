"""Run as a child process: open the store, build and show the main window, print when it is painted."""

import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def peak_kb(usage) -> int:
    """This process's own peak resident memory. ru_maxrss is not it: Linux carries the parent's
    peak over a fork and into the exec'd child (a parent holding 600 MB made a child report 612 MB);
    VmHWM in /proc/self/status belongs to the address space the exec made."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return usage.ru_maxrss  # not Linux: the nearest there is (macOS counts bytes, not KB)


def main(db_path: str, now: int) -> None:
    from seller_assistant.store import open_store
    from seller_assistant.ui.app import application, build_window

    app = application()
    window = build_window(open_store(db_path), now)
    window.show()
    app.processEvents()
    window.grab()  # renders the whole window: what a user would see painted
    painted = time.time()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    # Today paints at once and its figures arrive from a worker: also say when they are on screen.
    from PySide6.QtCore import QEventLoop

    today = window.pages["today"]
    while today.report is None and time.time() < painted + 60:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
    window.grab()
    filled = time.time()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps({"painted": painted, "peak_kb": peak_kb(usage), "cpu": cpu, "filled": filled}), flush=True
    )
    os._exit(0)  # skip teardown: only the start is measured


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
