"""Threads doing a process's first semantic search at once load each article once.

The old index refreshed without a lock: four threads read the same ``last_id``, each appended
the same rows (340,000 rows for 100,000 articles), top-10 lists repeated articles and one
thread raised an IndexError between two arrays of different lengths.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
from django.db import connection
from django.utils import timezone

from beacon.monitoring import search
from beacon.monitoring.models import Article, Story
from beacon.monitoring.search import Filters
from beacon.monitoring.tests.conftest import make_source

ARTICLES = 3000
THREADS = 6


def _archive(count: int) -> np.ndarray:
    rng = np.random.default_rng(5)
    vectors = rng.standard_normal((count, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    now = timezone.now()
    source = make_source("https://press.example/rss.xml")
    story = Story.objects.create(
        title="s", language="fr", first_seen_at=now, last_seen_at=now, signature=b""
    )
    Article.objects.bulk_create(
        Article(
            source=source, story=story, url=f"https://press.example/{i}", url_hash=f"{i:064x}",
            title=f"article {i}", text="texte", language="fr", country="FR",
            media_kind="newspaper", search_text="texte", embedding=vectors[i].tobytes(),
        )
        for i in range(count)
    )  # fmt: skip
    return vectors


@pytest.mark.django_db(transaction=True)
def test_threads_searching_first_together_load_each_article_once() -> None:
    vectors = _archive(ARTICLES)
    search.forget_vector_index()
    start = threading.Barrier(THREADS)
    results: list[list[tuple[int, float]]] = []
    errors: list[BaseException] = []

    def first_search(query: np.ndarray) -> None:
        try:
            start.wait()
            results.append(search.vector_index().search(query, Filters(), 10))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first_search, args=(vectors[i],)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    index = search.vector_index()
    assert len(index.ids) == ARTICLES
    assert len(set(index.ids.tolist())) == ARTICLES
    for hits in results:
        assert len({pk for pk, _score in hits}) == 10
