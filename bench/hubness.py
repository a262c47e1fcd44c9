"""Time and memory of the fact index's hubness step, exact against blockwise, at scale.

Usage::

    .venv/bin/python bench/hubness.py [--data ../shared/benchdata/checkthat2020] \\
        [--sizes 8192,50000] [--no-exact]

``matching._hubness`` measures how much each document is a hub among those of its language
(CSLS). Exactly it compares every pair of a language, quadratic in time; beyond
``HUB_EXACT_LIMIT`` documents it works in random blocks of at most that many. For each size
this bench takes one language of that many unit vectors: the embeddings of the CheckThat! 2020
verified claims' titles and texts from the bench cache (``bench/claims.py`` fills it), padded
with vectors drawn around them (a real vector plus noise of the spread of its neighbours,
normalised) when the size is larger, and reports per method the seconds, the peak memory
allocated (tracemalloc, which sees numpy's buffers) and, for blocks, the Spearman correlation
with the exact measure and the share of the exact 1 % largest hubs found among the block
method's 1 %. The last line of stdout is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("BEACON_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beacon.settings")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def real_vectors(data: Path, cache: Path) -> np.ndarray:
    """The unit embeddings of the CheckThat! verified claims' titles and texts (cached)."""
    import claims

    claims.setup()
    documents = claims.load_claims(data)
    rows = claims.document_vectors(documents, cache, os.cpu_count() or 1)
    vectors = np.vstack([rows[:, :384], rows[:, 384:]])
    vectors = np.unique(vectors, axis=0)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def padded(vectors: np.ndarray, size: int, seed: int = 0) -> np.ndarray:
    """``size`` unit vectors: the real ones first, then draws around randomly chosen ones."""
    if size <= len(vectors):
        return vectors[:size].astype(np.float32)
    rng = np.random.default_rng(seed)
    spread = float(np.sqrt(np.mean(np.var(vectors, axis=0)))) / 2
    bases = vectors[rng.integers(0, len(vectors), size - len(vectors))]
    noise = rng.normal(scale=spread, size=bases.shape)
    extra = bases + noise
    extra /= np.linalg.norm(extra, axis=1, keepdims=True)
    return np.vstack([vectors, extra]).astype(np.float32)


def measured(vectors: np.ndarray, exact_limit: int) -> tuple[np.ndarray, float, float]:
    """Hubness of ``vectors`` (one language), its seconds and its peak allocated MB."""
    from beacon.factbase.matching import _hubness

    languages = np.ones(len(vectors), dtype=np.int16)
    tracemalloc.start()
    started = time.perf_counter()
    result = _hubness(vectors, languages, exact_limit=exact_limit)
    elapsed = time.perf_counter() - started
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, elapsed, peak / 1e6


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ranks_a = np.argsort(np.argsort(a))
    ranks_b = np.argsort(np.argsort(b))
    return float(np.corrcoef(ranks_a, ranks_b)[0, 1])


def main(argv: Sequence[str] | None = None) -> int:
    import claims

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/benchdata/checkthat2020")
    parser.add_argument("--cache", type=Path, default=claims.default_cache())
    parser.add_argument("--sizes", default="8192,50000")
    parser.add_argument("--no-exact", action="store_true", help="skip the exact (slow) measure")
    args = parser.parse_args(argv)
    if not (args.data / "verified_claims.docs.tsv").exists():
        parser.error(f"{args.data} has no verified_claims.docs.tsv: CheckThat! data absent")
    base = real_vectors(args.data, args.cache)
    from beacon.factbase import matching

    figures: dict[str, float] = {"real_vectors": len(base)}
    for size in (int(s) for s in args.sizes.split(",")):
        vectors = padded(base, size)
        blocks, seconds, peak = measured(vectors, matching.HUB_EXACT_LIMIT)
        figures[f"blocks_{size}_s"] = round(seconds, 2)
        figures[f"blocks_{size}_mb"] = round(peak, 1)
        log(f"{size}: blocks {seconds:.1f} s, {peak:.0f} MB")
        if args.no_exact or size <= matching.HUB_EXACT_LIMIT:
            continue
        exact, seconds, peak = measured(vectors, size)
        top = max(1, size // 100)
        found = np.intersect1d(np.argsort(-exact)[:top], np.argsort(-blocks)[:top])
        figures[f"exact_{size}_s"] = round(seconds, 2)
        figures[f"exact_{size}_mb"] = round(peak, 1)
        figures[f"spearman_{size}"] = round(spearman(exact, blocks), 4)
        figures[f"top1pct_hubs_found_{size}"] = round(len(found) / top, 4)
        log(f"{size}: exact {seconds:.1f} s, {peak:.0f} MB")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
