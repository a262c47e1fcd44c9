"""The insights page, its exports, the API and the transparency page, through HTTP."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beacon.dissemination.models import Channel, DeliveryStatus
from beacon.insights import actions, periods, report, tasks
from beacon.insights.models import PublicFigure, StoredReport
from beacon.insights.tests.conftest import Quarter, _delivery
from beacon.monitoring.models import Article, Source, Story


def page(client: Any, user: Any, query: str = "") -> Any:
    client.force_login(user)
    return client.get(f"{reverse('insights:page')}{query}")


def test_it_shows_the_coordinator_the_city_quarter(client: Any, quarter: Quarter) -> None:
    response = page(client, quarter.personas.coordinator, f"?period={quarter.period.key}")
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Activities done", "Quickly: median time to deliver", "Articles about the city"):
        assert text in body
    assert "<svg" in body and '<script src="http' not in body


def test_it_shows_a_district_officer_only_the_district(client: Any, quarter: Quarter) -> None:
    p = quarter.personas
    response = page(client, p.officer, f"?period={quarter.period.key}")
    assert response.status_code == 200
    assert response.context["agency"] == p.district
    assert "Articles about the city" not in response.content.decode()
    assert list(response.context["scopes"]) == [p.district]
    assert page(client, p.officer, f"?agency={p.other_district.pk}").status_code in (302, 403)
    assert page(client, p.outsider).status_code in (302, 403)


def test_it_opens_the_rows_of_a_figure(client: Any, quarter: Quarter) -> None:
    client.force_login(quarter.personas.coordinator)
    url = reverse("insights:figure", args=["delivery_dead"])
    response = client.get(f"{url}?period={quarter.period.key}")
    assert response.status_code == 200
    assert "Item page:2" in response.content.decode()
    csv = client.get(
        f"{reverse('insights:figure_csv', args=['delivery_dead'])}?period={quarter.period.key}"
    )
    assert "Item page:2" in csv.content.decode()


def test_it_exports_documents_that_open(client: Any, quarter: Quarter) -> None:
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client.force_login(quarter.personas.coordinator)
    query = f"?period={quarter.period.key}"
    docx = client.get(reverse("insights:export", args=["docx"]) + query).content
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert quarter.period.label in text
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("insights:export", args=["xlsx"]) + query).content)
    )
    assert workbook.sheetnames[0].startswith("1. Plan")
    assert len(workbook.sheetnames) == len(report.build(quarter.period).sections)
    pdf = client.get(reverse("insights:export", args=["pdf"]) + query).content
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2


def test_it_keeps_and_mails_the_report_on_the_first_working_day(
    quarter: Quarter, settings: Any
) -> None:
    quarter.personas.coordinator.email = "lan@example.invalid"
    quarter.personas.coordinator.save()
    stored = actions.do_store_report(quarter.period, None, acting_user=None)
    assert stored.pdf.read(4) == b"%PDF"
    assert actions.mail_report(stored.pk) == 1
    assert mail.outbox[-1].to == ["lan@example.invalid"]
    assert len(mail.outbox[-1].attachments) == 2


def test_it_stores_nothing_on_an_ordinary_day(db: Any, monkeypatch: Any) -> None:
    first = periods.first_working_day(2026, 7)
    monkeypatch.setattr(tasks, "city_today", lambda: first + timedelta(days=1))
    assert tasks.store_due_reports() == []
    assert not StoredReport.objects.exists()


def test_it_keeps_the_query_count_fixed_whatever_the_data_size(quarter: Quarter) -> None:
    with CaptureQueriesContext(connection) as small:
        report.build(quarter.period)
    channel = Channel.objects.get()
    source = Source.objects.get()
    story = Story.objects.get()
    for n in range(40):
        at = quarter.at(1 + n)
        _delivery(
            channel,
            f"page:{100 + n}",
            "en",
            quarter.personas.district,
            at,
            status=DeliveryStatus.SENT,
            sent_at=at,
        )
        Article.objects.create(
            source=source,
            story=story,
            url=f"https://x.example/{n}",
            url_hash=f"x{n}",
            title="t",
            text="t",
            language="de",
            country="DE",
            media_kind="press",
            seen_at=at,
            topics=["economy"],
        )
    with CaptureQueriesContext(connection) as large:
        report.build(quarter.period)
    assert len(large) == len(small)


def test_the_api_answers_within_the_scope(client: Any, quarter: Quarter) -> None:
    p = quarter.personas
    url = f"/api/insights/figures?period={quarter.period.key}"
    assert client.get(url).status_code == 401
    client.force_login(p.officer)
    assert client.get(f"{url}&agency={p.other_district.pk}").status_code == 403
    mine = client.get(url).json()
    assert {f["key"] for f in mine["figures"]} >= {"plan_done", "delivery_quickly"}
    assert "coverage_articles" not in {f["key"] for f in mine["figures"]}
    client.force_login(p.coordinator)
    one = client.get(f"/api/insights/figures/delivery_dead?period={quarter.period.key}").json()
    assert one["value"] == 1 and one["rows"][0]["label"] == "Item page:2"
    schema = client.get("/api/insights/openapi.json").json()
    assert "/api/insights/figures" in schema["paths"]


def test_the_transparency_page_shows_public_aggregates_only(client: Any, quarter: Quarter) -> None:
    actions.do_set_figure_public(
        "coverage_articles", True, acting_user=quarter.personas.coordinator
    )
    PublicFigure.objects.create(key="plan_late", is_public=False)
    response = client.get(f"/en/transparency/?period={quarter.period.key}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Articles about the city" in body and "Activities late" not in body
    assert "Set-Cookie" not in response.headers
    public = client.get(f"/api/insights/public?period={quarter.period.key}").json()
    assert [f["key"] for f in public["figures"]] == ["coverage_articles"]
    assert public["figures"][0]["value"] == 4 and "rows" not in public["figures"][0]


def test_the_beat_keeps_and_mails_the_city_report_on_the_first_working_day(
    personas: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    personas.coordinator.email = "lan@example.invalid"
    personas.coordinator.save()
    first = periods.first_working_day(2026, 2)  # after January: a month, no quarter
    monkeypatch.setattr(tasks, "city_today", lambda: first)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.store_due_reports() == ["2026-01"]
    stored = StoredReport.objects.get()
    assert stored.agency is None and stored.mailed_at is not None
    assert mail.outbox[-1].to == ["lan@example.invalid"]
    assert tasks.store_due_reports() == []  # never twice for a period
