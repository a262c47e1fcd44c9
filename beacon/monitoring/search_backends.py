"""One interface to the search engine, chosen by ``BEACON_SEARCH_BACKEND`` (docs/search.md).

- ``embedded`` (default): full text in the main database (FTS5 or a GIN index, kept by
  triggers), vectors in each process's in-memory index (``search.VectorIndex``). Nothing to
  run besides Beacon; fits one machine.
- ``pgvector``: both in PostgreSQL with the vector extension (``search_pgvector``), indexed by a
  worker from the search queue, so web processes hold no index and load nothing at start.

Engines answer with article ids; this module turns them into articles from the main database
and re-checks them there, so an article deleted or withdrawn (its vector cleared) never shows,
even before the engine has heard of it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from functools import cache

import numpy as np
from django.conf import settings

from beacon.monitoring import search
from beacon.monitoring.models import Article
from beacon.monitoring.search import RRF_K, SEMANTIC_MARGIN, Filters


def within_margin(hits: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Semantic hits close enough to the best one (see ``search.SEMANTIC_MARGIN``)."""
    if not hits:
        return []
    floor = max(score for _pk, score in hits) - SEMANTIC_MARGIN
    return [(pk, score) for pk, score in hits if score >= floor]


def fuse(
    words: list[int], meaning: list[tuple[int, float]], limit: int
) -> list[tuple[int, float | None]]:
    """Reciprocal rank fusion: each id scores the sum of 1/(k+rank) over the lists it is in,
    and keeps its semantic similarity (None if only words found it)."""
    fused: dict[int, float] = {}
    similarity: dict[int, float] = {}
    for rank, pk in enumerate(words):
        fused[pk] = fused.get(pk, 0.0) + 1 / (RRF_K + rank + 1)
    for rank, (pk, score) in enumerate(meaning):
        fused[pk] = fused.get(pk, 0.0) + 1 / (RRF_K + rank + 1)
        similarity[pk] = score
    ranked = sorted(fused, key=lambda pk: -fused[pk])[:limit]
    return [(pk, similarity.get(pk)) for pk in ranked]


class SearchBackend(ABC):
    """Index, delete, and the three searches of the screens, with the stream's filters."""

    name = ""
    # Whether saved and deleted articles go through the search queue to a worker.
    uses_queue = False

    @abstractmethod
    def index(self, articles: Iterable[Article]) -> int:
        """Make the engine hold these articles as they are now; returns how many."""

    @abstractmethod
    def delete(self, ids: Iterable[int]) -> int:
        """Drop these article ids from the engine."""

    @abstractmethod
    def fulltext_ids(self, text: str, filters: Filters, limit: int) -> list[int]:
        """Ids of articles containing every word of ``text``, newest first."""

    @abstractmethod
    def semantic_ids(
        self, vector: np.ndarray, filters: Filters, limit: int
    ) -> list[tuple[int, float]]:
        """Ids of the nearest articles by cosine similarity, best first, with the similarity."""

    def hybrid_ids(
        self, text: str, vector: np.ndarray, filters: Filters, limit: int
    ) -> list[tuple[int, float | None]]:
        """Both lists fused by rank; engines that can do it in one query override this."""
        words = self.fulltext_ids(text, filters, limit)
        meaning = within_margin(self.semantic_ids(vector, filters, limit))
        return fuse(words, meaning, limit)

    # What the screens call.

    def fulltext(self, text: str, filters: Filters, limit: int = 50) -> list[Article]:
        """Articles containing every word of ``text`` (any spelling or diacritics), newest first."""
        if not search._fts_query(text):
            return []
        ids = self.fulltext_ids(text, filters, limit)
        articles = _articles(ids, embedded_only=False)
        return [articles[pk] for pk in ids if pk in articles]

    def semantic(self, text: str, filters: Filters, limit: int = 50) -> list[tuple[Article, float]]:
        """Articles close in meaning, in any language, best first, cut off below the margin."""
        if not text.strip():
            return []
        hits = within_margin(self.semantic_ids(_query(text), filters, limit))
        articles = _articles([pk for pk, _s in hits], embedded_only=True)
        return [(articles[pk], score) for pk, score in hits if pk in articles]

    def hybrid(
        self, text: str, filters: Filters, limit: int = 50
    ) -> list[tuple[Article, float | None]]:
        """Words and meaning together: full text finds the exact names and numbers an embedding
        blurs, semantic search the same story told in another language."""
        if not text.strip():
            return []
        if not search._fts_query(text):
            return [(a, s) for a, s in self.semantic(text, filters, limit)]
        hits = self.hybrid_ids(text, _query(text), filters, limit)
        articles = _articles([pk for pk, _s in hits], embedded_only=False)
        # A hit found by meaning alone needs its vector still there (not withdrawn).
        return [
            (articles[pk], score)
            for pk, score in hits
            if pk in articles and (score is None or articles[pk].embedding is not None)
        ]


def _query(text: str) -> np.ndarray:
    return search.query_vector(text.strip(), settings.BEACON_EMBEDDINGS)


def _articles(ids: list[int], *, embedded_only: bool) -> dict[int, Article]:
    queryset = Article.objects.select_related("source", "story")
    if embedded_only:
        queryset = queryset.filter(embedding__isnull=False)
    return queryset.in_bulk(ids)


class EmbeddedBackend(SearchBackend):
    """Full text by the main database's index, vectors in this process (see ``search``).

    ``index`` has nothing to do: triggers keep the full-text index, and each process loads the
    vectors embedded since its last search. ``delete`` drops rows from this process's vectors;
    other processes drop them when they load the articles (``_articles`` re-checks).
    """

    name = "embedded"

    def index(self, articles: Iterable[Article]) -> int:
        return len(list(articles))

    def delete(self, ids: Iterable[int]) -> int:
        ids = list(ids)
        search._index.delete(ids)
        return len(ids)

    def fulltext_ids(self, text: str, filters: Filters, limit: int) -> list[int]:
        return search.fulltext_ids(text, filters, limit)

    def semantic_ids(
        self, vector: np.ndarray, filters: Filters, limit: int
    ) -> list[tuple[int, float]]:
        return search.vector_index().search(vector, filters, limit)


@cache
def _backend(name: str, url: str) -> SearchBackend:
    if name == "pgvector":
        from beacon.monitoring.search_pgvector import PgvectorBackend

        return PgvectorBackend(url)
    return EmbeddedBackend()


def backend() -> SearchBackend:
    """The configured engine (one per process and setting)."""
    return _backend(settings.BEACON_SEARCH_BACKEND, settings.BEACON_SEARCH_URL)
