"""Background jobs run through a real Celery worker, on the broker the settings name."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from beacon.celery import app
from beacon.core.models import WorkerHeartbeat
from beacon.core.tasks import record_heartbeat


@pytest.fixture
def worker(transactional_db: Any, settings: Any, tmp_path: Any) -> Iterator[Any]:
    """An embedded worker thread consuming from the configured broker.

    The embedded default broker is a SQLite file shared with `make demo`'s worker, which would
    take the job; tests get their own file. On Redis (CI) the test gets its own key prefix: the
    database is shared with other tests, which leave jobs queued that no worker of theirs took,
    and this worker would run them.
    """
    broker = settings.CELERY_BROKER_URL
    if broker.startswith("sqla+sqlite://"):
        broker = f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    previous = app.conf.broker_url
    previous_options = app.conf.broker_transport_options
    prefix = f"beacon-test-{uuid.uuid4().hex}:"
    if broker.startswith("redis"):
        app.conf.broker_transport_options = {**previous_options, "global_keyprefix": prefix}
    _use_broker(broker)
    # The job must travel through the broker to the worker, not run in this thread.
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING") as w:
            yield w
    finally:
        app.conf.broker_transport_options = previous_options
        _use_broker(previous)
        if broker.startswith("redis"):
            connection = redis.Redis.from_url(broker)
            for key in connection.scan_iter(f"{prefix}*"):
                connection.delete(key)


def _use_broker(url: str) -> None:
    """Point the app at another broker, dropping the pools cached for the previous one.

    Celery caches its connection pool and, separately, its producer pool on first publish; a
    test that published earlier in this process would otherwise send to the old broker.
    """
    # Item assignment is what ``conf.broker_url = url`` does at run time; the stubs only see
    # the read-only ``broker_url`` property.
    app.conf["broker_url"] = url
    # Private caches, absent from celery-types; nothing public drops them.
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


def _wait_for_heartbeat(timeout: float = 30) -> WorkerHeartbeat | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        beat = WorkerHeartbeat.objects.filter(name="default").first()
        if beat is not None:
            return beat
        time.sleep(0.2)
    return None


def test_it_records_the_heartbeat_through_a_real_worker(worker: Any, client: Any) -> None:
    assert client.get("/healthz").json()["checks"]["worker"]["detail"] == "no heartbeat yet"
    record_heartbeat.delay()
    beat = _wait_for_heartbeat()
    assert beat is not None, "the worker did not run the job"
    body = client.get("/healthz").json()
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["worker"]["detail"].startswith("last heartbeat ")
    assert "stale" not in body["checks"]["worker"]["detail"]


def test_it_has_a_time_limit_and_no_endless_retries() -> None:
    soft, hard = record_heartbeat.soft_time_limit, record_heartbeat.time_limit
    assert hard == 30
    assert soft is not None and soft < hard
    assert record_heartbeat.max_retries == 0
    assert "beacon.core.tasks.record_heartbeat" in {
        entry["task"] for entry in app.conf.beat_schedule.values()
    }


def test_it_calls_an_old_heartbeat_stale_without_failing_healthz(db: Any, client: Any) -> None:
    WorkerHeartbeat.objects.create(name="default", seen_at=timezone.now() - timedelta(minutes=10))
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    worker = body["checks"]["worker"]
    assert worker["ok"] is True
    assert worker["detail"].startswith("last heartbeat 60")
    assert worker["detail"].endswith("s ago (stale)")
