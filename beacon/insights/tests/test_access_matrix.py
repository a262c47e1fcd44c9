"""The insights policy as a matrix: each role held in district A, against each scope.

Written out by hand (not derived from the policy table), so that a change to the policy makes
a test fail.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from beacon.core.actions import do_grant_role
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.insights import access

CITY, OWN, WARD, OTHER = "city", "Q-A", "P-A1", "Q-B"
EVERYWHERE = {CITY, OWN, WARD, OTHER}
MINE = {OWN, WARD}
# role → (scopes it may read, may it store reports and publish figures)
EXPECTED: dict[str, tuple[set[str], bool]] = {
    "coordinator": (EVERYWHERE, True),
    **{role: (MINE, False) for role in Role.values if role != "coordinator"},
}


def test_it_has_an_expected_row_for_every_role() -> None:
    assert set(EXPECTED) == set(Role.values)


@pytest.mark.parametrize("role", Role.values)
def test_each_role_reaches_the_scopes_the_policy_says(personas: Any, role: str) -> None:
    user = UserFactory(username=f"new-{role}")
    do_grant_role(user, personas.district, role, acting_user=None)
    agencies = {OWN: personas.district, WARD: personas.ward, OTHER: personas.other_district}
    readable = set()
    for code, agency in {CITY: None, **agencies}.items():
        try:
            scope = access.get_scope_for_user(user, agency.pk if agency else None)
        except PermissionDenied:
            continue
        if agency is not None or scope is None:
            readable.add(code)
    expected_read, expected_manage = EXPECTED[role]
    assert readable == expected_read
    assert access.can_manage(user) is expected_manage


def test_an_outsider_reaches_nothing(personas: Any) -> None:
    with pytest.raises(PermissionDenied):
        access.get_scope_for_user(personas.outsider, None)
    assert access.scopes_for_user(personas.outsider) == []
