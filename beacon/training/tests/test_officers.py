"""Keeping the roster of officers: each agency its own, the coordinator everyone's."""

from __future__ import annotations

from typing import Any

from beacon.core.models import AuditEvent
from beacon.training.models import Officer


def _officer_form(agency: Any, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "agency": agency.pk,
        "full_name": name,
        "email": "",
        "user": "",
        "function": "Press officer",
        "languages": '["vi", "en"]',
        "competencies": [],
        "is_active": "on",
        **extra,
    }


def test_it_lets_an_agency_officer_add_officers_to_their_own_agency_and_units(
    client: Any, personas: Any, training: Any
) -> None:
    client.force_login(personas.officer)
    for agency, name in ((personas.district, "Hồ Văn Nam"), (personas.ward, "Cao Thị Lụa")):
        response = client.post("/admin/training/officers/new/", _officer_form(agency, name))
        assert response.status_code == 302, response.content.decode()[-1500:]
        assert Officer.objects.get(full_name=name).agency == agency
    assert AuditEvent.objects.filter(action="officer.create", actor=personas.officer).count() == 2


def test_it_refuses_to_add_or_move_an_officer_into_another_agency(
    client: Any, personas: Any, training: Any
) -> None:
    client.force_login(personas.officer)
    response = client.post(
        "/admin/training/officers/new/", _officer_form(personas.other_district, "Intruder")
    )
    assert response.status_code == 200  # the form refuses the agency as an invalid choice
    assert not Officer.objects.filter(full_name="Intruder").exists()
    mine = training.minh_officers[0]
    moved = client.post(
        f"/admin/training/officers/edit/{mine.pk}/",
        _officer_form(personas.other_district, mine.full_name),
    )
    assert moved.status_code == 200
    mine.refresh_from_db()
    assert mine.agency == personas.district


def test_it_hides_another_agencys_officer_and_the_accounts_of_other_agencies(
    client: Any, personas: Any, training: Any
) -> None:
    client.force_login(personas.officer)
    theirs = training.hung_officers[0]
    assert client.get(f"/admin/training/officers/edit/{theirs.pk}/").status_code == 404
    form = client.get("/admin/training/officers/new/").content.decode()
    assert ">minh<" in form
    assert ">hung<" not in form and ">lan<" not in form


def test_it_lets_the_coordinator_keep_every_agencys_roster(
    client: Any, personas: Any, training: Any
) -> None:
    client.force_login(personas.coordinator)
    theirs = training.hung_officers[0]
    response = client.post(
        f"/admin/training/officers/edit/{theirs.pk}/",
        _officer_form(personas.other_district, theirs.full_name, email="new@qb.invalid"),
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.email == "new@qb.invalid"


def test_it_lists_training_on_the_dashboard(client: Any, personas: Any, training: Any) -> None:
    client.force_login(personas.coordinator)
    page = client.get("/admin/").content.decode()
    assert "<strong>3</strong> seats left in upcoming training sessions" in page
    assert "<strong>4</strong> agencies have nobody trained" in page
    client.force_login(personas.officer)
    page = client.get("/admin/").content.decode()
    assert "<strong>2</strong> agencies have nobody trained" in page


def test_it_shows_an_officers_training_record_to_those_who_may_read_it(
    client: Any, personas: Any, training: Any
) -> None:
    from beacon.training import actions

    officer = training.minh_officers[0]
    actions.do_nominate_officer(training.session, officer, acting_user=None)
    url = f"/admin/training/officers/{officer.pk}/record/"
    for user, status in (
        (personas.officer, 200),
        (training.trainer, 200),
        (personas.coordinator, 200),
        (personas.other_officer, 404),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            page = response.content.decode()
            assert training.course.title in page and "Enrolled" in page
            assert ("Edit officer" in page) is (user != training.trainer)
