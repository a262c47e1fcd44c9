"""ClaimReview markup against the schema.org vocabulary, and the checker itself."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from beacon.factbase.markup import claim_review
from beacon.factbase.models import FactCheckPage
from beacon.factbase.tests.schemaorg import errors


def _page(verdict: str) -> FactCheckPage:
    return FactCheckPage(
        title="Fact check",
        claim_reviewed="Hanoi's metro line 3 carries fewer than 5,000 passengers a day.",
        claim_outlet="Le Quotidien",
        claim_url="https://lequotidien.example/hanoi-metro",
        claim_date=datetime.date(2025, 11, 2),
        verdict=verdict,
        explanation="<p>32,000 a day.</p>",
        first_published_at=timezone.now(),
    )


@pytest.mark.parametrize(
    ("verdict", "rating"),
    [("accurate", 5), ("mostly_accurate", 4), ("misleading", 2), ("false", 1)],
)
def test_it_rates_each_verdict_on_the_published_scale(db: Any, verdict: str, rating: int) -> None:
    data = claim_review(_page(verdict), url="https://portal.example/fr/x/", language="fr")
    assert errors(data) == []
    assert data["reviewRating"]["ratingValue"] == rating
    assert (
        data["itemReviewed"]["firstAppearance"]["url"] == "https://lequotidien.example/hanoi-metro"
    )
    assert data["itemReviewed"]["datePublished"] == "2025-11-02"


def test_it_names_unproven_without_a_point_on_the_scale(db: Any) -> None:
    data = claim_review(_page("unproven"), url="https://portal.example/x/", language="en")
    assert errors(data) == []
    assert data["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}


def test_the_checker_refuses_what_the_vocabulary_does_not_have() -> None:
    assert errors({"@type": "ClaimVerdict"}) == ["$: unknown type 'ClaimVerdict'"]
    assert errors({"@type": "Claim", "verdict": "x"}) == ["$.verdict: no such property"]
    assert errors({"@type": "Rating", "claimReviewed": "x"}) == [
        "$.claimReviewed: not a property of Rating"
    ]
    wrong_range = errors({"@type": "ClaimReview", "reviewRating": {"@type": "Place"}})
    assert wrong_range == ["$.reviewRating: Place is not one of ['Rating']"]
    nested = errors({"@type": "ClaimReview", "itemReviewed": {"@type": "Claim", "colour": "red"}})
    assert nested == ["$.itemReviewed.colour: no such property"]
