"""The ``plans`` area as a matrix over HTTP: role x own or other agency x read, report, review.

Three activities: A led by district A, B led by district B, C led by the lead agency with ward A1
(a unit of district A) cooperating. Outcomes: ``ok``; ``hidden`` (404: not even visible);
``denied`` (visible but not allowed: the admin sends the person home with a message); ``login``
(no admin access at all: the outsider).
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from beacon.core.actions import do_grant_role
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.plans import actions
from beacon.plans.models import ProgressReport, ReportStatus
from beacon.plans.tests.factories import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(personas: Any) -> dict[str, Any]:
    today = timezone.localdate()
    dates = {"start": today - timedelta(days=10), "deadline": today + timedelta(days=50)}
    viewer = UserFactory(username="mai")
    do_grant_role(viewer, personas.district, Role.VIEWER, acting_user=None)
    return {
        "people": {
            "coordinator": personas.coordinator,
            "officer": personas.officer,
            "other_officer": personas.other_officer,
            "viewer": viewer,
            "outsider": personas.outsider,
        },
        "reporter": {"A": personas.district, "B": personas.other_district, "C": personas.ward},
        "A": make_activity(lead=personas.district, title="Làng nghề quận A", **dates),
        "B": make_activity(lead=personas.other_district, title="Phố đi bộ quận B", **dates),
        "C": make_activity(
            lead=personas.lead, cooperating=[personas.ward], title="Cổng thông tin", **dates
        ),
    }


OK, HIDDEN, DENIED, LOGIN = "ok", "hidden", "denied", "login"

READ = {
    "coordinator": {"A": OK, "B": OK, "C": OK},
    "officer": {"A": OK, "B": HIDDEN, "C": OK},
    "other_officer": {"A": HIDDEN, "B": OK, "C": HIDDEN},
    "viewer": {"A": OK, "B": HIDDEN, "C": OK},
    "outsider": {"A": LOGIN, "B": LOGIN, "C": LOGIN},
}

# Filing the report of the activity's own reporting agency (A: district A, B: district B,
# C: ward A1, which district A's officer acts for).
FILE = {
    "coordinator": {"A": OK, "B": OK, "C": OK},
    "officer": {"A": OK, "B": HIDDEN, "C": OK},
    "other_officer": {"A": HIDDEN, "B": OK, "C": HIDDEN},
    "viewer": {"A": DENIED, "B": HIDDEN, "C": DENIED},
    "outsider": {"A": LOGIN, "B": LOGIN, "C": LOGIN},
}

REVIEW = {
    "coordinator": {"A": OK, "B": OK, "C": OK},
    "officer": {"A": DENIED, "B": HIDDEN, "C": DENIED},
    "other_officer": {"A": HIDDEN, "B": DENIED, "C": HIDDEN},
    "viewer": {"A": DENIED, "B": HIDDEN, "C": DENIED},
    "outsider": {"A": LOGIN, "B": LOGIN, "C": LOGIN},
}


def outcome(response: Any) -> str:
    if response.status_code == 404:
        return HIDDEN
    if response.status_code == 403:
        return DENIED
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return LOGIN
        if location == reverse("wagtailadmin_home"):
            return DENIED
    assert response.status_code in (200, 302), response.status_code
    return OK


CASES = [(who, key) for who in READ for key in "ABC"]


@pytest.mark.parametrize(("who", "key"), CASES)
def test_it_lets_each_role_read_only_its_agencys_activities(
    client: Any, city: dict[str, Any], who: str, key: str
) -> None:
    client.force_login(city["people"][who])
    activity = city[key]
    response = client.get(reverse("plans:activity", args=[activity.pk]))
    assert outcome(response) == READ[who][key]
    listing = client.get(reverse("plans:activities"))
    listed = listing.status_code == 200 and activity.title in listing.content.decode()
    assert listed == (READ[who][key] == OK)


@pytest.mark.parametrize(("who", "key"), CASES)
def test_it_lets_each_role_file_reports_only_for_its_own_agency(
    client: Any, city: dict[str, Any], who: str, key: str
) -> None:
    client.force_login(city["people"][who])
    activity, agency = city[key], city["reporter"][key]
    period = activity.periods.get()
    response = client.post(
        reverse("plans:file_report", args=[activity.pk, period.pk]),
        {"agency": agency.pk, "summary": "Đã làm."},
    )
    assert outcome(response) == FILE[who][key]
    filed = ProgressReport.objects.filter(activity=activity, agency=agency).exists()
    assert filed == (FILE[who][key] == OK)


@pytest.mark.parametrize(("who", "key"), CASES)
def test_it_lets_only_the_coordinator_review(
    client: Any, city: dict[str, Any], who: str, key: str
) -> None:
    activity, agency = city[key], city["reporter"][key]
    report = actions.do_file_report(
        activity,
        activity.periods.get(),
        agency,
        actions.ReportInput(summary="Đã làm."),
        acting_user=None,
    )
    client.force_login(city["people"][who])
    response = client.post(
        reverse("plans:review_report", args=[report.pk]),
        {"version": report.version, "decision": "accept"},
    )
    assert outcome(response) == REVIEW[who][key]
    report.refresh_from_db()
    assert (report.status == ReportStatus.ACCEPTED) == (REVIEW[who][key] == OK)


def test_it_hides_a_cooperators_report_from_another_cooperator(client: Any, personas: Any) -> None:
    today = timezone.localdate()
    activity = make_activity(
        lead=personas.lead,
        cooperating=[personas.district, personas.other_district],
        start=today - timedelta(days=5),
        deadline=today + timedelta(days=5),
    )
    report = actions.do_file_report(
        activity,
        activity.periods.get(),
        personas.district,
        actions.ReportInput(summary="Báo cáo quận A"),
        acting_user=personas.officer,
    )
    client.force_login(personas.other_officer)
    assert client.get(reverse("plans:activity", args=[activity.pk])).status_code == 200
    assert client.get(reverse("plans:report", args=[report.pk])).status_code == 404
    assert "Báo cáo quận A" not in client.get(reverse("plans:reports")).content.decode()
    assert client.get(reverse("plans:edit_report", args=[report.pk])).status_code == 404
    plan = activity.programme.plan
    for user, counted in ((personas.other_officer, 0), (personas.coordinator, 1)):
        client.force_login(user)
        export = client.get(reverse("plans:export", args=[plan.pk, "csv"]))
        rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
        assert [row["reported"] for row in rows] == [str(counted)]


def test_it_keeps_the_plan_editors_to_the_coordinator(client: Any, personas: Any) -> None:
    for name in ("plans_plan:index", "plans_activity:index", "plans:import"):
        client.force_login(personas.officer)
        assert outcome(client.get(reverse(name))) == DENIED, name
        client.force_login(personas.coordinator)
        assert client.get(reverse(name)).status_code == 200, name
