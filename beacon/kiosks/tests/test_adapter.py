"""The kiosk adapter as the outbox calls it: store, update, withdraw, refuse what it cannot show."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from beacon.dissemination.adapters import PermanentError, adapter_for
from beacon.kiosks.models import KioskGroup, Slide
from beacon.kiosks.tests.conftest import Fleet, deliver, make_message


def _versions() -> dict[str, int]:
    return dict(KioskGroup.objects.values_list("slug", "version"))


def test_it_is_the_adapter_of_kiosk_channels() -> None:
    assert adapter_for("kiosk").kind == "kiosk"


def test_it_stores_a_slide_for_every_group_and_waits_for_a_kiosk_to_confirm(
    fleet: Fleet,
) -> None:
    before = _versions()
    receipt = deliver(fleet, make_message("news-1", image_url="https://portal.example/a.jpg"))
    assert receipt.acknowledged is False
    assert receipt.remote_id == "news-1"
    slides = Slide.objects.filter(item_key="news-1", language="vi")
    assert {slide.group.slug for slide in slides} == {"gate-a", "gate-b"}
    assert slides.first().image_url == "https://portal.example/a.jpg"  # type: ignore[union-attr]
    assert all(_versions()[slug] > before[slug] for slug in before)


def test_it_only_reaches_the_groups_the_channel_names(fleet: Fleet) -> None:
    fleet.channel.config = {"groups": ["gate-b"]}
    before = _versions()
    deliver(fleet, make_message("news-1"))
    assert list(Slide.objects.values_list("group__slug", flat=True)) == ["gate-b"]
    assert _versions()["gate-a"] == before["gate-a"]


def test_an_update_replaces_the_slide_and_a_late_older_version_does_not(fleet: Fleet) -> None:
    deliver(fleet, make_message("news-1", version=2, title="Bản 2"))
    deliver(fleet, make_message("news-1", version=1, title="Bản 1"))
    assert set(Slide.objects.values_list("title", flat=True)) == {"Bản 2"}
    deliver(fleet, make_message("news-1", version=3, title="Bản 3", action="update"))
    assert set(Slide.objects.values_list("title", flat=True)) == {"Bản 3"}
    assert Slide.objects.count() == 2


def test_a_withdrawal_removes_the_slide_in_that_language_only(fleet: Fleet) -> None:
    deliver(fleet, make_message("news-1", "vi"))
    deliver(fleet, make_message("news-1", "en"))
    receipt = deliver(fleet, make_message("news-1", "vi", action="withdraw"))
    assert receipt.acknowledged is True
    assert set(Slide.objects.values_list("language", flat=True)) == {"en"}


def test_it_keeps_the_valid_window_and_category_from_the_message(fleet: Fleet) -> None:
    until = timezone.now() + timedelta(days=2)
    deliver(
        fleet,
        make_message("visa", extra={"category": "entry", "valid_until": until.isoformat()}),
    )
    slide = Slide.objects.filter(item_key="visa").first()
    assert slide is not None
    assert slide.category == "entry"
    assert slide.valid_until == until


@pytest.mark.parametrize(
    ("fields", "config", "reason"),
    [
        ({"title": "  "}, {}, "needs a title"),
        ({"url": "/vi/tin/"}, {}, "absolute"),
        ({"extra": {"category": "gossip"}}, {}, "Unknown kiosk category"),
        ({"extra": {"valid_until": "soon"}}, {}, "not a date"),
        ({"extra": {"valid_from": "2026-11-26T08:00:00"}}, {}, "time zone"),
        ({}, {"groups": ["nowhere"]}, "No kiosk group named nowhere"),
        ({}, {"groups": "gate-a"}, "must be a list"),
    ],
)
def test_it_refuses_what_no_kiosk_can_show_for_good(
    fleet: Fleet, fields: dict[str, Any], config: dict[str, Any], reason: str
) -> None:
    fleet.channel.config = config
    with pytest.raises(PermanentError, match=reason):
        deliver(fleet, make_message("bad", **fields))
    assert not Slide.objects.filter(item_key="bad").exists()


def test_it_refuses_when_there_is_no_group_at_all(personas: Any) -> None:
    from beacon.dissemination.models import Channel

    channel = Channel.objects.create(name="Kiosks", kind="kiosk")
    with pytest.raises(PermanentError, match="no kiosk group"):
        adapter_for("kiosk").deliver(channel, make_message())
