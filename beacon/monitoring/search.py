"""The embedded search engine's parts, and what every engine shares (filters, text form).

The screens reach search through ``search_backends`` (this engine or pgvector).

- Full text: the folded text (no diacritics, lower case; Chinese, Japanese and Korean split
  into single characters) in SQLite FTS5, or in a PostgreSQL GIN index on
  ``to_tsvector('simple', search_text)``. Every word must match; newest first.
- Semantic: e5 vectors of the originals about the city in an in-process index (a float32
  matrix, with the filter columns beside it, refreshed incrementally from the database); the
  query is embedded with the ``query:`` prefix, so a Vietnamese query finds French articles.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import numpy as np
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from threadpoolctl import threadpool_limits

from beacon.monitoring.models import Article, ArticleQuerySet
from beacon.monitoring.pipeline.text import fold

# One BLAS thread: a search is one matrix-vector product of a few milliseconds, and waking a
# second BLAS thread on a busy machine cost ten times that at the 95th percentile.
threadpool_limits(limits=1, user_api="blas")

_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff])")
_WORD = re.compile(r"\w+")


def search_form(text: str) -> str:
    """How text is indexed and queried: folded, CJK characters standing alone."""
    return _CJK.sub(r" \1 ", fold(text))


@dataclass(frozen=True)
class Filters:
    """The stream's filters; empty values filter nothing."""

    language: str = ""
    country: str = ""
    media_kind: str = ""
    topic: str = ""
    prominence: int = 0
    since: datetime | None = None
    until: datetime | None = None
    source_ids: frozenset[int] = field(default_factory=frozenset)

    def apply(self, queryset: ArticleQuerySet) -> ArticleQuerySet:
        if self.language:
            queryset = queryset.filter(language=self.language)
        if self.country:
            queryset = queryset.filter(country=self.country.upper())
        if self.media_kind:
            queryset = queryset.filter(media_kind=self.media_kind)
        if self.topic:
            queryset = queryset.with_topic(self.topic)
        if self.prominence:
            queryset = queryset.filter(prominence__gte=self.prominence)
        if self.since:
            queryset = queryset.filter(seen_at__gte=self.since)
        if self.until:
            queryset = queryset.filter(seen_at__lt=self.until)
        if self.source_ids:
            queryset = queryset.filter(source_id__in=self.source_ids)
        return queryset


def _fts_query(text: str) -> str:
    words = _WORD.findall(search_form(text))
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def fulltext_ids(text: str, filters: Filters, limit: int = 50) -> list[int]:
    """Ids of articles containing every word of ``text`` (any spelling, any diacritics),
    newest first, from the main database's full-text index."""
    queryset: QuerySet[Article] = filters.apply(Article.objects.all())
    query = _fts_query(text)
    if not query:
        return []
    if connection.vendor == "postgresql":
        queryset = queryset.extra(
            where=["to_tsvector('simple', search_text) @@ plainto_tsquery('simple', %s)"],
            params=[" ".join(_WORD.findall(search_form(text)))],
        )
    else:
        queryset = queryset.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM monitoring_article_fts WHERE monitoring_article_fts MATCH %s",
                [query],
            )
        )
    return list(queryset.order_by("-seen_at").values_list("pk", flat=True)[:limit])


