"""Registration without an account: double opt-in, seat cap, waiting list, cancellation by link,
ticket with QR code and .ics, reminders, check-in by code; all through HTTP as people use it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from beacon.outreach import actions, tasks
from beacon.outreach.models import OutreachEvent, Registration, RegistrationStatus
from beacon.outreach.tests.conftest import City, CommittingClient, last_mail_to, link_in

People = Callable[[], CommittingClient]


def register(client: CommittingClient, city: City, email: str, name: str = "Anna") -> Any:
    path = f"/en/events/{city.event.pk}/register/"
    page = client.get(path)
    token = page.context["form"]["token"].value()
    return client.post(path, {"name": name, "email": email, "organisation": "", "token": token})


def confirm(client: CommittingClient, email: str) -> Registration:
    path = link_in(last_mail_to(email), "/events/confirm/")
    assert client.get(path).status_code == 200  # one button: mail scanners confirm nothing
    assert Registration.objects.get(email=email).status == RegistrationStatus.PENDING
    client.post(path)
    return Registration.objects.get(email=email)


@pytest.mark.django_db
def test_it_registers_only_after_the_mailed_link_is_followed(city: City, people: People) -> None:
    client = people()
    response = register(client, city, "Anna@Example.org")
    assert response.status_code == 303
    assert Registration.objects.get().status == RegistrationStatus.PENDING
    registration = confirm(client, "anna@example.org")
    assert registration.status == RegistrationStatus.CONFIRMED
    ticket_mail = last_mail_to("anna@example.org")
    assert registration.code in ticket_mail.body
    filename, ics, kind = ticket_mail.attachments[0]
    assert filename == "event.ics"
    assert kind == "text/calendar" and "BEGIN:VEVENT" in ics
    ticket = client.get(link_in(ticket_mail, "/events/ticket/"))
    assert b"<svg" in ticket.content and registration.code in ticket.content.decode()
    assert not client.cookies


@pytest.mark.django_db
def test_it_fills_the_seats_then_the_waiting_list_and_promotes_on_cancellation(
    city: City, people: People
) -> None:
    client = people()
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        register(client, city, email)
        confirm(client, email)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"a@example.org": "confirmed", "b@example.org": "confirmed",
                        "c@example.org": "waiting"}  # fmt: skip
    cancel = link_in(last_mail_to("a@example.org"), "/events/cancel/")
    client.post(cancel)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["a@example.org"] == "cancelled"
    assert statuses["c@example.org"] == "confirmed"
    assert "seat" in last_mail_to("c@example.org").subject.lower()


@pytest.mark.django_db
def test_it_refuses_robots_forged_links_and_stale_forms(city: City, people: People) -> None:
    client = people()
    path = f"/en/events/{city.event.pk}/register/"
    token = client.get(path).context["form"]["token"].value()
    client.post(path, {"name": "Bot", "email": "bot@example.org", "token": token,
                       "website": "http://spam.example"})  # fmt: skip
    assert not Registration.objects.exists() and not mail.outbox
    stale = client.post(path, {"name": "X", "email": "x@example.org", "token": "forged"})
    assert stale.status_code == 400 and not Registration.objects.exists()
    assert client.get("/en/events/confirm/1-abc-def/").status_code == 404
    assert client.get("/en/events/cancel/999-abc/").status_code == 404


@pytest.mark.django_db
def test_it_reminds_each_registrant_once_the_day_before(city: City, people: People) -> None:
    client = people()
    register(client, city, "anna@example.org")
    confirm(client, "anna@example.org")
    start = city.event.page.start
    assert tasks.send_reminders.apply().get() == 0  # five days ahead: not yet
    assert actions.due_reminders(start - datetime.timedelta(hours=20)) != []
    city.event.page.start = timezone.now() + datetime.timedelta(hours=20)
    city.event.page.save()
    before = len(mail.outbox)
    assert tasks.send_reminders.apply().get() == 1
    assert len(mail.outbox) == before + 1
    assert tasks.send_reminders.apply().get() == 0


@pytest.mark.django_db
def test_it_checks_in_a_ticket_once(city: City, people: People) -> None:
    client = people()
    register(client, city, "anna@example.org")
    registration = confirm(client, "anna@example.org")
    staff = people()
    staff.force_login(city.newsroom.personas.officer)
    url = f"/admin/outreach/events/{city.event.pk}/check-in/"
    assert staff.get(url).status_code == 200
    first = staff.post(
        url, {"code": registration.code.lower()}, headers={"Accept": "application/json"}
    )
    assert first.json() == {"ok": True, "message": "Welcome, Anna.", "present": 1}
    again = staff.post(url, {"code": registration.code}, headers={"Accept": "application/json"})
    assert again.json()["ok"] is False
    wrong = staff.post(url, {"code": "NOPE1234"})
    assert "No ticket" in wrong.content.decode()
    other = people()
    other.force_login(city.newsroom.personas.other_officer)
    assert other.post(url, {"code": registration.code}).status_code in (302, 404)


@pytest.mark.django_db
def test_it_opens_registration_for_a_portal_event_from_the_admin(
    city: City, people: People
) -> None:
    from beacon.portal.models import EventPage

    page = EventPage(title="Second", slug="second", start=timezone.now(), venue="Hall")
    city.newsroom.tree.sections["events"].add_child(instance=page)
    officer = people()
    officer.force_login(city.newsroom.personas.officer)
    options = officer.get("/admin/outreach/events/add/").content.decode()
    assert f'value="{page.pk}"' in options
    assert f'value="{city.event.page_id}"' not in options  # it has its outreach row already
    response = officer.post("/admin/outreach/events/add/", {
        "page": page.pk, "kind": "conference", "capacity": 30,
        "organiser": city.newsroom.personas.district.pk, "languages_text": "vi, en",
        "registration_open": "on",
    })  # fmt: skip
    assert response.status_code == 302
    event = page.outreach
    assert event.languages == ["vi", "en"] and event.capacity == 30
    stranger = people()
    stranger.force_login(city.newsroom.personas.other_officer)
    refused = stranger.post("/admin/outreach/events/add/", {
        "page": page.pk, "kind": "conference", "capacity": 1,
        "organiser": city.newsroom.personas.district.pk,
    })  # fmt: skip
    assert (
        refused.status_code == 200
        and not OutreachEvent.objects.filter(
            organiser=city.newsroom.personas.other_district
        ).exists()
    )
    assert OutreachEvent.objects.filter(page=page).count() == 1
