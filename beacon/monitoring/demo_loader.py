"""The demo monitor, loaded through the same actions and ingest steps as real work.

``load_monitoring_demo()`` is idempotent: sources, places, topics and rules are created when
missing, and polling the packaged demo site again finds nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from beacon.core.models import Agency
from beacon.monitoring import actions, alerts, ingest
from beacon.monitoring.demo_data import GROUPS, PLACES, RULES, SOURCES
from beacon.monitoring.gazetteer import DEFAULT_TOPICS, build_options, english_topic_name
from beacon.monitoring.models import AlertRule, Article, Place, Source, SourceGroup, Story, Topic


@dataclass
class DemoMonitor:
    sources: int
    articles: int
    stories: int
    alerts: int


@transaction.atomic
def load_settings() -> None:
    groups = {
        name: SourceGroup.objects.get_or_create(name=name, defaults={"description": text})[0]
        for name, text in GROUPS.items()
    }
    for name, kind, url, country, languages, media_kind, group_names in SOURCES:
        if Source.objects.filter(url=url).exists():
            continue
        source = Source(
            name=name,
            kind=kind,
            url=url,
            country=country,
            languages=languages,
            media_kind=media_kind,
            poll_minutes=30,
        )
        actions.do_save_source(source, acting_user=None)
        source.groups.set([groups[g] for g in group_names])
    for name, kind, aliases in PLACES:
        Place.objects.get_or_create(
            name=name, defaults={"kind": kind, "aliases": "\n".join(aliases)}
        )
    for slug, (_name, keywords) in DEFAULT_TOPICS.items():
        Topic.objects.get_or_create(
            slug=slug,
            defaults={"name": english_topic_name(slug), "keywords": "\n".join(keywords)},
        )
    agencies = dict(Agency.objects.values_list("code", "pk"))
    for name, kind, fields in RULES:
        values = dict(fields)
        agency_code = values.pop("agency_code", None)
        values["agency_id"] = agencies.get(agency_code) if agency_code else None
        AlertRule.objects.get_or_create(name=name, defaults={"kind": kind, **values})


def poll_all(report: Callable[[str], None], sources: QuerySet[Source] | None = None) -> None:
    """Poll sources once (every active one by default), analyse what is new, raise alerts."""
    options = build_options()
    if sources is None:
        sources = Source.objects.filter(is_active=True, paused_at__isnull=True)
    for source in sources:
        polled = ingest.poll_source(source)
        ready = ingest.fetch_items(polled.new_ids) + polled.fetched_ids
        result = ingest.analyse_items(ready, options)
        alerts.evaluate_stories(result.story_ids)
        state = polled.error or f"{len(result.stored)} new articles"
        report(f"  {source.name}: {state}")


def spread_over_the_year(days: int = 360) -> None:
    """Date the older two thirds of the demo's stories (and their articles) back over a year.

    One polling round sees every packaged article at once; the insights report compares months,
    quarters and years, and needs coverage spread over them. The newest third stays recent for
    the monitor's own screens. A step of the whole demo (after the fact base has read the
    articles), not of ``load_monitoring_demo``, whose tests search the freshly polled articles.
    Runs only on a fresh load (no story older than two days).
    """
    now = timezone.now()
    if Story.objects.filter(first_seen_at__lt=now - timedelta(days=2)).exists():
        return
    stories = list(Story.objects.order_by("first_seen_at", "pk").values_list("pk", flat=True))
    older = stories[: len(stories) * 2 // 3]
    for index, pk in enumerate(older):
        shift = timedelta(days=days * (len(older) - index) / len(older))
        with transaction.atomic():
            Story.objects.filter(pk=pk).update(
                first_seen_at=F("first_seen_at") - shift, last_seen_at=F("last_seen_at") - shift
            )
            Article.objects.filter(story_id=pk).update(seen_at=F("seen_at") - shift)


def load_monitoring_demo(report: Callable[[str], None] = lambda _line: None) -> DemoMonitor:
    """Sources, gazetteer, topics and rules of the demo, then one round of polling."""
    load_settings()
    report("Monitoring: polling the demo sources (packaged, no network)")
    poll_all(report)
    result = DemoMonitor(
        sources=Source.objects.count(),
        articles=Article.objects.count(),
        stories=Story.objects.count(),
        alerts=alerts.Alert.objects.count(),
    )
    report(
        f"Monitoring: {result.sources} sources, {result.articles} articles, "
        f"{result.stories} stories, {result.alerts} alerts"
    )
    return result
