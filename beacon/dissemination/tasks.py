"""Celery tasks of the outbox, on their own ``dissemination`` queue.

``deliver_due`` is kicked when a transaction that enqueued deliveries commits, and by the beat
sweep every few seconds (due retries, expired leases). Each run works a bounded time, then hands
on to a fresh task if rows are still due, so no task outlives its time limit.
"""

from __future__ import annotations

import os
import socket

from celery import shared_task
from django.conf import settings

from beacon.dissemination import outbox, publishing
from beacon.dissemination.models import Delivery


def worker_name() -> str:
    """Host and process id, read at call time: prefork children share the parent's imports."""
    return f"{socket.gethostname()}:{os.getpid()}"


@shared_task(soft_time_limit=110, time_limit=120, max_retries=0)
def deliver_due() -> int:
    """Deliver what is due for up to a minute, then pass the rest on to a new task."""
    done = outbox.work(
        worker_name(),
        batch=settings.BEACON_DELIVERY_BATCH,
        budget_s=60,
    )
    if done and Delivery.objects.due().exists():
        deliver_due.delay()
    return done


@shared_task(soft_time_limit=110, time_limit=120, max_retries=0)
def reconcile_publications() -> int:
    """Publications that left no delivery (a process killed mid-publish) are enqueued now."""
    return publishing.reconcile()
