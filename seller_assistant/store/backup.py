"""Backups: generations of a page-level chain plus the attachment folder, verified before they count.

Each backup is a folder `<stamp>-<kind>/` in the store's backup folder naming its generation of the
chain (store/backup_chain.py: the newest generation one whole SQLite file, older ones undo files of
the pages each next one changed) with a copy of its attachments, so one folder restores the whole
store. The newest backup's folder shows the whole file as `store.db`. Retention keeps the newest 7
daily and 4 weekly backups (and the newest 5 of every other kind: manual, pre-migration,
pre-restore); a generation no folder names is folded into the next older one. Backups made before
the chain (whole copies, `store.db` in the folder) are still listed, verified and restored.

What a backup costs stays near what changed, however long the history (issue 20):
- the live store is frozen at one moment and read as a file (store/page_files.py); the pages the
  app's checkpoints logged since the last backup (store/backup_wal.py) are read — every page when
  the logs cannot vouch for every change — and each one's digest compared with the head's; only
  the pages that differ are written (their old contents first, to the undo file that keeps the
  previous generation);
- verified by what changed: the pages written are read back and compared with the store's, and
  the evidence written since the newest verified backup is verified, stitched to the chain heads
  that backup verified (its `verified.json`: the newest item, message and head-log entry it
  covered). The head-log entry it ended on must be unchanged, else (a restore rewound the store,
  or no backup was verified yet) every chain is verified again. SQLite's structural check of the
  whole file (quick_check) runs on the chain's first generation and on the day of each weekly;
- a chain's first generation (a first backup, one after the chain was lost, the first after the
  whole-copy backups) is one pass over the store: its frozen moment's structure and every chain
  are checked while its pages are read and copied (the chain verifier's two processes reading the
  file alone, which the freeze keeps still), then the copy is read back and proved equal to that
  moment page by page, and its attachments equal to the files checked;
- a weekly backup due on a day that has its daily names the same generation (no second copy);
  attachments (named by their SHA-256, never rewritten) are hard-linked from the newest backup.
The app runs the automatic backup in a worker process (store/backup_job.py), never on the GUI's
interpreter. Restoring verifies the chosen backup in full (integrity_check and every chain).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message, os_problem
from seller_assistant.store import backup_chain, chain_verify, migrations, page_files
from seller_assistant.store.connection import connect, disk_is_full

KINDS = ("daily", "weekly", "manual", "pre-migration", "pre-restore")
KEEP = {"daily": 7, "weekly": 4}
KEEP_OTHER = 5
DB_NAME = "store.db"
MANIFEST = "verified.json"  # what the backup's verification covered, for the next one to go on from
GENERATION = "generation.json"  # which generation of the page chain (store/backup_chain.py) it is
WEEK = 7 * 86400


@dataclass(frozen=True)
class BackupInfo:
    path: Path  # the backup folder
    kind: str
    created_at: int

    @property
    def db_file(self) -> Path:
        return self.path / DB_NAME

    @property
    def label(self) -> str:
        when = datetime.fromtimestamp(self.created_at).strftime("%Y-%m-%d %H:%M")
        return f"{when} ({self.kind})"


def backup_store(
    conn: sqlite3.Connection, db_path: Path, kind: str, now: int | None = None, *, full_check: bool = False
) -> BackupInfo:
    """Back up the live store (one moment of it, even while others write) and its attachments as the
    chain's next generation, verified before it counts. `full_check`: SQLite's structural check of
    the whole file too (the first generation always has it). `conn` is the caller's connection; the
    backup opens its own (store/page_files.frozen)."""
    if kind not in KINDS:
        raise ValueError(kind)
    now = int(time.time()) if now is None else now
    root = paths.backups_dir(db_path)
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%dT%H%M%SZ")
    final = _free_name(root, f"{stamp}-{kind}")
    partial = root / f".partial-{final.name}-{os.getpid()}"
    previous = _newest_verified(db_path)
    chain = backup_chain.Chain(root)
    try:
        _private_dir(root)
        with chain.locked():
            chain.recover()
            stage = chain.dir / "stage.partial"
            first_generation = chain.state() is None
            manifest: dict = {}
            with page_files.frozen(db_path, track=chain.next_log()) as live:
                # The pages the app's checkpoints logged since the head's moment (store/backup_wal.py),
                # else every page; every page too on the day of the whole file's structural check,
                # so that a change the logs missed could not outlive a week.
                only = None if full_check else chain.tracked(live)
                if first_generation:
                    # A chain's first generation: the moment itself checked (structure and every
                    # chain) while its pages are read and copied, not the copy again after (issue
                    # 20: three more passes over 8 GB); the copy is then read back and proved equal
                    # to it page by page.
                    with _checked_meanwhile(db_path, previous[1] if previous else None) as checked:
                        digests, changed = chain.scan(live, stage, only)
                    problem, found = checked[0]
                    if problem:
                        stage.unlink(missing_ok=True)
                        raise UserError(
                            "The backup in {final} did not verify ({problem}); the store itself is unchanged.",
                            final=final,
                            problem=problem,
                        )
                    manifest.update(found)
                else:
                    digests, changed = chain.scan(live, stage, only)
            _private_dir(partial)
            source_attachments = paths.attachments_dir(db_path)
            if source_attachments.is_dir():
                _copy_attachments(source_attachments, paths.attachments_dir(partial / DB_NAME), previous)

            def check(db_file: Path, first: bool) -> str | None:
                # Read through the folder's own name for the file: its attachments are beside it.
                shown = partial / DB_NAME
                if not shown.exists():
                    os.link(db_file, shown)  # the newest backup: a whole file SQLite opens
                if first_generation:  # its moment was checked; the copy, read back, is that moment
                    return _copy_problem(shown, source_attachments)
                problem, found = _verify_new(shown, previous[1] if previous else None, first or full_check)
                manifest.update(found)
                return problem

            _link_heads(root, chain, unlink_all=True)  # no folder shows the head while it changes
            try:
                gen = chain.roll_forward(stage, live, digests, changed, check)
            except backup_chain.NotVerified as exc:
                raise UserError(
                    "The backup in {final} did not verify ({problem}); the store itself is unchanged.",
                    final=final,
                    # the check's own words (a Message), said in the reader's language
                    problem=exc.args[0] if exc.args else exc,
                ) from exc
            finally:
                stage.unlink(missing_ok=True)
                _link_heads(root, chain)
            _write_private(partial / GENERATION, json.dumps({"generation": gen}))
            _write_private(partial / MANIFEST, json.dumps(manifest))
            # Rename last: a crash never leaves a half backup that looks complete.
            os.replace(partial, final)
    except (OSError, sqlite3.Error) as exc:
        _clean_up_failed(partial, chain)
        raise UserError(_backup_failure(exc, root)) from exc
    except BaseException:
        _clean_up_failed(partial, chain)
        raise
    prune(db_path)
    return BackupInfo(final, kind, now)


def _clean_up_failed(partial: Path, chain: backup_chain.Chain) -> None:
    """A failed backup leaves nothing: its folder, and a chain whose first generation never came."""
    shutil.rmtree(partial, ignore_errors=True)
    if chain.state() is None:
        shutil.rmtree(chain.dir, ignore_errors=True)


def verify_backup(folder: Path) -> Message | None:
    """None when the backup's database is intact and its evidence chains verify, else the problem."""
    gen = generation_of(folder)
    if gen is None:
        return _verify_file(folder / DB_NAME)
    chain = backup_chain.Chain(folder.parent)
    shown = folder / DB_NAME
    if chain.head_is_whole(gen) and shown.is_file() and os.path.samefile(shown, chain.head):
        return _verify_file(shown)
    with _materialised(chain, gen, folder) as db_file:
        return _verify_file(db_file)


