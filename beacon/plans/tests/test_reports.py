"""Filing, revising and reviewing reports: the refusals the issue names, conflicts, history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from beacon.core.models import AuditEvent
from beacon.plans import actions
from beacon.plans.models import (
    Activity,
    Plan,
    PlanStatus,
    ProgressReport,
    ReportEvent,
    ReportStatus,
)
from beacon.plans.tests.factories import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(personas: Any) -> Activity:
    today = timezone.localdate()
    return make_activity(
        lead=personas.district,
        start=today - timedelta(days=30),
        deadline=today + timedelta(days=30),
    )


def _url(activity: Activity) -> str:
    return reverse("plans:file_report", args=[activity.pk, activity.periods.get().pk])


def _target(activity: Activity, unit: str) -> Any:
    return activity.targets.get(unit=unit)


def test_it_refuses_a_figure_in_another_unit(client: Any, personas: Any, activity: Any) -> None:
    client.force_login(personas.officer)
    articles = _target(activity, "articles")
    response = client.post(
        _url(activity),
        {"summary": "Đã làm.", f"figure_{articles.pk}": "3", f"unit_{articles.pk}": "sessions"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "is counted in articles" in body
    assert "training sessions" in body
    assert not ProgressReport.objects.exists()


def test_it_refuses_a_report_for_a_closed_period(client: Any, personas: Any, settings: Any) -> None:
    today = timezone.localdate()
    settings.BEACON_PLANS_REPORT_DUE_DAYS = 5
    settings.BEACON_PLANS_REPORT_CLOSE_DAYS = 10
    old = make_activity(
        lead=personas.district,
        start=today - timedelta(days=90),
        deadline=today - timedelta(days=16),
    )
    client.force_login(personas.officer)
    response = client.post(_url(old), {"summary": "Muộn."})
    assert response.status_code == 400
    assert "closed on" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_it_refuses_reports_once_the_plan_is_closed(
    client: Any, personas: Any, activity: Any
) -> None:
    Plan.objects.update(status=PlanStatus.CLOSED)
    client.force_login(personas.officer)
    response = client.post(_url(activity), {"summary": "Đã làm."})
    assert response.status_code == 400
    assert "The plan is closed" in response.content.decode()


def test_it_refuses_an_agency_with_no_role_on_the_activity(
    client: Any, personas: Any, activity: Any
) -> None:
    client.force_login(personas.coordinator)
    response = client.post(
        _url(activity), {"agency": personas.other_district.pk, "summary": "Đã làm."}
    )
    assert response.status_code == 400
    assert "neither leads nor cooperates" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_it_never_lets_two_people_silently_overwrite_a_report(
    client: Any, personas: Any, activity: Any
) -> None:
    client.force_login(personas.officer)
    assert client.post(_url(activity), {"summary": "Bản đầu."}).status_code == 302
    report = ProgressReport.objects.get()
    edit = reverse("plans:edit_report", args=[report.pk])
    first = client.post(edit, {"version": 1, "summary": "Sửa của Minh."})
    assert first.status_code == 302
    second = client.post(edit, {"version": 1, "summary": "Sửa của người khác."})
    assert second.status_code == 409
    assert "saved by someone else" in second.content.decode()
    report.refresh_from_db()
    assert (report.summary, report.version) == ("Sửa của Minh.", 2)
    assert list(report.events.values_list("kind", "version")) == [
        ("submitted", 1),
        ("revised", 2),
    ]


def test_it_sends_a_report_back_with_a_comment_and_keeps_the_history(
    client: Any,
    personas: Any,
    activity: Any,
    eager_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    personas.officer.email = "minh@quan-a.example"
    personas.officer.save()
    report = actions.do_file_report(
        activity,
        activity.periods.get(),
        personas.district,
        actions.ReportInput(summary="Đã làm."),
        acting_user=personas.officer,
    )
    client.force_login(personas.coordinator)
    review = reverse("plans:review_report", args=[report.pk])
    no_comment = client.post(review, {"version": 1, "decision": "return", "comment": ""})
    assert no_comment.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review, {"version": 1, "decision": "return", "comment": "Thiếu ảnh minh chứng."}
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert [m.to for m in mail.outbox] == [["minh@quan-a.example"]]
    assert "Thiếu ảnh minh chứng." in mail.outbox[0].body

    client.force_login(personas.officer)
    edit = reverse("plans:edit_report", args=[report.pk])
    assert client.post(edit, {"version": 1, "summary": "Đã bổ sung ảnh."}).status_code == 302
    client.force_login(personas.coordinator)
    assert client.post(review, {"version": 2, "decision": "accept"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    history = list(ReportEvent.objects.filter(report=report).values_list("kind", "comment"))
    assert history == [
        ("submitted", ""),
        ("returned", "Thiếu ảnh minh chứng."),
        ("revised", ""),
        ("accepted", ""),
    ]
    page = client.get(reverse("plans:report", args=[report.pk])).content.decode()
    assert "Thiếu ảnh minh chứng." in page
    actions_logged = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"progressreport.submit", "progressreport.return", "progressreport.accept"} <= (
        actions_logged
    )


def test_it_refuses_to_change_an_accepted_report(client: Any, personas: Any, activity: Any) -> None:
    report = actions.do_file_report(
        activity,
        activity.periods.get(),
        personas.district,
        actions.ReportInput(summary="Đã làm."),
        acting_user=personas.officer,
    )
    actions.do_review_report(
        report, accept=True, comment="", acting_user=personas.coordinator, base_version=1
    )
    client.force_login(personas.officer)
    response = client.post(
        reverse("plans:edit_report", args=[report.pk]), {"version": 1, "summary": "Sửa."}
    )
    assert response.status_code == 400
    assert "accepted and can no longer be changed" in response.content.decode()
    report.refresh_from_db()
    assert report.summary == "Đã làm."


def test_it_refuses_a_review_of_a_version_the_coordinator_did_not_read(
    client: Any, personas: Any, activity: Any
) -> None:
    report = actions.do_file_report(
        activity,
        activity.periods.get(),
        personas.district,
        actions.ReportInput(summary="Bản 1"),
        acting_user=personas.officer,
    )
    actions.do_file_report(
        activity,
        report.period,
        personas.district,
        actions.ReportInput(summary="Bản 2"),
        acting_user=personas.officer,
        base_version=1,
    )
    client.force_login(personas.coordinator)
    client.post(
        reverse("plans:review_report", args=[report.pk]), {"version": 1, "decision": "accept"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_it_refuses_unsafe_links_and_files(client: Any, personas: Any, activity: Any) -> None:
    client.force_login(personas.officer)
    links = client.post(_url(activity), {"summary": "Đã làm.", "links": "javascript:alert(1)"})
    assert links.status_code == 400
    assert "is not a web address" in links.content.decode()
    files = client.post(
        _url(activity),
        {
            "summary": "Đã làm.",
            "evidence": [
                SimpleUploadedFile("setup.exe", b"MZ\x90\x00", "application/octet-stream")
            ],
        },
    )
    assert files.status_code == 400
    assert "setup.exe: only" in files.content.decode()
    assert not ProgressReport.objects.exists()
