"""Train the claim re-ranker on the CheckThat! 2020 training tweets; write its weights.

Usage: ``.venv/bin/python bench/train_matching.py [--data DIR] [--split train] [--write]``

For each training tweet, Beacon's own index gives the pooled candidates and their features
(``ClaimIndex.features``, the same the search uses). A linear model is fitted with a listwise
loss: the softmax over each tweet's pool should put its mass on the verified claim (tweets
whose claim is not in the pool teach nothing and are left out). L2 keeps the weights small.
``lexical_across`` cannot be learned from English-only data and keeps its hand-set weight.
With ``--write`` the weights go to ``beacon/factbase/matching_weights.json``; the dev split is
never read here (``bench/claims.py`` reports it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent))

from claims import (
    ROOT,
    cached_vectors,
    default_cache,
    document_vectors,
    load_claims,
    load_split,
    log,
    setup,
)

# Weight of BM25 matches across languages (names, numbers), set by hand (see the docstring):
# a tie-breaker between documents of about the same cosine, no more.
LEXICAL_ACROSS = 0.1
# Chosen by 5-fold cross-validation on train (MAP@5 0.8852, 0.8837, 0.8862, 0.8852 for
# 1e-4, 1e-3, 1e-2, 3e-2).
L2 = 1e-2


def collect(index, queries, gold, vectors) -> list[tuple[np.ndarray, np.ndarray]]:
    from beacon.factbase.matching import clean_claim

    groups = []
    for (tweet_id, text), vector in zip(queries, vectors, strict=True):
        keys, features = index.features(clean_claim(text), vector)
        labels = np.array([bool(gold.get(tweet_id, set()) & set(k)) for k in keys])
        if labels.any():
            groups.append((features, labels.astype(np.float64)))
    return groups


def loss(weights: np.ndarray, groups, columns: list[int]) -> tuple[float, np.ndarray]:
    total, gradient = 0.0, np.zeros_like(weights)
    for features, labels in groups:
        x = features[:, columns]
        scores = x @ weights
        scores -= scores.max()
        p = np.exp(scores)
        p /= p.sum()
        target = labels / labels.sum()
        total -= float(target @ np.log(p + 1e-12))
        gradient += x.T @ (p - target)
    count = len(groups)
    return total / count + L2 * float(weights @ weights), gradient / count + 2 * L2 * weights


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/benchdata/checkthat2020")
    parser.add_argument("--split", default="train")
    parser.add_argument("--cache", type=Path, default=default_cache())
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.split == "dev":
        parser.error("the re-ranker is trained on train only; dev is for reporting")
    setup()
    from beacon.factbase.matching import FEATURES, WEIGHTS_PATH, build_index, clean_claims

    claims = load_claims(args.data)
    index = build_index(claims, vectors=document_vectors(claims, args.cache, args.workers))
    queries, gold = load_split(args.data, args.split)
    cleaned = clean_claims([text for _id, text in queries])
    vectors = cached_vectors("claims", cleaned, args.cache, args.workers)
    groups = collect(index, queries, gold, vectors)
    log(f"{len(groups)} of {len(queries)} tweets have their claim in the pool")
    names = [name for name in FEATURES if name != "lexical_across"]
    columns = [FEATURES.index(name) for name in names]
    result = minimize(
        loss, np.zeros(len(names)), args=(groups, columns), jac=True, method="L-BFGS-B"
    )
    log(f"loss {result.fun:.4f} ({result.message})")
    weights = dict(zip(names, (round(float(w), 5) for w in result.x), strict=True))
    weights["lexical_across"] = LEXICAL_ACROSS
    log(json.dumps(weights, indent=1))
    if args.write:
        data = {
            "note": "learned by bench/train_matching.py on CheckThat! 2020 train; do not edit",
            "features": list(weights),
            "weights": list(weights.values()),
        }
        WEIGHTS_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        log(f"written to {WEIGHTS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