def generation_of(folder: Path) -> int | None:
    """The chain generation a backup folder names; None for a backup that is a whole copy."""
    try:
        gen = json.loads((folder / GENERATION).read_text()).get("generation")
    except (OSError, ValueError, AttributeError):
        return None
    return gen if isinstance(gen, int) else None


@contextlib.contextmanager
def _materialised(chain: backup_chain.Chain, gen: int, folder: Path):
    """A generation as a whole temporary file (a copy of the head undone back to it), in a folder
    of its own beside the chain with the backup's attachments reachable beside the file."""
    temporary = chain.dir.parent / f".materialised-{gen}-{os.getpid()}"
    try:
        _private_dir(temporary)
        target = temporary / DB_NAME
        try:
            chain.materialise(gen, target)
        except FileNotFoundError as exc:
            raise UserError("The backup is gone from its chain ({problem}).", problem=exc) from exc
        attachments = paths.attachments_dir(folder / DB_NAME)
        if attachments.is_dir():
            paths.attachments_dir(target).symlink_to(attachments.resolve(), target_is_directory=True)
        yield target
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _verify_file(db_file: Path) -> Message | None:
    if not db_file.exists():
        return Message("no database in the backup")
    if not db_file.is_file():  # a pipe or a device would block SQLite's open or feed it zeros
        return Message("its database is not a regular file")
    conn = sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return Message("not a database: {problem}", problem=exc)
    finally:
        conn.close()
    if result != "ok":
        return Message("integrity check: {result}", result=result)
    return _verify_chains(db_file)


