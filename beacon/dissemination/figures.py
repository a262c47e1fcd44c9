"""The board's figures: how fast items reach each channel, and how many reach all targets.

Plain functions over a queryset the caller has already scoped to what the person may see.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from beacon.dissemination.models import DONE_STATUSES, Delivery, DeliveryAction, DeliveryStatus


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
