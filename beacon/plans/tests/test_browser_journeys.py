"""Lan's Monday and Minh's October report (JOURNEYS.md) in Chromium, the admin in Vietnamese."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from beacon.core.tests.journeys import MONDAY, Journey
from beacon.plans.demo import load_plans_demo
from beacon.plans.models import Activity, ProgressReport, ReportStatus

pytestmark = pytest.mark.browser

CRAFT_VILLAGES = "Quảng bá làng nghề truyền thống với du khách quốc tế"


def test_it_walks_the_coordinator_from_the_late_plan_to_its_exports(journey: Journey) -> None:
    plan = load_plans_demo(today=MONDAY.date())
    page = journey.login("lan")

    page.get_by_text("Công việc hôm nay").wait_for()
    late_line = page.locator(".beacon-line a", has_text="nhiệm vụ của kế hoạch chậm tiến độ")
    late_count = int(late_line.locator("strong").inner_text())
    assert late_count > 0
    late_line.click()
    page.wait_for_url("**/admin/plans/activities/?status=late")
    rows = page.locator("table.plans-table tbody tr")
    assert rows.count() == late_count
    assert rows.first.get_by_text("Chậm tiến độ").is_visible()
    first_late = rows.first.locator("a").first
    title = first_late.inner_text()
    first_late.click()
    page.get_by_role("heading", name="Báo cáo theo kỳ và cơ quan").wait_for()
    assert page.get_by_text(title).first.is_visible()

    journey.goto("/admin/plans/")
    page.get_by_role("heading", name="Nhiệm vụ chậm tiến độ").wait_for()
    page.get_by_role("heading", name="Báo cáo chờ duyệt").wait_for()
    with page.expect_download() as docx_download:
        page.locator(".plans-exports a", has_text="DOCX").click()
    docx_path = docx_download.value.path()
    text = "\n".join(p.text for p in Document(docx_path).paragraphs)
    assert plan.title in text
    with page.expect_download() as xlsx_download:
        page.locator(".plans-exports a", has_text="XLSX").click()
    workbook = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()), read_only=True)
    code, _, name = title.partition(" ")
    assert any(code in row and name in row for row in workbook.active.iter_rows(values_only=True))
    assert docx_download.value.suggested_filename == f"plan-{plan.year}-20251110.docx"
    journey.goto("/admin/plans/")
    journey.screenshot("journey-coordinator")


def _photo(folder: Path) -> Path:
    path = folder / "doan-bao-chi.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_it_lets_a_district_officer_file_october_with_figures_and_a_photo(
    journey: Journey,
) -> None:
    # The plan as it stood on 31 October: nobody has reported for October yet.
    load_plans_demo(today=datetime.date(2025, 10, 31))
    activity = Activity.objects.get(title=CRAFT_VILLAGES)
    page = journey.login("minh")

    elsewhere = Activity.objects.filter(lead_agency__code="Q-TAYHO").exclude(
        cooperating_agencies__code="Q-HOANKIEM"
    )[0]
    journey.goto("/admin/plans/activities/")
    listing = page.locator("table.plans-table")
    listing.get_by_role("link", name=CRAFT_VILLAGES).wait_for()
    assert listing.get_by_role("link", name=elsewhere.title).count() == 0
    listing.get_by_role("link", name=CRAFT_VILLAGES).click()
    october = page.locator("table.plans-grid tr", has_text="2025-10")
    october.get_by_role("link", name="Nộp báo cáo").first.click()
    page.locator("textarea[name=summary]").fill(
        "Đăng 3 bài viết giới thiệu làng nghề, đón 1 đoàn báo chí Hàn Quốc."
    )
    figures = page.locator(".plans-figures input[name^=figure_]")
    figures.nth(0).fill("3")
    figures.nth(1).fill("1")
    page.locator("textarea[name=links]").fill("https://hanoi.gov.vn/lang-nghe")
    page.locator("textarea[name=problems]").fill("Không có hướng dẫn viên nói tiếng Anh.")
    page.locator("input[type=file][name=evidence]").set_input_files(_photo(journey.tmp_path))
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.get_by_text("Báo cáo đã được nộp và đang chờ duyệt.").wait_for()

    report = ProgressReport.objects.get(
        activity=activity, agency__code="Q-HOANKIEM", period__key="2025-10"
    )
    assert report.status == ReportStatus.SUBMITTED
    assert sorted(int(f.value) for f in report.figures.all()) == [1, 3]
    assert report.evidence.get().title == "doan-bao-chi.png"
    assert page.get_by_role("link", name="doan-bao-chi.png").is_visible()
    journey.screenshot("journey-district-officer")
