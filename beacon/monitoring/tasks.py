"""Celery tasks of the monitor: ids and plain values in, bounded time and retries.

Queues (``CELERY_TASK_ROUTES``): ``monitoring-fetch`` for network I/O (polling, page fetches),
``monitoring-cpu`` for the pipeline. Scale-out runs more workers on either queue.
"""

from __future__ import annotations

from functools import partial

from celery import shared_task
from django.db import OperationalError, transaction

from beacon.monitoring import alerts, ingest, scheduling, search_queue
from beacon.monitoring.gazetteer import build_options
from beacon.monitoring.models import Source

# Pages fetched by one task, and articles analysed by one task: small enough to finish well
# inside the time limit, large enough for the embedding batch to pay.
FETCH_BATCH = 10
ANALYSE_BATCH = 32


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def enqueue_analysis(ids: list[int]) -> None:
    for chunk in _chunks(ids, ANALYSE_BATCH):
        transaction.on_commit(partial(analyse_items.delay, chunk))


@shared_task(soft_time_limit=50, time_limit=60)
def poll_due_sources() -> int:
    """Beat, every minute: claim the sources whose time has come and enqueue a poll of each.

    Claimed under a lease (``scheduling.claim_due_sources``): a source already waiting in the
    fetch queue is not enqueued again by the next minute's beat.
    """
    ids = scheduling.claim_due_sources()
    for pk in ids:
        poll_source.delay(pk)
    return len(ids)


@shared_task(soft_time_limit=110, time_limit=120, max_retries=0)
def poll_source(source_id: int) -> int:
    """Poll one claimed source; a copy of the task arriving after the poll finds it not due."""
    source = Source.objects.filter(pk=source_id, is_active=True, paused_at__isnull=True).first()
    if source is None or not scheduling.still_due(source):
        return 0
    result = ingest.poll_source(source)
    for chunk in _chunks(result.new_ids, FETCH_BATCH):
        transaction.on_commit(partial(fetch_items.delay, chunk))
    enqueue_analysis(result.fetched_ids)
    return len(result.new_ids) + len(result.fetched_ids)


@shared_task(soft_time_limit=280, time_limit=300, max_retries=0)
def fetch_items(ids: list[int]) -> int:
    ready = ingest.fetch_items(ids)
    enqueue_analysis(ready)
    return len(ready)


@shared_task(
    soft_time_limit=280,
    time_limit=300,
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=True,
)
def analyse_items(ids: list[int]) -> int:
    result = ingest.analyse_items(ids, build_options())
    if result.story_ids:
        alerts.evaluate_stories(result.story_ids)
    return len(result.stored)


@shared_task(soft_time_limit=110, time_limit=120)
def sweep_stuck_items() -> int:
    """Beat, every ten minutes: queue again the fetch or analysis of items whose task was lost."""
    sweep = scheduling.sweep_stuck_items()
    for chunk in _chunks(sweep.fetch_ids, FETCH_BATCH):
        transaction.on_commit(partial(fetch_items.delay, chunk))
    enqueue_analysis(sweep.analyse_ids)
    return len(sweep.fetch_ids) + len(sweep.analyse_ids)


@shared_task(soft_time_limit=110, time_limit=120)
def check_alerts() -> int:
    """Beat, hourly: volume spikes, negative-tone spikes and silent sources."""
    return (
        len(alerts.check_spikes())
        + len(alerts.check_tone_spikes())
        + len(alerts.check_silent_sources())
    )


@shared_task(soft_time_limit=110, time_limit=120)
def send_alert_digests() -> int:
    return alerts.send_digests()


@shared_task(soft_time_limit=25, time_limit=30)
def drain_search_queue() -> int:
    """Beat, every 30 s: saved and deleted articles reach the search engine (pgvector)."""
    return search_queue.drain()
