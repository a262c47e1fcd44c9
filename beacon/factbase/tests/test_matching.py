"""The matching engine on a small hand-written fact base, with the packaged embedder.

No database: matching is plain functions over plain data. The embedder loads once per module.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from beacon.factbase.matching import (
    HUB_NEIGHBOURS,
    MAX_CLAIM_CHARS,
    ClaimError,
    ClaimIndex,
    Document,
    build_index,
    clean_claim,
    load_index,
    save_index,
)
from beacon.factbase.matching import _hubness as hubness

FACTS = [
    Document(
        "fact:1:vi",
        "Hồ Hoàn Kiếm nằm ở trung tâm Hà Nội, rộng khoảng 12 héc-ta.",
        "Hồ Hoàn Kiếm rộng khoảng 12 héc-ta",
        "vi",
    ),
    Document(
        "fact:2:en",
        "Hanoi's first metro line, Cat Linh - Ha Dong, opened to passengers in November 2021.",
        "Hanoi's first metro line opened in November 2021",
        "en",
    ),
    Document(
        "fact:3:en",
        "Hanoi's first metro line, Cat Linh - Ha Dong, opened to passengers in November 2021.",
        "Hanoi's first metro line opened in November 2021",
        "en",
    ),
    Document(
        "fact:4:fr",
        "La vieille ville de Hanoï compte trente-six rues, chacune liée à un ancien métier.",
        "La vieille ville de Hanoï compte 36 rues de métiers",
        "fr",
    ),
    Document(
        "factcheck:5:en",
        "No, tap water in Hanoi is not contaminated with arsenic; the city tests it every week.",
        "Is Hanoi's tap water contaminated with arsenic? No",
        "en",
    ),
]


@pytest.fixture(scope="module")
def index():
    return build_index(FACTS)


def test_it_finds_a_vietnamese_fact_from_a_french_claim(index):
    found = index.search("Le lac Hoan Kiem fait 12 hectares.")
    assert found[0].key == "fact:1:vi"
    assert found[0].rank == 1
    assert found[0].lexical > 0


def test_it_ranks_the_english_fact_for_an_english_tweet(index):
    tweet = (
        "BREAKING: Hanoi metro Cat Linh line opened in November 2021! pic.twitter.com/abc123 "
        "— Some One (@someone) December 1, 2021"
    )
    found = index.search(tweet, k=3)
    assert found[0].key == "fact:2:en"
    assert found[0].lexical > 0
    assert [c.rank for c in found] == [1, 2, 3]
    assert found[0].score >= found[1].score >= found[2].score


def test_it_collapses_duplicate_documents(index):
    found = index.search("When did the Hanoi metro open?", k=4)
    keys = [c.key for c in found]
    assert "fact:3:en" not in keys
    assert found[keys.index("fact:2:en")].duplicates == ("fact:3:en",)
    assert len(found) == 4


def test_it_filters_by_language(index):
    found = index.search("Hanoi metro", language="fr")
    assert [c.key for c in found] == ["fact:4:fr"]
    assert index.search("Hanoi metro", language="de") == []
    assert index.languages == {"vi", "en", "fr"}


def test_it_keeps_the_first_of_two_documents_with_one_key_and_leaves_out_empty_ones():
    documents = [FACTS[0], Document("fact:1:vi", "Something else entirely."), Document("f:9", " ")]
    index = build_index(documents)
    assert len(index) == 1
    assert index.search("Hồ Hoàn Kiếm")[0].key == "fact:1:vi"
    assert index.vectors.shape == (3, 768)
    assert not index.vectors[1:].any()
    assert len(build_index(documents, vectors=index.vectors)) == 1


def test_it_rebuilds_from_stored_vectors(index):
    rebuilt = build_index(FACTS, vectors=index.vectors)
    assert index.vectors.shape == (len(FACTS), 768)
    claim = "Is Hanoi's tap water poisoned with arsenic?"
    assert rebuilt.search(claim) == index.search(claim)
    with pytest.raises(ValueError, match="one row of 768 numbers per document"):
        build_index(FACTS, vectors=np.zeros((2, 768)))


def test_it_completes_title_only_vectors_with_the_texts(index):
    titles = index.vectors[:, :384]
    rebuilt = build_index(FACTS, vectors=titles)
    assert np.allclose(rebuilt.vectors, index.vectors, atol=1e-3)
    assert not np.allclose(index.vectors[:, :384], index.vectors[:, 384:])


def test_an_empty_index_finds_nothing():
    index = build_index([])
    assert len(index) == 0
    assert index.search("Hanoi has 30 districts") == []
    assert index.search_many(["a claim", "another"]) == [[], []]
    with pytest.raises(ClaimError):
        index.search("")


def test_search_many_answers_each_claim_and_names_the_bad_one(index):
    results = index.search_many(["Hanoi metro opened in 2021", "arsenic in tap water"], k=2)
    assert [r[0].key for r in results] == ["fact:2:en", "factcheck:5:en"]
    with pytest.raises(ClaimError, match="Claim 2: The claim is empty"):
        index.search_many(["Hanoi metro", "   "])


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ("", "The claim is empty."),
        (" \n\t ", "The claim is empty."),
        ("https://t.co/xyz pic.twitter.com/abc", "The claim is empty."),
        ("12 345 !!! 2021", "no words"),
        (b"Hanoi", "binary data"),
        (None, "not text"),
        ("\x00\x01\x02\x03\x04 abc", "control characters"),
        ("Hanoi " * 400, f"limit is {MAX_CLAIM_CHARS}"),
        ("x" * 10_000_000, "characters long"),
    ],
)
def test_it_refuses_claims_it_cannot_match(claim, message):
    with pytest.raises(ClaimError, match=message):
        clean_claim(claim)


def test_it_cleans_a_tweet():
    tweet = (
        '"DEFUND. CBC. NOW. Paid for by tax $$$ #DefundTheCBChttps://t.co/CsHG8R9cHp '
        '— Brad Trost 🇨🇦 (@BradTrostCPC) December 26, 2019"'
    )
    assert clean_claim(tweet) == '"DEFUND. CBC. NOW. Paid for by tax $$$ Defund The CBC'
    assert clean_claim("  Hà&nbsp;Nội\x00 có  30 quận ") == "Hà Nội có 30 quận"


def test_hubness_finds_the_hub_of_each_language_and_leaves_small_languages_alone():
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(2 * HUB_NEIGHBOURS + 4, 16))
    vectors[0] = vectors[1 : HUB_NEIGHBOURS + 2].sum(axis=0)
    languages = np.array([1] * (HUB_NEIGHBOURS + 2) + [2] * (HUB_NEIGHBOURS + 2), dtype=np.int16)
    languages[-2:] = 3
    found = hubness(vectors, languages)
    assert found[0] == found[languages == 1].max() > 0
    assert abs(found[languages == 1].sum()) < 1e-9
    assert abs(found[languages == 2].sum()) < 1e-9
    assert not found[languages == 3].any()


def test_hubness_in_blocks_beyond_the_exact_limit_still_finds_the_hub() -> None:
    rng = np.random.default_rng(11)
    # Documents spread around one direction; the document on it is near all of them (a hub).
    vectors = 2 + rng.normal(size=(200, 16))
    vectors[0] = 1
    languages = np.ones(200, dtype=np.int16)
    blocks = hubness(vectors, languages, exact_limit=64)
    exact = hubness(vectors, languages)
    assert np.argmax(exact) == 0
    # Each block is a sample of the language: the hub stays among the very first.
    assert blocks[0] > np.quantile(blocks, 0.97)
    assert abs(blocks.sum()) < 1e-9
    assert not np.allclose(blocks, exact)
    assert np.array_equal(blocks, hubness(vectors, languages, exact_limit=64))
    assert np.corrcoef(blocks, exact)[0, 1] > 0.8


def test_a_saved_index_searches_like_the_one_built(index: ClaimIndex, tmp_path: Path) -> None:
    path = tmp_path / "index.pickle"
    save_index(index, path)
    loaded = load_index(path)
    assert loaded is not None
    claim = "Le lac Hoan Kiem fait 12 hectares."
    assert loaded.search(claim) == index.search(claim)
    assert np.array_equal(loaded.vectors, index.vectors)
    assert load_index(tmp_path / "absent.pickle") is None
    assert [p.name for p in tmp_path.iterdir()] == ["index.pickle"]
