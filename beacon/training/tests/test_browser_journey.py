"""Thảo's course (JOURNEYS.md) in Chromium: roll call, scores, certificates, the public check."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from beacon.core.tests.journeys import Journey
from beacon.training.certificates import verification_url
from beacon.training.demo import load_training_demo
from beacon.training.models import Certificate, Enrolment, Session

pytestmark = pytest.mark.browser


def test_it_takes_a_trainer_from_roll_call_to_a_certificate_anyone_can_check(
    journey: Journey,
) -> None:
    # Loaded two weeks ago: "working with foreign press" was then 12 days ahead, for two days
    # (8 and 9 November), three seats for four nominees. Today is Monday 10 November.
    with journey.as_of(datetime.date(2025, 10, 27)):
        load_training_demo()
    session = Session.objects.get(code="next-bcnn")
    assert session.ends_on == datetime.date(2025, 11, 9)
    page = journey.login("thao")

    journey.goto(f"/admin/training/sessions/{session.pk}/roster/")
    enrolled = page.locator("section[aria-labelledby=enrolled-heading] tbody tr")
    waiting = page.locator("section[aria-labelledby=waiting-heading] tbody tr")
    assert (enrolled.count(), waiting.count()) == (3, 1)
    for day in session.days():
        page.select_option("#attendance-day", day.isoformat())
        with page.expect_navigation():
            page.get_by_role("button", name="Điểm danh").click()
    for position, score in enumerate(("88", "92", "79")):
        row = enrolled.nth(position)
        row.locator("input[name=score]").fill(score)
        with page.expect_navigation():
            row.get_by_role("button", name="Lưu").click()
        enrolled.nth(position).get_by_text("Đạt", exact=True).wait_for()
    for position in range(3):
        with page.expect_navigation():
            enrolled.nth(position).get_by_role("button", name="Cấp chứng nhận").click()
        page.get_by_text("Đã cấp chứng nhận số").wait_for()

    certified = Enrolment.objects.filter(session=session, certificate__isnull=False)
    assert certified.count() == 3
    assert all(e.attendance.filter(present=True).count() == 2 for e in certified)
    # The PDF opens in the browser's viewer: fetch it as that link does, with Thảo's session.
    link = enrolled.first.locator("a[href*='/pdf/']")
    number = link.inner_text()
    pdf = page.request.get(journey.url + link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert number in text
    # The address its QR code carries (no QR decoder here: the same function draws the code).
    check_url = verification_url(Certificate.objects.get(number=number))

    visitor = journey.new_page()
    visitor.goto(check_url)
    visitor.locator(".state--valid").wait_for()
    assert visitor.locator("h1").inner_text() == "Kiểm tra chứng nhận"
    assert visitor.get_by_text("Kỹ năng làm việc với báo chí nước ngoài").is_visible()
    journey.screenshot("journey-trainer", visitor)
