"""Every figure computed from known rows, for the whole city and for one district."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from beacon.insights import figures, periods, report
from beacon.insights.tests.conftest import Quarter


def values(built: report.Report) -> dict[str, Any]:
    return {f.key: f.value for f in built.figures}


def test_it_computes_the_plan_and_delivery_figures_for_the_city(quarter: Quarter) -> None:
    built = report.build(quarter.period)
    got = values(built)
    assert got["plan_done"] == 1
    assert got["plan_in_progress"] == 1
    assert got["plan_late"] == 1
    assert got["plan_not_started"] == 0
    assert got["plan_budget"] == 1500
    assert got["delivery_quickly"] == 4  # median of 2, 4 and 10 hours
    assert got["delivery_fully"] == 50  # item A everywhere, item B not
    assert got["delivery_dead"] == 1
    assert got["delivery_correctly"] == 0
    figure = built.figure("delivery_quickly")
    assert figure is not None and figure.previous == 1 and figure.last_year is None
    fully = built.figure("delivery_fully")
    assert fully is not None and {r.label for r in fully.rows} == {"Item page:1", "Item page:2"}
    assert all(r.url.startswith("/admin/deliveries/items/") for r in fully.rows)


def test_it_computes_coverage_claims_and_people(quarter: Quarter) -> None:
    built = report.build(quarter.period)
    got = values(built)
    assert got["coverage_articles"] == 4
    assert got["coverage_countries"] == 2
    assert got["coverage_languages"] == 2
    assert got["coverage_topics"] == 2
    assert got["coverage_top_story"] == 3
    articles = built.figure("coverage_articles")
    assert articles is not None and articles.previous == 1
    assert articles.breakdown[0] == ("FR", 3.0)
    assert got["claims_detected"] == 2
    assert got["claims_matched"] == 1
    assert got["claims_answered"] == 0
    assert got["people_trained"] == 3
    assert got["people_certificates"] == 1
    assert got["people_expiring"] == 1
    assert got["people_target"] == 75  # 3 officers trained of the 4 targeted
    certificates = built.figure("people_certificates")
    assert certificates is not None
    assert "Officer 0" not in repr(certificates.rows)  # no names of people in the report


def test_it_limits_a_district_to_its_own_work_with_its_communes(quarter: Quarter) -> None:
    built = report.build(quarter.period, quarter.personas.district)
    got = values(built)
    assert got["plan_done"] == 1 and got["plan_late"] == 0
    assert got["delivery_quickly"] == 3  # 2 and 4 hours: the ward's delivery counts
    assert got["delivery_fully"] == 100
    assert got["delivery_dead"] == 0
    assert got["people_trained"] == 2  # the district's officer and the ward's
    assert got["people_target"] == 50
    assert "coverage_articles" not in got and "claims_detected" not in got
    assert {s.key for s in built.sections} == {"plan", "delivery", "people", "outreach"}


def test_it_counts_the_gaps_and_the_channels_up(quarter: Quarter) -> None:
    got = values(report.build(quarter.period))
    # Each channel-language pair delivered once, ten days into a quarter: gaps over a week.
    assert got["delivery_regularly"] == 2
    assert got["delivery_continuously"] is None  # no delivery attempt was recorded


@pytest.mark.parametrize(
    ("key", "kind", "start", "end"),
    [
        ("2026-03", "month", date(2026, 3, 1), date(2026, 3, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31)),
        ("2025", "year", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_it_parses_periods(key: str, kind: str, start: date, end: date) -> None:
    period = periods.parse(key)
    assert (period.kind, period.start, period.end, period.key) == (kind, start, end, key)


def test_it_compares_with_the_period_before_and_a_year_earlier() -> None:
    quarter = periods.parse("2026-Q1")
    assert quarter.previous().key == "2025-Q4"
    assert quarter.last_year().key == "2025-Q1"
    assert periods.parse("2024-02").last_year().end == date(2023, 2, 28)


def test_it_finds_the_first_working_day_and_the_reports_due() -> None:
    assert periods.first_working_day(2026, 8) == date(2026, 8, 3)  # 1 August 2026 is a Saturday
    assert [p.key for p in periods.ended_before(date(2026, 7, 1))] == ["2026-06", "2026-Q2"]
    assert [p.key for p in periods.ended_before(date(2026, 1, 1))] == ["2025-12", "2025-Q4", "2025"]
    assert periods.ended_before(date(2026, 7, 2)) == []
    with pytest.raises(ValueError):
        periods.parse("2026-13")


def test_it_reads_optional_areas_only_when_installed() -> None:
    assert figures.optional_module("beacon.no_such_area.figures") is None
    assert figures.optional_module("json") is not None


def test_it_names_the_figures_an_optional_area_returns(db: Any) -> None:
    given = {"events": 4, "participants": 120, "new_kind": 2, "not_a_number": "x", "flag": True}
    specs = figures.external_specs("outreach", given)
    assert [s.key for s in specs] == [
        "outreach_events",
        "outreach_participants",
        "outreach_new_kind",
    ]
    assert str(specs[0].label) == "Outreach events"
    data = figures.Data(period=periods.parse("2026-Q1"), agency_ids=None, outreach=given)
    assert [s.compute(data).value for s in specs] == [4.0, 120.0, 2.0]


def test_the_report_has_no_outreach_or_tone_section_without_their_apps(quarter: Quarter) -> None:
    if figures.optional_module(figures.OUTREACH_MODULE) is not None:
        pytest.skip("the outreach app is installed here")
    assert not {"outreach", "tone"} & {s.key for s in report.build(quarter.period).sections}
