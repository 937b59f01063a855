"""Verifying a backup: SQLite's structural check and the evidence chains, in full (a restore, the
verify command) or only what changed since the newest verified backup (a new generation)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import threading
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message
from seller_assistant.store import backup_chain, chain_verify, migrations
from seller_assistant.store.backup_folders import DB_NAME, generation_of, private_dir
from seller_assistant.store.connection import connect


def verify_backup(folder: Path) -> Message | None:
    """None when the backup's database is intact and its evidence chains verify, else the problem."""
    gen = generation_of(folder)
    if gen is None:
        return verify_file(folder / DB_NAME)
    chain = backup_chain.Chain(folder.parent)
    shown = folder / DB_NAME
    if chain.head_is_whole(gen) and shown.is_file() and os.path.samefile(shown, chain.head):
        return verify_file(shown)
    with materialised(chain, gen, folder) as db_file:
        return verify_file(db_file)


@contextlib.contextmanager
def materialised(chain: backup_chain.Chain, gen: int, folder: Path):
    """A generation as a whole temporary file (a copy of the head undone back to it), in a folder
    of its own beside the chain with the backup's attachments reachable beside the file."""
    temporary = chain.dir.parent / f".materialised-{gen}-{os.getpid()}"
    try:
        private_dir(temporary)
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


def verify_file(db_file: Path) -> Message | None:
    if not db_file.exists():
        return Message("no database in the backup")
    if not db_file.is_file():  # a pipe or a device would block SQLite's open or feed it zeros
        return Message("its database is not a regular file")
    return _sqlite_check(db_file, "integrity_check") or _verify_chains(db_file)


def verify_new(
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
def checked_meanwhile(db_path: Path, previous: dict | None):
    """The live store's frozen moment (store/page_files.frozen, held by the caller until the block
    ends) checked on a thread while the block runs: its structure, and its evidence since
    `previous` or all of it (the chain verifier's workers read the file alone, as the freeze
    keeps it: SQLite's immutable=1). Yields a list that holds (problem or None, manifest) after."""
    checked: list = []

    def check() -> None:
        try:
            checked.append(verify_new(db_path, previous, True, frozen=True))
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


def copy_problem(db_file: Path, source_attachments: Path) -> Message | None:
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
            if sha256_of(copy) == name:
                continue
            source = source_attachments / copy.relative_to(attachments)
            if not source.is_file() or sha256_of(source) != sha256_of(copy):
                return Message("attachment {name}: its copy's bytes differ", name=name)
    return None


def sha256_of(path: Path) -> str:
    """A file's SHA-256 (hex), read in 1 MB pieces: an attachment's name, a dump's manifest."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _structure_problem(db_file: Path, frozen: bool = False) -> Message | None:
    # quick_check: every page, b-tree and record well formed — O(size), where integrity_check
    # also cross-checks every index entry (ten times as long on a big store).
    return _sqlite_check(db_file, "quick_check", frozen)


def _sqlite_check(db_file: Path, pragma: str, frozen: bool = False) -> Message | None:
    """SQLite's own check of the file (`integrity_check` or `quick_check`): None when it says ok."""
    mode = "?mode=ro&immutable=1" if frozen else "?mode=ro"  # frozen: the file alone (checked_meanwhile)
    conn = sqlite3.connect(f"{db_file.resolve().as_uri()}{mode}", uri=True)
    try:
        result = conn.execute(f"PRAGMA {pragma}").fetchone()[0]
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
    problem = chain_problem(report)
    return problem, {} if problem else manifest


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


def _verify_chains(db_file: Path) -> Message | None:
    store = connect(db_file, read_only=True)
    try:
        migrations.check_not_newer(store)
        if "evidence_items" not in store.db.table_names():
            return None  # a backup taken before the evidence log existed (pre-migration)
        report = chain_verify.verify_store(store)
    finally:
        store.close()
    return chain_problem(report)


def chain_problem(report) -> Message | None:
    """A chain verifier's report (store/chain_verify.py) as a backup's problem: its first, or None."""
    if report.ok:
        return None
    first = report.problems[0]
    return Message(
        "evidence chain {chain} item {seq}: {problem}",
        chain=first.chain_key,
        seq=first.seq,
        problem=first.message,
    )
