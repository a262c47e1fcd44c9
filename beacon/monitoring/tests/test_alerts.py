"""Alert rules beyond stories: volume spikes, silent sources, daily digests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core import mail
from django.utils import timezone

from beacon.monitoring import alerts
from beacon.monitoring.models import Alert, AlertRule, Article, Source
from beacon.monitoring.tests.conftest import Monitor


def _copies(monitor: Monitor, count: int, hours_ago: float, topics: tuple[str, ...] = ()) -> None:
    seen = timezone.now() - timedelta(hours=hours_ago)
    for i in range(count):
        article = Article.objects.get(pk=monitor.article.pk)
        article.pk = None
        article.url_hash = f"{hours_ago}-{'-'.join(topics)}-{i}".ljust(64, "x")
        article.seen_at = seen
        article.topics = list(topics)
        article.save()


def test_it_raises_a_spike_against_the_usual_level_once(monitor: Monitor) -> None:
    AlertRule.objects.create(name="Spike", kind="spike", spike_factor=3.0)
    _copies(monitor, 14, hours_ago=48)  # the usual week: 14 articles, 1/12 per hour
    assert alerts.check_spikes() == []  # 1 article this hour is below the floor
    _copies(monitor, 6, hours_ago=0.2)
    (raised,) = alerts.check_spikes()
    assert "7 articles in the last hour" in raised.title
    assert alerts.check_spikes() == []


def test_a_topics_spike_counts_only_the_articles_on_that_topic(monitor: Monitor) -> None:
    AlertRule.objects.create(name="Transport", kind="spike", spike_factor=3.0, topic="transport")
    _copies(monitor, 9, hours_ago=0.2, topics=("tourism", "culture"))
    _copies(monitor, 4, hours_ago=0.2, topics=("transport-policy",))
    assert alerts.check_spikes() == []  # 13 articles this hour, none on transport
    _copies(monitor, 6, hours_ago=0.2, topics=("culture", "transport"))
    (raised,) = alerts.check_spikes()
    assert "6 articles in the last hour" in raised.title


def test_it_raises_no_spike_when_the_usual_level_is_high(monitor: Monitor) -> None:
    AlertRule.objects.create(name="Spike", kind="spike", spike_factor=3.0)
    _copies(monitor, 7 * 24 * 3, hours_ago=30)  # three an hour, usually
    _copies(monitor, 6, hours_ago=0.2)
    assert alerts.check_spikes() == []


def test_it_raises_an_alert_when_a_source_falls_silent(monitor: Monitor) -> None:
    Source.objects.filter(pk=monitor.source.pk).update(
        created_at=timezone.now() - timedelta(days=3),
        last_item_at=timezone.now() - timedelta(days=2),
    )
    (raised,) = alerts.check_silent_sources()
    assert raised.source == monitor.source and "silent" in raised.title
    assert alerts.check_silent_sources() == []


def test_it_sends_one_digest_per_rule_with_the_alerts_not_yet_sent(monitor: Monitor) -> None:
    rule = AlertRule.objects.create(
        name="French", kind="country", country="FR", delivery="digest", email_to="a@x.invalid\n"
    )
    alerts.evaluate_stories([monitor.story.pk])
    assert mail.outbox == []
    assert alerts.send_digests() == 1
    assert len(mail.outbox) == 1 and "Hanoï sous les eaux" in mail.outbox[0].body
    assert alerts.send_digests() == 0
    assert Alert.objects.get(rule=rule).emailed_at is not None


def test_it_assigns_alerts_to_the_rules_agency(monitor: Monitor, personas: Any) -> None:
    AlertRule.objects.create(
        name="Topic", kind="keyword", keyword="torrentielles", agency=personas.district
    )
    (raised,) = alerts.evaluate_stories([monitor.story.pk])
    assert raised.agency == personas.district
