"""The in-process vector index: exact and clustered search agree, filters are honoured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from beacon.monitoring.search import Filters, VectorIndex, search_form

NOW = datetime(2025, 9, 2, tzinfo=UTC)


def _index(count: int = 6000, seed: int = 0) -> tuple[VectorIndex, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((40, 16)).astype(np.float32)
    vectors = centres[rng.integers(0, 40, count)] + 0.1 * rng.standard_normal((count, 16))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    index = VectorIndex()
    index.add(
        np.arange(1, count + 1),
        vectors,
        {
            "language": ["fr" if i % 3 == 0 else "en" for i in range(count)],
            "country": ["FR" if i % 3 == 0 else "US" for i in range(count)],
            "media_kind": ["newspaper"] * count,
            "topics": [["transport"] if i % 2 else ["culture"] for i in range(count)],
            "prominence": [1 + i % 3 for i in range(count)],
            "seen": [int((NOW - timedelta(days=i % 30)).timestamp()) for i in range(count)],
            "source_id": [1 + i % 4 for i in range(count)],
        },
    )
    return index, centres


def test_it_finds_the_same_neighbours_clustered_as_exact() -> None:
    exact, centres = _index()
    clustered, _ = _index()
    clustered.build_lists(n_lists=32)
    for query in centres[:10]:
        query = query / np.linalg.norm(query)
        truth = [pk for pk, _s in exact.search(query, Filters(), 10)]
        found = [pk for pk, _s in clustered.search(query, Filters(), 10)]
        assert len(set(truth) & set(found)) >= 8


def test_it_keeps_only_rows_that_pass_the_filters() -> None:
    index, centres = _index()
    index.build_lists(n_lists=32)
    filters = Filters(language="fr", topic="transport", since=NOW - timedelta(days=5))
    hits = index.search(centres[0] / np.linalg.norm(centres[0]), filters, 50)
    assert hits
    for pk, _score in hits:
        row = pk - 1
        assert row % 3 == 0 and row % 2 == 1 and row % 30 <= 5
    assert index.search(centres[0], Filters(language="xx"), 5) == []


def test_it_searches_rows_added_after_clustering() -> None:
    index, _ = _index()
    index.build_lists(n_lists=32)
    odd = np.zeros((1, 16), dtype=np.float32)
    odd[0, 0] = 1.0
    index.add(np.array([99_999]), odd, {
        "language": ["ko"], "country": ["KR"], "media_kind": ["blog"], "topics": [[]],
        "prominence": [3], "seen": [int(NOW.timestamp())], "source_id": [9],
    })  # fmt: skip
    assert index.search(odd[0], Filters(), 1)[0][0] == 99_999


def test_it_indexes_text_folded_and_chinese_by_character() -> None:
    assert search_form("Hồ Hoàn Kiếm, 河内市").split() == ["ho", "hoan", "kiem,", "河", "内", "市"]
