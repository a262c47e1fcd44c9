"""Per-agency iCalendar feeds behind a secret address that its officers can revoke."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from beacon.plans.models import CalendarFeed
from beacon.plans.tests.factories import make_activity

pytestmark = pytest.mark.django_db


def test_it_serves_an_agencys_deadlines_until_the_address_is_revoked(
    client: Any, personas: Any
) -> None:
    today = timezone.localdate()
    mine = make_activity(
        lead=personas.district,
        title="Làng nghề",
        start=today - timedelta(days=10),
        deadline=today + timedelta(days=80),
        recurrence="monthly",
    )
    make_activity(
        lead=personas.other_district,
        title="Phố đi bộ",
        start=today,
        deadline=today + timedelta(days=20),
    )
    client.force_login(personas.officer)
    response = client.post(reverse("plans:calendar_create", args=[personas.district.pk]))
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(agency=personas.district)
    client.logout()

    url = reverse("plans_public:ical", args=[feed.token])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events]
    assert sum("Làng nghề" in s for s in summaries) == mine.periods.count() + 1
    assert not any("Phố đi bộ" in s for s in summaries)

    client.force_login(personas.officer)
    client.post(reverse("plans:calendar_revoke", args=[feed.pk]))
    client.logout()
    assert client.get(url).status_code == 404


def test_it_replaces_the_old_address_when_a_new_one_is_made(client: Any, personas: Any) -> None:
    client.force_login(personas.officer)
    create = reverse("plans:calendar_create", args=[personas.district.pk])
    client.post(create)
    old = CalendarFeed.objects.get()
    client.post(create)
    assert client.get(reverse("plans_public:ical", args=[old.token])).status_code == 404
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 1


def test_it_lets_no_one_manage_another_agencys_calendar(client: Any, personas: Any) -> None:
    today = timezone.localdate()
    make_activity(lead=personas.district, start=today, deadline=today + timedelta(days=9))
    make_activity(
        lead=personas.other_district, title="Khác", start=today, deadline=today + timedelta(9)
    )
    mine = reverse("plans:calendar_create", args=[personas.district.pk])
    client.force_login(personas.officer)
    assert mine in client.get(reverse("plans:calendars")).content.decode()
    client.force_login(personas.other_officer)
    response = client.post(reverse("plans:calendar_create", args=[personas.district.pk]))
    assert response.status_code == 404
    client.force_login(personas.officer)
    client.post(reverse("plans:calendar_create", args=[personas.district.pk]))
    feed = CalendarFeed.objects.get()
    client.force_login(personas.other_officer)
    assert client.post(reverse("plans:calendar_revoke", args=[feed.pk])).status_code == 404
    page = client.get(reverse("plans:calendars")).content.decode()
    assert mine not in page
    assert reverse("plans:calendar_create", args=[personas.other_district.pk]) in page
    feed.refresh_from_db()
    assert feed.revoked_at is None
