"""The iCalendar feed of sessions, at a private address per person."""

from __future__ import annotations

from typing import Any

from icalendar import Calendar

from beacon.training import actions
from beacon.training.feed import feed_token
from beacon.training.tests.conftest import make_session


def test_it_serves_the_sessions_as_icalendar(client: Any, personas: Any, training: Any) -> None:
    other = make_session(training.course, code="second", days_ahead=40)
    other.is_cancelled = True
    actions.do_save_session(other, trainers=[], target_agencies=[], acting_user=None)
    url = f"/training/calendar/{feed_token(personas.officer)}.ics"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.count("BEGIN:VEVENT") == 2
    assert f"UID:training-session-{training.session.pk}@beacon" in body
    start = training.session.starts_on
    # 08:00 in Hanoi (UTC+7) is 01:00 UTC.
    assert f"DTSTART:{start:%Y%m%d}T010000Z" in body
    assert "SUMMARY:Communicating with foreign press" in body
    assert "LOCATION:Hội trường Sở\\, 185 Giảng Võ" in body
    assert "STATUS:CANCELLED" in body
    assert not response.cookies


def test_it_refuses_a_forged_token_or_a_person_without_a_role(
    client: Any, personas: Any, training: Any
) -> None:
    assert client.get("/training/calendar/1:forged.ics").status_code == 404
    outsider = f"/training/calendar/{feed_token(personas.outsider)}.ics"
    assert client.get(outsider).status_code == 404


def test_long_vietnamese_titles_fold_and_read_back(
    client: Any, personas: Any, training: Any
) -> None:
    title = "Bồi dưỡng nghiệp vụ thông tin đối ngoại " * 4
    training.course.title = title.strip()
    training.course.save()
    body = client.get(f"/training/calendar/{feed_token(personas.officer)}.ics").content
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)
    events = Calendar.from_ical(body).walk("VEVENT")
    assert {str(event["SUMMARY"]) for event in events} == {title.strip()}
