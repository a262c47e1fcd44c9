"""The analyst's screens: mention stream, story, search, alerts, CSV export.

Each view checks access through ``access``, reads through querysets, and renders.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.core.city import get_city_profile
from beacon.core.languages import language_name
from beacon.lib.tables import write_csv
from beacon.monitoring import access, actions, gist, search_backends, tone_charts
from beacon.monitoring.filters import StreamForm
from beacon.monitoring.gazetteer import topic_labels
from beacon.monitoring.models import Article, Mention, Story, ToneLabel
from beacon.monitoring.tone import balance
from beacon.monitoring.tone_figures import period_figures

STREAM_LIMIT = 100
CHART_SERIES = 5


def _volume(articles: QuerySet[Article], dimension: str, days: int) -> dict[str, Any]:
    """Articles per day for the largest values of one dimension: the data of a bar chart."""
    since = timezone.localdate() - timedelta(days=days - 1)
    dated = articles.annotate(dated=Coalesce("published_at", "seen_at"))
    start = timezone.make_aware(datetime.combine(since, time.min))
    rows = dated.filter(dated__gte=start).values_list("dated", dimension)
    per_day: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    names = topic_labels() if dimension == "topics" else {}
    for seen_at, value in rows:
        values = value if isinstance(value, list) else [value]
        if names:
            values = [names.get(v, v) for v in values]
        day = timezone.localtime(seen_at).date().isoformat()
        for item in values or ["—"]:
            per_day[day][item] += 1
            totals[item] += 1
    series = [name for name, _n in totals.most_common(CHART_SERIES)]
    days_list = [(since + timedelta(days=i)).isoformat() for i in range(days)]
    peak = max((sum(per_day[d].values()) for d in days_list), default=0) or 1
    bars = []
    for day in days_list:
        counts = per_day[day]
        parts = [(str(i), name, counts[name]) for i, name in enumerate(series, 1) if counts[name]]
        rest = sum(counts.values()) - sum(count for _i, _name, count in parts)
        if rest:
            parts.append(("other", _("other"), rest))
        bars.append(
            {
                "day": day,
                "total": sum(counts.values()),
                "parts": [
                    {"series": i, "name": n, "count": c, "pct": 100 * c / peak} for i, n, c in parts
                ],
            }
        )
    return {"series": series, "bars": bars, "dimension": dimension}


def stream(request: HttpRequest) -> HttpResponse:
    """Coverage grouped into stories: one line per story, with its spread."""
    access.require_monitor(request.user)
    form = StreamForm(request.GET or None)
    filters = form.to_filters()
    articles = filters.apply(Article.objects.all())
    stories = (
        Story.objects.filter(pk__in=articles.values("story_id"))
        .annotate(matching=Count("articles"))
        .order_by("-last_seen_at", "-source_count", "-first_seen_at")[:STREAM_LIMIT]
    )
    dimension = request.GET.get("chart", "country")
    if dimension not in ("country", "language", "topics"):
        dimension = "country"
    days = min(30, max(1, (timezone.now() - filters.since).days)) if filters.since else 7
    return TemplateResponse(
        request,
        "monitoring/stream.html",
        {
            "page_title": _("Mention stream"),
            "header_icon": "view",
            "form": form,
            "stories": stories,
            "article_count": articles.count(),
            "chart": _volume(articles, dimension, max(days, 7)),
            "topic_labels": topic_labels(),
            "query_string": request.GET.urlencode(),
        },
    )


def stream_csv(request: HttpRequest) -> HttpResponse:
    access.require_monitor(request.user)
    filters = StreamForm(request.GET or None).to_filters()
    articles = filters.apply(Article.objects.select_related("source")).order_by("-seen_at")
    header = [
        _("seen"), _("published"), _("title"), _("source"), _("country"), _("language"),
        _("topics"), _("prominence"), _("story"), _("copy"), _("URL"),
    ]  # fmt: skip
    rows = [
        [
            timezone.localtime(a.seen_at).isoformat(),
            timezone.localtime(a.published_at).isoformat() if a.published_at else "",
            a.title,
            a.source.name,
            a.country,
            a.language,
            " ".join(a.topics),
            a.get_prominence_display(),
            a.story_id,
            "1" if a.is_copy else "",
            a.url,
        ]
        for a in articles[:50_000]
    ]
    response = HttpResponse(write_csv(header, rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="coverage-{stamp}.csv"'
    return response


def story(request: HttpRequest, pk: int) -> HttpResponse:
    """Every copy of one story and how it spread over sources and countries in time."""
    item = access.get_story_for_user(request.user, pk)
    copies = sorted(item.articles.select_related("source"), key=lambda a: (a.when, a.pk))
    profile = get_city_profile()
    gist_of = gist.gists(copies, profile.source_language if profile else "")
    seen_sources: set[int] = set()
    seen_countries: set[str] = set()
    spread = []
    for article in copies:
        seen_sources.add(article.source_id)
        seen_countries.add(article.country)
        spread.append(
            {
                "article": article,
                "after": article.when - item.first_seen_at,
                "sources": len(seen_sources),
                "countries": len(seen_countries),
                "gist": gist_of.get(article.pk),
            }
        )
    span = item.articles.aggregate(first=Min("published_at"), last=Max("published_at"))
    return TemplateResponse(
        request,
        "monitoring/story.html",
        {
            "page_title": item.title,
            "header_icon": "doc-full",
            "story": item,
            "spread": spread,
            "published": span,
            "languages": [(code, language_name(code)) for code in item.languages],
            "alerts": access.alerts_for_user(request.user).filter(story=item),
            "topic_labels": topic_labels(),
            "mentions": Counter(
                Mention.objects.filter(article__story=item).values_list("label", flat=True)
            ).most_common(10),
            "tone": balance((a.tone, a.tone_confidence or 0.0) for a in copies if a.tone),
            "tone_choices": ToneLabel.choices,
            "can_correct_tone": access.can_manage_monitor(request.user),
        },
    )


@require_POST
def article_tone(request: HttpRequest, pk: int) -> HttpResponse:
    """An analyst corrects an article's tone from its story's screen."""
    article = access.get_article_for_user(request.user, pk, write=True)
    label = request.POST.get("tone", "")
    if label not in ToneLabel.values:
        messages.error(request, _("Choose a tone: negative, neutral or positive."))
        return redirect("monitoring:story", article.story_id)
    actions.do_correct_tone(article, label, acting_user=request.user)
    messages.success(request, _("Tone corrected; the pipeline will keep it."))
    return redirect("monitoring:story", article.story_id)


TONE_PERIODS = (7, 30, 90, 365)
TONE_SERIES = 5


def _lines(rows: list[dict[str, Any]]) -> tuple[list[str], dict[str, dict[str, float]]]:
    """Over-time rows keyed "bucket|value" to the buckets and the largest few series."""
    totals: Counter[str] = Counter()
    points: dict[str, dict[str, float]] = defaultdict(dict)
    buckets = set()
    for row in rows:
        bucket, value = row["key"].split("|", 1)
        buckets.add(bucket)
        totals[value] += row["total"]
        points[value][bucket] = row["score"]
    keep = [value for value, _n in totals.most_common(TONE_SERIES)]
    return sorted(buckets), {value: points[value] for value in keep}


def _bars(rows: list[dict[str, Any]], title: str, name: str = "key") -> Any:
    return tone_charts.balance_bars(
        [(str(r[name]), r["negative"], r["neutral"], r["positive"]) for r in rows], title=title
    )


def search_view(request: HttpRequest) -> HttpResponse:
    """Words and meaning together (the default), or full-text (any spelling) or semantic (any
    language) alone, with the stream's filters."""
    access.require_monitor(request.user)
    form = StreamForm(request.GET or None)
    results: list[tuple[Article, float | None]] = []
    query = ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        filters = form.to_filters()
        mode = form.cleaned_data["mode"] or "hybrid"
        engine = search_backends.backend()
        if mode == "meaning":
            results = [(a, s) for a, s in engine.semantic(query, filters)]
        elif mode == "text":
            results = [(a, None) for a in engine.fulltext(query, filters)]
        else:
            results = engine.hybrid(query, filters)
    return TemplateResponse(
        request,
        "monitoring/search.html",
        {
            "page_title": _("Search coverage"),
            "header_icon": "search",
            "form": form,
            "query": query,
            "results": results,
        },
    )