class VectorIndex:
    """Embeddings and filter columns in memory; exact search, or an inverted file when large.

    Below ``IVF_MIN`` vectors a search is one matrix product over the filtered rows. Above it,
    ``build_lists`` clusters the vectors (k-means on a sample) and stores each cluster as a
    contiguous slice; a search with broad filters scores the centroids, scans the ``nprobe``
    nearest clusters and the rows added since the build, and widens the probe until enough
    rows pass the filters.
    """

    IVF_MIN = 100_000
    NPROBE = 12
    # Filters that leave at most this many rows are applied before scoring, exactly.
    PREFILTER = 20_000

    # Columns kept beside the vectors, and their dtypes.
    COLUMNS = {
        "language": np.int16,
        "country": np.int16,
        "media_kind": np.int16,
        "topics": np.int64,
        "prominence": np.int8,
        "seen": np.int64,
        "source_id": np.int64,
        "alive": np.bool_,
    }

    def __init__(self) -> None:
        # ``_lock`` guards the arrays (every read and write); ``_refresh_lock`` makes one thread
        # at a time load from the database, so that threads doing the first search together
        # load each article once instead of each appending the same rows.
        self._lock = threading.RLock()
        self._refresh_lock = threading.Lock()
        self.size = 0
        self._ids = np.zeros(0, dtype=np.int64)
        self._vectors = np.zeros((0, 0), dtype=np.float32)
        self._columns: dict[str, np.ndarray] = {
            name: np.zeros(0, dtype=dtype) for name, dtype in self.COLUMNS.items()
        }
        self._codes: dict[str, dict[str, int]] = {}
        self.last_id = 0
        self.centroids: np.ndarray | None = None
        self.offsets = np.zeros(0, dtype=np.int64)
        self.clustered = 0  # rows [0, clustered) are in clusters; the rest is the tail

    @property
    def ids(self) -> np.ndarray:
        return self._ids[: self.size]

    @property
    def vectors(self) -> np.ndarray:
        return self._vectors[: self.size]

    @property
    def columns(self) -> dict[str, np.ndarray]:
        return {name: values[: self.size] for name, values in self._columns.items()}

    def _code(self, column: str, value: str) -> int:
        codes = self._codes.setdefault(column, {})
        return codes.setdefault(value, len(codes) + 1)

    def _reserve(self, needed: int, dimensions: int) -> None:
        """Room for ``needed`` rows: capacity doubles, so appending n rows copies O(n) in all
        (concatenating on every refresh copied the whole matrix each time)."""
        capacity = len(self._ids)
        if needed <= capacity and self._vectors.shape[1] == dimensions:
            return
        capacity = max(needed, 2 * capacity, 1024)
        vectors = np.zeros((capacity, dimensions), dtype=np.float32)
        if self.size:
            vectors[: self.size] = self._vectors[: self.size]
        self._vectors = vectors
        self._ids = np.resize(self._ids, capacity)
        self._columns = {
            name: np.resize(values, capacity) for name, values in self._columns.items()
        }

    def add(self, ids: np.ndarray, vectors: np.ndarray, rows: dict[str, list]) -> None:
        """Append rows: ``rows`` holds language, country, media_kind, topics, prominence,
        seen (epoch seconds) and source_id, one list each, aligned with ``ids``."""
        if not len(ids):
            return
        with self._lock:
            new = {
                "language": [self._code("language", v) for v in rows["language"]],
                "country": [self._code("country", v) for v in rows["country"]],
                "media_kind": [self._code("media_kind", v) for v in rows["media_kind"]],
                "topics": [sum(1 << self._code("topic", t) for t in ts) for ts in rows["topics"]],
                "prominence": rows["prominence"],
                "seen": rows["seen"],
                "source_id": rows["source_id"],
                "alive": [True] * len(ids),
            }
            start, end = self.size, self.size + len(ids)
            self._reserve(end, vectors.shape[1])
            self._ids[start:end] = ids
            self._vectors[start:end] = vectors
            for name, values in new.items():
                self._columns[name][start:end] = values
            self.size = end
            self.last_id = max(self.last_id, int(ids.max()))

    def delete(self, ids: list[int]) -> None:
        """Drop articles from this process's results (deleted, or their vector withdrawn)."""
        with self._lock:
            gone = np.isin(self.ids, np.asarray(ids, dtype=np.int64))
            self._columns["alive"][: self.size][gone] = False

    def build_lists(self, n_lists: int = 256, *, iterations: int = 8, seed: int = 0) -> None:
        """Cluster the vectors and reorder every array so that each cluster is one slice."""
        with self._lock:
            self._build_lists(n_lists, iterations, seed)

    def _build_lists(self, n_lists: int, iterations: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        vectors = self.vectors
        sample = vectors[rng.choice(len(vectors), min(len(vectors), 40 * n_lists), replace=False)]
        centroids = sample[rng.choice(len(sample), n_lists, replace=False)].copy()
        for _ in range(iterations):
            nearest = np.argmax(sample @ centroids.T, axis=1)
            for c in range(n_lists):
                members = sample[nearest == c]
                if len(members):
                    centre = members.mean(axis=0)
                    centroids[c] = centre / (np.linalg.norm(centre) or 1.0)
        assignment = np.concatenate(
            [
                np.argmax(vectors[i : i + 50_000] @ centroids.T, axis=1)
                for i in range(0, len(vectors), 50_000)
            ]
        )
        order = np.argsort(assignment, kind="stable")
        size = self.size
        self._ids[:size] = self._ids[:size][order]
        self._vectors[:size] = vectors[order]
        for values in self._columns.values():
            values[:size] = values[:size][order]
        counts = np.bincount(assignment, minlength=n_lists)
        self.offsets = np.concatenate([[0], np.cumsum(counts)])
        self.centroids = centroids
        self.clustered = size

    def _mask(self, filters: Filters) -> np.ndarray | None:
        """Which rows pass the filters; None when nothing is filtered."""
        cols = self.columns
        size = self.size
        conditions = [cols["alive"]]
        for name in ("language", "country", "media_kind"):
            value = getattr(filters, name)
            if value:
                value = value.upper() if name == "country" else value
                code = self._codes.get(name, {}).get(value)
                if code is None:
                    return np.zeros(size, dtype=bool)
                conditions.append(cols[name] == code)
        if filters.topic:
            code = self._codes.get("topic", {}).get(filters.topic)
            if code is None:
                return np.zeros(size, dtype=bool)
            conditions.append((cols["topics"] & (1 << code)) != 0)
        if filters.prominence:
            conditions.append(cols["prominence"] >= filters.prominence)
        if filters.since:
            conditions.append(cols["seen"] >= int(filters.since.timestamp()))
        if filters.until:
            conditions.append(cols["seen"] < int(filters.until.timestamp()))
        if filters.source_ids:
            conditions.append(np.isin(cols["source_id"], list(filters.source_ids)))
        if len(conditions) == 1 and conditions[0].all():
            return None
        return np.logical_and.reduce(conditions)

    def _scan(
        self, vector: np.ndarray, mask: np.ndarray | None, parts: list[slice]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Scores and row numbers of the rows in ``parts`` that pass the mask."""
        scores, rows = [], []
        for part in parts:
            if part.stop <= part.start:
                continue
            found = np.arange(part.start, part.stop)
            block = self.vectors[part] @ vector
            if mask is not None:
                keep = mask[part]
                found, block = found[keep], block[keep]
            scores.append(block)
            rows.append(found)
        if not scores:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        return np.concatenate(scores), np.concatenate(rows)

    def search(self, vector: np.ndarray, filters: Filters, k: int) -> list[tuple[int, float]]:
        """The ``k`` nearest article ids by cosine similarity among those the filters keep.

        Selective filters are applied first and the few rows left are scored exactly; broad
        ones (or none) go through the clusters, where most probed rows pass the filters.
        """
        with self._lock:
            size = self.size
            if not size:
                return []
            mask = self._mask(filters)
            passing = np.flatnonzero(mask) if mask is not None else None
            if passing is not None and (self.centroids is None or len(passing) <= self.PREFILTER):
                rows = passing
                scores = self.vectors[rows] @ vector if len(rows) else np.zeros(0, np.float32)
            elif self.centroids is None:
                scores, rows = self.vectors @ vector, np.arange(size)
            else:
                tail = slice(self.clustered, size)
                order = np.argsort(-(self.centroids @ vector))
                nprobe = self.NPROBE
                while True:
                    lists = order[:nprobe]
                    parts = [slice(int(self.offsets[c]), int(self.offsets[c + 1])) for c in lists]
                    scores, rows = self._scan(vector, mask, [*parts, tail])
                    if len(scores) >= k or nprobe >= len(order):
                        break
                    nprobe *= 4
            if not len(scores):
                return []
            k = min(k, len(scores))
            top = np.argpartition(-scores, k - 1)[:k]
            top = top[np.argsort(-scores[top])]
            return [(int(self.ids[rows[i]]), float(scores[i])) for i in top]

    def refresh(self) -> None:
        """Load the articles embedded since the last refresh, one thread at a time."""
        with self._refresh_lock:
            self._refresh()

    def _refresh(self) -> None:
        batch = 20_000
        while True:
            rows = list(
                Article.objects.filter(pk__gt=self.last_id, embedding__isnull=False)
                .order_by("pk")
                .values_list(
                    "pk", "embedding", "language", "country", "media_kind", "topics",
                    "prominence", "seen_at", "source_id",
                )[:batch]
            )  # fmt: skip
            if not rows:
                return
            ids = np.array([row[0] for row in rows], dtype=np.int64)
            vectors = np.vstack(
                [np.frombuffer(bytes(row[1] or b""), dtype=np.float32) for row in rows]
            )
            self.add(
                ids,
                vectors,
                {
                    "language": [row[2] for row in rows],
                    "country": [row[3] for row in rows],
                    "media_kind": [row[4] for row in rows],
                    "topics": [row[5] or [] for row in rows],
                    "prominence": [row[6] for row in rows],
                    "seen": [int(row[7].timestamp()) for row in rows],
                    "source_id": [row[8] for row in rows],
                },
            )


_index = VectorIndex()


def vector_index() -> VectorIndex:
    """The process's index, up to date; clustered once it is large, again when its tail is."""
    index = _index
    index.refresh()
    with index._refresh_lock:
        size = index.size
        if size >= VectorIndex.IVF_MIN and size - index.clustered > size // 10:
            index.build_lists(n_lists=min(1024, max(64, int(size**0.5) // 4)))
    return index


def forget_vector_index() -> None:
    """Start the index afresh (tests, and after articles were deleted)."""
    global _index
    _index = VectorIndex()


@lru_cache(maxsize=256)
def query_vector(text: str, engine: str) -> np.ndarray:
    """The query's embedding; an analyst re-runs one query with other filters, so keep it."""
    from beacon.monitoring.embeddings import get_embedder

    return get_embedder(engine).query(text)


# Semantic hits this far below the best one are dropped. Cosine scores of the small
# multilingual embedder are compressed (unrelated articles still score 0.72-0.78): on the demo's
# queries the relevant articles lie within 0.07 of the best, the unrelated ones beyond it.
SEMANTIC_MARGIN = 0.07
# Reciprocal rank fusion's constant (Cormack et al. 2009): ranks matter, not raw scores.
RRF_K = 60
