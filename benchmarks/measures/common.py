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
    """(wall seconds, CPU seconds of this process, result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def best_of(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall seconds of each of `runs` calls."""
    return [timed(fn)[0] for _ in range(runs)]
