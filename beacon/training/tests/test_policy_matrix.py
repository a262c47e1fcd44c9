"""Who may read and write training data, by role and agency, checked over HTTP.

Each row: a persona, whose officer it is about (district A's or district B's), and whether the
persona may read the officer, nominate them, read their certificate, record their result.
The catalogue (courses, sessions) is agency-less and tested on its own.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from beacon.training import actions
from beacon.training.models import Enrolment
from beacon.training.tests.conftest import make_officer, make_session, move_session_to_past

# persona, agency of the officer, read people, nominate, read records, write records
MATRIX = [
    ("coordinator", "A", True, True, True, False),
    ("coordinator", "B", True, True, True, False),
    # The trainer enrols anyone in front of her, without managing any agency's officers.
    ("trainer", "A", True, True, True, True),
    ("trainer", "B", True, True, True, True),
    ("officer", "A", True, True, True, False),
    ("officer", "B", False, False, False, False),
    ("other_officer", "A", False, False, False, False),
    ("other_officer", "B", True, True, True, False),
    ("outsider", "A", False, False, False, False),
    ("outsider", "B", False, False, False, False),
]


@pytest.fixture
def world(personas: Any, training: Any) -> dict[str, Any]:
    """In each district, of a past session, one certified officer and one still to be assessed,
    and one officer to nominate next."""
    past = training.session
    certified = {"A": training.minh_officers[0], "B": training.hung_officers[0]}
    assessable = {
        "A": make_officer(personas.district, "Đỗ Thu Hà"),
        "B": make_officer(personas.other_district, "Ngô Văn Cường"),
    }
    attendees = [*certified.values(), *assessable.values()]
    past.capacity = len(attendees)
    past.save(update_fields=["capacity"])
    for officer in attendees:
        actions.do_nominate_officer(past, officer, acting_user=None)
    move_session_to_past(past)
    for day in (past.starts_on, past.ends_on):
        actions.do_record_attendance(past, day, [o.pk for o in attendees], acting_user=None)
    certificates = {}
    for side, officer in certified.items():
        enrolment = Enrolment.objects.get(session=past, officer=officer)
        actions.do_record_result(enrolment, Decimal("90"), acting_user=None)
        certificates[side] = actions.do_issue_certificate(enrolment, acting_user=None)
    return {
        "personas": {
            "coordinator": personas.coordinator,
            "trainer": training.trainer,
            "officer": personas.officer,
            "other_officer": personas.other_officer,
            "outsider": personas.outsider,
        },
        "certified": certified,
        "certificates": certificates,
        "assessable": {
            side: Enrolment.objects.get(session=past, officer=officer)
            for side, officer in assessable.items()
        },
        "to_nominate": {
            "A": make_officer(personas.district, "Phạm Minh Anh"),
            "B": make_officer(personas.other_district, "Vũ Thị Bình"),
        },
        "next": make_session(training.course, code="next", capacity=10),
    }


@pytest.mark.parametrize(
    ("persona", "side", "read_people", "nominate", "read_records", "write_records"), MATRIX
)
def test_it_enforces_the_training_policy(
    client: Any,
    world: dict[str, Any],
    persona: str,
    side: str,
    read_people: bool,
    nominate: bool,
    read_records: bool,
    write_records: bool,
) -> None:
    client.force_login(world["personas"][persona])
    officer = world["certified"][side]
    certificate = world["certificates"][side]

    listing = client.get("/admin/training/officers/")
    assert (listing.status_code == 200 and officer.full_name in listing.content.decode()) is (
        read_people
    )

    candidate = world["to_nominate"][side]
    response = client.post(
        f"/admin/training/sessions/{world['next'].pk}/nominate/", {"officer": candidate.pk}
    )
    nominated = Enrolment.objects.filter(officer=candidate).exists()
    assert nominated is nominate
    assert response.status_code in ((302,) if nominate else (302, 400, 403, 404))

    certificates = client.get("/admin/training/certificates/")
    listed = certificates.status_code == 200 and certificate.number in certificates.content.decode()
    assert listed is read_records

    pdf = client.get(f"/admin/training/certificates/{certificate.pk}/pdf/")
    assert pdf.status_code in ((200,) if read_records else (302, 404))

    certified = certificate.enrolment
    refused = client.post(f"/admin/training/enrolments/{certified.pk}/result/", {"score": "70"})
    if write_records:
        # A certificate stands on the result: the trainer got that far, and was told why not.
        assert refused.status_code == 400
        assert "revoke it first" in refused.content.decode()
    else:
        assert refused.status_code in (302, 403, 404)

    enrolment = world["assessable"][side]
    result = client.post(f"/admin/training/enrolments/{enrolment.pk}/result/", {"score": "70"})
    enrolment.refresh_from_db()
    assert (enrolment.score == Decimal("70")) is write_records
    if not write_records:
        assert result.status_code in (302, 403, 404)


@pytest.mark.parametrize(
    ("persona", "write_catalogue"),
    [
        ("coordinator", False),
        ("trainer", True),
        ("officer", False),
        ("other_officer", False),
        ("outsider", False),
    ],
)
def test_it_lets_only_trainers_schedule_sessions(
    client: Any, world: dict[str, Any], persona: str, write_catalogue: bool
) -> None:
    client.force_login(world["personas"][persona])
    response = client.get("/admin/training/sessions/new/")
    assert response.status_code == (200 if write_catalogue else 302)
    sessions = client.get("/admin/training/sessions/")
    assert sessions.status_code == (302 if persona == "outsider" else 200)


@pytest.mark.parametrize(
    ("persona", "rows"),
    [
        ("coordinator", {"Q-A", "P-A1", "Q-B"}),
        ("trainer", {"Q-A", "P-A1", "Q-B"}),
        ("officer", {"Q-A", "P-A1"}),
        ("other_officer", {"Q-B"}),
    ],
)
def test_it_shows_coverage_only_for_the_agencies_one_reaches(
    client: Any, world: dict[str, Any], persona: str, rows: set[str]
) -> None:
    client.force_login(world["personas"][persona])
    page = client.get("/admin/training/coverage/").content.decode()
    for code in ("Q-A", "P-A1", "Q-B"):
        assert (f">Agency {code}</th>" in page) is (code in rows)


def test_it_refuses_coverage_to_an_outsider(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["personas"]["outsider"])
    response = client.get("/admin/training/coverage/")
    assert response.status_code in (302, 403)


def test_it_shows_on_a_sessions_page_only_the_nominees_one_may_see(
    client: Any, world: dict[str, Any]
) -> None:
    session = world["next"]
    for officer in world["to_nominate"].values():
        actions.do_nominate_officer(session, officer, acting_user=None)
    url = f"/admin/training/sessions/{session.pk}/roster/"
    seen = {}
    for persona in ("coordinator", "trainer", "officer", "other_officer"):
        client.force_login(world["personas"][persona])
        page = client.get(url).content.decode()
        seen[persona] = {side for side, o in world["to_nominate"].items() if o.full_name in page}
        assert "2 of 10 taken" in page
    assert seen == {
        "coordinator": {"A", "B"},
        "trainer": {"A", "B"},
        "officer": {"A"},
        "other_officer": {"B"},
    }
