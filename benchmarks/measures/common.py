"""What every measure shares: a figure (value, baseline, target, verdict) and timing helpers."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass
class Figure:
    key: str
    label: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_label: str | None = None
    ratio: float | None = None  # value / baseline (for a time: how many times slower than raw)
    target: str = ""
    passed: bool | None = None  # None: informational, no target
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)
    note: str = ""
    # The same figure from this process's CPU time instead of the wall clock: on a machine shared
    # with other work the wall clock waits for a core, the CPU time does not.
    cpu_value: float | None = None

    def to_json(self) -> dict:
        return asdict(self)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def cpu_timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process and of the worker processes it waited for, result).

    Big chat imports parse in a worker process and big verifies split across two: their CPU
    counts too, or the CPU column would flatter them."""
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    result = fn()
    spent = time.process_time() - cpu + _children_cpu() - children
    return time.perf_counter() - wall, spent, result


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows: no per-child accounting; the column is this process only
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best_of(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall seconds of each of `runs` calls."""
    return [timed(fn)[0] for _ in range(runs)]
