"""The demo's history is recorded offline through the real outbox; loading it twice adds nothing."""

from __future__ import annotations

from typing import Any

from beacon.dissemination.demo import load_dissemination_demo
from beacon.dissemination.models import Delivery, DeliveryStatus


def _statuses(kind: str) -> set[str]:
    return set(Delivery.objects.filter(channel__kind=kind).values_list("status", flat=True))


def test_the_demo_shows_delivered_failing_and_dead_deliveries(
    published: Any, settings: Any
) -> None:
    settings.BEACON_DELIVERY_BACKOFF_SECONDS = 30  # as configured: the retry is for later
    load_dissemination_demo()
    assert _statuses("file") == {DeliveryStatus.ACKNOWLEDGED}
    assert _statuses("feed") == {DeliveryStatus.SENT}
    assert _statuses("ninjs") <= {DeliveryStatus.FAILED}
    assert _statuses("atom") <= {DeliveryStatus.DEAD}
    newer = Delivery.objects.filter(channel__kind__in=["ninjs", "atom"])
    assert newer.exists()
    # Kiosk and social channels are the other apps' demos to fill (their groups, their posts).
    offline = Delivery.objects.filter(channel__kind__in=["file", "feed"])
    older = offline.exclude(item_key__in=newer.values("item_key"))
    assert older.exists()
    assert set(older.values_list("status", flat=True)) <= {
        DeliveryStatus.ACKNOWLEDGED,
        DeliveryStatus.SENT,
    }
    dead = Delivery.objects.filter(channel__kind="atom").first()
    assert dead is not None and "Plain HTTP is refused" in dead.last_error
    count = Delivery.objects.count()
    load_dissemination_demo()
    assert Delivery.objects.count() == count
