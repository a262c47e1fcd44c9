"""The demo's channels and a delivery history recorded through the real outbox, offline.

No stub receiver runs in the demo. The national portal's channel is the offline exchange (ninjs
files under ``var/exchange``), the pull feed holds the items until a partner fetches them; two
channels added later carry only the newer items: a partner agency's ninjs endpoint, configured as
it would be at an address that does not resolve here (``.invalid``), so its deliveries really
fail and wait for their retry, and the sister cities' endpoint entered with plain ``http://``,
which Beacon refuses, so its deliveries are dead with that reason. Channels of the kinds other
apps add (kiosk, newsletter, mastodon) are created when those adapters are installed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from beacon.dissemination import outbox, publishing
from beacon.dissemination.adapters import REGISTRY
from beacon.dissemination.models import Channel, Delivery, DeliveryAttempt

# The office's own channels, in use from the start.
CHANNELS: list[dict[str, Any]] = [
    {
        "name": "Cổng thông tin đối ngoại quốc gia (ninjs files)",
        "kind": "file",
        "config": {"folder": "national-portal"},
    },
    {"name": "Partner pull feed", "kind": "feed", "config": {}},
    {"name": "Noi Bai airport kiosks", "kind": "kiosk", "config": {}},
    {"name": "Mastodon @hanoi", "kind": "mastodon", "languages": ["en"], "config": {}},
]
# Channels added lately, for the newer half of the items: one not reachable yet, one misconfigured.
NEW_CHANNELS: list[dict[str, Any]] = [
    {
        "name": "Partner agency (ninjs push)",
        "kind": "ninjs",
        "languages": ["en"],
        "config": {
            "endpoint": "https://api.partner.example.invalid/ninjs/items",
            "secret_env": "BEACON_PARTNER_AGENCY_SECRET",
        },
    },
    {
        "name": "Sister cities (Atom)",
        "kind": "atom",
        "languages": ["fr"],
        "config": {
            "endpoint": "http://partners.example.invalid/inbox",
            "secret_env": "BEACON_SISTER_CITIES_SECRET",
        },
    },
]


def _channels(specs: list[dict[str, Any]]) -> None:
    for spec in specs:
        if spec["kind"] in REGISTRY:
            Channel.objects.get_or_create(name=spec["name"], defaults=spec)


def _enqueue(pages: list[Any]) -> None:
    for page in pages:
        item_key = publishing.item_key_for(page)
        language = str(page.locale.language_code)
        if Delivery.objects.filter(item_key=item_key, language=language).exists():
            continue
        with transaction.atomic():
            publishing.on_published(page)
    outbox.work("demo-loader", budget_s=60)


def load_dissemination_demo() -> None:
    """The office's channels carry the older half of the items; two new ones join for the rest."""
    pages = [
        page
        for page in Page.objects.live().specific().order_by("last_published_at", "pk")
        if publishing.is_syndicated(page)
    ]
    older, newer = pages[: len(pages) // 2], pages[len(pages) // 2 :]
    _channels(CHANNELS)
    _enqueue(older)
    _channels(NEW_CHANNELS)
    _enqueue(newer)
    spread_over_the_year()


def spread_over_the_year(days: int = 360) -> None:
    """Date the older two thirds of the demo's items back over the past year, item by item.

    A fresh load delivers everything within a minute; the insights report compares periods and
    needs a year behind it, while the board still shows the newest third as recent. Runs only on
    a fresh load (no delivery older than two days), so a second load changes nothing.
    """
    now = timezone.now()
    if Delivery.objects.filter(approved_at__lt=now - timedelta(days=2)).exists():
        return
    keys = list(
        Delivery.objects.order_by("approved_at", "pk").values_list("item_key", flat=True).distinct()
    )
    keys = list(dict.fromkeys(keys))
    older = keys[: len(keys) * 2 // 3]
    for index, key in enumerate(older):
        shift = timedelta(days=days * (len(older) - index) / len(older))
        with transaction.atomic():
            Delivery.objects.filter(item_key=key).update(
                approved_at=F("approved_at") - shift,
                sent_at=F("sent_at") - shift,
                acknowledged_at=F("acknowledged_at") - shift,
            )
            DeliveryAttempt.objects.filter(delivery__item_key=key).update(
                started_at=F("started_at") - shift
            )
