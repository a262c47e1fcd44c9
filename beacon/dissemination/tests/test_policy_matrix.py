"""Who sees the delivery board, retries deliveries and manages channels, checked over HTTP.

Each row: a persona, whose item the delivery is (district A's, district B's, or the city's own
with no agency), and whether the persona sees the item's board, may retry it, and may edit
channels.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation
from wagtail.users.models import UserProfile

from beacon.dissemination import outbox
from beacon.dissemination.adapters import display_reason
from beacon.dissemination.models import Channel, Delivery, DeliveryStatus
from beacon.dissemination.outbox import GAVE_UP
from beacon.dissemination.tests.test_outbox import _message

# persona, owner of the item, read the item, retry it, manage channels
MATRIX = [
    ("coordinator", "A", True, True, True),
    ("coordinator", "city", True, True, True),
    ("officer", "A", True, True, False),
    ("officer", "B", False, False, False),
    ("officer", "city", False, False, False),
    ("other_officer", "A", False, False, False),
    ("other_officer", "B", True, True, False),
    ("outsider", "A", False, False, False),
    ("outsider", "city", False, False, False),
]


@pytest.fixture
def dead(personas: Any) -> dict[str, Delivery]:
    channel = Channel.objects.create(name="Portal", kind="file", config={"folder": "../escape"})
    owners = {"A": personas.district, "B": personas.other_district, "city": None}
    made = {}
    for owner, agency in owners.items():
        with transaction.atomic():
            (delivery,) = outbox.enqueue(_message(f"page-{owner}"), [channel], agency=agency)
        made[owner] = delivery
    outbox.work("w")
    return made


@pytest.mark.parametrize(("persona", "owner", "read", "retry", "manage"), MATRIX)
def test_the_delivery_board_follows_the_policy(
    personas: Any,
    dead: dict[str, Delivery],
    persona: str,
    owner: str,
    read: bool,
    retry: bool,
    manage: bool,
) -> None:
    delivery = dead[owner]
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DEAD
    client = Client()
    client.force_login(getattr(personas, persona))
    page = client.get(f"/admin/deliveries/items/{delivery.item_key}/")
    refused = 302 if persona == "outsider" else 404  # no admin at all: sent to the login page
    assert page.status_code == (200 if read else refused)
    if read:
        assert b"is not a simple name" in page.content
    board = client.get("/admin/deliveries/")
    assert board.status_code == (302 if persona == "outsider" else 200)
    client.post(f"/admin/deliveries/{delivery.pk}/retry/")
    status = Delivery.objects.get(pk=delivery.pk).status
    assert (status == DeliveryStatus.QUEUED) == retry
    channels = client.get("/admin/deliveries/channel-settings/")
    assert channels.status_code == (200 if manage else 302)
    edit = client.post(
        f"/admin/deliveries/channel-settings/edit/{delivery.channel_id}/",
        {"name": "Renamed", "kind": "file", "languages": "[]", "config": "{}", "is_active": "on"},
    )
    renamed = Channel.objects.filter(name="Renamed").exists()
    assert renamed == manage, edit.status_code
    client.post(f"/admin/deliveries/channel-settings/delete/{delivery.channel_id}/")
    assert Channel.objects.filter(pk=delivery.channel_id).exists()  # deactivated, never deleted


def test_the_dashboard_counts_dead_deliveries_the_user_may_see(
    personas: Any, dead: dict[str, Delivery]
) -> None:
    client = Client()
    client.force_login(personas.officer)
    page = client.get("/admin/")
    assert b"deliveries are dead" in page.content
    client.force_login(personas.coordinator)
    assert b"deliveries are dead" in client.get("/admin/").content


def test_the_board_shows_latency_and_completeness(personas: Any, dead: dict[str, Delivery]) -> None:
    channel = Channel.objects.create(name="Offline", kind="file", config={"folder": "offline"})
    with transaction.atomic():
        outbox.enqueue(_message("page-ok"), [channel])
    outbox.work("w")
    client = Client()
    client.force_login(personas.coordinator)
    page = client.get("/admin/deliveries/?days=7").content.decode()
    assert "1 of 4 items reached every channel" in page
    assert "Offline" in page and " s</td>" in page
    assert client.get(f"/admin/deliveries/channels/{channel.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("language", "reason", "kind"),
    [
        ("vi", "không phải là một tên đơn giản", "tệp ninjs trong một thư mục"),
        ("fr", "pas un nom simple", "fichiers ninjs dans un dossier"),
    ],
)
def test_it_shows_the_reason_and_the_channel_kind_in_the_readers_language(
    personas: Any, dead: dict[str, Delivery], language: str, reason: str, kind: str
) -> None:
    profile = UserProfile.get_for_user(personas.coordinator)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(personas.coordinator)
    board = client.get("/admin/deliveries/").content.decode()
    item = client.get(f"/admin/deliveries/items/{dead['city'].item_key}/").content.decode()
    for page in (board, item):
        assert reason in page
        assert "is not a simple name" not in page
    assert kind in board
    assert "<td>file</td>" not in board


def test_it_translates_a_reason_that_quotes_another() -> None:
    stored = GAVE_UP % {"n": 3, "error": "HTTP 503: busy"}
    with translation.override("fr"):
        assert display_reason(stored) == (
            "Abandon après 3 tentatives. Dernière erreur : HTTP 503 : busy"
        )
        assert display_reason("an adapter's own words") == "an adapter's own words"
