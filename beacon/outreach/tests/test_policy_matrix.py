"""Who sees and changes outreach work in the admin, role by role, written out by hand.

Each area has one item of district Q-A (own) and one of district Q-B (other). Each role is
granted at Q-A; then the screens are read and a write is tried on both items.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from beacon.core.actions import do_grant_role
from beacon.core.tests.factories import UserFactory
from beacon.outreach.models import CommunityStory, Partner, PressRequest, StoryStatus
from beacon.outreach.tests.conftest import City, make_event

OWN, OTHER = "own", "other"
ALL: set[str] = {OWN, OTHER}
NONE: set[str] = set()
# role at Q-A -> (partners read, partners write, events read, events write (check-in),
#                 press read, stories read, stories write (moderate))
EXPECTED: dict[str, tuple[set[str], ...]] = {
    "coordinator": (ALL, ALL, ALL, ALL, ALL, ALL, ALL),
    "officer": ({OWN}, {OWN}, {OWN}, {OWN}, {OWN}, NONE, NONE),
    "editor": (ALL, NONE, ALL, NONE, NONE, {OWN}, {OWN}),
    "reviewer": (NONE, NONE, NONE, NONE, {OWN}, NONE, NONE),
    "translator": (NONE,) * 7,
    "analyst": (NONE,) * 7,
    "trainer": (NONE,) * 7,
    "viewer": (NONE,) * 7,
}


@pytest.fixture
def items(city: City) -> dict[str, dict[str, Any]]:
    personas = city.newsroom.personas
    today = timezone.localdate()
    found: dict[str, dict[str, Any]] = {}
    for key, agency in ((OWN, personas.district), (OTHER, personas.other_district)):
        partner = Partner.objects.create(name=f"Partner {key}", kind="embassy", country="DE",
                                         agency=agency)  # fmt: skip
        event = make_event(city.newsroom.tree.sections, agency, slug=f"event-{key}")
        press = PressRequest.objects.create(
            agency=agency, name="J", email="j@example.org", outlet=f"Outlet {key}", country="JP",
            topic="T", starts_on=today, ends_on=today + datetime.timedelta(days=1), language="en",
        )  # fmt: skip
        story = CommunityStory.objects.create(
            agency=agency, title=f"Story {key}", body="B", language="en", author_name="A",
            email="a@example.org", licence="cc-by-4.0", consent_at=timezone.now(),
            status=StoryStatus.SUBMITTED,
        )  # fmt: skip
        found[key] = {"partner": partner, "event": event, "press": press, "story": story}
    return found


def _ok(response: Any) -> bool:
    return bool(response.status_code == 200)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED))
def test_it_follows_the_outreach_policy(city: City, items: dict[str, Any], role: str) -> None:
    user = UserFactory(username=f"{role}-q-a")
    do_grant_role(user, city.newsroom.personas.district, role, acting_user=None)
    client = Client()
    client.force_login(user)
    seen: list[set[str]] = [set() for _ in range(7)]
    for key, item in items.items():
        if _ok(client.get(f"/admin/outreach/partners/{item['partner'].pk}/")):
            seen[0].add(key)
        add_contact = client.post(f"/admin/outreach/partners/{item['partner'].pk}/contacts/")
        if add_contact.status_code == 302 and "/partners/" in add_contact["Location"]:
            seen[1].add(key)
        if _ok(client.get(f"/admin/outreach/events/{item['event'].pk}/")):
            seen[2].add(key)
        if _ok(client.get(f"/admin/outreach/events/{item['event'].pk}/check-in/")):
            seen[3].add(key)
        if _ok(client.get(f"/admin/outreach/press/{item['press'].pk}/")):
            seen[4].add(key)
        if _ok(client.get(f"/admin/outreach/stories/{item['story'].pk}/")):
            seen[5].add(key)
        client.post(f"/admin/outreach/stories/{item['story'].pk}/", {"step": "reject"})
        item["story"].refresh_from_db()
        if item["story"].status == StoryStatus.REJECTED:
            seen[6].add(key)
    assert tuple(seen) == EXPECTED[role], role
