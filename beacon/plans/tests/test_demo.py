"""The demo plan loads through the actions, tells a varied story, and loads twice unchanged."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from beacon.core.actions import do_grant_role
from beacon.core.roles import AgencyKind, Role
from beacon.core.tests.factories import AgencyFactory, UserFactory
from beacon.plans.demo import PROGRAMMES, load_plans_demo
from beacon.plans.models import Activity, ProgressReport, ReportStatus, Status

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 26)


@pytest.fixture
def directory() -> None:
    """The demo agencies the plan names, except one district, to show it is skipped."""
    codes = {spec.lead for specs in PROGRAMMES.values() for spec in specs}
    codes |= {code for specs in PROGRAMMES.values() for spec in specs for code in spec.cooperating}
    codes.discard("H-BAVI")
    for code in sorted(codes):
        kind = AgencyKind.LEAD if code == "SO-TTTT" else AgencyKind.DEPARTMENT
        AgencyFactory(code=code, kind=kind)
    lan, minh = UserFactory(username="lan"), UserFactory(username="minh")
    from beacon.core.models import Agency

    do_grant_role(lan, Agency.objects.get(code="SO-TTTT"), Role.COORDINATOR, acting_user=None)
    do_grant_role(minh, Agency.objects.get(code="Q-HOANKIEM"), Role.OFFICER, acting_user=None)


def test_it_loads_a_plan_in_motion_and_twice_without_change(directory: Any) -> None:
    lines: list[str] = []
    plan = load_plans_demo(2025, lines.append, today=TODAY)
    activities = Activity.objects.filter(programme__plan=plan)
    assert activities.count() >= 30
    assert not activities.filter(lead_agency__code="H-BAVI").exists()
    assert "1 skipped" in lines[0]
    statuses = Counter(a.derived_status for a in activities.with_status(TODAY))
    assert statuses[Status.DONE] >= 3
    assert statuses[Status.LATE] >= 3
    assert statuses[Status.IN_PROGRESS] >= 10
    reviews = Counter(ProgressReport.objects.values_list("status", flat=True))
    assert reviews[ReportStatus.ACCEPTED] > 50
    assert reviews[ReportStatus.RETURNED] >= 2
    assert reviews[ReportStatus.SUBMITTED] >= 3
    minh_filed = ProgressReport.objects.filter(submitted_by__username="minh")
    assert minh_filed.exists()
    assert all(r.agency.code == "Q-HOANKIEM" for r in minh_filed)

    before = (activities.count(), ProgressReport.objects.count())
    load_plans_demo(2025, today=TODAY)
    assert (activities.count(), ProgressReport.objects.count()) == before


def test_it_loads_the_demo_plan_from_the_command_line(directory: Any) -> None:
    out = io.StringIO()
    call_command("load_plans_demo", "--year", "2024", stdout=out)
    assert "Plan 2024: 31 activities created, 1 skipped" in out.getvalue()
    assert Activity.objects.filter(programme__plan__year=2024).count() == 31
