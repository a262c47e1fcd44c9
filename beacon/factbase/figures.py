"""False information in the period, as plain rows for the insights report (three queries)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from beacon.factbase.models import Claim, Fact, Response


def period_claims(since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Claims detected in [since, until), with their status and when they were matched."""
    return [
        dict(row)
        for row in Claim.objects.filter(detected_at__gte=since, detected_at__lt=until)
        .order_by("detected_at", "pk")
        .values("pk", "text", "status", "detected_at", "matched_at")
    ]


def period_responses(since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Responses (fact checks) published in [since, until), with their claim's detection time."""
    return [
        dict(row)
        for row in Response.objects.filter(published_at__gte=since, published_at__lt=until)
        .order_by("published_at", "pk")
        .values(
            "pk", "claim_id", "claim__text", "claim__detected_at", "published_at", "page__title"
        )
    ]


def facts_due(day: date) -> list[dict[str, Any]]:
    """Facts in force whose review date has come by ``day``."""
    return list(
        Fact.objects.filter(review_on__lte=day, retired_at__isnull=True)
        .order_by("review_on", "pk")
        .values("pk", "statement", "review_on")
    )
