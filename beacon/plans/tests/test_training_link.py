"""A training activity's targets in sessions and trainees are counted from the training records.

The training data is set up through the training app's own actions (nominate, hold, record the
roll call), the way the training tests do; Plans reads it only through ``training_figures``.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from beacon.plans import actions
from beacon.plans.models import Activity, Status
from beacon.plans.tests.factories import make_activity
from beacon.training import actions as training_actions
from beacon.training.models import Course, Officer, Session

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


def status(activity: Activity, today: datetime.date | None = None) -> str:
    """The status both ways, checked to agree."""
    today = today or TODAY()
    fresh = Activity.objects.get(pk=activity.pk)
    in_sql = Activity.objects.with_status(today).get(pk=activity.pk).derived_status
    assert in_sql == fresh.get_status(today)
    assert Activity.objects.overdue(today).filter(pk=activity.pk).exists() == (
        in_sql == Status.LATE
    )
    return in_sql


def officer(agency: Any, name: str) -> Officer:
    return training_actions.do_save_officer(
        Officer(agency=agency, full_name=name, languages=["vi"]), competencies=[], acting_user=None
    )


@dataclass
class Link:
    activity: Activity
    course: Course
    district: list[Officer]
    ward: Officer
    other: Officer


def hold(course: Course, code: str, present: list[Officer], *, ended_days_ago: int) -> Session:
    """A session nominated ahead, then held (its dates moved into the past), roll call taken."""
    start = days(10)
    session = training_actions.do_save_session(
        Session(
            course=course,
            code=code,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=course.duration_days - 1),
            place="Hội trường Sở, 185 Giảng Võ",
            capacity=10,
        ),
        trainers=[],
        target_agencies=[],
        acting_user=None,
    )
    for person in present:
        training_actions.do_nominate_officer(session, person, acting_user=None)
    ends = days(-ended_days_ago)
    Session.objects.filter(pk=session.pk).update(
        starts_on=ends - datetime.timedelta(days=course.duration_days - 1), ends_on=ends
    )
    session.refresh_from_db()
    for day in session.days():
        training_actions.do_record_attendance(
            session, day, [p.pk for p in present], acting_user=None
        )
    return session


@pytest.fixture
def link(personas: Any) -> Link:
    """District A leads a training activity begun 60 days ago: 1 session, 2 trainees, 1 report."""
    activity = make_activity(
        lead=personas.district,
        cooperating=[personas.lead],
        title="Bồi dưỡng nghiệp vụ thông tin đối ngoại cho cán bộ quận",
        start=days(-60),
        deadline=days(60),
        targets=[(1, "sessions"), (2, "trainees"), (1, "reports")],
        counted_from_training=True,
    )
    course = training_actions.do_save_course(
        Course(
            code="nghiep-vu",
            title="Nghiệp vụ thông tin đối ngoại",
            duration_days=2,
            hours=16,
            languages=["vi"],
            validity_months=24,
        ),
        competencies=[],
        acting_user=None,
    )
    return Link(
        activity=activity,
        course=course,
        district=[officer(personas.district, "Nguyễn Văn A"), officer(personas.district, "B")],
        ward=officer(personas.ward, "Trần Thị Phường"),
        other=officer(personas.other_district, "Lê Quốc Bảo"),
    )


def targets_on_page(client: Any, activity: Activity) -> dict[str, tuple[Decimal, bool]]:
    response = client.get(reverse("plans:activity", args=[activity.pk]))
    assert response.status_code == 200
    return {
        target.unit: (total, is_counted)
        for target, total, is_counted in response.context["row"].target_lines()
    }


def test_it_counts_a_session_held_with_attendance_towards_the_targets_and_status(
    client: Any, personas: Any, link: Link
) -> None:
    client.force_login(personas.officer)
    before = targets_on_page(client, link.activity)
    assert before == {
        "sessions": (0, True),
        "trainees": (0, True),
        "reports": (0, False),
    }
    assert status(link.activity) == Status.IN_PROGRESS

    # Officers of the district and of its ward (a unit under it) attend one session.
    hold(link.course, "nv-1", [link.district[0], link.ward], ended_days_ago=20)

    after = targets_on_page(client, link.activity)
    assert after["sessions"] == (1, True)
    assert after["trainees"] == (2, True)
    page = client.get(reverse("plans:activity", args=[link.activity.pk])).content.decode()
    assert "training records" in page
    rows = client.get(reverse("plans:activities")).context["rows"]
    assert [r.progress for r in rows] == [66]
    # The report target is not reached yet: counted targets alone do not make it done.
    assert status(link.activity) == Status.IN_PROGRESS

    report = actions.do_file_report(
        link.activity,
        link.activity.periods.get(),
        personas.district,
        actions.ReportInput(
            summary="Đã tổ chức lớp.",
            figures={link.activity.targets.get(unit="reports").pk: (Decimal(1), "reports")},
        ),
        acting_user=personas.officer,
    )
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("plans:review_report", args=[report.pk]),
        {"decision": "accept", "comment": "", "version": report.version},
    )
    assert response.status_code == 302
    assert status(link.activity) == Status.DONE
    rows = client.get(reverse("plans:activities") + "?status=done").context["rows"]
    assert [(r.activity, r.progress) for r in rows] == [(link.activity, 100)]
    summary = client.get(reverse("plans:dashboard")).context["summary"]
    assert summary.by_status == {Status.DONE: 1}


def test_it_does_not_count_agencies_outside_the_activity(
    client: Any, personas: Any, link: Link
) -> None:
    hold(link.course, "nv-other", [link.other], ended_days_ago=20)
    client.force_login(personas.coordinator)
    assert targets_on_page(client, link.activity)["trainees"] == (0, True)
    assert targets_on_page(client, link.activity)["sessions"] == (0, True)
    # The same session with one of the activity's officers present counts once, for them only.
    hold(link.course, "nv-mixed", [link.other, link.district[1]], ended_days_ago=10)
    assert targets_on_page(client, link.activity)["trainees"] == (1, True)
    assert targets_on_page(client, link.activity)["sessions"] == (1, True)


def test_it_does_not_count_sessions_outside_the_activitys_dates(
    client: Any, personas: Any, link: Link
) -> None:
    hold(link.course, "nv-before", link.district, ended_days_ago=61)
    client.force_login(personas.officer)
    assert targets_on_page(client, link.activity)["sessions"] == (0, True)
    hold(link.course, "nv-first-day", link.district, ended_days_ago=60)
    assert targets_on_page(client, link.activity)["sessions"] == (1, True)
    assert targets_on_page(client, link.activity)["trainees"] == (2, True)
    # Once the deadline has passed, a later session no longer counts.
    Activity.objects.filter(pk=link.activity.pk).update(deadline=days(-5))
    hold(link.course, "nv-after", [link.ward], ended_days_ago=2)
    assert targets_on_page(client, link.activity)["trainees"] == (2, True)


def test_it_agrees_on_the_status_in_sql_and_in_python(personas: Any, link: Link) -> None:
    activity = link.activity
    activity.targets.filter(unit="reports").delete()
    assert status(activity) == Status.IN_PROGRESS
    assert status(activity, days(-61)) == Status.PLANNED
    hold(link.course, "nv-1", [link.district[0]], ended_days_ago=30)
    assert status(activity) == Status.IN_PROGRESS
    # Past the deadline with one trainee of two, it is late; in SQL, in Python and in overdue().
    assert status(activity, days(61)) == Status.LATE
    hold(link.course, "nv-2", [link.ward], ended_days_ago=5)
    assert status(activity) == Status.DONE
    assert status(activity, days(61)) == Status.DONE
    # Seen before the second session ended, it was not done yet: the counts are as of the day.
    assert status(activity, days(-6)) == Status.IN_PROGRESS
    assert not Activity.objects.not_done().filter(pk=activity.pk).exists()
    # Nothing is stored: the status follows the training records when they change.
    assert Activity.objects.get(pk=activity.pk).completed_on is None


def test_it_does_not_ask_reports_for_counted_targets(
    client: Any, personas: Any, link: Link
) -> None:
    hold(link.course, "nv-1", [link.district[0]], ended_days_ago=20)
    activity = link.activity
    period = activity.periods.get()
    counted = {t.unit: t for t in activity.targets.all()}
    client.force_login(personas.officer)
    response = client.get(reverse("plans:file_report", args=[activity.pk, period.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert f"figure_{counted['reports'].pk}" in form.fields
    assert f"figure_{counted['sessions'].pk}" not in form.fields
    assert f"figure_{counted['trainees'].pk}" not in form.fields
    assert "Counted from training records, not reported" in response.content.decode()
    assert [(t.unit, n) for t, n in response.context["counted"]] == [
        ("sessions", 1),
        ("trainees", 1),
    ]
    with pytest.raises(ValidationError, match="counted from training records"):
        actions.do_file_report(
            activity,
            period,
            personas.district,
            actions.ReportInput(
                summary="Đã làm.", figures={counted["sessions"].pk: (Decimal(5), "sessions")}
            ),
            acting_user=personas.officer,
        )


def test_it_refuses_counting_an_activity_with_nothing_to_count(personas: Any) -> None:
    with pytest.raises(ValidationError, match="needs a target in one of"):
        make_activity(
            lead=personas.district,
            start=days(-10),
            deadline=days(10),
            targets=[(3, "articles")],
            counted_from_training=True,
        )


def test_it_counts_the_training_demo_in_the_demo_plans_training_activity(
    client: Any, personas: Any
) -> None:
    from beacon.core.tests.factories import AgencyFactory
    from beacon.plans.demo import PROGRAMMES, load_plans_demo
    from beacon.training.demo import load_training_demo

    codes = {spec.lead for specs in PROGRAMMES.values() for spec in specs}
    codes |= {code for specs in PROGRAMMES.values() for spec in specs for code in spec.cooperating}
    agencies = {code: AgencyFactory(code=code) for code in sorted(codes)}
    AgencyFactory(code="P-HK-HANGBAC", parent=agencies["Q-HOANKIEM"])
    # Both demos place the past year's events relative to today: the plan in the current year,
    # the training sessions on their months and days in the most recent year they are past. The
    # loaders are given the day, and the clock stands on it for the pages that read it.
    today = datetime.date(2026, 11, 26)
    with time_machine.travel(
        datetime.datetime(2026, 11, 26, 10, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)),
        tick=False,
    ):
        plan = load_plans_demo(today=today)
        load_training_demo(today=today)
        activity = Activity.objects.get(programme__plan=plan, code="2.2")
        assert activity.counted_from_training
        client.force_login(personas.coordinator)
        counts = targets_on_page(client, activity)
        # March to October 2026: four sessions with the activity's agencies (the ward's officer
        # counts for her district); ten distinct officers present.
        assert counts == {"sessions": (4, True), "trainees": (10, True)}
        assert status(activity) == Status.DONE
