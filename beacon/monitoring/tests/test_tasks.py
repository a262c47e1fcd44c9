"""The Celery tasks, run through Celery's code path in this process, chained by on_commit."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from beacon.monitoring import tasks
from beacon.monitoring.models import Alert, AlertRule, Article, RawItem, Source
from beacon.monitoring.tests.conftest import make_source


def test_it_polls_due_sources_then_fetches_and_analyses_through_the_queues(
    city: Any, django_capture_on_commit_callbacks: Any
) -> None:
    source = make_source("demo://lequotidien.example/rss.xml")
    make_source("demo://seoulilbo.example/rss.xml", is_active=False)
    AlertRule.objects.create(name="Metro", kind="keyword", keyword="métro")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.poll_due_sources.delay().get() == 1
    assert Article.objects.count() == 2
    assert set(RawItem.objects.values_list("status", flat=True)) == {"done", "discarded"}
    assert Alert.objects.filter(title__contains="métro ligne 3").exists()
    source.refresh_from_db()
    assert source.next_poll_at > timezone.now()
    assert not Source.objects.due().exists()


def test_it_skips_a_paused_source(db: Any) -> None:
    source = make_source("demo://lequotidien.example/rss.xml", paused_at=timezone.now())
    assert tasks.poll_source.delay(source.pk).get() == 0
    assert RawItem.objects.count() == 0


def test_it_checks_silent_sources_on_schedule(db: Any) -> None:
    from datetime import timedelta

    make_source("https://quiet.example/rss", created_at=timezone.now() - timedelta(days=2))
    assert tasks.check_alerts.delay().get() == 1


def test_it_routes_network_and_cpu_work_to_their_own_queues() -> None:
    from beacon.celery import app

    def queue(name: str) -> str:
        return app.amqp.router.route({}, name)["queue"].name

    assert queue("beacon.monitoring.tasks.poll_source") == "monitoring-fetch"
    assert queue("beacon.monitoring.tasks.fetch_items") == "monitoring-fetch"
    assert queue("beacon.monitoring.tasks.analyse_items") == "monitoring-cpu"
    assert {q.name for q in app.conf.task_queues} >= {
        "celery",
        "monitoring-fetch",
        "monitoring-cpu",
    }