def _verify_new(
    db_file: Path, previous: dict | None, structural: bool, *, frozen: bool = False
) -> tuple[Message | None, dict]:
    """A new generation checked: with `structural`, the whole file's structure; then the evidence
    written since `previous` (the newest verified backup's manifest), or all of it. Without it
    the pages that changed were read back and compared (store/backup_chain.py) instead of every
    page of the file being walked. (problem or None, its manifest). The structure is checked on a
    thread beside the evidence (SQLite's C code runs without the GIL): on a big store's first
    backup each takes minutes, and the two together take little longer than the longer one."""
    structure: list = []

    def check_structure() -> None:
        try:
            structure.append(_structure_problem(db_file, frozen))
        except BaseException as exc:  # noqa: BLE001 - raised again below, on the caller's thread
            structure.append(exc)

    checker = threading.Thread(target=check_structure, name="quick-check", daemon=True)
    if structural:
        checker.start()
    try:
        problem, manifest = _evidence_problem(db_file, previous, frozen)
    except sqlite3.DatabaseError as exc:  # a file too damaged to read: the structure says why
        problem, manifest = Message("not a database: {problem}", problem=exc), {}
    finally:
        if structural:
            checker.join()
    if structural:
        found = structure[0] if structure else RuntimeError("the structure check did not finish")
        if isinstance(found, BaseException):
            raise found
        if found is not None:
            return found, {}
    return problem, manifest


@contextlib.contextmanager
def _checked_meanwhile(db_path: Path, previous: dict | None):
    """The live store's frozen moment (store/page_files.frozen, held by the caller until the block
    ends) checked on a thread while the block runs: its structure, and its evidence since
    `previous` or all of it (the chain verifier's workers read the file alone, as the freeze
    keeps it: SQLite's immutable=1). Yields a list that holds (problem or None, manifest) after."""
    checked: list = []

    def check() -> None:
        try:
            checked.append(_verify_new(db_path, previous, True, frozen=True))
        except BaseException as exc:  # noqa: BLE001 - raised again below, on the caller's thread
            checked.append(exc)

    checker = threading.Thread(target=check, name="check-moment", daemon=True)
    checker.start()
    try:
        yield checked
    finally:
        checker.join()  # before the freeze ends: the file must not change under the check
    if not checked:
        raise RuntimeError("the check of the backup's moment did not finish")
    if isinstance(checked[0], BaseException):
        raise checked[0]


