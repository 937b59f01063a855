"""Verifying every evidence chain of the store in one pass, split by id range over two processes.

Each item is read once, joined to its message, in id order: its content is re-hashed against its
content_hash, its seal against its own prev_hash, and — when the item before it in its chain was
in the same range — its place in the chain (seq, prev_hash). Items are appended to their chain in
seq order, so id order is chain order within each chain. The first item of each chain in a range
is placed after the chain's item before the range, looked up where the range was verified (ranges
of at most RANGE_MAX_ITEMS, so no process holds every chain of a big store at once); a chain
whose ids do not follow its seqs (only possible if rows were rewritten behind the store's back)
is re-checked by itself in seq order. The result is exactly the item-by-item walk in
(chain_key, seq) order that core/evidence.py describes: per chain, the first item that does not
match (its content before its seal when both fail).
"""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing import connection

from seller_assistant.core import processes
from seller_assistant.core.chain_report import ChainProblem, StoreVerifyReport
from seller_assistant.core.evidence import (
    GENESIS,
    SEALED_COLUMNS,
    content_hash_of_row,
    link_hash,
    message_content_hash,
)
from seller_assistant.core.plain_files import NotPlainFileError, open_plain
from seller_assistant.store import anchors, dialect, head_log
from seller_assistant.store.connection import Store, connect

# Below this many items one process verifies faster than starting two (~0.3 s each).
PARALLEL_MIN_ITEMS = 150_000
WORKERS = 2
_PARTS = 8  # ranges handed out: progress is reported as each one finishes
# A range's chains (their first and last items) are held while it is verified: a process holds
# the chains of this many items at a time, not of the whole store (issue 20: 711 MB at 10 M items).
RANGE_MAX_ITEMS = 500_000
_MESSAGE_COLUMNS = SEALED_COLUMNS["message"][1]
_OTHER_TYPES = tuple(t for t in SEALED_COLUMNS if t not in ("message", "link"))


@dataclass
class RangeResult:
    """What one id range says. `heads`: per chain, its first item here as (seq, prev_hash,
    item_type, item_id, seal_ok), not yet placed; `lasts`: its last (seq, hash) here."""

    items: int = 0
    problems: dict[str, ChainProblem] = field(default_factory=dict)
    heads: dict[str, tuple] = field(default_factory=dict)
    lasts: dict[str, tuple] = field(default_factory=dict)
    disordered: set[str] = field(default_factory=set)
    messages_missing: bool = False
    chains: int = 0  # placed (`_place`): the chains whose first item is in this range


