"""Which sources to poll and which raw items to queue again, safe with many workers and beats.

- ``claim_due_sources`` takes due sources under a lease in the database: a source claimed once
  is not handed out again until its poll ends or its lease runs out, so a fetch queue that is
  behind by more than the beat's minute does not get the same sources queued a second time, and
  two schedulers never claim one source. PostgreSQL locks the candidate rows with
  ``FOR UPDATE SKIP LOCKED`` (as the outbox does); SQLite, one writer at a time, takes them with
  a conditional UPDATE; on both the claimer keeps only the rows stamped with its own lease.
- ``sweep_stuck_items`` finds raw items still ``new`` or ``fetched`` (the two states in which a
  task is owed to them) long after they got there, queues their task again, and gives an item up
  as failed after ``BEACON_MONITOR_MAX_SWEEPS`` sweeps, so one that kills its worker every time
  cannot loop for ever.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop

from beacon.monitoring.models import RawItem, Source

logger = logging.getLogger("beacon.monitoring.scheduling")

GAVE_UP = gettext_noop("Its task was lost %(count)s times; given up.")


def _unleased(now: datetime) -> models.Q:
    return models.Q(lease_until__isnull=True) | models.Q(lease_until__lte=now)


def claim_due_sources(limit: int | None = None) -> list[int]:
    """Claim up to ``limit`` due sources for a poll; returns the ids this caller now holds."""
    limit = limit or settings.BEACON_MONITOR_CLAIM_BATCH
    now = timezone.now()
    lease_until = now + timedelta(seconds=settings.BEACON_MONITOR_POLL_LEASE_SECONDS)
    with transaction.atomic():
        candidates = (
            Source.objects.due(now)
            .filter(_unleased(now))
            .order_by(F("next_poll_at").asc(nulls_first=True), "pk")
        )
        if connection.vendor == "postgresql":
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        Source.objects.filter(_unleased(now), pk__in=ids).update(lease_until=lease_until)
        return list(
            Source.objects.filter(pk__in=ids, lease_until=lease_until)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def still_due(source: Source, now: datetime | None = None) -> bool:
    """Whether a claimed source still needs its poll: a copy of the task that ran first did it."""
    now = now or timezone.now()
    return source.next_poll_at is None or source.next_poll_at <= now


@dataclass
class Sweep:
    fetch_ids: list[int] = field(default_factory=list)
    analyse_ids: list[int] = field(default_factory=list)
    given_up: int = 0


def sweep_stuck_items(limit: int = 5000) -> Sweep:
    """Claim raw items stuck in ``new`` or ``fetched`` and say which task each is owed again."""
    now = timezone.now()
    cutoff = now - timedelta(minutes=settings.BEACON_MONITOR_STUCK_MINUTES)
    give_up_at = settings.BEACON_MONITOR_MAX_SWEEPS
    sweep = Sweep()
    with transaction.atomic():
        stuck = (
            RawItem.objects.filter(
                status__in=(RawItem.Status.NEW, RawItem.Status.FETCHED), created_at__lt=cutoff
            )
            .filter(models.Q(swept_at__isnull=True) | models.Q(swept_at__lt=cutoff))
            .order_by("pk")
        )
        if connection.vendor == "postgresql":
            stuck = stuck.select_for_update(skip_locked=True)
        rows = list(stuck.values_list("pk", "status", "sweeps")[:limit])
        spent = [pk for pk, _status, sweeps in rows if sweeps >= give_up_at]
        if spent:
            RawItem.objects.filter(pk__in=spent).update(
                status=RawItem.Status.FAILED,
                reason=GAVE_UP % {"count": give_up_at},
                swept_at=now,
            )
            sweep.given_up = len(spent)
            logger.warning("gave up %d raw items whose tasks were lost repeatedly", len(spent))
        again = [(pk, status) for pk, status, sweeps in rows if sweeps < give_up_at]
        RawItem.objects.filter(pk__in=[pk for pk, _ in again]).update(
            swept_at=now, sweeps=F("sweeps") + 1
        )
    for pk, status in again:
        (sweep.fetch_ids if status == RawItem.Status.NEW else sweep.analyse_ids).append(pk)
    return sweep