def alert_list(request: HttpRequest) -> HttpResponse:
    if not access.can_see_alerts(request.user):
        raise PermissionDenied
    show = request.GET.get("show", "open")
    alerts = access.alerts_for_user(request.user)
    if show != "all":
        alerts = alerts.open()
    return TemplateResponse(
        request,
        "monitoring/alerts.html",
        {
            "page_title": _("Alerts"),
            "header_icon": "warning",
            "alerts": alerts[:200],
            "show": show,
            "can_read_monitor": access.can_read_monitor(request.user),
        },
    )


@require_POST
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    alert = access.get_alert_for_user(request.user, pk, write=True)
    actions.do_acknowledge_alert(alert, acting_user=request.user)
    messages.success(request, _("Alert acknowledged."))
    return redirect("monitoring:alerts")


def tone_view(request: HttpRequest) -> HttpResponse:
    """Tone of coverage: per country, language and theme, over time; stories; share of voice."""
    access.require_monitor(request.user)
    try:
        days = int(request.GET.get("days", "30"))
    except ValueError:
        days = 30
    if days not in TONE_PERIODS:
        days = 30
    end = timezone.localdate()
    start = end - timedelta(days=days - 1)
    figures = period_figures(start, end)
    themes = [t for t in figures["by_theme"] if t["total"]]
    countries = [row["key"] for row in figures["by_country"][:8]]
    heat: dict[str, dict[str, Any]] = {row["key"]: row for row in figures["themes_by_country"]}
    theme_rows = [
        {"theme": t, "cells": [heat.get(f"{t['key']}|{country}") for country in countries]}
        for t in figures["by_theme"]
    ]
    buckets, by_country = _lines(figures["over_time"]["country"])
    _buckets, by_language = _lines(figures["over_time"]["language"])
    return TemplateResponse(
        request,
        "monitoring/tone.html",
        {
            "page_title": _("Tone of coverage"),
            "header_icon": "view",
            "figures": figures,
            "days": days,
            "periods": TONE_PERIODS,
            "countries": countries,
            "theme_rows": theme_rows,
            "country_chart": _bars(figures["by_country"][:12], _("Tone by country")),
            "language_chart": _bars(figures["by_language"][:12], _("Tone by language")),
            "theme_chart": _bars(themes, _("Tone by theme"), "name"),
            "country_lines": tone_charts.score_lines(
                buckets, by_country, title=_("Balance over time, by country")
            ),
            "language_lines": tone_charts.score_lines(
                buckets, by_language, title=_("Balance over time, by language")
            ),
        },
    )
