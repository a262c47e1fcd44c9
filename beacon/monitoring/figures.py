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
    topic, and the stories with the most sources. Two queries."""
    about = Article.objects.filter(seen_at__gte=since, seen_at__lt=until, about_city=True)
    # One scan: grouped by country, language and topics, each month counted by its range
    # (truncating each row's date in the city's time zone is a Python call per row on SQLite).
    bounds = _month_bounds(since, until)
    groups = (
        about.values("country", "language", "topics")
        .annotate(
            **{
                f"month_{index}": Count("pk", filter=Q(seen_at__gte=a, seen_at__lt=b))
                for index, (_key, (a, b)) in enumerate(bounds)
            }
        )
        .order_by()
    )
    countries: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    months: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    rows: list[dict[str, Any]] = [dict(row) for row in groups]
    for row in rows:
        counts = [row[f"month_{index}"] for index in range(len(bounds))]
        n = sum(counts)
        countries[row["country"]] += n
        languages[row["language"]] += n
        for topic in row["topics"] or []:
            topics[topic] += n
        for (key, _range), count in zip(bounds, counts, strict=True):
            months[key] += count
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
