#!/usr/bin/env python3
"""How long the intent classifier takes per message (goal: ≤ 1 ms), on every labelled message.

    .venv/bin/python benchmarks/intents_speed.py

Cold: the first call of each message (features computed); the model file is loaded before timing.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from seller_assistant.core import intent_features  # noqa: E402
from seller_assistant.core.intent_corpus import read_corpus  # noqa: E402
from seller_assistant.core.intents import base_model, classify  # noqa: E402


def main() -> int:
    started = time.perf_counter()
    base_model()
    load = time.perf_counter() - started
    texts = [e.text for e in read_corpus(ROOT / "data" / "intents")]
    intent_features.features.cache_clear()
    timings = []
    for text in texts:
        began = time.perf_counter()
        classify(text)
        timings.append(time.perf_counter() - began)
    timings.sort()
    print(
        f"model load {load * 1000:.0f} ms; {len(texts)} messages: median "
        f"{statistics.median(timings) * 1e6:.0f} µs, p95 {timings[int(len(timings) * 0.95)] * 1e6:.0f} µs, "
        f"max {timings[-1] * 1e6:.0f} µs per message"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
