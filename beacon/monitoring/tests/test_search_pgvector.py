"""pgvector's nearest rows under the screens' filters: scored one by one when few rows pass,
found by walking the HNSW graph when many do; either way the rows that pass, nearest first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from beacon.monitoring import search_pgvector
from beacon.monitoring.search import Filters
from beacon.monitoring.search_pgvector import PgvectorBackend, Row
from beacon.monitoring.tests.pgvector import pgvector_url  # noqa: F401 - a fixture

LANGUAGES = ("vi", "en", "fr", "de")
START = datetime(2027, 1, 1, tzinfo=UTC)


@pytest.fixture
def engine(pgvector_url: str) -> Iterator[PgvectorBackend]:  # noqa: F811 - the fixture
    engine = PgvectorBackend(pgvector_url)
    engine.drop()
    yield engine
    engine.drop()
    engine.close()


def _archive(count: int, dimensions: int = 32) -> np.ndarray:
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((count, dimensions)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _row(i: int, vector: np.ndarray) -> Row:
    return Row(
        id=i + 1, search_text=f"article {i}", vector=vector, language=LANGUAGES[i % 4],
        country="VN", media_kind="newspaper", topics=[], prominence=0,
        seen_at=START + timedelta(hours=i), source_id=1,
    )  # fmt: skip


@pytest.mark.parametrize("exact_below", [10**6, 0], ids=["scored", "walked"])
def test_it_returns_the_nearest_rows_that_pass_the_filters(
    engine: PgvectorBackend, monkeypatch: pytest.MonkeyPatch, exact_below: int
) -> None:
    monkeypatch.setattr(search_pgvector, "EXACT_BELOW", exact_below)
    vectors = _archive(800)
    engine.index_rows(_row(i, vector) for i, vector in enumerate(vectors))
    query = vectors[5] + 0.5 * vectors[9]
    query /= np.linalg.norm(query)
    since, until = START + timedelta(hours=100), START + timedelta(hours=700)
    filters = Filters(language="en", since=since, until=until)

    found = engine.semantic_ids(query, filters, 10)

    passing = [i for i in range(800) if i % 4 == 1 and 100 <= i < 700]
    expected = sorted((float(vectors[i] @ query) for i in passing), reverse=True)[:10]
    assert all((pk - 1) in passing for pk, _score in found)
    assert [score for _pk, score in found] == pytest.approx(expected, abs=2e-3)
