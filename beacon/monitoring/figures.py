"""Coverage of the city in the period, as aggregates for the insights report.

Grouped in the database: a quarter of a big archive (hundreds of thousands of articles) comes
back as a few hundred rows, in a fixed number of queries.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from beacon.monitoring.models import Article, Story


def coverage(since: datetime, until: datetime, *, top: int = 10) -> dict[str, Any]:
    """Articles about the city first seen in [since, until), by country, language, month and
    topic, and the stories with the most sources. Three queries."""
    about = Article.objects.filter(seen_at__gte=since, seen_at__lt=until, about_city=True)
    groups = (
        about.annotate(month=TruncMonth("seen_at", tzinfo=timezone.get_current_timezone()))
        .values("country", "language", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    countries: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for row in groups:
        countries[row["country"]] += row["n"]
        languages[row["language"]] += row["n"]
        months[f"{row['month']:%Y-%m}"] += row["n"]
    topics: Counter[str] = Counter()
    for listed in about.values("topics").annotate(n=Count("pk")).order_by():
        for topic in listed["topics"] or []:
            topics[topic] += listed["n"]
    stories = list(
        Story.objects.filter(first_seen_at__gte=since, first_seen_at__lt=until)
        .order_by("-source_count", "-copies", "-first_seen_at")
        .values("pk", "title", "language", "source_count", "copies", "countries", "first_seen_at")[
            :top
        ]
    )
    return {
        "articles": sum(countries.values()),
        "countries": countries,
        "languages": languages,
        "months": months,
        "topics": topics,
        "stories": stories,
    }
