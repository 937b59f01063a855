"""Measure 7: exporting the evidence bundle (ZIP with PDF) of an order with 2 000 messages and 20 images."""

from __future__ import annotations

from pathlib import Path

from benchmarks.measures.common import Figure, cpu_timed, median
from benchmarks.synthetic import NOW
from seller_assistant.core.bundle import build_bundle
from seller_assistant.core.bundle_model import BundleOptions
from seller_assistant.store import bundle_data, shops


def measure_bundle(store, order_no: str, work: Path, runs: int) -> list[Figure]:
    shop_id = shops.require_shop(store)
    order_id = bundle_data.order_id_for_number(store, shop_id, order_no)
    out = work / "bundle.zip"

    def export():
        return build_bundle(bundle_data.gather_order(store, order_id), BundleOptions(created_at=NOW), out)

    timings = [cpu_timed(export)[:2] for _ in range(runs)]
    seconds = [wall for wall, _ in timings]
    data = bundle_data.gather_order(store, order_id)
    size = out.stat().st_size / 2**20
    out.unlink(missing_ok=True)
    value = median(seconds)
    return [
        Figure(
            "bundle_export",
            "7. evidence bundle export",
            value,
            "s",
            target="≤ 5 s",
            passed=value <= 5,
            samples=seconds,
            note=f"{len(data.messages):,} messages, {len(data.attachments)} images, "
            f"{len(data.chain):,} chain items, {size:.1f} MB ZIP",
            cpu_value=median([cpu for _, cpu in timings]),
        )
    ]
