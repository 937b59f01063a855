"""The chain of page-level backups: the newest generation is one whole SQLite file rolled forward in
place by the pages that changed; each older generation is an undo file of its pages that the next
one changed (issue 20: a day's backup of a 7.8 GB store writes megabytes, not 7.8 GB).

`<backups>/.chain/` holds `head.db` (the newest generation), `head.json` (its number and page
count: the commit point of a roll), `hashes-<gen>` (a digest of each of the head's pages) and
`undo-<gen>` (generation gen's pages that gen+1 changed, and gen's page count), and the page logs
`pages-<n>` (store/backup_wal.py: the pages the app's checkpoints wrote into the store since the
head's moment, so that the next generation reads only those; `head.json` names the first).

Crash safety: a roll writes the undo file of the head's generation whole (flushed, renamed) before
it touches the head, and commits by replacing `head.json`. So an undo file of the head's own
generation means a roll was interrupted: `recover` puts those pages back and the head is again
exactly the generation `head.json` names. Reading an older generation (`materialise`) applies the
undo files to a copy of the head and never changes the chain.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import threading
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path

from seller_assistant.core.errors import UserError
from seller_assistant.store import backup_wal, page_files
from seller_assistant.store.page_files import DIGEST, Frozen

CHAIN_DIR = backup_wal.CHAIN_DIR
HEAD = "head.db"
STATE = "head.json"
_UNDO = re.compile(r"undo-(\d+)$")

Check = Callable[[Path, bool], "str | None"]  # (database file, first of its chain) → problem or None


class NotVerified(Exception):
    """The rolled-forward head did not verify; the chain was put back as it was."""


class Chain:
    def __init__(self, backups: Path) -> None:
        self.dir = backups / CHAIN_DIR
        self.head = self.dir / HEAD

    def state(self) -> dict | None:
        try:
            state = json.loads((self.dir / STATE).read_text())
        except (OSError, ValueError):
            return None
        return state if isinstance(state, dict) and isinstance(state.get("gen"), int) else None

    def undo_path(self, gen: int) -> Path:
        return self.dir / f"undo-{gen}"

    def _hashes_path(self, gen: int) -> Path:
        return self.dir / f"hashes-{gen}"

    def undo_generations(self) -> list[int]:
        if not self.dir.is_dir():
            return []
        return sorted(int(m.group(1)) for p in self.dir.iterdir() if (m := _UNDO.match(p.name)))

    def generations(self) -> list[int]:
        """Every generation that can be read: the head's and each one with an undo file."""
        state = self.state()
        if state is None:
            return []
        return [g for g in self.undo_generations() if g < state["gen"]] + [state["gen"]]

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One backup at a time per store (the window's and a scheduled command's)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o700)
        with os.fdopen(os.open(self.dir / "lock", os.O_CREAT | os.O_RDWR, 0o600), "r+") as handle:
            try:
                import fcntl
            except ImportError:  # Windows: one app per store; the rename commit keeps it whole
                yield
                return
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def recover(self) -> None:
        """Finish what a killed backup left: an interrupted roll undone, half-written files removed.
        Call under `locked`."""
        state = self.state()
        if state is None:
            # No generation was ever committed: whatever is here is a first backup that died.
            for leftover in self.dir.iterdir() if self.dir.is_dir() else ():
                if leftover.name != "lock":
                    _remove(leftover)
            return
        pending = self.undo_path(state["gen"])
        if pending.exists():
            page_files.apply_undo(self.head, pending)
            pending.unlink()
            page_files.sync_dir(self.dir)
        for leftover in self.dir.iterdir():
            if leftover.name.endswith(".partial") or (
                leftover.name.startswith("hashes-") and leftover.name != f"hashes-{state['gen']}"
            ):
                leftover.unlink()
        if isinstance(state.get("log"), int):
            backup_wal.forget_before(self.dir, state["log"])

    # -- writing a generation ---------------------------------------------------------------

    def next_log(self) -> int:
        """The lowest number the page log begun at the next freeze may take: above the head's."""
        state = self.state()
        return state["log"] + 1 if state and isinstance(state.get("log"), int) else 1

    def tracked(self, live: Frozen) -> bytearray | None:
        """The pages that may have changed since the head's moment, from the page logs of the app's
        checkpoints (store/backup_wal.py: a byte per page, 1 where it may differ); None when the
        logs cannot vouch for every change (a checkpoint by another program, a log lost, a head
        from before the logs) and every page must be read."""
        state = self.state()
        first = state.get("log") if state else None
        if not isinstance(first, int) or live.log is None or state["page_size"] != live.page_size:
            return None
        return backup_wal.changed_pages(self.dir, first, live.log - 1, live.pages, state["pages"])

    def scan(self, live: Frozen, stage: Path, only: bytearray | None = None) -> tuple[bytearray, array]:
        """The frozen store's pages hashed (every page, or those marked in `only`: the others are as
        in the head); those differing from the head's written to `stage` (in page order). (the new
        page digests, the changed page numbers). With no head yet, every page is changed."""
        state = self.state()
        old = self._hashes_path(state["gen"]).read_bytes() if state else b""
        if state and state["page_size"] != live.page_size:
            raise UserError(
                "The store's page size changed since its last backup; move its backup folder aside "
                "and back it up again (a new chain of backups starts)."
            )
        size = live.page_size
        changed = array("I")  # 4 bytes a page: a first backup lists every page
        if only is None:
            digests, runs = bytearray(), _runs_of_all(live.pages)
        else:
            digests = bytearray(old[: live.pages * DIGEST])
            digests += bytes(live.pages * DIGEST - len(digests))
            runs = _runs_marked(only)
        with open(stage, "wb") as out:
            os.chmod(stage, 0o600)
            for first, count in runs:
                chunk = memoryview(page_files.read_pages(live.file, size, first, count))
                for i in range(count):
                    pgno = first + i
                    page = chunk[i * size : (i + 1) * size]
                    if pgno == 1:
                        page = memoryview(page_files.as_backup_page(1, bytes(page)))
                    mark = page_files.digest(page)
                    digests[(pgno - 1) * DIGEST : pgno * DIGEST] = mark
                    if old[(pgno - 1) * DIGEST : pgno * DIGEST] != mark:
                        changed.append(pgno)
                        out.write(page)
            out.flush()
        return digests, changed

    def roll_forward(
        self, stage: Path, live: Frozen, digests: bytearray, changed: array, check: Check
    ) -> int:
        """The head made the next generation from the staged pages (of the moment `live`), checked,
        then committed. Returns the new generation. Call under `locked`, after `recover`."""
        state = self.state()
        pages, page_size = live.pages, live.page_size
        if state is None:
            return self._first(stage, live, digests, check)
        gen, old_pages = state["gen"], state["pages"]
        undo = self.undo_path(gen)

        def old_contents() -> Iterator[tuple[int, bytes]]:
            with open(self.head, "rb") as head:
                for pgno in changed:
                    if pgno <= old_pages:
                        yield pgno, page_files.read_pages(head, page_size, pgno, 1)
                for pgno in range(pages + 1, old_pages + 1):  # a smaller store: the cut-off tail
                    yield pgno, page_files.read_pages(head, page_size, pgno, 1)

        page_files.write_undo(undo, page_size, old_pages, old_contents())
        try:
            with open(self.head, "r+b") as head, open(stage, "rb") as staged:
                for pgno in changed:
                    head.seek((pgno - 1) * page_size)
                    head.write(staged.read(page_size))
                head.truncate(pages * page_size)
                head.flush()
                os.fsync(head.fileno())
            problem = self._reread(changed, page_size, digests) or check(self.head, False)
            if problem:
                raise NotVerified(problem)
            self._commit(gen + 1, live, digests)
        except BaseException:
            with contextlib.suppress(OSError):  # else the next backup's `recover` does it
                page_files.apply_undo(self.head, undo)
                undo.unlink()
            raise
        return gen + 1

    def _first(self, stage: Path, live: Frozen, digests: bytearray, check: Check) -> int:
        """The chain's first generation: the staged store (every page) is the head."""
        pages, page_size = live.pages, live.page_size
        os.replace(stage, self.head)
        with open(self.head, "r+b") as head:
            head.flush()
            os.fsync(head.fileno())
        # Every page read back beside the checks, not before them (issue 20: at 10 M messages each
        # is a pass over 8 GB): the hashing runs without the GIL (hashlib releases it for a page),
        # and the file was just written, so the three passes share what the OS has cached.
        reread: list = []

        def read_back() -> None:
            try:
                reread.append(self._reread(range(1, pages + 1), page_size, digests))
            except BaseException as exc:  # noqa: BLE001 - raised again below, on the caller's thread
                reread.append(exc)

        reader = threading.Thread(target=read_back, name="read-back", daemon=True)
        reader.start()
        try:
            problem = check(self.head, True)
        finally:
            reader.join()
        found = reread[0] if reread else RuntimeError("the read-back did not finish")
        if isinstance(found, BaseException):
            raise found
        problem = found or problem  # a page that reads back wrong says why first
        if problem:
            raise NotVerified(problem)
        self._commit(1, live, digests)
        return 1

    def _reread(self, changed, page_size: int, digests: bytearray) -> str | None:
        """The pages just written, read back from the disk and compared with the store's."""
        with open(self.head, "rb") as head:
            for first, count in _runs_of(changed):  # a read per run of pages, not per page
                chunk = memoryview(page_files.read_pages(head, page_size, first, count))
                for i in range(count):
                    pgno = first + i
                    page = chunk[i * page_size : (i + 1) * page_size]
                    if page_files.digest(page) != digests[(pgno - 1) * DIGEST : pgno * DIGEST]:
                        return f"page {pgno} reads back different from the store's"
        return None

    def _commit(self, gen: int, live: Frozen, digests: bytearray) -> None:
        _write_whole(self._hashes_path(gen), bytes(digests))
        state = {"gen": gen, "pages": live.pages, "page_size": live.page_size, "log": live.log}
        _write_whole(self.dir / STATE, json.dumps(state).encode())
        page_files.sync_dir(self.dir)
        self._hashes_path(gen - 1).unlink(missing_ok=True)
        if live.log is not None:
            backup_wal.forget_before(self.dir, live.log)  # the head holds what they listed

    # -- reading and pruning ----------------------------------------------------------------

    def materialise(self, gen: int, target: Path) -> None:
        """Generation `gen` as a whole file at `target`: the head copied, then undone back to it
        (an interrupted roll's undo file first). Changes nothing in the chain."""
        state = self.state()
        if state is None or gen not in self.generations():
            raise FileNotFoundError(f"generation {gen} is no longer in the backup chain")
        shutil.copyfile(self.head, target)
        os.chmod(target, 0o600)
        pending = self.undo_path(state["gen"])
        steps = [g for g in self.undo_generations() if gen <= g < state["gen"]]
        for undo in ([pending] if pending.exists() else []) + [self.undo_path(g) for g in reversed(steps)]:
            page_files.apply_undo(target, undo)

    def head_is_whole(self, gen: int) -> bool:
        """The head file is generation `gen` as it is (no interrupted roll pending)."""
        state = self.state()
        return state is not None and state["gen"] == gen and not self.undo_path(gen).exists()

    def drop_unreferenced(self, wanted: set[int]) -> None:
        """Generations no backup folder names any more merged away (their undo folded into the
        next older one's). Call under `locked`, after `recover`."""
        state = self.state()
        if state is None:
            return
        kept: list[int] = []
        for gen in [g for g in self.undo_generations() if g < state["gen"]]:
            if gen in wanted:
                kept.append(gen)
                continue
            if kept:
                page_files.merge_undo(self.undo_path(kept[-1]), self.undo_path(gen))
            self.undo_path(gen).unlink()


def _runs_of_all(pages: int) -> Iterator[tuple[int, int]]:
    for first in range(1, pages + 1, page_files.CHUNK_PAGES):
        yield first, min(page_files.CHUNK_PAGES, pages - first + 1)


def _runs_of(pgnos) -> Iterator[tuple[int, int]]:
    """(first page, count) of each run of consecutive page numbers (ascending), at most CHUNK_PAGES long."""
    first = count = 0
    for pgno in pgnos:
        if count and pgno == first + count and count < page_files.CHUNK_PAGES:
            count += 1
            continue
        if count:
            yield first, count
        first, count = pgno, 1
    if count:
        yield first, count


def _runs_marked(marks: bytearray) -> Iterator[tuple[int, int]]:
    """(first page, count) of each run of marked pages, at most CHUNK_PAGES long."""
    at = marks.find(1)
    while at > 0:
        end = marks.find(0, at)
        end = len(marks) if end < 0 else min(end, at + page_files.CHUNK_PAGES)
        yield at, end - at
        at = marks.find(1, end)


def _write_whole(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as out:
        os.chmod(partial, 0o600)
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
