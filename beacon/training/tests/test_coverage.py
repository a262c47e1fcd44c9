"""Coverage per agency, and the figures the Plans app counts towards a training target."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from beacon.training import actions
from beacon.training.coverage import coverage_rows
from beacon.training.figures import FIGURE_KEYS, training_figures
from beacon.training.models import Enrolment
from beacon.training.tests.conftest import make_officer, move_session_to_past


@pytest.fixture
def trained(training: Any) -> Any:
    """A finished session: Minh's first two officers passed, the third failed, the ward
    officer attended one day only."""
    session = training.session
    a, b, c, _d = training.minh_officers
    for officer in (a, b, c, training.ward_officer):
        actions.do_nominate_officer(session, officer, acting_user=None)
    session.capacity = 4
    actions.do_save_session(session, trainers=[], target_agencies=[], acting_user=None)
    move_session_to_past(session, days_ago=40)
    first, second = session.days()
    actions.do_record_attendance(
        session, first, [a.pk, b.pk, c.pk, training.ward_officer.pk], acting_user=None
    )
    actions.do_record_attendance(session, second, [a.pk, b.pk, c.pk], acting_user=None)
    for officer, score in ((a, "90"), (b, "70"), (c, "20"), (training.ward_officer, "95")):
        enrolment = Enrolment.objects.get(session=session, officer=officer)
        actions.do_record_result(enrolment, Decimal(score), acting_user=None)
    for officer in (a, b):
        enrolment = Enrolment.objects.get(session=session, officer=officer)
        actions.do_issue_certificate(enrolment, acting_user=None)
    return training


def test_it_counts_officers_trained_and_agencies_with_nobody_trained(
    personas: Any, trained: Any
) -> None:
    rows = {
        row.agency.code: row for row in coverage_rows(None, today=timezone.localdate(), months=12)
    }
    district = rows["Q-A"]
    assert (district.officers, district.trained, district.percent) == (4, 2, 50)
    assert rows["P-A1"].nobody_trained  # attended one of two days: below the minimum
    assert rows["Q-B"].nobody_trained
    assert rows["LEAD"].officers == 0 and rows["LEAD"].nobody_trained
    assert list(rows) == ["LEAD", "Q-A", "P-A1", "Q-B"]


def test_it_forgets_training_older_than_the_window(personas: Any, trained: Any) -> None:
    move_session_to_past(trained.session, days_ago=400)
    rows = {r.agency.code: r for r in coverage_rows(None, today=timezone.localdate(), months=12)}
    assert rows["Q-A"].trained == 0
    rows = {r.agency.code: r for r in coverage_rows(None, today=timezone.localdate(), months=24)}
    assert rows["Q-A"].trained == 2


def test_it_shows_expiring_certificates_and_gaps_in_the_coverage_view(
    client: Any, personas: Any, trained: Any
) -> None:
    soon = timezone.localdate() + datetime.timedelta(days=30)
    certificate = Enrolment.objects.get(officer=trained.minh_officers[0]).certificate
    certificate.expires_on = soon
    certificate.save()
    client.force_login(personas.coordinator)
    response = client.get("/admin/training/coverage/?months=12")
    page = response.content.decode()
    assert response.status_code == 200
    assert "4 agencies, 3 with nobody trained" in page
    assert "6 officers, 2 trained · certificates expiring soon: 1" in page
    gaps = client.get("/admin/training/coverage/?months=12&gaps=1").content.decode()
    assert ">Agency Q-B</th>" in gaps and ">Agency Q-A</th>" not in gaps


def test_it_gives_plans_the_sessions_and_trainees_of_a_set_of_agencies(
    personas: Any, trained: Any
) -> None:
    today = timezone.localdate()
    year = (today - datetime.timedelta(days=365), today)
    district = training_figures({personas.district.pk}, *year)
    assert set(district) == set(FIGURE_KEYS)
    assert district == {
        "sessions": 1,
        "trainees": 4,
        "attendance_days": 7,
        "passed": 2,
        "certificates": 2,
    }
    alone = training_figures({personas.district.pk}, *year, include_units=False)
    assert alone["trainees"] == 3 and alone["attendance_days"] == 6
    assert training_figures({personas.other_district.pk}, *year) == dict.fromkeys(FIGURE_KEYS, 0)
    assert training_figures(None, *year)["trainees"] == 4
    before = (today - datetime.timedelta(days=800), today - datetime.timedelta(days=400))
    assert training_figures({personas.district.pk}, *before)["sessions"] == 0


def test_it_stops_counting_a_revoked_certificate_or_a_cancelled_session(
    personas: Any, trained: Any
) -> None:
    today = timezone.localdate()
    year = (today - datetime.timedelta(days=365), today)
    certificate = Enrolment.objects.get(officer=trained.minh_officers[0]).certificate
    actions.do_revoke_certificate(certificate, "Issued by mistake", acting_user=None)
    assert training_figures({personas.district.pk}, *year)["certificates"] == 1
    make_officer(personas.district, "Officer without training")
    trained.session.is_cancelled = True
    actions.do_save_session(trained.session, trainers=[], target_agencies=[], acting_user=None)
    assert training_figures({personas.district.pk}, *year)["sessions"] == 0


def test_it_adds_months_to_the_last_day_of_a_shorter_month() -> None:
    assert actions.add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert actions.add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
    assert actions.add_months(datetime.date(2025, 3, 15), -15) == datetime.date(2023, 12, 15)
