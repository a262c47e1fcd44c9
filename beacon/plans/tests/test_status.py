"""The derived status: from dates and reports only, the same in SQL and in Python."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from beacon.plans import actions
from beacon.plans.models import Activity, Status
from beacon.plans.periods import periods_for
from beacon.plans.reporting import activity_rows
from beacon.plans.tests.factories import make_activity

pytestmark = pytest.mark.django_db


def status(activity: Activity, today: date) -> str:
    """Both ways of deriving it, checked to agree."""
    activity = Activity.objects.get(pk=activity.pk)
    in_sql = Activity.objects.with_status(today).get(pk=activity.pk).derived_status
    assert in_sql == activity.get_status(today)
    return in_sql


def file(activity: Activity, agency: Any, key: str, today: date, **figures: int) -> Any:
    targets = {t.unit: t.pk for t in activity.targets.all()}
    return actions.do_file_report(
        activity,
        activity.periods.get(key=key),
        agency,
        actions.ReportInput(
            summary="Đã làm.",
            figures={targets[unit]: (Decimal(n), unit) for unit, n in figures.items()},
        ),
        acting_user=None,
        today=today,
    )


def accept(report: Any) -> None:
    actions.do_review_report(
        report, accept=True, comment="", acting_user=None, base_version=report.version
    )


@pytest.fixture
def monthly(personas: Any, settings: Any) -> Activity:
    settings.BEACON_PLANS_REPORT_DUE_DAYS = 5
    settings.BEACON_PLANS_REPORT_CLOSE_DAYS = 30
    return make_activity(
        lead=personas.district,
        cooperating=[personas.other_district],
        start=date(2025, 1, 1),
        deadline=date(2025, 12, 31),
        recurrence="monthly",
        targets=[(24, "articles")],
    )


def test_it_cuts_periods_by_month_quarter_and_year() -> None:
    keys = [p.key for p in periods_for(date(2025, 2, 15), date(2025, 5, 10), "monthly")]
    assert keys == ["2025-02", "2025-03", "2025-04", "2025-05"]
    quarters = periods_for(date(2025, 2, 15), date(2026, 1, 10), "quarterly")
    assert (quarters[0].key, quarters[0].start, quarters[0].end) == (
        "2025-Q1",
        date(2025, 2, 15),
        date(2025, 3, 31),
    )
    assert quarters[-1].key == "2026-Q1" and quarters[-1].end == date(2026, 1, 10)
    assert [p.key for p in periods_for(date(2025, 6, 1), date(2026, 3, 1), "yearly")] == [
        "2025",
        "2026",
    ]
    assert periods_for(date(2025, 6, 1), date(2025, 6, 30), "once")[0].key == "once"


def test_it_is_planned_before_the_start_and_in_progress_after(monthly: Activity) -> None:
    assert status(monthly, date(2024, 12, 20)) == Status.PLANNED
    assert status(monthly, date(2025, 1, 20)) == Status.IN_PROGRESS


def test_it_is_late_when_the_lead_owes_a_report_past_due(monthly: Activity, personas: Any) -> None:
    assert status(monthly, date(2025, 2, 5)) == Status.IN_PROGRESS
    assert status(monthly, date(2025, 2, 6)) == Status.LATE
    assert Activity.objects.overdue(date(2025, 2, 6)).filter(pk=monthly.pk).exists()
    file(monthly, personas.other_district, "2025-01", date(2025, 2, 6))
    assert status(monthly, date(2025, 2, 6)) == Status.LATE
    file(monthly, personas.district, "2025-01", date(2025, 2, 7))
    assert status(monthly, date(2025, 2, 7)) == Status.IN_PROGRESS
    assert not Activity.objects.overdue(date(2025, 2, 7)).exists()


def test_it_is_late_after_the_deadline_until_the_targets_are_reached(
    personas: Any,
) -> None:
    activity = make_activity(
        lead=personas.district,
        start=date(2025, 3, 1),
        deadline=date(2025, 3, 31),
        targets=[(3, "articles"), (1, "visits")],
    )
    assert status(activity, date(2025, 4, 1)) == Status.LATE
    report = file(activity, personas.district, "once", date(2025, 4, 2), articles=3, visits=0)
    accept(report)
    assert status(activity, date(2025, 4, 3)) == Status.LATE
    assert (
        activity_rows(Activity.objects.filter(pk=activity.pk), date(2025, 4, 3))[0].progress == 50
    )


def test_it_is_done_when_accepted_figures_reach_every_target(
    monthly: Activity, personas: Any
) -> None:
    first = file(monthly, personas.district, "2025-01", date(2025, 2, 1), articles=20)
    second = file(monthly, personas.other_district, "2025-01", date(2025, 2, 1), articles=4)
    accept(first)
    assert status(monthly, date(2025, 2, 2)) == Status.IN_PROGRESS
    accept(second)
    assert status(monthly, date(2025, 2, 2)) == Status.DONE
    assert status(monthly, date(2026, 6, 1)) == Status.DONE


def test_it_is_done_without_targets_when_the_last_report_is_accepted(personas: Any) -> None:
    activity = make_activity(
        lead=personas.district, start=date(2025, 3, 1), deadline=date(2025, 3, 31), targets=[]
    )
    report = file(activity, personas.district, "once", date(2025, 3, 30))
    assert status(activity, date(2025, 3, 30)) == Status.IN_PROGRESS
    accept(report)
    assert status(activity, date(2025, 6, 1)) == Status.DONE


def test_it_is_cancelled_whatever_the_dates(monthly: Activity) -> None:
    actions.do_cancel_activity(monthly, "Gộp vào hoạt động khác", acting_user=None)
    assert status(monthly, date(2025, 6, 1)) == Status.CANCELLED
    assert not Activity.objects.overdue(date(2026, 6, 1)).exists()


def test_it_refuses_to_change_the_unit_of_a_target_with_figures(
    monthly: Activity, personas: Any
) -> None:
    file(monthly, personas.district, "2025-01", date(2025, 2, 1), articles=2)
    activity = Activity.objects.get(pk=monthly.pk)
    target = activity.targets.get()
    target.unit = "videos"
    activity.targets = [target]  # type: ignore[assignment]
    with pytest.raises(ValidationError, match="unit cannot change"):
        actions.do_save_activity(activity, acting_user=None)
    assert Activity.objects.get(pk=monthly.pk).targets.get().unit == "articles"


def test_it_moves_periods_with_the_dates_but_keeps_those_with_reports(
    monthly: Activity, personas: Any
) -> None:
    file(monthly, personas.district, "2025-02", date(2025, 3, 1))
    activity = Activity.objects.get(pk=monthly.pk)
    activity.deadline = date(2025, 6, 30)
    actions.do_save_activity(activity, acting_user=None)
    assert [p.key for p in activity.periods.all()][-1] == "2025-06"
    assert activity.periods.count() == 6
    activity.start = date(2025, 3, 1)
    with pytest.raises(ValidationError, match="Reports were filed for the period 2025-02"):
        actions.do_save_activity(activity, acting_user=None)
    assert Activity.objects.get(pk=monthly.pk).start == date(2025, 1, 1)


def test_it_refuses_two_targets_in_the_same_unit(personas: Any) -> None:
    with pytest.raises(ValidationError, match="Two targets are counted in articles"):
        make_activity(
            lead=personas.district,
            start=date(2025, 1, 1),
            deadline=date(2025, 3, 31),
            targets=[(10, "articles"), (5, "articles")],
        )
    assert not Activity.objects.exists()
