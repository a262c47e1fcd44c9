"""Who may see and work the monitor, as a matrix through HTTP (the table is in access.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from beacon.core.actions import do_grant_role
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.monitoring.models import Alert
from beacon.monitoring.tests.conftest import Monitor

PEOPLE = ["coordinator", "analyst", "editor", "officer", "other_officer", "outsider", "anonymous"]
READERS = {"coordinator", "analyst", "editor"}
MANAGERS = {"coordinator", "analyst"}


def login(client: Client, personas: Any, who: str) -> None:
    if who == "anonymous":
        return
    if who in ("analyst", "editor"):
        user = UserFactory(username=who)
        do_grant_role(user, personas.lead, Role(who), acting_user=None)
    else:
        user = getattr(personas, who)
    client.force_login(user)


def _urls(monitor: Monitor) -> dict[str, str]:
    return {
        "stream": reverse("monitoring:stream"),
        "story": reverse("monitoring:story", args=[monitor.story.pk]),
        "tone": reverse("monitoring:tone"),
        "search": reverse("monitoring:search") + "?q=Hanoi",
        "csv": reverse("monitoring:stream_csv"),
        "sources": reverse("monitoring_source:index"),
        "export": reverse("monitoring_source:export", args=["opml"]),
    }


def allowed(response: Any) -> bool:
    return response.status_code == 200


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("page", ["stream", "story", "tone", "search", "csv", "sources", "export"])
def test_it_shows_the_monitor_to_readers_only(
    client: Client, personas: Any, monitor: Monitor, who: str, page: str
) -> None:
    login(client, personas, who)
    response = client.get(_urls(monitor)[page])
    assert allowed(response) == (who in READERS), response.status_code
    if who not in READERS:
        assert b"sous les eaux" not in response.content


@pytest.mark.parametrize("who", PEOPLE)
def test_it_lets_managers_add_sources(
    client: Client, personas: Any, monitor: Monitor, who: str
) -> None:
    login(client, personas, who)
    response = client.get(reverse("monitoring_source:add"))
    assert allowed(response) == (who in MANAGERS)


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("coordinator", {"assigned", "open"}),
        ("analyst", {"assigned", "open"}),
        ("editor", {"assigned", "open"}),
        ("officer", {"assigned"}),
        ("other_officer", set()),
        ("outsider", None),
        ("anonymous", None),
    ],
)
def test_it_shows_alerts_by_assignment(
    client: Client, personas: Any, monitor: Monitor, who: str, sees: set[str] | None
) -> None:
    login(client, personas, who)
    response = client.get(reverse("monitoring:alerts"))
    if sees is None:
        assert not allowed(response)
        return
    assert allowed(response)
    content = response.content.decode()
    both = {"assigned": monitor.assigned_alert, "open": monitor.open_alert}
    shown = {name for name, alert in both.items() if alert.title in content}
    assert shown == sees


@pytest.mark.parametrize(
    ("who", "outcome"),
    [
        ("coordinator", "done"),
        ("analyst", "done"),
        ("editor", "refused"),
        ("officer", "done"),
        ("other_officer", "not found"),
        ("outsider", "refused"),
        ("anonymous", "refused"),
    ],
)
def test_it_lets_those_who_may_acknowledge_an_assigned_alert(
    client: Client, personas: Any, monitor: Monitor, who: str, outcome: str
) -> None:
    login(client, personas, who)
    url = reverse("monitoring:alert_acknowledge", args=[monitor.assigned_alert.pk])
    response = client.post(url)
    acknowledged = Alert.objects.get(pk=monitor.assigned_alert.pk).acknowledged_at is not None
    assert acknowledged == (outcome == "done")
    if outcome == "done":
        assert response["Location"] == reverse("monitoring:alerts")
    elif outcome == "not found":
        assert response.status_code == 404
    else:
        # Wagtail turns a refusal into a redirect to the dashboard or the login page.
        assert response.status_code in (302, 403)
        assert response.get("Location") != reverse("monitoring:alerts")


def test_it_refuses_an_officer_an_unassigned_alert(
    client: Client, personas: Any, monitor: Monitor
) -> None:
    login(client, personas, "officer")
    url = reverse("monitoring:alert_acknowledge", args=[monitor.open_alert.pk])
    assert client.post(url).status_code == 404
