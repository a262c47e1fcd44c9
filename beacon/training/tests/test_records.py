"""After the session: attendance per day, assessment results, certificates and their check."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from beacon.training import actions
from beacon.training.models import Attendance, Certificate, Enrolment
from beacon.training.tests.conftest import move_session_to_past


@pytest.fixture
def held(training: Any) -> Any:
    """The session with three of Minh's officers enrolled and the fourth waiting, now over."""
    for officer in training.minh_officers:
        actions.do_nominate_officer(training.session, officer, acting_user=None)
    move_session_to_past(training.session)
    return training


def _roll_call(client: Any, session: Any, day: datetime.date, present: list[int]) -> Any:
    return client.post(
        f"/admin/training/sessions/{session.pk}/attendance/",
        {"day": day.isoformat(), "present": present},
    )


def _certify(client: Any, held: Any, officer: Any) -> Certificate:
    session = held.session
    for day in session.days():
        _roll_call(client, session, day, [o.pk for o in held.minh_officers[:3]])
    enrolment = Enrolment.objects.get(session=session, officer=officer)
    client.post(f"/admin/training/enrolments/{enrolment.pk}/result/", {"score": "82"})
    response = client.post(f"/admin/training/enrolments/{enrolment.pk}/certificate/")
    assert response.status_code == 302, response.content.decode()[-1500:]
    return Certificate.objects.get(enrolment=enrolment)


def test_it_records_a_days_attendance_for_the_enrolled(client: Any, held: Any) -> None:
    client.force_login(held.trainer)
    a, b, c, _waiting = held.minh_officers
    day = held.session.starts_on
    response = _roll_call(client, held.session, day, [a.pk, c.pk])
    assert response.status_code == 302
    marks = dict(
        Attendance.objects.filter(day=day).values_list("enrolment__officer__full_name", "present")
    )
    assert marks == {a.full_name: True, b.full_name: False, c.full_name: True}


def test_it_refuses_attendance_for_someone_not_enrolled(client: Any, held: Any) -> None:
    client.force_login(held.trainer)
    a, _b, _c, waiting = held.minh_officers
    response = _roll_call(client, held.session, held.session.starts_on, [a.pk, waiting.pk])
    assert response.status_code == 400
    assert "Not enrolled in this session" in response.content.decode()
    assert waiting.full_name in response.content.decode()
    assert not Attendance.objects.exists()


def test_it_refuses_attendance_on_a_day_outside_the_session(client: Any, held: Any) -> None:
    client.force_login(held.trainer)
    day = held.session.ends_on + datetime.timedelta(days=1)
    response = _roll_call(client, held.session, day, [held.minh_officers[0].pk])
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_it_passes_on_score_and_attendance_and_fails_on_either(client: Any, held: Any) -> None:
    client.force_login(held.trainer)
    a, b, c, _waiting = held.minh_officers
    first, second = held.session.days()
    _roll_call(client, held.session, first, [a.pk, b.pk, c.pk])
    _roll_call(client, held.session, second, [a.pk, b.pk])
    for officer, score in ((a, "75"), (b, "40"), (c, "90")):
        enrolment = Enrolment.objects.get(officer=officer)
        response = client.post(
            f"/admin/training/enrolments/{enrolment.pk}/result/", {"score": score}
        )
        assert response.status_code == 302
    results = dict(Enrolment.objects.enrolled().values_list("officer__full_name", "passed"))
    # a passed; b scored below the pass mark; c missed half the days (minimum 80 %).
    assert results == {a.full_name: True, b.full_name: False, c.full_name: False}
    refused = client.post(
        f"/admin/training/enrolments/{Enrolment.objects.get(officer=b).pk}/certificate/"
    )
    assert refused.status_code == 400
    assert not Certificate.objects.exists()


