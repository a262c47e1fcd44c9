"""Figures about a plan for the dashboard and the exports: one place, so that they agree.

Everything is computed from a handful of queries over the activities the reader may see, never
one query per activity.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from beacon.core.models import Agency
from beacon.plans.models import (
    Activity,
    ActivityQuerySet,
    Plan,
    ProgressReport,
    ReportFigure,
    ReportingPeriod,
    ReportStatus,
    Status,
    Target,
    report_due_days,
)


def natural_key(code: str) -> tuple[Any, ...]:
    """Sort 3.2 before 3.10: numbers in a code compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code))


def _floor_mean(values: list[Any]) -> int:
    """Rounded down, so that 100% means every target was reached, not nearly all of them."""
    return int(sum(values) / len(values)) if values else 0


@dataclass
class ActivityRow:
    activity: Activity
    status: str
    progress: int
    targets: list[tuple[Target, Decimal]] = field(default_factory=list)
    # Targets whose total is counted from training records, not summed from reports.
    counted: set[int] = field(default_factory=set)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    def target_lines(self) -> list[tuple[Target, Decimal, bool]]:
        """Each target with its total and whether it was counted from training records."""
        return [(t, total, t.pk in self.counted) for t, total in self.targets]


@dataclass
class Share:
    label: str
    progress: int
    count: int


@dataclass
class PlanSummary:
    plan: Plan
    rows: list[ActivityRow]
    by_status: dict[str, int]
    by_programme: list[Share]
    by_agency: list[Share]

    @property
    def overall(self) -> int:
        return _floor_mean([r.progress for r in self.rows])

    def status_counts(self) -> list[tuple[str, str, int]]:
        return [(s.value, str(s.label), self.by_status.get(s.value, 0)) for s in Status]


def activity_rows(activities: ActivityQuerySet, today: date | None = None) -> list[ActivityRow]:
    """Each activity with its derived status, its progress and each target's total.

    A target's total is the sum of accepted figures, or, for a target counted from training
    records, the count as of ``today`` (the same count the status used).
    """
    today = today or timezone.localdate()
    listed = list(
        activities.with_status(today)
        .select_related("programme", "lead_agency")
        .prefetch_related("cooperating_agencies")
    )
    listed.sort(
        key=lambda a: (a.programme.position, a.programme.title, natural_key(a.code), a.title)
    )
    ids = [a.pk for a in listed]
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(activity_id__in=ids).order_by("sort_order", "pk"):
        targets[target.activity_id].append(target)
    totals: defaultdict[int, Decimal] = defaultdict(Decimal)
    for target_id, value in ReportFigure.objects.filter(
        report__activity_id__in=ids, report__status=ReportStatus.ACCEPTED
    ).values_list("target_id", "value"):
        totals[target_id] += value
    rows = []
    for activity in listed:
        own = targets[activity.pk]
        counts = activity.counted_totals(today, own) if activity.counted_from_training else {}
        for target_id, count in counts.items():
            totals[target_id] = count  # the count replaces, never adds to, typed figures
        shares = [
            min(Decimal(1), Decimal(totals[t.pk]) / t.quantity) if t.quantity else Decimal(1)
            for t in own
        ]
        progress = _floor_mean([100 * share for share in shares]) if shares else 0
        if not shares and activity.completed_on:
            progress = 100
        rows.append(
            ActivityRow(
                activity=activity,
                status=activity.derived_status,  # type: ignore[attr-defined]
                progress=int(progress),
                targets=[(t, Decimal(totals[t.pk])) for t in own],
                counted=set(counts),
            )
        )
    return rows


def _shares(groups: dict[str, list[int]]) -> list[Share]:
    return [
        Share(label, _floor_mean(values), len(values)) for label, values in groups.items() if values
    ]


def summarise(plan: Plan, activities: ActivityQuerySet, today: date | None = None) -> PlanSummary:
    rows = activity_rows(activities.filter(programme__plan=plan), today)
    by_programme: dict[str, list[int]] = defaultdict(list)
    by_agency: dict[str, list[int]] = defaultdict(list)
    live = [r for r in rows if r.status != Status.CANCELLED]
    for row in live:
        by_programme[row.activity.programme.title].append(row.progress)
        by_agency[row.activity.lead_agency.display_name()].append(row.progress)
    return PlanSummary(
        plan=plan,
        rows=rows,
        by_status=dict(Counter(r.status for r in rows)),
        by_programme=_shares(by_programme),
        by_agency=sorted(_shares(by_agency), key=lambda s: (-s.count, s.label)),
    )


