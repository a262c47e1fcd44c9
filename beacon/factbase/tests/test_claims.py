"""Check-worthy sentences in English, French and Vietnamese, without a database."""

from __future__ import annotations

import pytest

from beacon.factbase.claims import extract, score_sentence, split_sentences


def _hanoi(text: str) -> bool:
    return any(name in text for name in ("Hanoi", "Hanoï", "Hà Nội"))


def test_it_splits_sentences_but_not_numbers() -> None:
    text = "Line 3 carried 32.000 riders. It opened in 2024! Why? Hanoi grew 6.5% in 2023."
    assert split_sentences(text) == [
        "Line 3 carried 32.000 riders.",
        "It opened in 2024!",
        "Why?",
        "Hanoi grew 6.5% in 2023.",
    ]


@pytest.mark.parametrize(
    ("language", "fact", "opinion"),
    [
        (
            "en",
            "Hanoi's metro line 3 carries fewer than 5,000 passengers a day, officials said.",
            "I think Hanoi should build more parks, it would be wonderful.",
        ),
        (
            "fr",
            "La ligne 3 du métro de Hanoï transporterait moins de 5 000 passagers par jour.",
            "À mon avis, Hanoï devrait construire davantage de parcs, ce serait magnifique.",
        ),
        (
            "vi",
            "Tuyến metro số 3 của Hà Nội chở hơn 32.000 lượt khách mỗi ngày trong tháng 10.",
            "Theo tôi, Hà Nội nên xây thêm công viên, điều đó thật tuyệt vời.",
        ),
    ],
)
def test_it_ranks_statements_of_fact_above_opinions(language: str, fact: str, opinion: str) -> None:
    found = extract(f"{opinion} {fact}", language, _hanoi)
    assert [sentence.text for sentence in found] == [fact]
    assert {"number", "city", "comparison"} <= set(found[0].reasons)
    assert score_sentence(opinion, language, mentions_city=True).score < found[0].score


def test_it_lowers_questions_hedges_and_the_first_person() -> None:
    plain = score_sentence("Hanoi had 8.5 million residents in 2024.", "en", mentions_city=True)
    question = score_sentence(
        "Did Hanoi have 8.5 million residents in 2024?", "en", mentions_city=True
    )
    hedged = score_sentence(
        "Hanoi may have had 8.5 million residents in 2024.", "en", mentions_city=True
    )
    ours = score_sentence(
        "We counted 8.5 million residents in Hanoi in 2024.", "en", mentions_city=True
    )
    assert "question" in question.reasons and question.score < plain.score
    assert "hedge" in hedged.reasons and hedged.score < plain.score
    assert "first_person" in ours.reasons and ours.score < plain.score


def test_it_counts_the_city_named_next_to_the_sentence() -> None:
    text = "Hanoi opened a new metro line. It carries 32,000 passengers a day since October 2025."
    found = {s.text: s for s in extract(text, "en", _hanoi, threshold=0)}
    assert "city_nearby" in found["It carries 32,000 passengers a day since October 2025."].reasons


def test_it_keeps_nothing_from_a_text_without_checkable_statements() -> None:
    assert extract("", "en", _hanoi) == []
    assert extract("What a lovely city! I loved it. We should go back.", "en", _hanoi) == []
