"""An import run's transactions: publishing sized on its own, staged rows kept exactly, the run's page cache.

Why it matters to a user: while a long import runs, a note or an agreement written from the window
waits for at most one of the import's transactions (the hostile-inputs promise: never more than a
second). Staging a row is cheap and publishing it (sealing, indexing) is not, so the batch size
staging settles on must not carry over into the first publishing transactions. Nor may any
transaction's length rest on a cost per row assumed before it: rows that cost more than the last
transaction's (a slow disk, a loaded machine, returning buyers' messages paired within their
history) must still end it within the promise. Those tests run on a simulated clock that the
publisher moves on by each row's cost: deterministic, whatever this machine's load.
"""

from __future__ import annotations

import itertools

import pytest

from seller_assistant.store import import_runs, shops
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


class _FastClock:
    """time.perf_counter for import_runs: every transaction seems to take a millisecond, so the
    pacer grows its batches as fast as it may (4× a step) whatever the machine's load."""

    def __init__(self) -> None:
        self._ticks = itertools.count()

    def perf_counter(self) -> float:
        return next(self._ticks) * 0.0005

    @staticmethod
    def sleep(_seconds: float) -> None:
        pass

    @staticmethod
    def time() -> float:
        return float(NOW_EPOCH)


def _rows(count: int, start: int = 0) -> list[tuple]:
    # The shape of a staged chat message (NewMessage's field order), Chinese text and empty fields.
    return [
        (None, None, "买家小王", "buyer", "买家小王", NOW_EPOCH + i, f"第{i}条：什么时候发货？", "pre_sale",
         "qianniu", f"{i:064x}", None, "已读", None)
        for i in range(start, start + count)
    ]  # fmt: skip


class _SimulatedClock(_FastClock):
    """import_runs' time on a simulated clock: a tenth of a millisecond a reading (staging's cost)
    plus what the publisher says its rows cost (`spend`)."""

    def __init__(self) -> None:
        self.now = 0.0

    def perf_counter(self) -> float:
        self.now += 0.0001
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def spend(self, seconds: float) -> None:
        self.now += seconds


def _transactions(calls: list[tuple[int, int]]) -> list[int]:
    """Rows per publishing transaction, from the publisher's calls as (rows published before that
    transaction, as the run it was given says; rows of the call): a transaction may call it several times."""
    rows: dict[int, int] = {}
    for before, count in calls:
        rows[before] = rows.get(before, 0) + count
    return list(rows.values())


def _costed_publisher(clock: _SimulatedClock, cost, seen: list, lengths: dict[int, float]):
    """A publisher whose rows cost `cost(n)` seconds of the simulated clock each in the n-th
    publishing transaction (from 0), noting the rows it got and each transaction's length so far
    (its rows' cost: BEGIN to the last of them)."""

    def publisher(_store, run, rows):
        lengths.setdefault(run.published, 0.0)
        spent = cost(list(lengths).index(run.published)) * len(rows)
        clock.spend(spent)
        lengths[run.published] += spent
        seen.extend(row[0] for row in rows)
        return {"inserted": len(rows)}

    return publisher


def _numbered(count: int) -> list[list[tuple]]:
    return [
        [(i, f"第{i}条") for i in range(start, min(count, start + 5000))] for start in range(0, count, 5000)
    ]


def test_the_first_publishing_transaction_measures_its_rows_instead_of_assuming_their_cost(
    store, monkeypatch
):
    # A slow computer (a spinning disk, a loaded machine): every message costs 3 ms to publish,
    # so the first transaction's planned 500 rows would hold the write lock 1.5 s.
    clock = _SimulatedClock()
    monkeypatch.setattr(import_runs, "time", clock)
    shop_id = shops.require_shop(store)
    seen: list[int] = []
    lengths: dict[int, float] = {}
    publisher = _costed_publisher(clock, lambda _nth: 0.003, seen, lengths)

    _run_id, counts = import_runs.run_import(
        store, shop_id, "chat", "chats.txt", {"now": NOW_EPOCH}, _numbered(2000), publisher, NOW_EPOCH
    )

    assert counts == {"inserted": 2000}
    assert seen == list(range(2000))  # every row once, in the file's order
    assert max(lengths.values()) < 1.0  # no other writer waits a second for the lock


