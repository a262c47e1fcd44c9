"""The issue's 'done when', end to end over HTTP: file, see, accept; the status and exports move."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from beacon.core.tests.factories import PASSWORD
from beacon.plans.models import Activity, Evidence, ProgressReport, ReportStatus, Status
from beacon.plans.tests.factories import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(personas: Any) -> dict[str, Activity]:
    today = timezone.localdate()
    start, deadline = today - timedelta(days=20), today + timedelta(days=40)
    return {
        "mine": make_activity(
            lead=personas.lead,
            cooperating=[personas.district],
            start=start,
            deadline=deadline,
            title="Quảng bá làng nghề với du khách nước ngoài",
        ),
        "theirs": make_activity(
            lead=personas.other_district,
            start=start,
            deadline=deadline,
            title="Giới thiệu phố đi bộ quận B",
        ),
    }


def _file(client: Any, activity: Activity, agency: Any, **extra: Any) -> Any:
    period = activity.periods.get()
    targets = list(activity.targets.all())
    data = {
        "agency": agency.pk,
        "summary": "Đăng 3 bài viết, đón 1 đoàn báo chí Hàn Quốc.",
        f"figure_{targets[0].pk}": "3",
        f"unit_{targets[0].pk}": targets[0].unit,
        f"figure_{targets[1].pk}": "1",
        f"unit_{targets[1].pk}": targets[1].unit,
        "links": "https://hanoi.example/craft-villages",
        "problems": "Không có hướng dẫn viên nói tiếng Anh.",
        "evidence": [SimpleUploadedFile("doan-bao-chi.jpg", b"\xff\xd8\xff photo", "image/jpeg")],
        **extra,
    }
    url = reverse("plans:file_report", args=[activity.pk, period.pk])
    return client.post(url, data)


def test_it_takes_a_report_from_district_to_accepted(client: Any, personas: Any, work: Any) -> None:
    mine, theirs = work["mine"], work["theirs"]
    plan_id = mine.programme.plan_id
    logged_in = client.post(
        reverse("wagtailadmin_login"), {"username": "minh", "password": PASSWORD}
    )
    assert logged_in.status_code == 302
    listing = client.get(reverse("plans:activities")).content.decode()
    assert mine.title in listing
    assert theirs.title not in listing

    response = _file(client, mine, personas.district)
    assert response.status_code == 302, response.content.decode()[:2000]
    report = ProgressReport.objects.get(activity=mine, agency=personas.district)
    assert report.status == ReportStatus.SUBMITTED
    assert sorted(f.value for f in report.figures.all()) == [1, 3]
    evidence = Evidence.objects.get(report=report)
    assert client.get(reverse("plans:evidence", args=[evidence.pk])).status_code == 200

    client.force_login(personas.other_officer)
    assert client.get(reverse("plans:report", args=[report.pk])).status_code == 404
    assert client.get(reverse("plans:activity", args=[mine.pk])).status_code == 404
    assert client.get(reverse("plans:evidence", args=[evidence.pk])).status_code == 404
    assert client.post(reverse("plans:edit_report", args=[report.pk]), {}).status_code == 404

    client.force_login(personas.coordinator)
    assert mine.title in client.get(reverse("plans:reports") + "?status=submitted").content.decode()
    assert _statuses(client, plan_id)[mine.title] == Status.IN_PROGRESS
    before = client.get(reverse("plans:dashboard")).context["summary"]
    assert (before.by_status.get(Status.DONE, 0), before.overall) == (0, 0)
    response = client.post(
        reverse("plans:review_report", args=[report.pk]),
        {"version": report.version, "decision": "accept", "comment": "Tốt."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    mine.refresh_from_db()
    assert mine.get_status() == Status.DONE
    assert Activity.objects.with_status().get(pk=mine.pk).derived_status == Status.DONE

    after = client.get(reverse("plans:dashboard")).context["summary"]
    assert (after.by_status[Status.DONE], after.overall) == (1, 50)
    assert _statuses(client, plan_id) == {
        mine.title: Status.DONE,
        theirs.title: Status.IN_PROGRESS,
    }


def _statuses(client: Any, plan_id: int) -> dict[str, str]:
    """Activity title to status, as the XLSX export says."""
    export = client.get(reverse("plans:export", args=[plan_id, "xlsx"]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    header = [c.value for c in sheet[1]]
    return {
        row[header.index("activity")]: row[header.index("status")]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }


def test_it_shows_the_lead_agency_what_its_cooperators_contributed(
    client: Any, personas: Any
) -> None:
    today = timezone.localdate()
    shared = make_activity(
        lead=personas.other_district,
        cooperating=[personas.district],
        start=today - timedelta(days=5),
        deadline=today + timedelta(days=5),
        title="Lễ hội ẩm thực liên quận",
    )
    client.force_login(personas.officer)
    assert _file(client, shared, personas.district).status_code == 302
    report = ProgressReport.objects.get(activity=shared)

    client.force_login(personas.other_officer)
    assert client.get(reverse("plans:report", args=[report.pk])).status_code == 200
    page = client.get(reverse("plans:activity", args=[shared.pk]))
    contributions = {agency.code: cells for agency, cells in page.context["contributions"]}
    assert contributions == {"Q-A": [(0, 3), (0, 1)]}
    assert "+3 waiting for review" in page.content.decode()
    assert client.post(reverse("plans:edit_report", args=[report.pk]), {}).status_code == 302
    report.refresh_from_db()
    assert report.version == 1
