"""Claim matching against public data: CLEF CheckThat! 2020 Task 2, and IWSLT'15 en-vi.

Usage::

    .venv/bin/python bench/claims.py --data ../shared/benchdata/checkthat2020 --split dev \\
        [--run FILE] [--xling ../shared/benchdata/iwslt15-en-vi] [--gate FILE]

1. The 10,375 verified claims (Snopes) become ``Document``s and are indexed with Beacon's own
   ``build_index``; the embeddings of their passages (``passage_texts``: title and text) are
   cached outside the checkout (``--cache``, ``$BEACON_BENCH_CACHE`` or
   ``~/.cache/beacon-bench``, so that CI's fresh clones on one machine share it) in chunks keyed
   by a hash of the texts and the embedder: only the first run embeds them (with ``--workers``
   processes), and an interrupted first run resumes.
2. The tweets of the split are ranked with ``ClaimIndex.search_many`` (cleaning, both retrievers
   and the re-ranker, as in the app) from their cached embeddings; MAP@1, MAP@5 and MRR are
   computed from the gold pairs as the task defines them. ``queries_per_s`` times full
   ``search`` calls (query embedding included) on the first ``--speed-queries`` tweets;
   ``ranked_per_s`` the ranking alone.
3. Cross-lingual: each Vietnamese line of IWSLT tst2012 is searched among all 1,553 English lines
   and the reverse (``--xling-every N``: every Nth line only, a quicker estimate); top-1
   accuracy counts a hit when the line found is the translation (or a line with the same text).

The re-ranker's weights come from the train split (``bench/train_matching.py``); report dev.
Progress goes to stderr; the last line of stdout is one JSON object. ``--run`` writes the
official run format (``tweet_id Q0 vclaim_id rank score tag``). ``--gate`` compares the figures
with the floors of a baseline file and exits with status 1 when one is below its floor, or 0
with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BEACON_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beacon.settings")
csv.field_size_limit(10_000_000)

TAG = "beacon"
RUN_DEPTH = 1000
# Items per embedding job and per cache file.
CHUNK = 64


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def setup() -> None:
    import django

    django.setup()
    logging.getLogger("bm25s").setLevel(logging.WARNING)


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t"))[1:]


def load_claims(data: Path) -> list:
    from beacon.factbase.matching import Document

    rows = read_tsv(data / "verified_claims.docs.tsv")
    return [Document(key=r[0], text=r[1], title=r[2], language="en") for r in rows]


def load_split(data: Path, split: str) -> tuple[list[tuple[str, str]], dict[str, set[str]]]:
    queries = [(r[0], r[1]) for r in read_tsv(data / split / "tweets.queries.tsv")]
    gold: dict[str, set[str]] = {}
    for line in (data / split / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] == "1":
            gold.setdefault(parts[0], set()).add(parts[2])
    return queries, gold


# Embedding, cached and in parallel -------------------------------------------------------


def default_cache() -> Path:
    return Path(os.environ.get("BEACON_BENCH_CACHE") or Path.home() / ".cache/beacon-bench")


def _embed_chunk(job: tuple[str, list[str]]) -> np.ndarray:
    setup()
    from beacon.factbase.matching import default_embedder, embed_claims

    kind, texts = job
    embedder = default_embedder()
    if kind == "documents":
        return np.asarray(embedder.passages(texts), dtype=np.float32)
    return embed_claims(texts, embedder)


def document_vectors(documents: Sequence, cache: Path, workers: int) -> np.ndarray:
    """The rows ``build_index`` would embed for ``documents`` (title and text vectors)."""
    from beacon.factbase.matching import passage_texts

    passages = [passage_texts(d) for d in documents]
    titles = cached_vectors("documents", [p[0] for p in passages], cache, workers)
    texts = cached_vectors("documents", [p[1] for p in passages], cache, workers)
    return np.hstack([titles, texts])


def cached_vectors(kind: str, texts: Sequence[str], cache: Path, workers: int) -> np.ndarray:
    """Embeddings of passages ("documents") or claims, from ``cache`` where already made.

    The cache holds one file per chunk of ``CHUNK`` texts, keyed by a hash of the chunk and of
    the embedder, so an interrupted first run resumes where it stopped.
    """
    from django.conf import settings

    from beacon.factbase.matching import PASSAGE_CHARS

    chunks = [list(texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)]
    paths = []
    for chunk in chunks:
        digest = hashlib.sha256(f"{kind}|{settings.BEACON_EMBEDDINGS}|{PASSAGE_CHARS}".encode())
        for text in chunk:
            digest.update(repr(text).encode())
        paths.append(cache / f"{kind}-{digest.hexdigest()[:24]}.npy")
    todo = [i for i, path in enumerate(paths) if not path.exists()]
    if todo:
        started = time.perf_counter()
        count = sum(len(chunks[i]) for i in todo)
        log(f"embedding {count} {kind} with {workers} process(es), cached in {cache}")
        cache.mkdir(parents=True, exist_ok=True)
        jobs = [(kind, chunks[i]) for i in todo]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for done, (i, part) in enumerate(
                zip(todo, pool.map(_embed_chunk, jobs), strict=True), 1
            ):
                np.save(paths[i], part)
                log(f"  {done}/{len(todo)} chunks of {CHUNK}")
        log(f"embedded {count} {kind} in {time.perf_counter() - started:.0f} s")
    if not paths:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack([np.load(path) for path in paths]).astype(np.float32)


# Measures -------------------------------------------------------------------------------


def average_precision(ranked: list[str], relevant: set[str], depth: int) -> float:
    """AP@depth as the task's scorer computes it: precision at each relevant hit / |relevant|."""
    hits, total = 0, 0.0
    for position, key in enumerate(ranked[:depth], start=1):
        if key in relevant:
            hits += 1
            total += hits / position
    return total / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: list[str], relevant: set[str]) -> float:
    for position, key in enumerate(ranked, start=1):
        if key in relevant:
            return 1.0 / position
    return 0.0