def test_rows_that_suddenly_cost_ten_times_more_still_end_their_transaction_in_time(store, monkeypatch):
    # Messages at 20 µs each for three transactions, then at 200 µs each (the machine got busy,
    # or the next buyers' histories lie on cold pages): by then the pacer plans transactions of
    # 12 500 rows, which at the new cost would hold the lock 2.5 s.
    clock = _SimulatedClock()
    monkeypatch.setattr(import_runs, "time", clock)
    shop_id = shops.require_shop(store)
    seen: list[int] = []
    lengths: dict[int, float] = {}
    publisher = _costed_publisher(clock, lambda nth: 0.00002 if nth < 3 else 0.0002, seen, lengths)

    _run_id, counts = import_runs.run_import(
        store, shop_id, "chat", "chats.txt", {"now": NOW_EPOCH}, _numbered(25_000), publisher, NOW_EPOCH
    )

    assert counts == {"inserted": 25_000}
    assert seen == list(range(25_000))
    assert max(lengths.values()) < 1.0


def test_the_first_publishing_transactions_are_small_however_fast_staging_went(store, monkeypatch):
    monkeypatch.setattr(import_runs, "time", _FastClock())
    shop_id = shops.require_shop(store)
    calls: list[tuple[int, int]] = []

    def publisher(_store, run, rows):
        calls.append((run.published, len(rows)))
        return {"inserted": len(rows)}

    batches = [_rows(5000, start) for start in range(0, 40_000, 5000)]
    run_id, counts = import_runs.run_import(
        store, shop_id, "chat", "chats.txt", {"now": NOW_EPOCH}, batches, publisher, NOW_EPOCH
    )

    assert counts == {"inserted": 40_000}
    assert import_runs.get_run(store, run_id).state == import_runs.DONE
    # Staging grew to its largest transactions; publishing began again from the first size and grew
    # from there, four times a step at most.
    published = _transactions(calls)
    assert published[0] == import_runs.Pacer().size
    assert all(later <= 4 * earlier for earlier, later in itertools.pairwise(published[:-1]))
    assert sum(published) == 40_000


def test_staged_rows_come_back_to_the_publisher_exactly_as_staged(store):
    shop_id = shops.require_shop(store)
    staged = _rows(3) + [(7, "3912345678901234567", "", "seller", "客服小美", 0, 'a "quoted" \\ line\n二', None,
                           "paste", "f" * 64, "tpl-1", None, "撤回了一条消息")]  # fmt: skip
    seen: list[list] = []

    def publisher(_store, _run, rows):
        seen.extend(rows)
        return {"inserted": len(rows)}

    import_runs.run_import(
        store, shop_id, "chat", "chats.txt", {"now": NOW_EPOCH}, [staged], publisher, NOW_EPOCH
    )

    assert [tuple(row) for row in seen] == staged


@pytest.mark.sqlite_only(
    reason="SQLite's page cache of the import's connection; PostgreSQL's server keeps its own"
)
@pytest.mark.sqlite_only(
    reason="SQLite's page cache of the connection; PostgreSQL's server keeps its own buffers"
)
def test_the_import_connection_has_a_big_page_cache_only_while_the_run_is_written(store):
    shop_id = shops.require_shop(store)
    before = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    during: list[int] = []

    def publisher(store_, _run, rows):
        during.append(store_.conn.execute("PRAGMA cache_size").fetchone()[0])
        return {"inserted": len(rows)}

    import_runs.run_import(
        store, shop_id, "chat", "chats.txt", {"now": NOW_EPOCH}, [_rows(10)], publisher, NOW_EPOCH
    )

    assert during == [-import_runs.IMPORT_CACHE_KIB]
    assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == before
