"""Languages in the period, as plain data for the insights report (three queries).

Pages are counted where they went live first; the backlog is every enabled translation that no
translator has approved yet; the origin of pre-filled segments tells machine from human work.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from django.db.models import Count, Q
from wagtail.models import Page
from wagtail_localize.models import Translation

from beacon.translation.models import SegmentSuggestion


def published_by_language(since: datetime, until: datetime) -> Counter[str]:
    """Pages first published in [since, until), per language."""
    rows = (
        Page.objects.filter(first_published_at__gte=since, first_published_at__lt=until)
        .values("locale__language_code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({row["locale__language_code"]: row["n"] for row in rows})


def backlog(as_of: datetime) -> list[dict[str, Any]]:
    """Translations started by ``as_of`` and not approved by then, oldest first."""
    waiting = Q(beacon_review__isnull=True) | Q(beacon_review__approved_at__isnull=True)
    waiting |= Q(beacon_review__approved_at__gt=as_of)
    return list(
        Translation.objects.filter(waiting, enabled=True, created_at__lte=as_of)
        .order_by("created_at", "pk")
        .values("pk", "source__object_repr", "target_locale__language_code", "created_at")
    )


def segment_origins(since: datetime, until: datetime) -> Counter[str]:
    """Segments filled in [since, until), by origin (machine, memory, glossary, human…)."""
    rows = (
        SegmentSuggestion.objects.filter(updated_at__gte=since, updated_at__lt=until)
        .values("origin")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({row["origin"]: row["n"] for row in rows})
