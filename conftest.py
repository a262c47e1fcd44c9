"""Fixtures shared by every app's tests: settings for speed, the clock, the personas of STYLE.md."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from beacon.core.actions import do_grant_role
from beacon.core.roles import AgencyKind, Role
from beacon.core.tests.clock import SHIFTED, TEST_DAY, clock_at

# The journeys of JOURNEYS.md in headless Chromium: their fixtures and helpers.
pytest_plugins = ["beacon.core.tests.journeys"]


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Path) -> None:
    """Settings for speed and isolation, and an empty cache.

    The cache outlives a test in its process (rate-limit counters, cached pages): a form test
    that posts a few times would otherwise leave a later test in the same worker rate-limited.
    """
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.BEACON_CLAIM_INDEX_DIR = tmp_path / "claim-index"


def pytest_report_header() -> str:
    return f"the clock of each test starts on {TEST_DAY.isoformat()} at 10:00 in Hanoi"


@pytest.fixture(autouse=True)
def _clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """Start each test's clock at 10:00 in Hanoi on the test day (see beacon/core/tests/clock.py).

    Tests marked ``real_clock`` (other processes take part, which keep the machine's clock) and
    browser tests (Chromium judges cookie expiry by its own clock) keep the real clock; the run
    a year ahead skips them, and the ``dateless`` walks over every route, which cost minutes
    and look for boundaries and server errors, not dates.
    """
    if SHIFTED and request.node.get_closest_marker("dateless"):
        pytest.skip("looks for boundaries, not dates; runs in the suite on the real date")
    if request.node.get_closest_marker("real_clock") or request.node.get_closest_marker("browser"):
        if SHIFTED:
            pytest.skip("keeps the real clock; runs in the suite on the real date")
        yield
        return
    with clock_at(datetime.time(10)):
        yield


@pytest.fixture(autouse=True)
def _celery_conf() -> Iterator[None]:
    """Give every test Celery's configuration back as it found it.

    Fixtures switch tasks to run eagerly (in-process) for their app's tests; restored here in
    one place, none can leak into a later test that means to go through a real worker.
    """
    from beacon.celery import app

    kept = {key: app.conf[key] for key in ("task_always_eager", "task_eager_propagates")}
    yield
    app.conf.update(kept)


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
