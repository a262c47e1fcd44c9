"""Nomination by an agency, enrolment up to capacity, the waiting list and its promotion."""

from __future__ import annotations

from typing import Any

from django.core import mail

from beacon.core.models import AuditEvent
from beacon.training.models import Enrolment, Status


def _nominate(client: Any, session: Any, officer: Any) -> Any:
    return client.post(f"/admin/training/sessions/{session.pk}/nominate/", {"officer": officer.pk})


def test_it_enrols_up_to_capacity_then_puts_nominees_on_the_waiting_list(
    client: Any, personas: Any, training: Any
) -> None:
    client.force_login(personas.officer)
    for officer in training.minh_officers:
        response = _nominate(client, training.session, officer)
        assert response.status_code == 302, response.content
    statuses = [
        Enrolment.objects.get(session=training.session, officer=officer).status
        for officer in training.minh_officers
    ]
    assert statuses == [Status.ENROLLED] * 3 + [Status.WAITLISTED]
    assert AuditEvent.objects.filter(action="enrolment.nominate").count() == 4
    page = client.get(f"/admin/training/sessions/{training.session.pk}/roster/")
    assert "3 of 3 taken, 1 on the waiting list" in page.content.decode()


def test_it_gives_a_freed_seat_to_the_first_on_the_waiting_list_and_tells_them(
    client: Any, personas: Any, training: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(personas.officer)
    for officer in training.minh_officers:
        _nominate(client, training.session, officer)
    client.force_login(personas.coordinator)
    _nominate(client, training.session, training.ward_officer)
    first = Enrolment.objects.get(officer=training.minh_officers[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/training/enrolments/{first.pk}/withdraw/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN
    promoted = Enrolment.objects.get(officer=training.minh_officers[3])
    assert promoted.status == Status.ENROLLED
    assert Enrolment.objects.get(officer=training.ward_officer).status == Status.WAITLISTED
    assert [message.to for message in mail.outbox] == [[training.minh_officers[3].email]]
    assert training.course.title in mail.outbox[0].subject


def test_it_promotes_the_waiting_list_when_seats_are_added(
    client: Any, personas: Any, training: Any
) -> None:
    client.force_login(personas.officer)
    for officer in training.minh_officers:
        _nominate(client, training.session, officer)
    client.force_login(training.trainer)
    session = training.session
    response = client.post(
        f"/admin/training/sessions/edit/{session.pk}/",
        {
            "course": session.course_id,
            "code": session.code,
            "starts_on": session.starts_on.isoformat(),
            "ends_on": session.ends_on.isoformat(),
            "day_starts_at": "08:00",
            "day_ends_at": "17:00",
            "place": session.place,
            "online_url": "",
            "capacity": "4",
            "trainers": [training.trainer.pk],
            "target_agencies": [],
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert session.enrolments.enrolled().count() == 4
    assert list(session.trainers.all()) == [training.trainer]


def test_it_refuses_an_officer_outside_the_target_agencies(
    client: Any, personas: Any, training: Any
) -> None:
    training.session.target_agencies.set([personas.other_district])
    client.force_login(personas.officer)
    response = _nominate(client, training.session, training.minh_officers[0])
    assert response.status_code == 400
    assert "not open to officers of" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_it_lets_a_district_nominate_its_wards_officers_for_a_session_aimed_at_the_district(
    client: Any, personas: Any, training: Any
) -> None:
    training.session.target_agencies.set([personas.district])
    client.force_login(personas.officer)
    response = _nominate(client, training.session, training.ward_officer)
    assert response.status_code == 302
    assert Enrolment.objects.get(officer=training.ward_officer).status == Status.ENROLLED


def test_it_refuses_to_nominate_twice_or_after_the_session_started(
    client: Any, personas: Any, training: Any
) -> None:
    client.force_login(personas.officer)
    officer = training.minh_officers[0]
    _nominate(client, training.session, officer)
    again = _nominate(client, training.session, officer)
    assert again.status_code == 400
    assert "already nominated" in again.content.decode()
    from beacon.training.tests.conftest import move_session_to_past

    move_session_to_past(training.session)
    late = _nominate(client, training.session, training.minh_officers[1])
    assert late.status_code == 400
    assert "Nominations close at the end of the session" in late.content.decode()
    assert Enrolment.objects.count() == 1


def test_it_refuses_to_let_a_district_nominate_another_districts_officer(
    client: Any, personas: Any, training: Any
) -> None:
    client.force_login(personas.officer)
    response = _nominate(client, training.session, training.hung_officers[0])
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


def test_it_answers_malformed_nominations_with_400(
    client: Any, personas: Any, training: Any
) -> None:
    client.force_login(personas.officer)
    url = f"/admin/training/sessions/{training.session.pk}/nominate/"
    for value in ("", "abc", "999999"):
        assert client.post(url, {"officer": value}).status_code == 400
    assert not Enrolment.objects.exists()


def test_it_refuses_to_cut_seats_below_those_taken(
    client: Any, personas: Any, training: Any
) -> None:
    client.force_login(personas.officer)
    for officer in training.minh_officers[:3]:
        _nominate(client, training.session, officer)
    client.force_login(training.trainer)
    session = training.session
    response = client.post(
        f"/admin/training/sessions/edit/{session.pk}/",
        {
            "course": session.course_id,
            "code": session.code,
            "starts_on": session.starts_on.isoformat(),
            "ends_on": session.ends_on.isoformat(),
            "day_starts_at": "08:00",
            "day_ends_at": "17:00",
            "place": session.place,
            "capacity": "2",
        },
    )
    assert response.status_code == 200
    assert "3 seats are taken" in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 3


def test_it_takes_nominations_through_the_first_day_by_the_city_clock(
    client: Any, personas: Any, training: Any
) -> None:
    import datetime

    import time_machine

    from beacon.training.models import Session

    first_day = datetime.date(2026, 3, 10)
    length = training.session.ends_on - training.session.starts_on
    Session.objects.filter(pk=training.session.pk).update(
        starts_on=first_day, ends_on=first_day + length
    )
    client.force_login(personas.officer)
    hanoi = datetime.timezone(datetime.timedelta(hours=7))
    with time_machine.travel(datetime.datetime(2026, 3, 10, 23, 0, tzinfo=hanoi), tick=False):
        on_the_day = _nominate(client, training.session, training.minh_officers[0])
    assert on_the_day.status_code == 302
    # 00:30 in Hanoi is still the 10th in UTC: the city's date counts.
    with time_machine.travel(datetime.datetime(2026, 3, 11, 0, 30, tzinfo=hanoi), tick=False):
        next_day = _nominate(client, training.session, training.minh_officers[1])
    assert next_day.status_code == 400
    assert Enrolment.objects.count() == 1


def test_it_lets_the_trainer_enrol_the_people_in_front_of_her(
    client: Any, personas: Any, training: Any
) -> None:
    client.force_login(training.trainer)
    roster = client.get(f"/admin/training/sessions/{training.session.pk}/roster/").content.decode()
    assert training.minh_officers[0].full_name in roster  # offered in the nomination form
    response = _nominate(client, training.session, training.minh_officers[0])
    assert response.status_code == 302, response.content.decode()[-1500:]
    assert Enrolment.objects.get(officer=training.minh_officers[0]).status == Status.ENROLLED
