"""The permission policy as a matrix: every role, own or other agency, read or write.

The expected tables are written out by hand below, not derived from ``policy.POLICY``, so that
a change to the policy (or to the admin that enforces it) makes a test fail.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from beacon.core import access, policy
from beacon.core.actions import do_grant_role
from beacon.core.models import Agency, Membership
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory

OWN, WARD, OTHER = "Q-A", "P-A1", "Q-B"

# role → (agency read, agency write, people read, people write), each a set of agency codes
# among Q-A (own), P-A1 (own ward) and Q-B (other district).
ALL = {OWN, WARD, OTHER}
MINE = {OWN, WARD}
NONE: set[str] = set()
EXPECTED: dict[str, tuple[set[str], set[str], set[str], set[str]]] = {
    "coordinator": (ALL, ALL, ALL, ALL),
    "officer": (ALL, MINE, MINE, NONE),
    "editor": (ALL, NONE, MINE, NONE),
    "translator": (ALL, NONE, MINE, NONE),
    "reviewer": (ALL, NONE, MINE, NONE),
    "analyst": (ALL, NONE, MINE, NONE),
    "trainer": (ALL, NONE, MINE, NONE),
    "viewer": (ALL, NONE, MINE, NONE),
}


def test_it_has_an_expected_row_for_every_role() -> None:
    assert set(EXPECTED) == set(Role.values)


def _user_with_role(personas: Any, role: str) -> Any:
    user = UserFactory(username=f"new-{role}")
    do_grant_role(user, personas.district, role, acting_user=None)
    return user


def _agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def _edit_data(agency: Agency, **changes: Any) -> dict[str, Any]:
    data = {
        "code": agency.code,
        "kind": agency.kind,
        "parent": agency.parent_id or "",
        "name": agency.name,
        "names": json.dumps(agency.names),
        "abbreviation": agency.abbreviation,
        "email": agency.email,
        "phone": agency.phone,
        "website": agency.website,
        "address": agency.address,
    }
    if agency.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return data


@pytest.mark.parametrize("role", Role.values)
def test_it_lets_each_role_read_agencies_as_the_policy_says(
    client: Any, personas: Any, role: str
) -> None:
    client.force_login(_user_with_role(personas, role))
    for code in (OWN, WARD, OTHER):
        agency = _agency(code)
        response = client.get(reverse("core_agency:inspect", args=[agency.pk]))
        readable = response.status_code == 200 and agency.name in response.content.decode()
        assert readable == (code in EXPECTED[role][0]), (role, code, response.status_code)


@pytest.mark.parametrize("role", Role.values)
def test_it_lets_each_role_write_agencies_as_the_policy_says(
    client: Any, personas: Any, role: str
) -> None:
    client.force_login(_user_with_role(personas, role))
    for code in (OWN, WARD, OTHER):
        agency = _agency(code)
        phone = f"024 {role[:3]} {code}"
        response = client.post(
            reverse("core_agency:edit", args=[agency.pk]), _edit_data(agency, phone=phone)
        )
        assert response.status_code in (200, 302, 403), (role, code, response.status_code)
        written = _agency(code).phone == phone
        assert written == (code in EXPECTED[role][1]), (role, code, response.status_code)


@pytest.mark.parametrize("role", Role.values)
def test_it_shows_each_role_the_people_the_policy_says(
    client: Any, personas: Any, role: str
) -> None:
    ward_user = UserFactory(username="ward-person")
    do_grant_role(ward_user, personas.ward, Role.VIEWER, acting_user=None)
    client.force_login(_user_with_role(personas, role))
    response = client.get(reverse("core_membership:index"))
    assert response.status_code == 200
    shown = {m.agency.code for m in response.context["object_list"]}
    assert shown & {OWN, WARD, OTHER} == EXPECTED[role][2], role


@pytest.mark.parametrize("role", Role.values)
def test_it_lets_each_role_grant_roles_as_the_policy_says(
    client: Any, personas: Any, role: str
) -> None:
    client.force_login(_user_with_role(personas, role))
    for code in (OWN, WARD, OTHER):
        agency = _agency(code)
        client.post(
            reverse("core_membership:add"),
            {"user": personas.outsider.pk, "agency": agency.pk, "role": Role.VIEWER},
        )
        granted = Membership.objects.filter(user=personas.outsider, agency=agency).exists()
        assert granted == (code in EXPECTED[role][3]), (role, code)


@pytest.mark.parametrize("role", Role.values)
def test_it_opens_the_audit_log_to_the_coordinator_only(
    client: Any, personas: Any, role: str
) -> None:
    client.force_login(_user_with_role(personas, role))
    response = client.get(reverse("core_audit:index"))
    if role == Role.COORDINATOR:
        assert response.status_code == 200
        assert response.context["object_list"].count() > 0
    else:
        assert response.status_code in (302, 403)


def test_it_gives_the_outsider_no_admin_at_all(client: Any, personas: Any) -> None:
    client.force_login(personas.outsider)
    for url in (
        "/admin/",
        reverse("core_agency:index"),
        reverse("core_membership:index"),
        reverse("core_audit:index"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "/admin/login/" in response.get("Location", "/admin/login/"), url


def test_it_takes_the_admin_away_when_the_last_role_is_revoked(client: Any, personas: Any) -> None:
    user = _user_with_role(personas, Role.VIEWER)
    client.force_login(user)
    assert client.get(reverse("core_agency:index")).status_code == 200
    from beacon.core.actions import do_revoke_role

    do_revoke_role(Membership.objects.get(user=user), acting_user=personas.coordinator)
    assert client.get(reverse("core_agency:index")).status_code == 302


def test_it_lets_the_superuser_see_and_change_everything(client: Any, personas: Any) -> None:
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(reverse("core_audit:index")).status_code == 200
    response = client.get(reverse("core_membership:index"))
    shown = {m.agency.code for m in response.context["object_list"]}
    assert shown == {"LEAD", OWN, OTHER}
    other = personas.other_district
    client.post(reverse("core_agency:edit", args=[other.pk]), _edit_data(other, phone="024 999"))
    assert _agency(OTHER).phone == "024 999"


# Unit level: the policy functions and the access functions behind the views.


def test_it_computes_agency_ids_with_the_wards_of_own_agencies(personas: Any) -> None:
    ids = policy.agency_ids_for(personas.officer, "agency", "write")
    assert ids == {personas.district.pk, personas.ward.pk}
    assert policy.agency_ids_for(personas.coordinator, "agency", "write") is policy.ALL_AGENCIES
    assert policy.agency_ids_for(personas.outsider, "agency", "read") == set()


def test_it_answers_can_per_agency(personas: Any) -> None:
    officer = personas.officer
    assert policy.can(officer, "agency", "write", personas.ward)
    assert not policy.can(officer, "agency", "write", personas.other_district)
    assert policy.can(officer, "agency", "read", personas.other_district)
    assert policy.can(officer, "people", "read")
    assert not policy.can(officer, "people", "write")
    assert not policy.can(officer, "audit", "read")
    assert policy.can(personas.coordinator, "audit", "read")
    assert not policy.can(personas.outsider, "agency", "read")


def test_it_refuses_an_inactive_user_everything(personas: Any) -> None:
    personas.coordinator.is_active = False
    assert not policy.can(personas.coordinator, "agency", "read")


def test_it_gets_an_agency_for_a_user_or_refuses(personas: Any) -> None:
    officer, other = personas.officer, personas.other_district
    assert access.get_agency_for_user(officer, personas.ward.pk, write=True) == personas.ward
    assert access.get_agency_for_user(officer, other.pk) == other
    with pytest.raises(PermissionDenied):
        access.get_agency_for_user(officer, other.pk, write=True)
    with pytest.raises(Http404):
        access.get_agency_for_user(personas.outsider, other.pk)
    with pytest.raises(Http404):
        access.get_agency_for_user(officer, 10**9)


def test_it_gets_a_membership_for_a_user_or_refuses(personas: Any) -> None:
    hung = Membership.objects.get(user=personas.other_officer)
    minh = Membership.objects.get(user=personas.officer)
    assert access.get_membership_for_user(personas.officer, minh.pk) == minh
    with pytest.raises(Http404):
        access.get_membership_for_user(personas.officer, hung.pk)
    with pytest.raises(PermissionDenied):
        access.get_membership_for_user(personas.officer, minh.pk, write=True)
    assert access.get_membership_for_user(personas.coordinator, hung.pk, write=True) == hung
    assert set(access.memberships_for_user(personas.officer)) == {minh}
    assert access.audit_events_for_user(personas.officer).count() == 0
    assert access.audit_events_for_user(personas.coordinator).count() > 0


def test_it_refuses_an_officer_moving_or_recoding_their_own_agency(
    client: Any, personas: Any
) -> None:
    client.force_login(personas.officer)
    district = personas.district
    url = reverse("core_agency:edit", args=[district.pk])
    for change in ({"parent": personas.lead.pk}, {"code": "Q-A-NEW"}, {"kind": "commune"}):
        client.post(url, _edit_data(district, **change))
        stored = _agency(OWN)
        assert (stored.parent_id, stored.kind) == (None, "district"), change


@pytest.mark.parametrize("role", Role.values)
def test_it_lets_only_the_coordinator_add_or_delete_agencies(
    client: Any, personas: Any, role: str
) -> None:
    lone = Agency.objects.create(code="LONE", name="Cơ quan lẻ", kind="department")
    client.force_login(_user_with_role(personas, role))
    allowed = role == Role.COORDINATOR
    response = client.get(reverse("core_agency:add"))
    assert response.status_code == (200 if allowed else 302)
    response = client.get(reverse("core_agency:delete", args=[lone.pk]))
    assert response.status_code == (200 if allowed else 302)
    client.post(reverse("core_agency:delete", args=[lone.pk]))
    assert Agency.objects.filter(code="LONE").exists() != allowed


def test_it_does_not_offer_an_officer_the_edit_form_of_another_agency(
    client: Any, personas: Any
) -> None:
    client.force_login(personas.officer)
    response = client.get(reverse("core_agency:edit", args=[personas.other_district.pk]))
    assert response.status_code in (302, 403)


def test_it_lets_no_coordinator_make_a_superuser_or_take_one_over(
    client: Any, personas: Any
) -> None:
    from django.contrib.auth.models import Group

    root = UserFactory.create(username="root", is_superuser=True, is_staff=True)
    client.force_login(personas.coordinator)
    person = {"email": "x@example.invalid", "first_name": "X", "last_name": "Y", "is_active": "on"}
    client.post(
        reverse("wagtailusers_users:edit", args=[personas.officer.pk]),
        {**person, "username": "minh", "is_superuser": "on", "password1": "", "password2": ""},
    )
    personas.officer.refresh_from_db()
    assert not personas.officer.is_superuser
    client.post(
        reverse("wagtailusers_users:edit", args=[personas.officer.pk]),
        {**person, "username": "minh", "groups": list(Group.objects.values_list("pk", flat=True))},
    )
    client.post(
        reverse("wagtailusers_users:edit", args=[root.pk]),
        {
            **person,
            "username": "root",
            "password1": "Tràng-Tiền-42-X",
            "password2": "Tràng-Tiền-42-X",
        },
    )
    client.post(
        reverse("wagtailusers_users:add"),
        {
            **person,
            "username": "new-root",
            "is_superuser": "on",
            "password1": "Tràng-Tiền-42-X",
            "password2": "Tràng-Tiền-42-X",
        },
    )
    personas.officer.refresh_from_db()
    root.refresh_from_db()
    assert not personas.officer.is_superuser
    assert set(personas.officer.groups.values_list("name", flat=True)) == {"beacon:officer"}
    assert not root.check_password("Tràng-Tiền-42-X")
    assert not get_user_model().objects.filter(username="new-root").exists()
    # The coordinator still sees who has an account.
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200


def test_it_offers_no_wagtail_history_or_usage_pages_that_skip_the_object_check(
    client: Any, personas: Any
) -> None:
    """Wagtail's history and usage pages check the model only; Beacon leaves them out."""
    from beacon.core.models import Membership

    other = Membership.objects.get(agency=personas.other_district)
    client.force_login(personas.officer)
    for url in (
        f"/admin/people/history/{other.pk}/",
        f"/admin/people/usage/{other.pk}/",
        f"/admin/agencies/usage/{personas.other_district.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(personas.coordinator)
    assert client.get(f"/admin/agencies/edit/{personas.district.pk}/").status_code == 200