def test_it_shows_a_recorded_score_in_its_field_whatever_the_language(
    client: Any, held: Any, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "vi"  # writes 90,00: a number field shows that as empty
    client.force_login(held.trainer)
    enrolment = Enrolment.objects.get(officer=held.minh_officers[0])
    client.post(f"/admin/training/enrolments/{enrolment.pk}/result/", {"score": "90"})
    page = client.get(f"/admin/training/sessions/{held.session.pk}/roster/").content.decode()
    assert f'id="score-{enrolment.pk}" name="score" type="number"' in page
    assert 'value="90.00"' in page


def test_it_issues_a_pdf_certificate_with_the_name_and_a_qr_code(client: Any, held: Any) -> None:
    client.force_login(held.trainer)
    officer = held.minh_officers[0]
    certificate = _certify(client, held, officer)
    assert certificate.holder_name == officer.full_name
    assert certificate.expires_on == actions.add_months(certificate.issued_on, 24)
    assert list(officer.competencies.values_list("code", flat=True)) == ["press"]
    response = client.get(f"/admin/training/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert officer.full_name in text
    assert held.course.title in text
    assert certificate.number in text


def test_it_shows_a_valid_certificate_publicly_with_nothing_more_than_needed(
    client: Any, held: Any
) -> None:
    client.force_login(held.trainer)
    officer = held.minh_officers[0]
    certificate = _certify(client, held, officer)
    client.logout()
    response = client.get(f"/certificates/{certificate.code}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is valid." in page
    assert officer.full_name in page and held.course.title in page
    assert '<html lang="en">' in page
    assert "<h1>" in page
    assert not response.cookies
    for private in (officer.email, officer.agency.name, "82", held.session.place):
        assert private not in page


@pytest.mark.parametrize("language", ["vi", "en", "fr", "zh", "ja", "ko", "ru"])
def test_it_checks_a_certificate_in_the_readers_language(
    client: Any, held: Any, settings: Any, language: str
) -> None:
    from beacon.portal.tests.foreign_text import foreign_text

    client.force_login(held.trainer)
    officer = held.minh_officers[0]
    certificate = _certify(client, held, officer)
    client.logout()
    settings.LANGUAGE_CODE = "vi"  # as in production: a missing string would show Vietnamese
    content = (officer.full_name, held.course.title, certificate.number)
    for code in (certificate.code, "no-such-code"):
        response = client.get(f"/certificates/{code}/", HTTP_ACCEPT_LANGUAGE=language)
        assert f'<html lang="{language}">' in response.content.decode()
        assert foreign_text(response.content.decode(), language, content) == []


def test_it_fails_a_revoked_certificate_with_the_reason(client: Any, held: Any) -> None:
    client.force_login(held.trainer)
    certificate = _certify(client, held, held.minh_officers[0])
    response = client.post(
        f"/admin/training/certificates/{certificate.pk}/revoke/",
        {"reason": "Assessment irregularity"},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    client.logout()
    page = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert "This certificate was revoked on" in page
    assert "This certificate is valid." not in page
    assert "Assessment irregularity" not in page


def test_it_fails_an_expired_certificate_with_its_expiry_date(client: Any, held: Any) -> None:
    client.force_login(held.trainer)
    certificate = _certify(client, held, held.minh_officers[0])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=yesterday)
    client.logout()
    page = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert f"This certificate expired on {yesterday:%d/%m/%Y}." in page


def test_it_answers_404_for_an_unknown_code(client: Any, held: Any) -> None:
    response = client.get("/certificates/not-a-real-code/")
    assert response.status_code == 404
    assert "No certificate has this code" in response.content.decode()
    assert not response.cookies


def test_it_answers_malformed_sheets_and_scores_with_400(client: Any, held: Any) -> None:
    client.force_login(held.trainer)
    url = f"/admin/training/sessions/{held.session.pk}/attendance/"
    assert client.post(url, {"day": "not-a-day", "present": []}).status_code == 400
    assert client.post(url, {"day": held.session.starts_on, "present": ["x"]}).status_code == 400
    enrolment = Enrolment.objects.get(officer=held.minh_officers[0])
    for score in ("abc", "101", "-1"):
        response = client.post(
            f"/admin/training/enrolments/{enrolment.pk}/result/", {"score": score}
        )
        assert response.status_code == 400
    enrolment.refresh_from_db()
    assert enrolment.score is None
    assert not Attendance.objects.exists()