def _copy_problem(db_file: Path, source_attachments: Path) -> Message | None:
    """The copy opens by itself as the database it was read back equal to (page 1 tells a rollback
    journal, store/page_files.as_backup_page), and each attachment beside it holds the bytes its
    name says (store/attachments.py names a file by its SHA-256) or else the store's own file's
    bytes: the moment's check hashed the store's files, so the copies must be those bytes."""
    try:
        conn = sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return Message("not a database: {problem}", problem=exc)
    attachments = paths.attachments_dir(db_file)
    for folder, _dirs, files in os.walk(attachments):
        for name in files:
            copy = Path(folder) / name
            if _sha256_of(copy) == name:
                continue
            source = source_attachments / copy.relative_to(attachments)
            if not source.is_file() or _sha256_of(source) != _sha256_of(copy):
                return Message("attachment {name}: its copy's bytes differ", name=name)
    return None


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _structure_problem(db_file: Path, frozen: bool = False) -> Message | None:
    mode = "?mode=ro&immutable=1" if frozen else "?mode=ro"  # frozen: the file alone (_checked_meanwhile)
    conn = sqlite3.connect(f"{db_file.resolve().as_uri()}{mode}", uri=True)
    try:
        # quick_check: every page, b-tree and record well formed — O(size), where integrity_check
        # also cross-checks every index entry (ten times as long on a big store).
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return Message("not a database: {problem}", problem=exc)
    finally:
        conn.close()
    return None if result == "ok" else Message("integrity check: {result}", result=result)


def _evidence_problem(
    db_file: Path, previous: dict | None, frozen: bool = False
) -> tuple[Message | None, dict]:
    try:
        store = connect(db_file, read_only=True, frozen=frozen)  # read as it is: never migrated
    except UserError as exc:
        return Message("not a database: {problem}", problem=exc), {}
    try:
        migrations.check_not_newer(store)
        tables = store.db.table_names()
        if "evidence_items" not in tables:
            return None, {}  # a backup taken before the evidence log existed (pre-migration)
        manifest = _marks(store, "head_log" in tables)
        if _goes_on_from(store, previous, manifest):
            report = chain_verify.verify_since(
                store, previous["item"], previous["message"], previous["log_n"]
            )
        else:
            report = chain_verify.verify_store(store)
    finally:
        store.close()
    if report.ok:
        return None, manifest
    first = report.problems[0]
    return Message(
        "evidence chain {chain} item {seq}: {problem}",
        chain=first.chain_key,
        seq=first.seq,
        problem=first.message,
    ), {}


def _marks(store, has_log: bool) -> dict:
    """How far a verification goes: the newest evidence item, message and head-log entry."""
    one = store.conn.execute
    log = one("SELECT n, hash FROM head_log ORDER BY n DESC LIMIT 1").fetchone() if has_log else None
    return {
        "item": one("SELECT coalesce(max(id), 0) FROM evidence_items").fetchone()[0],
        "message": one("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0],
        "log_n": log[0] if log else 0,
        "log_hash": log[1] if log else None,
    }


def _goes_on_from(store, previous: dict | None, now: dict) -> bool:
    """The copy continues the previously verified one: nothing it covered was rewound or replaced."""
    if not previous or not previous.get("log_n") or now["log_n"] < previous["log_n"]:
        return False
    if now["item"] < previous["item"] or now["message"] < previous["message"]:
        return False
    row = store.conn.execute("SELECT hash FROM head_log WHERE n = ?", (previous["log_n"],)).fetchone()
    return row is not None and row[0] == previous["log_hash"]


def _newest_verified(db_path: Path) -> tuple[BackupInfo, dict] | None:
    """The newest backup with its verification manifest (none for backups made before it existed)."""
    for backup in list_backups(db_path):
        try:
            manifest = json.loads((backup.path / MANIFEST).read_text())
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict):
            return backup, manifest
    return None


def _copy_attachments(source: Path, target: Path, previous: tuple[BackupInfo, dict] | None) -> None:
    """The attachment folder, each file hard-linked from the newest backup when it has it (a file
    is named by its SHA-256 and never rewritten), else copied."""
    earlier = paths.attachments_dir(previous[0].db_file) if previous else None

    def link_or_copy(src: str, dst: str) -> None:
        if earlier is not None:
            have = earlier / Path(src).relative_to(source)
            try:
                if have.stat().st_size == os.stat(src).st_size:
                    os.link(have, dst)
                    return
            except OSError:
                pass
        shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link_or_copy)


