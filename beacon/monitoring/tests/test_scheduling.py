"""Sources claimed under a lease, and raw items whose task was lost queued again.

Before the lease, every minute's beat queued a poll of every due source again while the first
polls still waited in a fetch queue that was behind, and two beats queued each source twice.
The tasks here publish to an in-process broker whose queues the tests read, so what counts is
what was queued, as a worker would receive it.
"""

from __future__ import annotations

import ast
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from beacon.celery import app
from beacon.core.tests.threads import retry_when_locked
from beacon.monitoring import scheduling, tasks
from beacon.monitoring.models import RawItem, Source
from beacon.monitoring.tests.conftest import make_source


def _use_broker(url: str) -> None:
    """Point the app at ``url``, dropping Celery's cached pools (as core's test_tasks does)."""
    app.conf["broker_url"] = url
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Celery's broker_url reads CELERY_BROKER_URL before its configuration: without this, the
    # run on Redis would send these messages to Redis, where earlier tests' messages wait.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    kept = app.conf.broker_url
    app.conf.task_always_eager = False
    _use_broker("memory://")
    yield
    _use_broker(kept)


def _queued(queue: str) -> list[tuple[str, Any]]:
    """Take every message off ``queue``: (task name, its arguments)."""
    taken = []
    with app.connection_for_read() as conn:
        channel: Any = conn.default_channel  # the memory transport's: AMQP's basic_get
        channel.queue_declare(queue, passive=False, durable=True, auto_delete=False)
        while (message := channel.basic_get(queue)) is not None:
            taken.append((message.headers["task"], ast.literal_eval(message.headers["argsrepr"])))
    return taken


def _sources(n: int) -> list[Source]:
    return [make_source(f"https://paper{i}.example/rss") for i in range(n)]


def test_a_backlog_does_not_queue_the_same_sources_again(db: Any, broker: None) -> None:
    sources = _sources(3)
    assert tasks.poll_due_sources.apply().get() == 3
    # The fetch queue is behind: a minute later nothing has been polled, the beat runs again.
    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=True):
        assert tasks.poll_due_sources.apply().get() == 0
    queued = _queued("monitoring-fetch")
    assert sorted(args for _task, args in queued) == [(s.pk,) for s in sources]


def test_two_claimers_never_get_the_same_source(db: Any) -> None:
    _sources(5)
    first = scheduling.claim_due_sources(limit=3)
    second = scheduling.claim_due_sources(limit=3)
    assert len(first) == 3
    assert len(second) == 2
    assert not set(first) & set(second)
    assert scheduling.claim_due_sources() == []


def test_threads_claiming_at_once_split_the_sources(transactional_db: Any) -> None:
    if connection.vendor == "sqlite" and "memory" not in str(connection.settings_dict["NAME"]):
        pytest.skip("threads share the test database only in memory on SQLite")
    sources = _sources(12)
    start = threading.Barrier(3)
    claims: list[list[int]] = []

    def claim() -> None:
        try:
            start.wait(5)
            claims.append(retry_when_locked(lambda: scheduling.claim_due_sources(limit=12)))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    claimed = [pk for claim_ in claims for pk in claim_]
    assert sorted(claimed) == sorted(s.pk for s in sources)  # each once, none twice


def test_a_lost_poll_makes_its_source_due_again_when_the_lease_runs_out(
    db: Any, settings: Any
) -> None:
    (source,) = _sources(1)
    assert scheduling.claim_due_sources() == [source.pk]
    lease = settings.BEACON_MONITOR_POLL_LEASE_SECONDS
    with time_machine.travel(timezone.now() + timedelta(seconds=lease - 5), tick=False):
        assert scheduling.claim_due_sources() == []
    with time_machine.travel(timezone.now() + timedelta(seconds=lease + 5), tick=False):
        assert scheduling.claim_due_sources() == [source.pk]


def test_a_second_copy_of_a_poll_finds_the_source_polled(city: Any) -> None:
    source = make_source("demo://lequotidien.example/rss.xml")
    assert scheduling.claim_due_sources() == [source.pk]
    assert tasks.poll_source.apply(args=(source.pk,)).get() > 0
    source.refresh_from_db()
    assert source.lease_until is None
    assert source.next_poll_at > timezone.now()
    assert tasks.poll_source.apply(args=(source.pk,)).get() == 0


def _raw(source: Source, n: int, status: str, minutes_ago: int) -> RawItem:
    return RawItem.objects.create(
        source=source,
        url=f"https://paper.example/{status}/{n}",
        url_hash=f"{status}-{n}",
        status=status,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_the_sweeper_queues_stuck_items_again_and_gives_up_after_a_few_sweeps(
    db: Any, broker: None, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    (source,) = _sources(1)
    stuck_new = _raw(source, 1, RawItem.Status.NEW, 45)
    stuck_fetched = _raw(source, 2, RawItem.Status.FETCHED, 45)
    _raw(source, 3, RawItem.Status.NEW, 5)  # just found: its task is surely still queued
    _raw(source, 4, RawItem.Status.DONE, 45)
    _raw(source, 5, RawItem.Status.DISCARDED, 45)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_stuck_items.apply().get() == 2
    assert _queued("monitoring-fetch") == [
        ("beacon.monitoring.tasks.fetch_items", ([stuck_new.pk],))
    ]
    assert _queued("monitoring-cpu") == [
        ("beacon.monitoring.tasks.analyse_items", ([stuck_fetched.pk],))
    ]
    # Swept a moment ago: not queued again until the cut-off has passed once more.
    assert tasks.sweep_stuck_items.apply().get() == 0
    stuck_minutes = settings.BEACON_MONITOR_STUCK_MINUTES
    for sweep in range(1, settings.BEACON_MONITOR_MAX_SWEEPS + 1):
        later = timezone.now() + timedelta(minutes=sweep * (stuck_minutes + 1))
        with time_machine.travel(later, tick=False):
            swept = scheduling.sweep_stuck_items()
        if sweep < settings.BEACON_MONITOR_MAX_SWEEPS:
            assert (len(swept.fetch_ids), swept.given_up) == (2, 0)  # now the young one too
    assert swept.given_up == 2  # the two swept first; the young one has one sweep left
    failed = RawItem.objects.filter(status=RawItem.Status.FAILED)
    assert set(failed.values_list("pk", flat=True)) == {stuck_new.pk, stuck_fetched.pk}
    assert "given up" in RawItem.objects.get(pk=stuck_new.pk).reason