def verify_store(
    store: Store, progress: Callable[[int, int], None] | None = None, *, here: bool = False
) -> StoreVerifyReport:
    """Re-compute every chain from the item tables and re-hash every attachment file. Per chain,
    the first item that does not match is reported. One pass, on two processes for a big store;
    `here`: on this connection only, for rows a worker's own connection cannot see yet (a store
    being moved in, inside its one transaction: store/move_in.py)."""
    total, low, high = store.conn.execute("SELECT count(*), min(id), max(id) FROM evidence_items").fetchone()
    parallel = not here and total >= PARALLEL_MIN_ITEMS and processes.may_spawn()
    parts = max(_PARTS if parallel else 1, -(-total // RANGE_MAX_ITEMS))
    ranges = _split(low, high + 1, parts) if total else []
    return verify_in_parts(store, ranges, total, parallel, progress)


def verify_in_parts(
    store: Store,
    ranges: list[tuple[int, int]],
    total: int,
    in_workers: bool,
    progress: Callable[[int, int], None] | None = None,
) -> StoreVerifyReport:
    """verify_store over these consecutive id ranges, in worker processes or here."""
    results = _in_workers(store, ranges, total, progress) if in_workers and ranges else []
    if ranges and not results:
        done = 0

        def report(count: int) -> None:
            if progress:
                progress(min(done + count, total), total)

        for part in ranges:
            results.append(_place(store, verify_range(store, *part, report), part[0]))
            done += results[-1].items
    first_bad, chains, messages_missing = _stitch(store, results)
    for problem in _unsealed_items(store, messages_missing):
        _note(first_bad, problem)
    for chain_key, seq, why in head_log.problems(store) if _has_table(store, "head_log") else ():
        _note(first_bad, ChainProblem(chain_key, seq if type(seq) is int else None, "head_log", None, why))
    for chain_key, n, why in anchors.problems(store):
        _note(first_bad, ChainProblem(chain_key, n, "head_log", None, why))
    if progress:
        progress(total, total)
    problems = sorted(first_bad.values(), key=lambda p: (p.chain_key, p.seq or 0))
    return StoreVerifyReport(not problems, chains, total, problems, anchors.latest(store))


def verify_since(store: Store, after_id: int, after_message_id: int, after_log_n: int) -> StoreVerifyReport:
    """verify_store for what was added since a verified copy of this store whose newest item was
    `after_id`, newest message `after_message_id` and newest head-log entry `after_log_n` (the
    caller checked that entry is unchanged): the items after it, each stitched to the item before
    it in its chain; the messages after it sealed; the head log's newer entries. Items are only
    ever appended, so the older ones are the ones already verified."""
    total, high = store.conn.execute(
        "SELECT count(*), max(id) FROM evidence_items WHERE id > ?", (after_id,)
    ).fetchone()
    results = [verify_range(store, after_id + 1, high + 1)] if total else []
    seeded = RangeResult()  # each touched chain's item before the new ones, as verified then
    for chain_key, (seq, *_rest) in results[0].heads.items() if results else ():
        if type(seq) is int and seq > 1:
            row = store.conn.execute(
                "SELECT seq, hash FROM evidence_items WHERE chain_key = ? AND seq = ? AND id <= ?",
                (chain_key, seq - 1, after_id),
            ).fetchone()
            # Not there: the item before is missing (said as such by the stitch below).
            seeded.lasts[chain_key] = tuple(row) if row is not None else (seq - 2, "")
    first_bad, _chains, messages_missing = _stitch(store, [seeded, *results])
    touched = sorted(results[0].lasts) if results else []
    for problem in _unsealed_items(store, messages_missing, after_message_id):
        _note(first_bad, problem)
    if _has_table(store, "head_log"):
        for chain_key, seq, why in head_log.problems_since(store, after_log_n, touched):
            _note(
                first_bad, ChainProblem(chain_key, seq if type(seq) is int else None, "head_log", None, why)
            )
    for chain_key, n, why in anchors.problems(store):  # a timestamp a day: all of them, cheaply
        _note(first_bad, ChainProblem(chain_key, n, "head_log", None, why))
    problems = sorted(first_bad.values(), key=lambda p: (p.chain_key, p.seq or 0))
    return StoreVerifyReport(not problems, len(touched), total, problems, anchors.latest(store))


def _split(start: int, end: int, parts: int) -> list[tuple[int, int]]:
    step = max(1, -(-(end - start) // parts))
    return [(lo, min(lo + step, end)) for lo in range(start, end, step)]


def _note(first_bad: dict[str, ChainProblem], problem: ChainProblem) -> None:
    """Keep each chain's problem with the lowest seq; on a tie the one noted first."""
    known = first_bad.get(problem.chain_key)
    if known is None or (problem.seq or 0) < (known.seq or 0):
        first_bad[problem.chain_key] = problem


# ---- one range -------------------------------------------------------------------------------


def verify_range(
    store: Store, start: int, end: int, progress: Callable[[int], object] | None = None
) -> RangeResult:
    """Check the items with start <= id < end."""
    result = RangeResult()
    first_bad, heads, lasts, disordered = result.problems, result.heads, result.lasts, result.disordered
    cursor = store.conn.execute(
        f"SELECT ei.chain_key, ei.seq, ei.item_type, ei.item_id, ei.content_hash, ei.prev_hash, ei.hash, {_by(store)},"
        f" {', '.join('m.' + c for c in _MESSAGE_COLUMNS)} FROM evidence_items ei"
        " LEFT JOIN messages m ON m.id = ei.item_id AND ei.item_type IN ('message', 'link')"
        " WHERE ei.id >= ? AND ei.id < ? ORDER BY ei.id",
        (start, end),
    )
    done = 0
    hash_message = message_content_hash
    while batch := cursor.fetchmany(5000):
        for (
            chain_key,
            seq,
            item_type,
            item_id,
            c_hash,
            prev_hash,
            item_hash,
            sealed_by,
            m_id,
            buyer,
            role,
            name,
            sent_at,
            text,
            supersedes,
        ) in batch:
            if item_type == "message" or item_type == "link":
                # The hand-written hash assumes the column types the store writes; anything else
                # (a value changed behind the store's back) takes the generic path, which sees it.
                if (
                    type(m_id) is int
                    and type(sent_at) is int
                    and type(buyer) is str
                    and type(role) is str
                    and type(name) is str
                    and type(text) is str
                    and (supersedes is None or type(supersedes) is int)
                ):
                    why = (
                        None
                        if hash_message(item_type, m_id, buyer, role, name, sent_at, text, supersedes)
                        == c_hash
                        else _CHANGED
                    )
                else:
                    why = _message_problem(
                        item_type, c_hash, [m_id, buyer, role, name, sent_at, text, supersedes]
                    )
                if why:
                    _note(first_bad, ChainProblem(chain_key, seq, item_type, item_id, why))
                    result.messages_missing |= why == _MISSING and item_type == "message"
            seal_ok = item_hash == link_hash(prev_hash, c_hash, item_type, seq, sealed_by)
            if type(seq) is not int:
                disordered.add(chain_key)  # not even a number: the chain is re-checked by itself
                continue
            last = lasts.get(chain_key)
            lasts[chain_key] = (seq, item_hash)
            if last is None:
                heads[chain_key] = (seq, prev_hash, item_type, item_id, seal_ok)
                continue
            if seq == last[0] + 1 and seal_ok and prev_hash == last[1]:
                continue  # the usual case, in full below
            if seq <= last[0]:
                disordered.add(chain_key)  # ids do not follow seqs: re-checked by itself
                continue
            why = _link_problem(seq, prev_hash, seal_ok, last)
            if why:
                _note(first_bad, ChainProblem(chain_key, seq, item_type, item_id, why))
        if progress and (done + len(batch)) // 50_000 > done // 50_000:
            progress(done + len(batch))
        done += len(batch)
    result.items = done
    file_ok: dict[str, str | None] = {}
    for item_type in _OTHER_TYPES:
        for problem in _check_contents(store, item_type, file_ok, "ei.id >= ? AND ei.id < ?", (start, end)):
            _note(first_bad, problem)
    return result


_MISSING = "the sealed item is missing"
_CHANGED = "changed after it was sealed"


def _message_problem(item_type: str, recorded: str, values: list) -> str | None:
    if values[0] is None:
        return _MISSING
    try:
        recomputed = content_hash_of_row(item_type, dict(zip(_MESSAGE_COLUMNS, values, strict=True)))
    except (TypeError, ValueError):  # e.g. a column now holds bytes
        recomputed = None
    return None if recomputed == recorded else _CHANGED


def _link_problem(seq, prev_hash: str, seal_ok: bool, last: tuple) -> str | None:
    """Why an item does not follow `last`, the (seq, hash) recorded for the item before it.
    Checking goes on from the recorded values, so one bad item is reported once."""
    expected_seq = last[0] + 1
    if seq != expected_seq:
        return f"item {expected_seq} of the chain is missing"
    if prev_hash != last[1]:
        return "does not follow the previous item"
    if not seal_ok:
        return "its seal was altered"
    return None


def _check_contents(
    store: Store, item_type: str, file_ok: dict, where: str, params: tuple
) -> Iterable[ChainProblem]:
    """Content problems of the items of one (non-message) type: a handful next to the messages."""
    table, columns = SEALED_COLUMNS[item_type]
    if not _has_table(store, table):  # a store (or its backup) from before this item type existed
        return
    select = ", ".join(f"t.{c}" for c in columns)
    cursor = store.conn.execute(
        f"SELECT ei.chain_key, ei.seq, ei.item_id, ei.content_hash, {select} FROM evidence_items ei"
        f" LEFT JOIN {table} t ON t.id = ei.item_id WHERE ei.item_type = ? AND {where}",
        (item_type, *params),
    )
    sha_index = columns.index("sha256") if item_type == "attachment" else None
    for chain_key, seq, item_id, recorded, *values in cursor:
        if values[0] is None:
            yield ChainProblem(chain_key, seq, item_type, item_id, _MISSING)
            continue
        try:
            recomputed = content_hash_of_row(item_type, dict(zip(columns, values, strict=True)))
        except (TypeError, ValueError):
            recomputed = None
        if recomputed != recorded:
            yield ChainProblem(chain_key, seq, item_type, item_id, _CHANGED)
        elif sha_index is not None and (why := _attachment_file_problem(store, values[sha_index], file_ok)):
            yield ChainProblem(chain_key, seq, item_type, item_id, why)


def _by(store: Store) -> str:
    """The column naming who sealed an item (migration 018, inside its seal), or NULL for a store
    or backup from before it: every item there has a seal of version 1."""
    return "ei.sealed_by" if dialect.column_exists(store.conn, "evidence_items", "sealed_by") else "NULL"


def _has_table(store: Store, table: str) -> bool:
    return dialect.table_exists(store.conn, table)


def _attachment_file_problem(store: Store, sha256: str, cache: dict) -> str | None:
    if sha256 not in cache:
        path = store.attachments_dir / sha256[:2] / sha256
        try:
            digest = hashlib.sha256()
            with open_plain(path) as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
            cache[sha256] = None if digest.hexdigest() == sha256 else "its file's bytes were changed"
        except FileNotFoundError:
            cache[sha256] = "its file is missing from the attachment folder"
        except NotPlainFileError:
            cache[sha256] = "its file in the attachment folder is not a plain file (a pipe or a device)"
        except OSError as exc:
            cache[sha256] = f"its file cannot be read ({exc.strerror})"
    return cache[sha256]


# ---- stitching the ranges ------------------------------------------------------------------


def _place(store: Store, result: RangeResult, start: int) -> RangeResult:
    """Each chain's first item in the range checked against the chain's item before the range,
    read from the store, where the range was verified. Handing every chain's head and last item to
    one process to stitch made that process hold every chain of the store at once (711 MB for the
    million chains of 10 M items, issue 20); a lookup by (chain_key, seq) per chain costs less.
    The item before is the chain's highest seq below `start`: with ids in seq order that is the
    item the stitch would have placed it after, and where they are not, the chain is re-checked
    by itself in seq order (either range saw it disordered)."""
    integer = "" if store.shared else " AND typeof(seq) = 'integer'"  # seq altered into text: skipped
    before = (
        f"SELECT seq, hash FROM evidence_items WHERE chain_key = ? AND id < ?{integer}"
        " ORDER BY seq DESC LIMIT 1"
    )
    earliest = store.conn.execute("SELECT 1 FROM evidence_items WHERE id < ? LIMIT 1", (start,)).fetchone()
    for chain_key, (seq, prev_hash, item_type, item_id, seal_ok) in result.heads.items():
        row = store.conn.execute(before, (chain_key, start)).fetchone() if earliest else None
        last = (row[0], row[1]) if row is not None else (0, GENESIS)
        result.chains += row is None
        if seq <= last[0]:
            result.disordered.add(chain_key)
            continue
        why = _link_problem(seq, prev_hash, seal_ok, last)
        if why:
            _note(result.problems, ChainProblem(chain_key, seq, item_type, item_id, why))
    result.heads, result.lasts = {}, {}
    return result


def _stitch(store: Store, results: list[RangeResult]) -> tuple[dict[str, ChainProblem], int, bool]:
    """Place each range's first item of each chain after the chain's last item in earlier ranges."""
    first_bad: dict[str, ChainProblem] = {}
    lasts: dict[str, tuple] = {}
    disordered: set[str] = set()
    for result in results:
        for problem in result.problems.values():
            _note(first_bad, problem)
        disordered |= result.disordered
        for chain_key, (seq, prev_hash, item_type, item_id, seal_ok) in result.heads.items():
            last = lasts.get(chain_key, (0, GENESIS))
            if type(seq) is not int or seq <= last[0]:
                disordered.add(chain_key)
                continue
            why = _link_problem(seq, prev_hash, seal_ok, last)
            if why:
                _note(first_bad, ChainProblem(chain_key, seq, item_type, item_id, why))
        lasts.update(result.lasts)
    for chain_key in sorted(disordered):
        first_bad.pop(chain_key, None)
        problem = _verify_chain_in_order(store, chain_key)
        if problem:
            first_bad[chain_key] = problem
    chains = len(lasts) + sum(r.chains for r in results)
    return first_bad, chains, any(r.messages_missing for r in results)


def _verify_chain_in_order(store: Store, chain_key: str) -> ChainProblem | None:
    """One chain walked in seq order, content first then links: its first problem."""
    first_bad: dict[str, ChainProblem] = {}
    rows = store.conn.execute(
        f"SELECT ei.id, ei.seq, ei.item_type, ei.item_id, ei.content_hash, ei.prev_hash, ei.hash, {_by(store)},"
        f" {', '.join('m.' + c for c in _MESSAGE_COLUMNS)} FROM evidence_items ei"
        " LEFT JOIN messages m ON m.id = ei.item_id AND ei.item_type IN ('message', 'link')"
        " WHERE ei.chain_key = ? ORDER BY ei.seq",
        (chain_key,),
    ).fetchall()
    for _id, seq, item_type, item_id, c_hash, _prev, _hash, _by_name, *values in rows:
        if item_type == "message" or item_type == "link":
            why = _message_problem(item_type, c_hash, values)
            if why:
                _note(first_bad, ChainProblem(chain_key, seq, item_type, item_id, why))
    file_ok: dict[str, str | None] = {}
    for item_type in _OTHER_TYPES:
        for problem in _check_contents(store, item_type, file_ok, "ei.chain_key = ?", (chain_key,)):
            _note(first_bad, problem)
    last = (0, GENESIS)
    for _id, seq, item_type, item_id, c_hash, prev_hash, item_hash, sealed_by, *_values in rows:
        if type(seq) is not int:  # rewritten behind the store's back: name the chain, do not crash
            _note(
                first_bad,
                ChainProblem(
                    chain_key,
                    last[0] + 1,
                    item_type,
                    item_id,
                    f"its item number {seq!r} is not a number (the chain record was altered)",
                ),
            )
            break
        seal_ok = item_hash == link_hash(prev_hash, c_hash, item_type, seq, sealed_by)
        why = _link_problem(seq, prev_hash, seal_ok, last)
        if why:
            _note(first_bad, ChainProblem(chain_key, seq, item_type, item_id, why))
        last = (seq, item_hash)
    return first_bad.get(chain_key)


def _unsealed_items(
    store: Store, messages_missing: bool, after_message_id: int = 0
) -> Iterable[ChainProblem]:
    """Evidence rows that were never sealed: written around the store API (or sealed then the
    chain rows were removed). Messages only after `after_message_id` (the others were verified)."""
    for item_type, table in (
        ("message", "messages"),
        ("agreement", "agreements"),
        ("attachment", "attachments"),
        ("correction", "corrections"),
    ):
        if not _has_table(store, table):
            continue
        after = after_message_id if item_type == "message" else 0
        if item_type == "message" and not after and not messages_missing and _every_message_sealed(store):
            continue
        for (item_id,) in store.conn.execute(
            f"SELECT id FROM {table} t WHERE t.id > ? AND NOT EXISTS (SELECT 1 FROM evidence_items ei"
            f" WHERE ei.item_type = ? AND ei.item_id = t.id) LIMIT 100",
            (after, item_type),
        ):
            yield ChainProblem(f"{table}:{item_id}", None, item_type, item_id, "was never sealed")


def _every_message_sealed(store: Store) -> bool:
    """As many distinct sealed message ids as messages — and none of those ids missing from the
    messages table (the caller knows) — means every message is sealed. Two index scans instead
    of probing the evidence index once per message."""
    messages = store.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    sealed = store.conn.execute(
        "SELECT count(DISTINCT item_id) FROM evidence_items WHERE item_type = 'message'"
    ).fetchone()[0]
    return sealed == messages


# ---- two processes -------------------------------------------------------------------------


def _in_workers(
    store: Store, ranges: list[tuple[int, int]], total: int, progress: Callable[[int, int], None] | None
) -> list[RangeResult]:
    """The ranges verified by WORKERS processes, results in range order; [] if they could not run."""
    started = []
    finished = False
    try:
        for k in range(WORKERS):
            worker = processes.start(
                run_worker, str(store.location), ranges[k::WORKERS], store.frozen, name="chain-verifier"
            )
            if worker is None:
                return []
            started.append(worker)
        results: dict[tuple[int, int], RangeResult] = {}
        done = 0
        waiting = [conn for _worker, conn in started]
        while waiting:
            for conn in connection.wait(waiting):
                kind, payload = conn.recv()
                if kind == "range":
                    part, result = payload
                    results[part] = result
                    done += result.items
                    if progress:
                        progress(min(done, total), total)
                elif kind == "done":
                    waiting.remove(conn)
                else:
                    return []
        finished = True
        return [results[part] for part in ranges]
    except (EOFError, OSError):
        return []
    finally:  # on any way out but the normal one (a failure, the user cancelling) stop them now
        for worker, conn in started:
            processes.stop(worker, conn, finished)


def run_worker(
    conn, parent_pid: int, db_path: str, ranges: list[tuple[int, int]], frozen: bool = False
) -> None:
    """A verifier process: its share of the ranges, one result per range as it finishes. `frozen`:
    the file alone, as the parent reads it (a backup's frozen moment, store/page_files.py)."""
    processes.become_worker(parent_pid)
    try:
        # The parent has the store open and up to date: read it as it is.
        with connect(db_path, read_only=True, frozen=frozen) as store:
            for part in ranges:
                conn.send(("range", (part, _place(store, verify_range(store, *part), part[0]))))
        conn.send(("done", None))
    except (BrokenPipeError, EOFError, ConnectionError):
        pass
    except BaseException:  # noqa: BLE001 - the parent then verifies in-process
        processes.send_quietly(conn, ("lost", traceback.format_exc()))
    finally:
        conn.close()