def _link_backup(daily: BackupInfo, kind: str, now: int) -> BackupInfo:
    """A second backup of the same moment under another kind: the daily's files hard-linked (no
    second copy the same day); copied where the file system cannot link."""
    root = daily.path.parent
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%dT%H%M%SZ")
    final = _free_name(root, f"{stamp}-{kind}")
    partial = root / f".partial-{final.name}-{os.getpid()}"

    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    try:
        shutil.copytree(daily.path, partial, copy_function=link_or_copy)
        os.chmod(partial, 0o700)
        os.replace(partial, final)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise UserError(_backup_failure(exc, root)) from exc
    return BackupInfo(final, kind, now)


def _verify_chains(db_file: Path) -> Message | None:
    store = connect(db_file, read_only=True)
    try:
        migrations.check_not_newer(store)
        if "evidence_items" not in store.db.table_names():
            return None  # a backup taken before the evidence log existed (pre-migration)
        report = chain_verify.verify_store(store)
    finally:
        store.close()
    if report.ok:
        return None
    first = report.problems[0]
    return Message(
        "evidence chain {chain} item {seq}: {problem}",
        chain=first.chain_key,
        seq=first.seq,
        problem=first.message,
    )


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Every complete backup of this store, newest first."""
    root = paths.backups_dir(db_path)
    found = []
    if root.is_dir():
        for folder in root.iterdir():
            if folder.name.startswith(".") or not (
                (folder / DB_NAME).exists() or (folder / GENERATION).exists()
            ):
                continue
            stamp, _, kind = folder.name.partition("-")
            kind = kind.split(".")[0]
            try:
                created = int(datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp())
            except ValueError:
                continue
            if kind in KINDS:
                found.append(BackupInfo(folder, kind, created))
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def prune(db_path: Path) -> list[Path]:
    removed = []
    root = paths.backups_dir(db_path)
    if root.is_dir():
        # A backup killed half-way leaves a .partial folder; it never became a backup.
        for leftover in [*root.glob(".partial-*"), *root.glob(".materialised-*")]:
            if time.time() - leftover.stat().st_mtime > 3600:
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)
    by_kind: dict[str, list[BackupInfo]] = {}
    for backup in list_backups(db_path):
        by_kind.setdefault(backup.kind, []).append(backup)
    for kind, backups in by_kind.items():
        for old in backups[KEEP.get(kind, KEEP_OTHER) :]:
            shutil.rmtree(old.path, ignore_errors=True)
            removed.append(old.path)
    chain = backup_chain.Chain(root)
    if chain.state() is not None:
        # Generations no folder names any more: their undo files folded into the next older one.
        wanted = {generation_of(b.path) for b in list_backups(db_path)}
        with chain.locked():
            chain.recover()
            chain.drop_unreferenced({g for g in wanted if g is not None})
    return removed


def backup_if_due(conn: sqlite3.Connection, db_path: Path, now: int | None = None) -> list[BackupInfo]:
    """The automatic backup: one daily per calendar day, and a weekly one when the last is a week old."""
    now = int(time.time()) if now is None else now
    made = []
    existing = list_backups(db_path)
    today = datetime.fromtimestamp(now).date()
    weeklies = [b for b in existing if b.kind == "weekly"]
    weekly_due = not weeklies or now - weeklies[0].created_at >= WEEK
    if not any(b.kind == "daily" and datetime.fromtimestamp(b.created_at).date() == today for b in existing):
        # The day a weekly is made its file gets SQLite's structural check in full, once a week.
        made.append(backup_store(conn, db_path, "daily", now, full_check=weekly_due))
    if weekly_due:
        todays = (
            made[:1]
            or [
                b
                for b in existing
                if b.kind == "daily" and datetime.fromtimestamp(b.created_at).date() == today
            ][:1]
        )
        if todays:
            made.append(_link_backup(todays[0], "weekly", now + (1 if made else 0)))
            prune(db_path)
        else:
            made.append(backup_store(conn, db_path, "weekly", now, full_check=True))
    return made


def restore_backup(backup: BackupInfo, db_path: Path, now: int | None = None) -> BackupInfo | None:
    """Replace the store at `db_path` with `backup`, after backing up what is there now.

    The caller must have closed its own connections to the store. Returns the pre-restore backup
    (None when there was no store to save)."""
    gen = generation_of(backup.path)
    with contextlib.ExitStack() as stack:
        if gen is None:
            source_file = backup.db_file
        else:
            # Read from a whole copy: backing up the store first rolls the chain's head forward.
            chain = backup_chain.Chain(backup.path.parent)
            with chain.locked():
                chain.recover()
                source_file = stack.enter_context(_materialised(chain, gen, backup.path))
        problem = _verify_file(source_file)
        if problem:
            raise UserError(
                "The backup {label} is damaged ({problem}); the store was not replaced.",
                label=backup.label,
                problem=problem,
            )
        saved = _save_before_restore(db_path, now)
        source = sqlite3.connect(f"{source_file.resolve().as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(db_path)
        try:
            source.backup(target)  # page-level copy into the live file, under SQLite's own locking
        finally:
            source.close()
            target.close()
    attachments = paths.attachments_dir(db_path)
    backed_up_attachments = paths.attachments_dir(backup.db_file)
    if backed_up_attachments.is_dir():
        attachments.mkdir(parents=True, exist_ok=True)
        shutil.copytree(backed_up_attachments, attachments, dirs_exist_ok=True)
    return saved


def _save_before_restore(db_path: Path, now: int | None) -> BackupInfo | None:
    """The store as it is, backed up (pre-restore); or, when its file is gone, an empty file to
    restore into (a WAL left beside it belongs to the lost database, not this one)."""
    if db_path.exists():
        live = sqlite3.connect(db_path)
        try:
            return backup_store(live, db_path, "pre-restore", now)
        finally:
            live.close()
    for leftover in (db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))
    return None


def _backup_failure(exc: OSError | sqlite3.Error, root: Path) -> Message:
    """Why a backup could not be written, in words: a full disk and a read-only folder first."""
    text = str(exc).lower()
    number = getattr(exc, "errno", None)
    if (
        number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
        or "full" in text
        or ("i/o" in text and disk_is_full(root))
    ):
        return Message(
            "The disk holding {root} is full; no backup was written and the store is unchanged.", root=root
        )
    if number in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text:
        return Message(
            "The backup folder {root} cannot be written (read-only); no backup was written and the store is unchanged.",
            root=root,
        )
    return Message(
        "Could not write a backup to {root}: {problem}.",
        root=root,
        problem=os_problem(exc),
    )


def _free_name(root: Path, name: str) -> Path:
    """Two backups of one kind in the same second get distinct folders (…-manual, …-manual.2)."""
    candidate, number = root / name, 1
    while candidate.exists():
        number += 1
        candidate = root / f"{name}.{number}"
    return candidate


def _link_heads(root: Path, chain: backup_chain.Chain, unlink_all: bool = False) -> None:
    """The newest generation's folders show the chain's head as their `store.db` (a hard link: a
    file SQLite opens directly); every other generation's folder shows none, since the head is
    rolled forward in place."""
    state = chain.state()
    for folder in root.iterdir() if root.is_dir() else ():
        gen = generation_of(folder) if not folder.name.startswith(".") else None
        if gen is None:
            continue
        shown = folder / DB_NAME
        if unlink_all or not chain.head_is_whole(gen):
            shown.unlink(missing_ok=True)
        elif state is not None and not shown.exists():
            with contextlib.suppress(OSError):
                os.link(chain.head, shown)


def _write_private(path: Path, text: str) -> None:
    with os.fdopen(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600), "w") as out:
        out.write(text + "\n")


def _private_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
