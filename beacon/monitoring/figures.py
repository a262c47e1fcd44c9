"""Coverage of the city in the period, as aggregates for the insights report.

Grouped in the database: a quarter of a big archive (hundreds of thousands of articles) comes
back as a few hundred rows, in a fixed number of queries.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from beacon.monitoring.models import Article, Story


def _month_bounds(since: datetime, until: datetime) -> list[tuple[str, tuple[datetime, datetime]]]:
    """``YYYY-MM`` and the [start, end) of each month between two instants, in local time."""
    local = timezone.localtime(since)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    bounds = []
    while start < until:
        year, month = start.year + start.month // 12, start.month % 12 + 1
        end = start.replace(year=year, month=month)
        bounds.append((f"{start:%Y-%m}", (max(start, since), min(end, until))))
        start = end
    return bounds


def coverage(since: datetime, until: datetime, *, top: int = 10) -> dict[str, Any]:
    """Articles about the city first seen in [since, until), by country, language, month and
    topic, and the stories with the most sources. Three queries."""
    about = Article.objects.filter(seen_at__gte=since, seen_at__lt=until, about_city=True)
    groups = about.values("country", "language").annotate(n=Count("pk")).order_by()
    countries: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for row in groups:
        countries[row["country"]] += row["n"]
        languages[row["language"]] += row["n"]
    # Months by ranges in one aggregate: truncating each row's date in the city's time zone
    # is a Python function per row on SQLite, ten times slower on a big archive.
    bounds = _month_bounds(since, until)
    per_month = about.aggregate(
        **{key: Count("pk", filter=Q(seen_at__gte=a, seen_at__lt=b)) for key, (a, b) in bounds}
    )
    months: Counter[str] = Counter({key: per_month[key] for key, _range in bounds})
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
