"""The board's figures: how fast items reach each channel, and how many reach all targets.

Plain functions over a queryset the caller has already scoped to what the person may see.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from beacon.dissemination.models import (
    DONE_STATUSES,
    AttemptOutcome,
    Delivery,
    DeliveryAction,
    DeliveryAttempt,
    DeliveryStatus,
)


@dataclass(frozen=True)
class Latency:
    delivered: int
    median_s: float | None
    p90_s: float | None


def percentile(values: list[float], share: float) -> float | None:
    """The value below which ``share`` of the values fall (nearest rank)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def latency_by_channel(deliveries: QuerySet[Delivery], since: datetime) -> dict[int, Latency]:
    """Approval to delivery (acknowledgement if any, else sending) per channel since a date."""
    seconds: dict[int, list[float]] = defaultdict(list)
    rows = deliveries.filter(approved_at__gte=since, status__in=DONE_STATUSES).values_list(
        "channel_id", "approved_at", "sent_at", "acknowledged_at"
    )
    for channel_id, approved, sent, acknowledged in rows:
        done = acknowledged or sent
        if done is not None:
            seconds[channel_id].append(max(0.0, (done - approved).total_seconds()))
    return {
        channel_id: Latency(len(values), statistics.median(values), percentile(values, 0.9))
        for channel_id, values in seconds.items()
    }


@dataclass(frozen=True)
class Completeness:
    items: int
    complete: int

    @property
    def share(self) -> float | None:
        return self.complete / self.items if self.items else None


def completeness(deliveries: QuerySet[Delivery], since: datetime) -> Completeness:
    """Items approved since a date whose every target (channel and language) has it.

    Superseded and cancelled rows are not targets; a withdrawal is not an item.
    """
    done: dict[str, bool] = {}
    rows = (
        deliveries.filter(approved_at__gte=since)
        .exclude(status=DeliveryStatus.CANCELLED)
        .exclude(action=DeliveryAction.WITHDRAW)
        .values_list("item_key", "status")
    )
    for item_key, status in rows:
        done[item_key] = done.get(item_key, True) and status in DONE_STATUSES
    return Completeness(len(done), sum(done.values()))


def period_deliveries(
    agency_ids: set[int] | None, since: datetime, until: datetime
) -> list[dict[str, object]]:
    """Every delivery of items approved in [since, until), as plain rows for the insights report.

    One query; ``agency_ids=None`` is every agency's items.
    """
    deliveries = Delivery.objects.filter(approved_at__gte=since, approved_at__lt=until)
    if agency_ids is not None:
        deliveries = deliveries.filter(agency_id__in=agency_ids)
    return [
        dict(row)
        for row in deliveries.order_by("approved_at", "pk").values(
            "pk",
            "item_key",
            "title",
            "channel__name",
            "language",
            "status",
            "action",
            "version",
            "approved_at",
            "sent_at",
            "acknowledged_at",
        )
    ]


def channel_days(
    agency_ids: set[int] | None, since: datetime, until: datetime
) -> list[dict[str, object]]:
    """Per channel and day, the delivery attempts made and how many reached the receiver.

    A day on which a channel was tried and never reached is a day it was down. One query,
    grouped in the database, so its cost does not grow with the number of attempts returned.
    """
    attempts = DeliveryAttempt.objects.filter(started_at__gte=since, started_at__lt=until)
    if agency_ids is not None:
        attempts = attempts.filter(delivery__agency_id__in=agency_ids)
    reached = Q(outcome__in=(AttemptOutcome.ACKNOWLEDGED, AttemptOutcome.SENT))
    return [
        dict(row)
        for row in attempts.annotate(
            day=TruncDate("started_at", tzinfo=timezone.get_current_timezone())
        )
        .values("delivery__channel__name", "day")
        .annotate(tried=Count("pk"), reached=Count("pk", filter=reached))
        .order_by("delivery__channel__name", "day")
    ]
