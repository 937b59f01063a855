"""Train the intent model from data/intents/*.tsv and write resources/intents/model.json.

    .venv/bin/python tools/train_intents.py            # train, calibrate on dev, report all splits
    .venv/bin/python tools/train_intents.py --check    # report only, with the shipped model

Deterministic: the split is fixed by a hash of each message, the shuffle by a seed, so two runs on
the same data write the same file. The test split is reported, never used to choose anything.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from seller_assistant.core import intents as intents_module  # noqa: E402
from seller_assistant.core.intent_corpus import read_corpus, variants  # noqa: E402
from seller_assistant.core.intent_features import compact  # noqa: E402
from seller_assistant.core.intent_model import load_model, model_path, model_to_json  # noqa: E402
from seller_assistant.core.intent_training import Settings, evaluate, fit_temperature, train_bagged  # noqa: E402
from seller_assistant.core.lexicon import INTENTS  # noqa: E402

DATA = ROOT / "data" / "intents"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="evaluate the shipped model, write nothing")
    parser.add_argument("--misses", metavar="SPLIT", help="print the messages of this split it gets wrong")
    parser.add_argument(
        "--extra",
        metavar="FOLDER",
        type=Path,
        help="also report on the labelled *.tsv in this folder (never trained on)",
    )
    args = parser.parse_args(argv)

    examples = read_corpus(DATA)
    by_split = {
        name: [(e.text, e.intent) for e in examples if e.split == name] for name in ("train", "dev", "test")
    }
    print(f"{len(examples)} labelled messages: " + ", ".join(f"{k} {len(v)}" for k, v in by_split.items()))
    if not args.check:
        started = time.perf_counter()
        model = train_bagged(by_split["train"], INTENTS, variants, Settings())
        model.temperature = fit_temperature(model, by_split["dev"])
        meta = {
            "trained_on": len(by_split["train"]),
            "features": len(model.weights),
            "note": "written by tools/train_intents.py from data/intents/*.tsv; do not edit by hand",
        }
        path = model_path()
        path.write_text(
            json.dumps(model_to_json(model, meta), ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )
        print(
            f"trained on {len(by_split['train'])} rows (plus variants, {Settings().bags} bags) in {time.perf_counter() - started:.1f}s; "
            f"{len(model.weights)} features, temperature {model.temperature:.2f} -> {path.relative_to(ROOT)} "
            f"({path.stat().st_size // 1024} KB)"
        )
        intents_module.reset_model_cache()
    load_model()  # fails loudly if the file is unreadable
    splits = dict(by_split)
    if args.extra:
        extra = read_corpus(args.extra)
        splits["extra"] = [(e.text, e.intent) for e in extra]
        # Short common turns ("在吗", "好的") are in the corpus too; the unseen part is the harder figure.
        known = {compact(e.text) for e in examples}
        splits["unseen"] = [(e.text, e.intent) for e in extra if compact(e.text) not in known]
        for name in sorted({e.where.split(":")[0] for e in extra}):
            splits[Path(name).stem] = [(e.text, e.intent) for e in extra if e.where.startswith(name + ":")]
    for name, rows in splits.items():
        report = evaluate(lambda text: intents_module.classify(text).intent, rows, INTENTS)
        recall = ", ".join(f"{k} {v:.0%}" for k, v in report.recall.items() if report.support[k])
        print(
            f"{name:6} n={len(rows):<5} accuracy {report.accuracy:.1%}  macro-F1 {report.macro_f1:.3f}  recall: {recall}"
        )
        if args.misses in (name, "all"):
            for gold, got, text in report.misses:
                print(f"   {gold:>16} -> {got:<16} {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
