"""The demo's year behind the report: deliveries and coverage spread back, public figures on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from beacon.dissemination.demo import spread_over_the_year as spread_deliveries
from beacon.dissemination.models import Channel, Delivery, DeliveryStatus
from beacon.insights.demo import PUBLIC, load_insights_demo
from beacon.insights.models import PublicFigure
from beacon.insights.tests.conftest import _delivery
from beacon.monitoring.demo_loader import spread_over_the_year as spread_coverage
from beacon.monitoring.models import Article, Source, Story


def test_it_spreads_the_older_deliveries_over_the_year(personas: Any) -> None:
    channel = Channel.objects.create(name="Files", kind="file")
    now = timezone.now()
    for n in range(6):
        at = now - timedelta(minutes=6 - n)
        _delivery(
            channel,
            f"page:{n}",
            "en",
            personas.district,
            at,
            status=DeliveryStatus.SENT,
            sent_at=at,
        )
    spread_deliveries()
    ages = [(now - d.approved_at).days for d in Delivery.objects.order_by("item_key")]
    assert ages[0] >= 359 and ages[4] == ages[5] == 0  # the newest third stays recent
    assert ages[0] > ages[1] > ages[2] > ages[3] > 0
    spread_deliveries()  # a second load changes nothing
    assert [(now - d.approved_at).days for d in Delivery.objects.order_by("item_key")] == ages


def test_it_spreads_the_older_stories_and_their_articles(db: Any) -> None:
    now = timezone.now()
    source = Source.objects.create(name="S", url="https://s.example/rss", country="FR")
    for n in range(3):
        story = Story.objects.create(
            title=f"S{n}", language="fr", first_seen_at=now, last_seen_at=now, signature=b"x"
        )
        Article.objects.create(
            source=source,
            story=story,
            url=f"https://s.example/{n}",
            url_hash=f"s{n}",
            title="t",
            text="t",
            language="fr",
            country="FR",
            media_kind="press",
            seen_at=now,
        )
    spread_coverage()
    ages = sorted((now - a.seen_at).days for a in Article.objects.all())
    assert ages == [0, 180, 360]
    assert Story.objects.filter(first_seen_at__lt=now - timedelta(days=300)).count() == 1


def test_it_publishes_the_demo_figures_once(db: Any) -> None:
    load_insights_demo()
    assert set(PublicFigure.objects.filter(is_public=True).values_list("key", flat=True)) == set(
        PUBLIC
    )
    PublicFigure.objects.filter(key="plan_done").update(is_public=False)
    load_insights_demo()
    assert not PublicFigure.objects.get(key="plan_done").is_public
