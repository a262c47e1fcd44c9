"""Fixtures shared by every app's tests: settings for speed, and the personas of STYLE.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from beacon.core.actions import do_grant_role
from beacon.core.roles import AgencyKind, Role

# The journeys of JOURNEYS.md in headless Chromium: their fixtures and helpers.
pytest_plugins = ["beacon.core.tests.journeys"]


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@dataclass
class Personas:
    """The city in small: a lead agency, two districts (one with a ward), and four people.

    - ``coordinator``: coordinator at the lead agency; sees everything.
    - ``officer``: officer of district A.
    - ``other_officer``: officer of district B; must never see district A's work.
    - ``outsider``: an account with no role anywhere.
    """

    lead: Any
    district: Any
    ward: Any
    other_district: Any
    coordinator: Any
    officer: Any
    other_officer: Any
    outsider: Any


@pytest.fixture
def personas(db: Any) -> Personas:
    from beacon.core.tests.factories import AgencyFactory, CityProfileFactory, UserFactory

    CityProfileFactory()
    lead = AgencyFactory(code="LEAD", name="Sở Thông tin và Truyền thông", kind=AgencyKind.LEAD)
    district = AgencyFactory(code="Q-A", name="UBND quận A", kind=AgencyKind.DISTRICT)
    ward = AgencyFactory(
        code="P-A1", name="UBND phường A1", kind=AgencyKind.COMMUNE, parent=district
    )
    other = AgencyFactory(code="Q-B", name="UBND quận B", kind=AgencyKind.DISTRICT)
    coordinator = UserFactory(username="lan", first_name="Lan")
    officer = UserFactory(username="minh", first_name="Minh")
    other_officer = UserFactory(username="hung", first_name="Hùng")
    outsider = UserFactory(username="charlie")
    do_grant_role(coordinator, lead, Role.COORDINATOR, acting_user=None)
    do_grant_role(officer, district, Role.OFFICER, acting_user=None)
    do_grant_role(other_officer, other, Role.OFFICER, acting_user=None)
    return Personas(lead, district, ward, other, coordinator, officer, other_officer, outsider)
