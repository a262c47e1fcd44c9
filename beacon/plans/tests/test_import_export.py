"""Importing a plan from a sheet (all or nothing, errors by row and column) and exporting it."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from beacon.lib.tables import write_csv, write_xlsx
from beacon.plans.models import Activity, Plan
from beacon.plans.plan_io import COLUMNS

pytestmark = pytest.mark.django_db

ROWS = [
    [
        "Thông tin đối ngoại trên không gian mạng",
        "3.1",
        "Đăng tin bài trên Cổng thông tin đối ngoại",
        "LEAD",
        "Q-A; Q-B",
        "2025-01-01",
        "2025-12-31",
        "monthly",
        "24 articles in 5 languages; 12 posts",
        "Tin bài, ảnh",
        "",
        "150",
        "Ngân sách thành phố",
    ],
    [
        "Đào tạo, bồi dưỡng cán bộ",
        "2.1",
        "Tập huấn kỹ năng trả lời phóng viên nước ngoài",
        "Q-A",
        "",
        "01/03/2025",
        "30/06/2025",
        "",
        "2 sessions",
        "",
        "",
        "",
        "",
    ],
]


def _post(client: Any, body: bytes, name: str, **fields: Any) -> Any:
    data = {"year": 2025, "title": "Kế hoạch TTĐN 2025", **fields}
    data["file"] = SimpleUploadedFile(name, body)
    return client.post(reverse("plans:import"), data)


def test_it_imports_a_plan_from_xlsx_and_updates_it_from_csv(client: Any, personas: Any) -> None:
    client.force_login(personas.coordinator)
    response = _post(client, write_xlsx(COLUMNS, ROWS), "plan.xlsx")
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get(year=2025)
    portal = Activity.objects.get(code="3.1")
    assert portal.programme.plan == plan
    assert sorted(a.code for a in portal.cooperating_agencies.all()) == ["Q-A", "Q-B"]
    assert [(t.quantity, t.unit, t.description) for t in portal.targets.all()] == [
        (24, "articles", "in 5 languages"),
        (12, "posts", ""),
    ]
    assert portal.periods.count() == 12
    training = Activity.objects.get(code="2.1")
    assert (training.start.month, training.deadline.day, training.recurrence) == (3, 30, "once")

    changed = [list(ROWS[0]), list(ROWS[1])]
    changed[0][8] = "30 articles in 5 languages; 12 posts"
    response = _post(client, write_csv(COLUMNS, changed), "plan.csv", plan=plan.pk)
    assert response.status_code == 302
    assert Activity.objects.count() == 2
    assert Activity.objects.get(code="3.1").targets.get(unit="articles").quantity == 30


def test_it_lists_every_error_by_row_and_column_and_saves_nothing(
    client: Any, personas: Any
) -> None:
    client.force_login(personas.coordinator)
    bad = [list(ROWS[0]), list(ROWS[1]), list(ROWS[1])]
    bad[0][3] = "SO-NOWHERE"
    bad[0][8] = "24 bananas"
    bad[1][6] = "2025-02-30"
    bad[1][8] = "2 sessions; 1 sessions"
    response = _post(client, write_xlsx(COLUMNS, bad), "plan.xlsx")
    assert response.status_code == 400
    errors = [(e.row, e.column) for e in response.context["errors"]]
    assert errors == [
        (2, "lead_agency"),
        (2, "targets"),
        (3, "deadline"),
        (3, "targets"),
        (4, "activity"),
    ]
    body = response.content.decode()
    assert "no agency has the code SO-NOWHERE" in body
    assert "bananas" in body
    assert "two targets are counted in sessions" in body
    assert not Plan.objects.exists()
    assert not Activity.objects.exists()


def test_it_names_missing_columns(client: Any, personas: Any) -> None:
    client.force_login(personas.coordinator)
    response = _post(client, write_csv(["programme", "activity"], [["P", "A"]]), "plan.csv")
    assert response.status_code == 400
    assert {(e.row, e.column) for e in response.context["errors"]} == {
        (1, "lead_agency"),
        (1, "start"),
        (1, "deadline"),
    }


def test_it_serves_a_template_that_imports_as_it_is(client: Any, personas: Any) -> None:
    from beacon.core.tests.factories import AgencyFactory

    for code in ("SO-TTTT", "SO-NGOAIVU", "SO-DULICH", "SO-NOIVU"):
        AgencyFactory(code=code)
    client.force_login(personas.coordinator)
    template = client.get(reverse("plans:import_template", args=["xlsx"]))
    assert template.status_code == 200
    response = _post(client, template.content, "template.xlsx")
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Activity.objects.count() == 2


def test_it_exports_the_plan_as_xlsx_csv_docx_and_pdf(client: Any, personas: Any) -> None:
    client.force_login(personas.coordinator)
    _post(client, write_xlsx(COLUMNS, ROWS), "plan.xlsx")
    plan = Plan.objects.get()
    xlsx = client.get(reverse("plans:export", args=[plan.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][: len(COLUMNS)] == tuple(COLUMNS)
    assert {row[2] for row in rows[1:]} == {ROWS[0][2], ROWS[1][2]}
    csv = client.get(reverse("plans:export", args=[plan.pk, "csv"]))
    assert ROWS[1][2] in csv.content.decode("utf-8-sig")

    docx = client.get(reverse("plans:export", args=[plan.pk, "docx"]))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        document = archive.read("word/document.xml").decode()
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert ROWS[0][2] in document
    assert len(images) == 2

    pdf = client.get(reverse("plans:export", args=[plan.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")


def test_it_exports_only_what_the_officer_may_see(client: Any, personas: Any) -> None:
    client.force_login(personas.coordinator)
    _post(client, write_xlsx(COLUMNS, ROWS), "plan.xlsx")
    plan = Plan.objects.get()
    client.force_login(personas.other_officer)
    csv = client.get(reverse("plans:export", args=[plan.pk, "csv"])).content.decode("utf-8-sig")
    assert ROWS[0][2] in csv
    assert ROWS[1][2] not in csv


def test_it_reads_a_sheet_headed_the_way_offices_head_them(client: Any, personas: Any) -> None:
    headings = [
        "Chương trình",
        "STT",
        "Nội dung hoạt động",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Bắt đầu",
        "Thời hạn",
        "Kỳ báo cáo",
        "Chỉ tiêu",
        "Sản phẩm",
        "Mô tả",
        "Kinh phí",
        "Nguồn kinh phí",
    ]
    client.force_login(personas.coordinator)
    bad = [list(ROWS[0]), list(ROWS[1])]
    bad[1][3] = "SO-NOWHERE"
    response = _post(client, write_xlsx(headings, bad), "ke-hoach.xlsx")
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "cơ quan chủ trì")]
    response = _post(client, write_xlsx(headings, ROWS), "ke-hoach.xlsx")
    assert response.status_code == 302
    assert Activity.objects.get(code="3.1").recurrence == "monthly"


def test_it_reimports_its_own_export_without_change(client: Any, personas: Any) -> None:
    client.force_login(personas.coordinator)
    _post(client, write_xlsx(COLUMNS, ROWS), "plan.xlsx")
    plan = Plan.objects.get()
    before = sorted(Activity.objects.values_list("code", "title", "start", "deadline", "budget"))
    exported = client.get(reverse("plans:export", args=[plan.pk, "xlsx"])).content
    response = _post(client, exported, "export.xlsx", plan=plan.pk)
    assert response.status_code == 302
    after = sorted(Activity.objects.values_list("code", "title", "start", "deadline", "budget"))
    assert after == before
    assert Activity.objects.get(code="3.1").targets.count() == 2
