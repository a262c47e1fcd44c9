"""Where the kiosks meet the outbox: acknowledging deliveries and sending emergencies onward."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings

from beacon.dissemination import outbox
from beacon.dissemination.adapters import Message
from beacon.dissemination.models import Channel, Delivery

if TYPE_CHECKING:
    from beacon.kiosks.models import EmergencyNotice

log = logging.getLogger(__name__)

KIOSK_KIND = "kiosk"


def acknowledge(idempotency_key: str, detail: str) -> None:
    """Tell the outbox a kiosk has fetched a slide: the proof that the delivery arrived."""
    if not idempotency_key:
        return
    try:
        outbox.acknowledge(idempotency_key, detail=detail)
    except Delivery.DoesNotExist:
        # A slide handed straight to the adapter (the demo's entry information): nothing to prove.
        log.info("No delivery %s to acknowledge (not sent by the outbox)", idempotency_key)


def emergency_messages(notice: EmergencyNotice, *, withdraw: bool = False) -> list[Message]:
    """The notice as outbox messages, one per language, marked urgent."""
    return [
        Message(
            item_key=f"kiosks.emergency.{notice.pk}",
            idempotency_key="",
            action="withdraw" if withdraw else "publish",
            language=language,
            title=title,
            url=f"{settings.BASE_URL}/",
            summary=str(notice.body.get(language, "")),
            published_at=notice.starts_at,
            urgency="emergency",
            extra={"severity": notice.severity, "category": "emergency"},
        )
        for language, title in notice.title.items()
        if title
    ]


def send_to_other_channels(notice: EmergencyNotice, *, withdraw: bool = False) -> int:
    """Queue the notice on every active channel that is not a kiosk; call inside the action.

    The kiosks have it already (it overrides their playlists); every other channel carrying a
    language of the notice gets that language, with ``urgency="emergency"``.
    """
    channels = list(Channel.objects.filter(is_active=True).exclude(kind=KIOSK_KIND))
    queued = 0
    for message in emergency_messages(notice, withdraw=withdraw):
        targets = [channel for channel in channels if channel.carries(message.language)]
        queued += len(outbox.enqueue(message, targets, item=notice, agency=notice.agency))
    return queued