def expand(candidates: list) -> list[tuple[str, float]]:
    """Ranked keys with the duplicates of each candidate right after it, at its score."""
    return [(key, c.score) for c in candidates for key in (c.key, *c.duplicates)]


def evaluate_split(
    index,
    queries: list[tuple[str, str]],
    gold: dict[str, set[str]],
    run: Path | None,
    options: argparse.Namespace,
) -> dict[str, float]:
    """MAP@1, MAP@5, MRR over the split, and the search speed.

    The figures come from ``search_many`` with the tweets' embeddings from the cache (the
    same ranking as ``search``, which cleans, embeds and ranks); ``queries_per_s`` times full
    ``search`` calls, embedding included, on the first ``--speed-queries`` tweets;
    ``ranked_per_s`` the ranking alone (``search_many`` with the embeddings known).
    """
    from beacon.factbase.matching import ClaimError, clean_claim

    usable = []
    for tweet_id, text in queries:
        try:
            usable.append((tweet_id, clean_claim(text)))
        except ClaimError as error:
            log(f"tweet {tweet_id}: {error}")
    texts = [text for _id, text in usable]
    vectors = cached_vectors("claims", texts, options.cache, options.workers)
    started = time.perf_counter()
    found = index.search_many(texts, k=RUN_DEPTH, vectors=vectors)
    ranking_elapsed = time.perf_counter() - started
    rankings = {t: [] for t, _text in queries}
    rankings.update({t: expand(c)[:RUN_DEPTH] for (t, _text), c in zip(usable, found, strict=True)})
    timed = [text for _id, text in queries[: options.speed_queries]]
    started = time.perf_counter()
    for text in timed:
        index.search(text, k=RUN_DEPTH)
    elapsed = time.perf_counter() - started
    judged = [tweet_id for tweet_id, _text in queries if tweet_id in gold]
    keys = {t: [key for key, _score in rankings[t]] for t in judged}
    if run is not None:
        with run.open("w", encoding="utf-8") as handle:
            for tweet_id, _text in queries:
                for rank, (key, score) in enumerate(rankings[tweet_id], start=1):
                    handle.write(f"{tweet_id}\tQ0\t{key}\t{rank}\t{score:.6f}\t{TAG}\n")
        log(f"run written to {run}")
    return {
        "map_at_1": float(np.mean([average_precision(keys[t], gold[t], 1) for t in judged])),
        "map_at_5": float(np.mean([average_precision(keys[t], gold[t], 5) for t in judged])),
        "mrr": float(np.mean([reciprocal_rank(keys[t], gold[t]) for t in judged])),
        "queries_per_s": len(timed) / elapsed if elapsed else 0.0,
        "ranked_per_s": len(texts) / ranking_elapsed if ranking_elapsed else 0.0,
    }


