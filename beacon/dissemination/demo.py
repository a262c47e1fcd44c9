"""The demo's channels and a delivery history recorded through the real outbox, offline.

No stub receiver runs in the demo: the national portal is configured as it would be, at an
address that does not resolve here (``.invalid``), so its deliveries really fail and wait for
their retry; the partners' endpoint was entered with plain ``http://``, which Beacon refuses, so
its deliveries are dead with that reason; the offline exchange writes real ninjs
files under ``var/exchange``; the pull feed holds the items until a partner fetches them.
Channels of the kinds other apps add (kiosk, newsletter, mastodon) are created when those
adapters are installed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from wagtail.models import Page

from beacon.dissemination import outbox, publishing
from beacon.dissemination.adapters import REGISTRY
from beacon.dissemination.models import Channel, Delivery

CHANNELS: list[dict[str, Any]] = [
    {
        "name": "Cổng thông tin đối ngoại quốc gia (ninjs)",
        "kind": "ninjs",
        "config": {
            "endpoint": "https://api.doingoai.example.invalid/ninjs/items",
            "secret_env": "BEACON_NATIONAL_PORTAL_SECRET",
        },
    },
    {
        "name": "Sister cities (Atom)",
        "kind": "atom",
        "languages": ["en", "fr"],
        "config": {
            "endpoint": "http://partners.example.invalid/inbox",
            "secret_env": "BEACON_PARTNERS_SECRET",
        },
    },
    {"name": "Offline exchange (ninjs files)", "kind": "file", "config": {"folder": "national"}},
    {"name": "Partner pull feed", "kind": "feed", "config": {}},
    {"name": "Noi Bai airport kiosks", "kind": "kiosk", "config": {}},
    {"name": "Monthly newsletter", "kind": "newsletter", "config": {}},
    {"name": "Mastodon @hanoi", "kind": "mastodon", "languages": ["en"], "config": {}},
]


def load_dissemination_demo() -> None:
    """Create the channels (when their adapter is installed), then enqueue and work the items."""
    for spec in CHANNELS:
        if spec["kind"] in REGISTRY:
            Channel.objects.get_or_create(name=spec["name"], defaults=spec)
    for page in Page.objects.live().specific().order_by("pk"):
        if not publishing.is_syndicated(page):
            continue
        item_key = publishing.item_key_for(page)
        language = str(page.locale.language_code)
        if Delivery.objects.filter(item_key=item_key, language=language).exists():
            continue
        with transaction.atomic():
            publishing.on_published(page)
    outbox.work("demo-loader", budget_s=60)
