"""Who sees and runs newsletters in the admin, role by role, written out by hand.

Lists: "Bản tin" of the lead agency, "Lettre" of district Q-A (own), "Q-B list" of district Q-B
(other). Each role is granted at Q-A; the lead's coordinator (Lan) and an outsider complete it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from beacon.core.actions import do_grant_role
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.newsletters.adapter import NewsletterAdapter
from beacon.newsletters.models import Digest, DigestStatus, NewsletterList
from beacon.newsletters.tests.conftest import Lists, message, subscribe

LEAD, OWN, OTHER = "Bản tin Hà Nội", "Lettre de Hanoï", "Q-B list"
ALL = {LEAD, OWN, OTHER}
NONE: set[str] = set()
# role at Q-A → (lists seen, lists whose digest it may send now, lists whose addresses it sees)
EXPECTED: dict[str, tuple[set[str], set[str], set[str]]] = {
    "coordinator": (ALL, ALL, {OWN}),
    "editor": (ALL, ALL, NONE),
    "reviewer": (ALL, NONE, NONE),
    "officer": ({OWN}, NONE, NONE),
    "translator": (NONE, NONE, NONE),
    "analyst": (NONE, NONE, NONE),
    "trainer": (NONE, NONE, NONE),
    "viewer": (NONE, NONE, NONE),
}
ADDRESSES = {LEAD: "lead-reader@example.org", OWN: "own-reader@example.org",
             OTHER: "other-reader@example.org"}  # fmt: skip


@pytest.fixture
def city(lists: Lists, personas: Any) -> dict[str, Digest]:
    other = NewsletterList.objects.create(
        agency=personas.other_district, name=OTHER, slug="q-b", language="en"
    )
    digests = {}
    for newsletter in (lists.vi, lists.fr, other):
        subscribe(newsletter, ADDRESSES[newsletter.name])
        NewsletterAdapter().deliver(lists.channel, message("a", newsletter.language))
        digests[newsletter.name] = Digest.objects.get(newsletter=newsletter)
    return digests


def _seen(client: Client, url: str, names: dict[str, str]) -> set[str]:
    response = client.get(url)
    if response.status_code == 302:  # refused: sent to the admin home or the login page
        return set()
    assert response.status_code == 200, (url, response.status_code)
    page = response.content.decode()
    return {name for name, text in names.items() if text in page}


def _check(client: Client, city: dict[str, Digest], expected: tuple[set[str], ...]) -> None:
    lists_seen, sends, addresses = expected
    names = {name: name for name in ALL}
    assert _seen(client, "/admin/newsletters/lists/", names) == lists_seen
    assert _seen(client, "/admin/newsletters/digests/", names) == lists_seen
    assert _seen(client, "/admin/newsletters/subscribers/", ADDRESSES) == addresses
    for name, digest in city.items():
        detail = client.get(f"/admin/newsletters/digests/{digest.pk}/")
        preview = client.get(f"/admin/newsletters/digests/{digest.pk}/preview/")
        if name in lists_seen:
            assert detail.status_code == preview.status_code == 200
            assert "sandbox" in preview["Content-Security-Policy"]
        else:
            assert detail.status_code in (302, 404)
            assert preview.status_code in (302, 404)
        response = client.post(f"/admin/newsletters/digests/{digest.pk}/send/")
        digest.refresh_from_db()
        closed = digest.scheduled_for <= timezone.now()  # "send now" closes it at once
        assert closed == (name in sends), (name, response.status_code)
        if name not in sends:  # refused: the admin turns a 403 into a redirect home
            assert response.status_code in (302, 403, 404)


def test_it_has_an_expected_row_for_every_role() -> None:
    assert set(EXPECTED) == set(Role.values)


@pytest.mark.parametrize("role", Role.values)
def test_it_gives_each_role_what_the_policy_says(
    personas: Any, city: dict[str, Digest], role: str
) -> None:
    user = UserFactory(username=f"new-{role}")
    do_grant_role(user, personas.district, role, acting_user=None)
    client = Client()
    client.force_login(user)
    _check(client, city, EXPECTED[role])


def test_it_shows_the_lead_coordinator_only_the_lead_agency_addresses(
    personas: Any, city: dict[str, Digest]
) -> None:
    client = Client()
    client.force_login(personas.coordinator)
    assert _seen(client, "/admin/newsletters/subscribers/", ADDRESSES) == {LEAD}


def test_it_lets_an_outsider_see_nothing(personas: Any, city: dict[str, Digest]) -> None:
    client = Client()
    client.force_login(personas.outsider)
    _check(client, city, (NONE, NONE, NONE))


def test_it_sends_now_through_the_action_and_audits_it(
    personas: Any, city: dict[str, Digest], django_capture_on_commit_callbacks: Any
) -> None:
    from beacon.core.models import AuditEvent

    client = Client()
    client.force_login(personas.coordinator)
    digest = city[LEAD]
    before = timezone.now() - timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/newsletters/digests/{digest.pk}/send/")
    assert response.status_code == 302
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT
    assert digest.recipients == 1
    assert digest.scheduled_for >= before
    assert AuditEvent.objects.filter(action="digest.send_now", actor=personas.coordinator).exists()
    page = client.get(f"/admin/newsletters/digests/{digest.pk}/").content.decode()
    assert "Send now" not in page


def test_it_saves_lists_through_the_audited_action_and_refuses_officers(
    personas: Any, lists: Lists
) -> None:
    from beacon.core.models import AuditEvent

    data = {
        "name": "Hanoi Weekly", "slug": "weekly-en", "description": "", "language": "en",
        "agency": personas.lead.pk, "cadence": "weekly", "weekday": 0, "day_of_month": 1,
        "hour": 8, "sender_email": "", "is_active": "on",
    }  # fmt: skip
    client = Client()
    client.force_login(personas.coordinator)
    response = client.post("/admin/newsletters/lists/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = NewsletterList.objects.get(slug="weekly-en")
    assert AuditEvent.objects.filter(action="newsletterlist.create", object_id=str(created.pk))
    officer = Client()
    officer.force_login(personas.officer)
    edit = f"/admin/newsletters/lists/edit/{lists.fr.pk}/"
    assert officer.get(edit).status_code in (302, 403)
    assert officer.post(edit, {**data, "slug": "taken-over"}).status_code in (302, 403)
    lists.fr.refresh_from_db()
    assert lists.fr.slug == "lettre"