def read_lines(path: Path) -> list[str]:
    return [html.unescape(line).strip() for line in path.read_text("utf-8-sig").splitlines()]


def xling_top1(
    source: list[str],
    target: list[str],
    languages: tuple[str, str],
    options: argparse.Namespace,
) -> float:
    """Top-1 accuracy of finding each target line from its source line among all targets.

    ``--xling-every N`` searches every Nth source line only (all target lines stay in the
    index): a quicker estimate on a slow machine.
    """
    from beacon.factbase.matching import ClaimError, Document, build_index, clean_claim

    documents = [
        Document(key=str(i), text=line, language=languages[1]) for i, line in enumerate(target)
    ]
    vectors = document_vectors(documents, options.cache, options.workers)
    index = build_index(documents, vectors=vectors)
    pairs = []
    for i, line in enumerate(source):
        if i % options.xling_every:
            continue
        try:
            pairs.append((str(i), clean_claim(line)))
        except ClaimError:
            continue
    claims = [claim for _key, claim in pairs]
    claim_vectors = cached_vectors("claims", claims, options.cache, options.workers)
    found = index.search_many(claims, k=1, vectors=claim_vectors)
    hits = sum(
        1
        for (key, _claim), top in zip(pairs, found, strict=True)
        if top and key in (top[0].key, *top[0].duplicates)
    )
    log(
        f"  {languages[0]}->{languages[1]}: {hits}/{len(pairs)} lines found first "
        f"({len(source[:: options.xling_every]) - len(pairs)} lines without words skipped)"
    )
    return hits / len(pairs) if pairs else 0.0


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
        log(f"gate passed: {', '.join(f'{k} >= {v}' for k, v in floors.get(split, {}).items())}")
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/benchdata/checkthat2020")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--run", type=Path)
    parser.add_argument(
        "--xling", type=Path, default=ROOT.parent / "shared/benchdata/iwslt15-en-vi"
    )
    parser.add_argument("--gate", type=Path, help="baseline file of floors (bench/baselines/)")
    parser.add_argument("--cache", type=Path, default=default_cache())
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--xling-every", type=int, default=1, help="search every Nth line")
    parser.add_argument("--speed-queries", type=int, default=50, help="tweets timed end to end")
    args = parser.parse_args(argv)
    if not (args.data / "verified_claims.docs.tsv").exists():
        message = f"{args.data} has no verified_claims.docs.tsv: CheckThat! data absent"
        if args.gate:
            log(f"SKIPPED: {message}; the claim-matching gate did not run.")
            return 0
        parser.error(message)
    setup()
    from beacon.factbase.matching import build_index

    started = time.perf_counter()
    claims = load_claims(args.data)
    vectors = document_vectors(claims, args.cache, args.workers)
    index = build_index(claims, vectors=vectors)
    log(f"indexed {len(index)} verified claims in {time.perf_counter() - started:.0f} s")
    queries, gold = load_split(args.data, args.split)
    figures = evaluate_split(index, queries, gold, args.run, args)
    log(f"{args.split}: {figures}")
    if (args.xling / "tst2012.en").exists():
        en = read_lines(args.xling / "tst2012.en")
        vi = read_lines(args.xling / "tst2012.vi")
        figures["xling_vi_en_top1"] = xling_top1(vi, en, ("vi", "en"), args)
        figures["xling_en_vi_top1"] = xling_top1(en, vi, ("en", "vi"), args)
    else:
        log(f"{args.xling} has no tst2012.en: the cross-lingual figures are not measured")
    figures = {name: round(value, 4) for name, value in figures.items()}
    print(json.dumps(figures))
    if args.gate:
        return gate(figures, args.gate, args.split)
    return 0


if __name__ == "__main__":
    sys.exit(main())
