"""The fact base's permissions as a matrix: every role, own or other agency, read or write.

The expected tables are written out by hand, not derived from the policy, so that a change to
the policy (or to the screens that enforce it) makes a test fail.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from beacon.core import policy
from beacon.core.actions import do_grant_role
from beacon.core.models import Agency
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.factbase import access
from beacon.factbase.models import Candidate, Claim, FactRequest
from beacon.factbase.tests.conftest import make_fact

OWN, WARD, OTHER = "Q-A", "P-A1", "Q-B"
ALL = {OWN, WARD, OTHER}
MINE = {OWN, WARD}
NONE: set[str] = set()

# role (held in district Q-A) → (facts read, facts write, claims read, claims write)
EXPECTED: dict[str, tuple[set[str], set[str], set[str], set[str]]] = {
    "coordinator": (ALL, ALL, ALL, ALL),
    "officer": (ALL, MINE, MINE, MINE),
    "editor": (ALL, ALL, ALL, NONE),
    "translator": (ALL, NONE, NONE, NONE),
    "reviewer": (ALL, NONE, ALL, NONE),
    "analyst": (ALL, NONE, ALL, ALL),
    "trainer": (NONE, NONE, NONE, NONE),
    "viewer": (ALL, NONE, NONE, NONE),
}
# role → may open the claims inbox, may triage (paste a claim)
SCREENS = {
    "coordinator": (True, True),
    "officer": (False, False),
    "editor": (True, False),
    "translator": (False, False),
    "reviewer": (True, False),
    "analyst": (True, True),
    "trainer": (False, False),
    "viewer": (False, False),
}


def test_it_has_an_expected_row_for_every_role() -> None:
    assert set(EXPECTED) == set(Role.values) == set(SCREENS)


def _user_with_role(personas: Any, role: str) -> Any:
    user = UserFactory(username=f"new-{role}")
    do_grant_role(user, personas.district, role, acting_user=None)
    return user


@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_policy_reaches_the_expected_agencies(personas: Any, role: str) -> None:
    user = _user_with_role(personas, role)
    agencies = {code: Agency.objects.get(code=code) for code in ALL}
    found = tuple(
        {code for code, agency in agencies.items() if policy.can(user, area, action, agency)}
        for area, action in (
            (access.FACTS, "read"),
            (access.FACTS, "write"),
            (access.CLAIMS, "read"),
            (access.CLAIMS, "write"),
        )
    )
    assert found == EXPECTED[role]


@pytest.mark.parametrize("role", list(SCREENS))
def test_the_claims_screens_follow_the_policy(personas: Any, role: str) -> None:
    user = _user_with_role(personas, role)
    claim = Claim.objects.create(text="Hanoi has 112 parks.", language="en")
    client = Client()
    client.force_login(user)
    can_read, can_triage = SCREENS[role]
    inbox = client.get(reverse("factbase:inbox"))
    detail = client.get(reverse("factbase:claim", args=[claim.pk]))
    # Refused: sent back to the admin's home page with a message.
    assert inbox.status_code == (200 if can_read else 302)
    assert detail.status_code == (200 if can_read else 302)
    client.post(reverse("factbase:claim_reject", args=[claim.pk]))
    claim.refresh_from_db()
    assert (claim.status == "rejected") is can_triage


def test_outsiders_see_nothing(personas: Any) -> None:
    claim = Claim.objects.create(text="Hanoi has 112 parks.", language="en")
    client = Client()
    client.force_login(personas.outsider)
    # No role, so no admin: each screen sends them to the login page.
    for url in (
        reverse("factbase:inbox"),
        reverse("factbase:claim", args=[claim.pk]),
        reverse("factbase:requests"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    anonymous = Client().get(reverse("factbase:inbox"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_an_officer_sees_the_fact_requests_of_own_agency_only(personas: Any) -> None:
    claim = Claim.objects.create(text="Hanoi has 112 parks.", language="en")
    mine = FactRequest.objects.create(claim=claim, agency=personas.district, note="ours")
    theirs = FactRequest.objects.create(claim=claim, agency=personas.other_district, note="b")
    assert list(access.fact_requests_for_user(personas.officer)) == [mine]
    assert list(access.fact_requests_for_user(personas.other_officer)) == [theirs]
    assert set(access.fact_requests_for_user(personas.coordinator)) == {mine, theirs}
    client = Client()
    client.force_login(personas.officer)
    listing = client.get(reverse("factbase:requests")).content.decode()
    assert "ours" in listing and ">b<" not in listing
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "claims wait for a fact from your agency" in home


def test_facts_are_edited_by_their_agency_only(personas: Any) -> None:
    fact = make_fact(personas.district, "Quận A có 12 trường học công lập năm 2025.", {})
    assert access.get_fact_for_user(personas.officer, fact.pk, write=True) == fact
    assert access.get_fact_for_user(personas.other_officer, fact.pk) == fact
    with pytest.raises(PermissionDenied):
        access.get_fact_for_user(personas.other_officer, fact.pk, write=True)
    with pytest.raises(Http404):
        access.get_fact_for_user(personas.outsider, fact.pk)
    assert list(access.facts_for_user(personas.other_officer, write=True)) == []
    client = Client()
    client.force_login(personas.other_officer)
    client.post(
        reverse("wagtailsnippets_factbase_fact:edit", args=[fact.pk]), {"statement": "changed"}
    )
    fact.refresh_from_db()
    assert fact.statement.startswith("Quận A")
    mine = Client()
    mine.force_login(personas.officer)
    assert (
        mine.get(reverse("wagtailsnippets_factbase_fact:edit", args=[fact.pk])).status_code == 200
    )


def test_it_says_why_a_claim_was_picked_in_words(personas: Any, settings: Any) -> None:
    settings.LANGUAGE_CODE = "vi"
    claim = Claim.objects.create(
        text="Hanoi has 112 parks.", language="en", reasons=["number", "named_entity"]
    )
    client = Client()
    client.force_login(personas.coordinator)
    html = client.get(reverse("factbase:claim", args=[claim.pk])).content.decode()
    assert "một con số, một tên riêng" in html
    assert "named_entity" not in html


def test_it_says_how_strong_each_candidate_is_in_words(personas: Any, settings: Any) -> None:
    settings.LANGUAGE_CODE = "vi"
    claim = Claim.objects.create(text="Hanoi has 112 parks.", language="en")
    for rank, score in enumerate((2.0, 1.5, -1.0), start=1):
        fact = make_fact(personas.district, f"Hà Nội có {110 + rank} công viên.", {})
        Candidate.objects.create(
            claim=claim,
            key=f"fact:{fact.pk}",
            fact=fact,
            score=score,
            lexical=0.25,
            dense=0.5,
            rank=rank,
        )
    client = Client()
    client.force_login(personas.coordinator)
    html = " ".join(client.get(reverse("factbase:claim", args=[claim.pk])).content.decode().split())
    # The softmax of 2, 1.5 and -1: 60 %, 37 % and 3 %.
    assert ">khớp rõ</span> <br><small>60 % trong số các gợi ý này</small>" in html
    assert ">có thể khớp</span> <br><small>37 % trong số các gợi ý này</small>" in html
    assert ">khớp yếu</span> <br><small>3 % trong số các gợi ý này</small>" in html
    assert 'title="điểm 2,000 (từ ngữ 0,250, ngữ nghĩa 0,500)"' in html
    assert "<td>2,000</td>" not in html and "Lexical" not in html
