"""The dashboard, timeline, matrix, admin home lines and the coordinator's activity editor."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from beacon.core.models import AuditEvent
from beacon.plans import actions
from beacon.plans.models import Activity, Status
from beacon.plans.tests.factories import make_activity, make_plan, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(personas: Any, settings: Any) -> dict[str, Activity]:
    settings.BEACON_PLANS_REPORT_DUE_DAYS = 5
    today = timezone.localdate()
    late = make_activity(
        lead=personas.district,
        title="Làng nghề (trễ hạn)",
        start=today - timedelta(days=60),
        deadline=today - timedelta(days=2),
    )
    running = make_activity(
        lead=personas.other_district,
        cooperating=[personas.district],
        title="Phố đi bộ",
        start=today - timedelta(days=10),
        deadline=today + timedelta(days=1),
    )
    hidden = make_activity(
        lead=personas.other_district,
        title="Lễ hội quận B",
        start=today - timedelta(days=10),
        deadline=today + timedelta(days=100),
    )
    actions.do_file_report(
        running,
        running.periods.get(),
        personas.district,
        actions.ReportInput(summary="Đã làm."),
        acting_user=None,
    )
    return {"late": late, "running": running, "hidden": hidden}


def test_it_shows_the_dashboard_with_charts_scoped_to_the_reader(
    client: Any, personas: Any, work: Any
) -> None:
    client.force_login(personas.officer)
    body = client.get(reverse("plans:dashboard")).content.decode()
    assert "<svg" in body
    assert work["late"].title in body
    assert work["hidden"].title not in body
    client.force_login(personas.coordinator)
    response = client.get(reverse("plans:dashboard"))
    summary = response.context["summary"]
    assert summary.by_status == {Status.LATE: 1, Status.IN_PROGRESS: 2}
    assert [r.activity for r in response.context["waiting"]] == [work["running"]]
    owed = {o.period.activity.title: [a.code for a in o.agencies] for o in response.context["owed"]}
    assert owed == {work["late"].title: ["Q-A"], work["running"].title: ["Q-B"]}
    client.force_login(personas.other_officer)
    response = client.get(reverse("plans:dashboard"))
    assert [[a.code for a in o.agencies] for o in response.context["owed"]] == [["Q-B"]]


def test_it_greets_people_on_the_admin_home_with_their_plan_work(
    client: Any, personas: Any, work: Any
) -> None:
    client.force_login(personas.coordinator)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "activities of the plan are late" in home
    assert "progress reports wait for your review" in home
    client.force_login(personas.other_officer)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "activities of the plan are late" not in home
    assert "reports fall due in the next 7 days and are not filed yet" in home


def test_it_draws_the_timeline_and_the_matrix_of_who_does_what(
    client: Any, personas: Any, work: Any
) -> None:
    client.force_login(personas.officer)
    timeline = client.get(reverse("plans:timeline")).content.decode()
    assert "plans-timeline__bar plans-status--late" in timeline
    assert work["hidden"].title not in timeline
    client.force_login(personas.coordinator)
    response = client.get(reverse("plans:matrix"))
    lines = {activity.title: cells for activity, cells in response.context["lines"]}
    codes = [agency.code for agency in response.context["columns"]]
    running = dict(zip(codes, lines[work["running"].title], strict=True))
    assert running == {"Q-A": "coop", "Q-B": "lead"}
    html = response.content.decode()
    table = html[html.index('class="listing plans-matrix"') :]
    head = table[table.index("<thead>") : table.index("</thead>")]
    assert f"<span>{personas.district.display_name()}</span>" in head  # names, not codes
    assert "<span>Q-A</span>" not in head


def test_it_marks_the_matrix_in_the_readers_language(
    client: Any, personas: Any, work: Any, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "vi"
    client.force_login(personas.coordinator)
    html = client.get(reverse("plans:matrix")).content.decode()
    table = html[html.index('class="listing plans-matrix"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    assert '<td class="plans-matrix__lead">CT</td>' in body
    assert '<td class="plans-matrix__coop">PH</td>' in body
    assert "CT: chủ trì" in html


def test_it_lets_the_coordinator_create_an_activity_in_the_admin(
    client: Any, personas: Any
) -> None:
    programme = make_programme(make_plan(2025))
    client.force_login(personas.coordinator)
    data = {
        "programme": programme.pk,
        "code": "4.2",
        "title": "Hệ thống thông tin tại cửa khẩu",
        "description": "",
        "deliverables": "Màn hình tại nhà ga T2",
        "lead_agency": personas.lead.pk,
        "cooperating_agencies": [personas.district.pk],
        "start": "2025-02-01",
        "deadline": "2025-09-30",
        "recurrence": "quarterly",
        "budget": "",
        "budget_source": "",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-quantity": "4",
        "targets-0-unit": "screens",
        "targets-0-description": "",
        "targets-0-ORDER": "1",
        "targets-0-DELETE": "",
        "targets-0-id": "",
    }
    response = client.post(reverse("plans_activity:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get(code="4.2")
    assert [p.key for p in activity.periods.all()] == ["2025-Q1", "2025-Q2", "2025-Q3"]
    assert activity.targets.get().unit == "screens"
    assert AuditEvent.objects.filter(action="activity.create").exists()

    data["lead_agency"] = personas.district.pk
    response = client.post(reverse("plans_activity:edit", args=[activity.pk]), data)
    assert response.status_code == 200
    assert "cannot also be a cooperating agency" in response.content.decode()
    activity.refresh_from_db()
    assert activity.lead_agency == personas.lead


def test_it_refuses_to_delete_an_activity_that_has_reports(
    client: Any, personas: Any, work: Any
) -> None:
    client.force_login(personas.coordinator)
    with_reports = reverse("plans_activity:delete", args=[work["running"].pk])
    assert client.post(with_reports).status_code == 302
    assert Activity.objects.filter(pk=work["running"].pk).exists()
    without = reverse("plans_activity:delete", args=[work["hidden"].pk])
    assert client.post(without).status_code == 302
    assert not Activity.objects.filter(pk=work["hidden"].pk).exists()
    assert AuditEvent.objects.filter(action="activity.delete").count() == 1


def test_it_names_the_browser_tab_after_the_screen(client: Any, personas: Any, work: Any) -> None:
    client.force_login(personas.coordinator)
    for name, title in (("plans:matrix", "Who does what"), ("plans:timeline", None)):
        html = client.get(reverse(name)).content.decode()
        tab = " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())
        assert not tab.startswith("-"), (name, tab)
        if title:
            assert tab.startswith(title), tab


def test_no_screen_of_the_plans_app_has_an_empty_browser_tab(
    client: Any, personas: Any, work: Any
) -> None:
    running = work["running"]
    report = running.reports.get()
    screens = [
        ("plans:dashboard", []),
        ("plans:activities", []),
        ("plans:activity", [running.pk]),
        ("plans:file_report", [running.pk, running.periods.get().pk]),
        ("plans:reports", []),
        ("plans:report", [report.pk]),
        ("plans:edit_report", [report.pk]),
        ("plans:timeline", []),
        ("plans:matrix", []),
        ("plans:calendars", []),
        ("plans:import", []),
    ]
    for viewset, pk in (
        ("plans_plan", running.programme.plan_id),
        ("plans_programme", running.programme_id),
        ("plans_activity", running.pk),
    ):
        screens += [(f"{viewset}:index", []), (f"{viewset}:add", [])]
        screens += [(f"{viewset}:edit", [pk])]
    # A plan or programme with content is not deleted (a redirect); an empty activity asks first.
    screens.append(("plans_activity:delete", [work["hidden"].pk]))
    client.force_login(personas.coordinator)
    for name, args in screens:
        answer = client.get(reverse(name, args=args))
        assert answer.status_code == 200, name
        title = re.search(r"<title>(.*?)</title>", answer.content.decode(), re.S)
        assert title is not None, name
        tab = " ".join(title[1].split())
        assert not tab.startswith("-"), (name, tab)