def contributions(
    reports: QuerySet[ProgressReport],
) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """(agency id, target id) to (accepted, waiting for review): what each agency brought."""
    sums: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    figures = ReportFigure.objects.filter(report__in=reports).exclude(
        report__status=ReportStatus.RETURNED
    )
    for agency_id, target_id, status, value in figures.values_list(
        "report__agency_id", "target_id", "report__status", "value"
    ):
        sums[(agency_id, target_id)][0 if status == ReportStatus.ACCEPTED else 1] += value
    return {key: (accepted, waiting) for key, (accepted, waiting) in sums.items()}


@dataclass
class Owed:
    """A report falling due, and the agencies (among those the reader reaches) yet to file it."""

    period: ReportingPeriod
    agencies: list[Agency]


def owed_reports(
    activities: ActivityQuerySet, today: date, days: int, reach: set[int] | None
) -> list[Owed]:
    """Reports due within ``days`` days and not filed yet, soonest first.

    ``reach`` limits the owing agencies to those the reader acts for or oversees (None: all).
    """
    end_from = today - timedelta(days=report_due_days())
    periods = (
        ReportingPeriod.objects.filter(
            activity__in=activities.not_done(today),
            end__gte=end_from,
            end__lte=end_from + timedelta(days=days),
        )
        .select_related("activity__lead_agency")
        .prefetch_related("activity__cooperating_agencies", "reports")
        .order_by("end", "activity__title")
    )
    owed = []
    for period in periods:
        activity = period.activity
        filed = {report.agency_id for report in period.reports.all()}
        agencies = [
            agency
            for agency in [activity.lead_agency, *activity.cooperating_agencies.all()]
            if agency.pk not in filed and (reach is None or agency.pk in reach)
        ]
        if agencies:
            owed.append(Owed(period, agencies))
    return owed


def period_activities(agency_ids: set[int] | None, start: date, end: date) -> list[dict[str, Any]]:
    """Activities running at some time in [start, end], with their status as of ``end``.

    For the insights report: the status is the dashboard's own (``with_status``), except that an
    activity completed after ``end`` was not done yet then. ``agency_ids=None`` is every agency.
    """
    activities = Activity.objects.filter(start__lte=end, deadline__gte=start)
    if agency_ids is not None:
        activities = activities.for_agencies(agency_ids)
    rows = list(
        activities.with_status(end)
        .order_by("deadline", "pk")
        .values(
            "pk",
            "code",
            "title",
            "lead_agency__name",
            "start",
            "deadline",
            "budget",
            "completed_on",
            "derived_status",
        )
    )
    for row in rows:
        done_later = row["completed_on"] is not None and row["completed_on"] > end
        if row["derived_status"] == Status.DONE and done_later:
            row["derived_status"] = Status.IN_PROGRESS
    return rows


def period_reports(agency_ids: set[int] | None, start: date, end: date) -> list[dict[str, Any]]:
    """Progress reports of the reporting periods that ended in [start, end], each marked on time
    or late against the reporting deadline (``report_due_days`` after the period's end)."""
    reports = ProgressReport.objects.filter(period__end__gte=start, period__end__lte=end)
    if agency_ids is not None:
        reports = reports.filter(agency_id__in=agency_ids)
    due_days = timedelta(days=report_due_days())
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in reports.order_by("period__end", "pk").values(
            "pk", "activity__title", "agency__name", "period__end", "submitted_at", "status"
        )
    ]
    for row in rows:
        filed = timezone.localtime(row["submitted_at"]).date()
        row["on_time"] = filed <= row["period__end"] + due_days
    return rows


def period_targets(
    agency_ids: set[int] | None, start: date, end: date, unit: str
) -> list[dict[str, Any]]:
    """Targets in ``unit`` of the live activities running in [start, end] (one query).

    The insights report sets the officers trained against the plan's targets in trainees.
    """
    activities = Activity.objects.live().filter(start__lte=end, deadline__gte=start)
    if agency_ids is not None:
        activities = activities.for_agencies(agency_ids)
    return [
        dict(row)
        for row in Target.objects.filter(activity__in=activities, unit=unit)
        .order_by("activity__deadline", "pk")
        .values("activity_id", "activity__title", "activity__lead_agency__name", "quantity")
    ]
