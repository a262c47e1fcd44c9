"""Foreign press: the public form in two languages, routing to the agency, the review step
(an officer drafts, a reviewer or the coordinator sends), and the private status link."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from beacon.core.actions import do_grant_role
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.outreach.models import PressRequest, PressStatus
from beacon.outreach.tests.conftest import City, CommittingClient, last_mail_to, link_in

People = Callable[[], CommittingClient]


def ask(client: CommittingClient, language: str, agency_pk: int) -> int:
    path = f"/{language}/press/request/"
    token = client.get(path).context["form"]["token"].value()
    start = timezone.localdate() + datetime.timedelta(days=10)
    return client.post(path, {
        "name": "Paul Girard", "email": "paul@lemonde.example", "outlet": "Le Monde",
        "country": "fr", "agency": agency_pk, "topic": "Le quartier français",
        "starts_on": start.isoformat(), "ends_on": (start + datetime.timedelta(days=3)).isoformat(),
        "token": token,
    }).status_code  # fmt: skip


@pytest.mark.django_db
def test_it_routes_a_request_reviews_the_answer_and_shows_the_status(
    city: City, people: People
) -> None:
    personas = city.newsroom.personas
    journalist = people()
    assert ask(journalist, "fr", personas.district.pk) == 303
    request = PressRequest.objects.get()
    assert (request.agency, request.language, request.country) == (personas.district, "fr", "FR")
    status_path = link_in(last_mail_to("paul@lemonde.example"), "/press/status/")
    status = journalist.get(status_path)
    assert status.status_code == 200 and "Le Monde" in status.content.decode()
    assert 'lang="fr"' in status.content.decode()

    officer = people()
    officer.force_login(personas.officer)
    url = f"/admin/outreach/press/{request.pk}/"
    officer.post(url, {"step": "draft", "answer": "Bienvenue.", "approved": "on"})
    request.refresh_from_db()
    assert request.status == PressStatus.IN_REVIEW
    officer.post(url, {"step": "accept"})  # an officer may not send it
    request.refresh_from_db()
    assert request.status == PressStatus.IN_REVIEW

    reviewer = UserFactory(username="reviewer-q-a")
    do_grant_role(reviewer, personas.district, Role.REVIEWER, acting_user=None)
    review = people()
    review.force_login(reviewer)
    review.post(url, {"step": "accept"})
    request.refresh_from_db()
    assert request.status == PressStatus.ANSWERED and request.reviewed_by == reviewer
    page = journalist.get(status_path).content.decode()
    assert "Bienvenue." in page
    assert last_mail_to("paul@lemonde.example").subject != ""
    other = people()
    other.force_login(personas.other_officer)
    assert other.get(url).status_code in (302, 404)


@pytest.mark.django_db
def test_it_refuses_a_visit_that_ends_before_it_starts(city: City, people: People) -> None:
    client = people()
    path = "/en/press/request/"
    token = client.get(path).context["form"]["token"].value()
    today = timezone.localdate()
    response = client.post(path, {
        "name": "A", "email": "a@example.org", "outlet": "O", "country": "JP",
        "agency": city.newsroom.personas.lead.pk, "topic": "T",
        "starts_on": today.isoformat(), "ends_on": (today - datetime.timedelta(days=1)).isoformat(),
        "token": token,
    })  # fmt: skip
    assert response.status_code == 400 and not PressRequest.objects.exists()
