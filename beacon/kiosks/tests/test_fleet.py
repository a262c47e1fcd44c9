"""The fleet: statuses from heartbeats, alerts for outages in opening hours, the dashboard."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from beacon.kiosks import fleet as fleet_state
from beacon.kiosks.models import Kiosk
from beacon.kiosks.playlist import local_now
from beacon.kiosks.tasks import check_fleet
from beacon.kiosks.tests.conftest import Fleet


def _beat(kiosk: Kiosk, minutes_ago: float) -> None:
    Kiosk.objects.filter(pk=kiosk.pk).update(
        last_heartbeat_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_it_tells_online_stale_and_offline_apart(fleet: Fleet) -> None:
    kiosk = Kiosk.objects.get(pk=fleet.kiosk_a.pk)
    assert kiosk.status() == "offline"
    for minutes, status in ((1, "online"), (10, "stale"), (40, "offline")):
        _beat(kiosk, minutes)
        kiosk.refresh_from_db()
        assert kiosk.status() == status


def test_opening_hours_may_cross_midnight() -> None:
    kiosk = Kiosk(opens_at=time(22), closes_at=time(6))
    assert kiosk.is_open_at(time(23)) and kiosk.is_open_at(time(5))
    assert not kiosk.is_open_at(time(12))
    assert Kiosk().is_open_at(time(3))


def test_it_alerts_an_outage_during_opening_hours_once(
    fleet: Fleet, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _beat(fleet.kiosk_a, 40)
    _beat(fleet.kiosk_b, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert check_fleet() == 1
        assert check_fleet() == 0
    [message] = mail.outbox
    assert "A-01" in message.subject
    assert set(message.to) == {personas.coordinator.email, personas.officer.email}
    client_beat = Kiosk.objects.get(pk=fleet.kiosk_a.pk)
    assert client_beat.offline_alerted_at is not None


def test_a_heartbeat_ends_the_outage_so_the_next_one_is_alerted_again(
    client: Any, fleet: Fleet, django_capture_on_commit_callbacks: Any
) -> None:
    _beat(fleet.kiosk_a, 40)
    with django_capture_on_commit_callbacks(execute=True):
        check_fleet()
    client.post(
        "/kiosk/api/heartbeat",
        "{}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {fleet.token_a}"},
    )
    assert Kiosk.objects.get(pk=fleet.kiosk_a.pk).offline_alerted_at is None


def test_closed_or_retired_kiosks_raise_no_alert(fleet: Fleet) -> None:
    now = local_now()
    Kiosk.objects.filter(pk=fleet.kiosk_a.pk).update(
        opens_at=(now + timedelta(hours=1)).time(), closes_at=(now + timedelta(hours=2)).time()
    )
    Kiosk.objects.filter(pk=fleet.kiosk_b.pk).update(token_revoked_at=timezone.now())
    assert fleet_state.offline_while_open() == []
    assert check_fleet() == 0


def test_the_dashboard_and_fleet_view_show_the_outage(
    client: Any, fleet: Fleet, personas: Any
) -> None:
    _beat(fleet.kiosk_a, 40)
    _beat(fleet.kiosk_b, 1)
    Kiosk.objects.filter(pk=fleet.kiosk_b.pk).update(app_version="1.0.0", last_errors=["x boom"])
    client.force_login(personas.coordinator)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Kiosk A-01 is offline during opening hours" in home
    assert "B-01 is offline" not in home
    page = client.get(reverse("kiosks_fleet")).content.decode()
    assert 'data-status="offline"' in page and 'data-status="online"' in page
    assert "x boom" in page and "1.0.0" in page
    client.force_login(personas.other_officer)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "A-01" not in home
