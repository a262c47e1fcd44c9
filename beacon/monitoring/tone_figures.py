"""The figures of the tone of coverage, for the tone screen and the insights report.

``period_figures(start, end)`` reads the articles about the city seen (or published) between
two dates of the city's calendar, both included, and returns plain data:

- ``overall``: the balance of every article (``beacon.monitoring.tone.balance``);
- ``by_country``, ``by_language``, ``by_theme``: the same per value, largest first; themes are
  the taxonomy's topics (tourism, investment, culture, heritage, environment, transport,
  governance, and the ones the city added);
- ``themes_by_country``: one balance per (theme, country), for the heat table;
- ``over_time``: per day (31 days or fewer) or per week, the balance per country and per
  language;
- ``stories``: the stories that moved the tone most, by the sum of their articles' signed
  confidences (a story printed by twelve outlets moves it more than a single piece);
- ``share_of_voice``: per theme, the portal's own items published in the period against the
  foreign articles about the city.

``agency_ids`` restricts the portal's side of the share of voice to those agencies' pages:
foreign coverage has no agency and is counted whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from beacon.monitoring.gazetteer import topic_labels
from beacon.monitoring.models import Article, Story
from beacon.monitoring.pipeline.text import fold
from beacon.monitoring.tone import NEGATIVE, POSITIVE, Balance, balance

# Shown first, in this order, whatever the volume: the themes the plan names.
PLAN_THEMES = (
    "tourism",
    "investment",
    "culture",
    "heritage",
    "environment",
    "transport",
    "governance",
)
DAILY_UP_TO = 31
MOVERS = 10

Row = tuple[int, datetime, str, str, list[str], str, float, int]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    low = timezone.make_aware(datetime.combine(start, time.min))
    high = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return low, high


def toned_articles(start: date, end: date) -> QuerySet[Article]:
    """Articles about the city with a tone, dated (published, else seen) within the period."""
    low, high = _bounds(start, end)
    return (
        Article.objects.about_city()
        .exclude(tone="")
        .annotate(dated=Coalesce("published_at", "seen_at"))
        .filter(dated__gte=low, dated__lt=high)
    )


def _balance_dict(value: Balance) -> dict[str, Any]:
    return {**asdict(value), "total": value.total, "label": value.label}


def _grouped(rows: Iterable[tuple[str, str, float]]) -> list[dict[str, Any]]:
    """(key, label, confidence) rows to one balance per key, most articles first."""
    tones: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for key, label, confidence in rows:
        tones[key].append((label, confidence))
    out = [{"key": key, **_balance_dict(balance(values))} for key, values in tones.items()]
    return sorted(out, key=lambda row: (-row["total"], row["key"]))


def _bucket(when: datetime, daily: bool) -> str:
    day = timezone.localtime(when).date()
    if not daily:
        day -= timedelta(days=day.weekday())
    return day.isoformat()


def _theme_order(labels: dict[str, str], counted: Iterable[str]) -> list[str]:
    rest = sorted(set(labels) | set(counted), key=lambda slug: labels.get(slug, slug))
    return [*PLAN_THEMES, *(slug for slug in rest if slug not in PLAN_THEMES)]


def _movers(rows: list[Row]) -> list[dict[str, Any]]:
    impact: dict[int, float] = defaultdict(float)
    tones: dict[int, list[tuple[str, float]]] = defaultdict(list)
    countries: dict[int, set[str]] = defaultdict(set)
    for _pk, _when, country, _language, _topics, label, confidence, story_id in rows:
        sign = 1 if label == POSITIVE else -1 if label == NEGATIVE else 0
        impact[story_id] += sign * (confidence or 1.0)
        tones[story_id].append((label, confidence))
        countries[story_id].add(country)
    top = sorted((s for s in impact if impact[s]), key=lambda s: (-abs(impact[s]), s))[:MOVERS]
    titles = dict(Story.objects.filter(pk__in=top).values_list("pk", "title"))
    return [
        {
            "story_id": story_id,
            "title": titles.get(story_id, ""),
            "impact": round(impact[story_id], 3),
            "countries": sorted(countries[story_id]),
            **_balance_dict(balance(tones[story_id])),
        }
        for story_id in top
    ]


def _portal_items(start: date, end: date, agency_ids: Iterable[int] | None) -> dict[str, int]:
    """The portal's own articles published in the period, per theme (by its names' forms).

    A portal theme is a page; a monitoring theme is a topic code. They meet on a folded name:
    the theme page's slug or title in any locale against the topic's code or name in any
    language the taxonomy knows ("Culture", "culture", "Văn hóa").
    """
    from beacon.portal.models import ArticlePage, ThemePage

    forms: dict[Any, set[str]] = defaultdict(set)
    for key, slug, title in ThemePage.objects.values_list("translation_key", "slug", "title"):
        forms[key].update({fold(slug), fold(title)})
    pages = ArticlePage.objects.live().filter(
        date__gte=start, date__lte=end, theme__isnull=False, alias_of__isnull=True
    )
    if agency_ids is not None:
        pages = pages.filter(agency_id__in=list(agency_ids))
    per_theme: dict[Any, set[Any]] = defaultdict(set)
    for theme_key, page_key in pages.values_list("theme__translation_key", "translation_key"):
        per_theme[theme_key].add(page_key)
    names = _topic_forms()
    counts: dict[str, int] = defaultdict(int)
    for theme_key, page_keys in per_theme.items():
        for slug, topic_forms in names.items():
            if forms[theme_key] & topic_forms:
                counts[slug] += len(page_keys)
                break
    return counts


def _topic_forms() -> dict[str, set[str]]:
    from django.utils import translation

    from beacon.monitoring.gazetteer import DEFAULT_TOPICS
    from beacon.monitoring.models import Topic

    forms: dict[str, set[str]] = defaultdict(set)
    for slug, (name, _words) in DEFAULT_TOPICS.items():
        forms[slug].add(fold(slug))
        for language in ("en", "vi", "fr"):
            with translation.override(language):
                forms[slug].add(fold(str(name)))
    for slug, stored in Topic.objects.values_list("slug", "name"):
        forms[slug].update({fold(slug), fold(stored)})
    return forms


def period_figures(
    start: date, end: date, agency_ids: Iterable[int] | None = None
) -> dict[str, Any]:
    """Every tone figure of the period (see the module's docstring); plain, JSON-ready data."""
    rows: list[Row] = [
        (pk, published or seen, *rest)
        for pk, published, seen, *rest in toned_articles(start, end).values_list(
            "pk",
            "published_at",
            "seen_at",
            "country",
            "language",
            "topics",
            "tone",
            "tone_confidence",
            "story_id",
        )
    ]
    labels = topic_labels()
    daily = (end - start).days < DAILY_UP_TO
    by_theme = _grouped(
        (topic, label, conf) for _p, _w, _c, _l, topics, label, conf, _s in rows for topic in topics
    )
    counted = {row["key"]: row for row in by_theme}
    themes = [
        {"key": slug, "name": labels.get(slug, slug), **counted[slug]}
        if slug in counted
        else {"key": slug, "name": labels.get(slug, slug), **_balance_dict(balance([]))}
        for slug in _theme_order(labels, counted)
    ]
    portal = _portal_items(start, end, agency_ids)
    share = []
    for theme in themes:
        ours, theirs = portal.get(theme["key"], 0), theme["total"]
        share.append(
            {
                "key": theme["key"],
                "name": theme["name"],
                "portal_items": ours,
                "foreign_articles": theirs,
                "portal_share": round(ours / (ours + theirs), 3) if ours + theirs else None,
            }
        )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "bucket": "day" if daily else "week",
        "overall": _balance_dict(balance((label, conf) for *_x, label, conf, _s in rows)),
        "by_country": _grouped((c, label, conf) for _p, _w, c, _l, _t, label, conf, _s in rows),
        "by_language": _grouped((lang, lab, conf) for _p, _w, _c, lang, _t, lab, conf, _s in rows),
        "by_theme": themes,
        "themes_by_country": _grouped(
            (f"{topic}|{c}", label, conf)
            for _p, _w, c, _l, topics, label, conf, _s in rows
            for topic in topics
        ),
        "over_time": {
            "country": _grouped(
                (f"{_bucket(w, daily)}|{c}", label, conf)
                for _p, w, c, _l, _t, label, conf, _s in rows
            ),
            "language": _grouped(
                (f"{_bucket(w, daily)}|{lang}", label, conf)
                for _p, w, _c, lang, _t, label, conf, _s in rows
            ),
        },
        "stories": _movers(rows),
        "share_of_voice": share,
    }
