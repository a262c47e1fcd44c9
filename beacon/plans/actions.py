"""Every write to plans, activities, reports and calendar feeds goes through these functions.

Each runs in one transaction with its audit event; e-mails are queued on commit. A refusal that
the user can act on is a ``ValidationError`` with a message that says what to do; two people
saving the same report is a ``ReportConflict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beacon.core import audit, policy
from beacon.core.actions import save_with_audit
from beacon.core.models import Agency
from beacon.lib import clock
from beacon.plans import access, counted
from beacon.plans.models import (
    Activity,
    CalendarFeed,
    Evidence,
    Plan,
    PlanStatus,
    Programme,
    ProgressReport,
    ReportEvent,
    ReportEventKind,
    ReportFigure,
    ReportingPeriod,
    ReportStatus,
    Target,
    Unit,
)
from beacon.plans.periods import periods_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class ReportConflict(Exception):
    """Someone saved the report after the version this change was based on."""


def _require_editor(acting_user: User | AnonymousUser | None) -> None:
    if acting_user is not None and not access.can_edit_plans(acting_user):
        raise PermissionDenied


@transaction.atomic
def do_save_plan(plan: Plan, *, acting_user: User | AnonymousUser | None) -> Plan:
    _require_editor(acting_user)
    save_with_audit(
        plan, acting_user=acting_user, verb="update" if plan.pk else "create", agency=None
    )
    return plan


@transaction.atomic
def do_save_programme(
    programme: Programme, *, acting_user: User | AnonymousUser | None
) -> Programme:
    _require_editor(acting_user)
    verb = "update" if programme.pk else "create"
    save_with_audit(programme, acting_user=acting_user, verb=verb, agency=None)
    return programme


def _check_reported_targets(activity: Activity) -> None:
    """Targets with figures keep their unit and cannot be dropped: the figures would lie."""
    if activity.pk is None:
        return
    kept = {target.pk: target for target in activity.targets.all() if target.pk}
    for stored in Target.objects.filter(activity_id=activity.pk, figures__isnull=False).distinct():
        if stored.pk not in kept:
            raise ValidationError(
                _("The target “%(target)s” already has reported figures and cannot be removed.")
                % {"target": stored}
            )
        if kept[stored.pk].unit != stored.unit:
            raise ValidationError(
                _(
                    "The target “%(target)s” already has figures in %(unit)s; its unit cannot "
                    "change to %(new)s."
                )
                % {
                    "target": stored,
                    "unit": stored.get_unit_display(),
                    "new": Unit(kept[stored.pk].unit).label,
                }
            )


def _check_counted_targets(activity: Activity) -> None:
    """An activity counted from training needs a target to count, and none with typed figures.

    Figures already reported against a target that would now be counted would be silently
    ignored, so switching such a target to counting is refused instead.
    """
    if not activity.counted_from_training:
        return
    targets = list(activity.targets.all())
    if not any(activity.is_counted(t) for t in targets):
        raise ValidationError(
            _("An activity counted from training records needs a target in one of: %(units)s.")
            % {"units": ", ".join(str(Unit(unit).label) for unit in counted.COUNTED_UNITS)}
        )
    if activity.pk is None:
        return
    counted_ids = [t.pk for t in targets if t.pk and activity.is_counted(t)]
    reported = Target.objects.filter(pk__in=counted_ids, figures__isnull=False).first()
    if reported is not None:
        raise ValidationError(
            _(
                "The target “%(target)s” already has reported figures, so it cannot be counted "
                "from training records."
            )
            % {"target": reported}
        )


def _sync_periods(activity: Activity) -> None:
    """Make the reporting periods match the dates and recurrence, keeping reported ones."""
    wanted = {p.key: p for p in periods_for(activity.start, activity.deadline, activity.recurrence)}
    for period in ReportingPeriod.objects.filter(activity=activity):
        if period.key in wanted:
            spec = wanted.pop(period.key)
            if (period.start, period.end) != (spec.start, spec.end):
                period.start, period.end = spec.start, spec.end
                period.save(update_fields=["start", "end"])
        elif period.reports.exists():
            raise ValidationError(
                _(
                    "Reports were filed for the period %(period)s; keep it within the "
                    "activity's dates and reporting."
                )
                % {"period": period.label}
            )
        else:
            period.delete()
    ReportingPeriod.objects.bulk_create(
        ReportingPeriod(activity=activity, key=p.key, start=p.start, end=p.end)
        for p in wanted.values()
    )


@transaction.atomic
def do_save_activity(activity: Activity, *, acting_user: User | AnonymousUser | None) -> Activity:
    """Create or update an activity with its targets and cooperating agencies, then its periods."""
    _require_editor(acting_user)
    _check_reported_targets(activity)
    if activity.lead_agency_id in {a.pk for a in activity.cooperating_agencies.all()}:
        raise ValidationError(_("The lead agency cannot also be a cooperating agency."))
    units = [target.unit for target in activity.targets.all()]
    repeated = sorted({str(Unit(unit).label) for unit in units if units.count(unit) > 1})
    if repeated:
        # One target per unit keeps every figure's target unambiguous, in forms and imports.
        raise ValidationError(
            _("Two targets are counted in %(units)s; make them one target.")
            % {"units": ", ".join(repeated)}
        )
    _check_counted_targets(activity)
    verb = "update" if activity.pk else "create"
    save_with_audit(activity, acting_user=acting_user, verb=verb, agency=activity.lead_agency)
    _sync_periods(activity)
    _refresh_completion(activity)
    return activity


def reports_under(instance: Plan | Programme | Activity) -> QuerySet[ProgressReport]:
    if isinstance(instance, Plan):
        return ProgressReport.objects.filter(activity__programme__plan=instance)
    if isinstance(instance, Programme):
        return ProgressReport.objects.filter(activity__programme=instance)
    return ProgressReport.objects.filter(activity=instance)


@transaction.atomic
def do_delete_plan_part(
    instance: Plan | Programme | Activity, *, acting_user: User | AnonymousUser | None
) -> None:
    """Remove a plan, programme or activity that no report was filed under yet.

    Reports are the record of work done: what has them is cancelled, never deleted.
    """
    _require_editor(acting_user)
    if reports_under(instance).exists():
        raise ValidationError(
            _("Reports were filed under “%(item)s”; cancel its activities instead of deleting.")
            % {"item": instance}
        )
    audit.record(
        actor=acting_user,
        action=f"{instance._meta.model_name}.delete",
        instance=instance,
        changes=audit.diff(audit.snapshot(instance), {}),
    )
    instance.delete()


@transaction.atomic
def do_cancel_activity(
    activity: Activity, reason: str, *, acting_user: User | AnonymousUser | None
) -> Activity:
    _require_editor(acting_user)
    if not reason.strip():
        raise ValidationError(_("Say why the activity is cancelled."))
    activity.cancelled_at = timezone.now()
    activity.cancel_reason = reason.strip()
    activity.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
    audit.record(
        actor=acting_user,
        action="activity.cancel",
        instance=activity,
        changes={"cancel_reason": [None, activity.cancel_reason]},
        agency=activity.lead_agency,
    )
    return activity


def _refresh_completion(activity: Activity, today: date | None = None) -> None:
    """Done when every target is reached by accepted figures; without targets, when the lead's
    report on the last period is accepted.

    An activity counted from training stores nothing: its counts change with the training
    records, outside any plans action, so its status computes "done" when read.
    """
    targets = list(Target.objects.filter(activity=activity))
    if activity.counted_from_training:
        done = False
    elif targets:
        totals = activity.accepted_totals()
        done = all(totals.get(t.pk, Decimal(0)) >= t.quantity for t in targets)
    else:
        last = ReportingPeriod.objects.filter(activity=activity).order_by("-end").first()
        done = (
            last is not None
            and last.reports.filter(
                agency_id=activity.lead_agency_id, status=ReportStatus.ACCEPTED
            ).exists()
        )
    completed_on = (activity.completed_on or today or timezone.localdate()) if done else None
    if completed_on != activity.completed_on:
        activity.completed_on = completed_on
        activity.save(update_fields=["completed_on"])


@dataclass
class ReportInput:
    """What an agency reports for one period; ``figures`` maps target id to (value, unit)."""

    summary: str
    problems: str = ""
    proposals: str = ""
    links: str = ""
    figures: dict[int, tuple[Decimal, str]] = field(default_factory=dict)
    files: list[tuple[str, UploadedFile]] = field(default_factory=list)


def _check_can_report(
    activity: Activity, period: ReportingPeriod, agency: Agency, today: date
) -> None:
    if period.activity_id != activity.pk:
        raise ValidationError(_("This period belongs to another activity."))
    if agency.pk not in activity.agency_ids():
        raise ValidationError(
            _(
                "%(agency)s neither leads nor cooperates in “%(activity)s”, so it cannot report "
                "on it. Ask the coordinator to add it to the activity first."
            )
            % {"agency": agency, "activity": activity}
        )
    if activity.cancelled_at is not None:
        raise ValidationError(_("This activity was cancelled; reports are closed."))
    if activity.programme.plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("The plan is closed; reports can no longer be filed or changed."))
    if today < period.start:
        raise ValidationError(
            _("The period %(period)s has not started yet; report from %(start)s.")
            % {"period": period.label, "start": date_format(period.start)}
        )
    if today > period.closes:
        raise ValidationError(
            _(
                "The period %(period)s closed on %(closed)s; reports for it can no longer be "
                "filed or changed."
            )
            % {"period": period.label, "closed": date_format(period.closes)}
        )


def _check_figures(activity: Activity, figures: dict[int, tuple[Decimal, str]]) -> None:
    targets = {t.pk: t for t in activity.targets.all()}
    for target_id, (value, unit) in figures.items():
        target = targets.get(target_id)
        if target is None:
            raise ValidationError(_("A figure names a target that is not on this activity."))
        if activity.is_counted(target):
            raise ValidationError(
                _("The target “%(target)s” is counted from training records; it is not reported.")
                % {"target": target}
            )
        if unit != target.unit:
            raise ValidationError(
                _(
                    "The target “%(target)s” is counted in %(unit)s; a figure in %(given)s "
                    "cannot be added to it."
                )
                % {
                    "target": target,
                    "unit": target.get_unit_display(),
                    "given": Unit(unit).label if unit in Unit.values else unit,
                }
            )
        if value < 0:
            raise ValidationError(
                _("The figure for “%(target)s” cannot be negative.") % {"target": target}
            )


@transaction.atomic
def do_file_report(
    activity: Activity,
    period: ReportingPeriod,
    agency: Agency,
    data: ReportInput,
    *,
    acting_user: User | AnonymousUser | None,
    base_version: int | None = None,
    today: date | None = None,
) -> ProgressReport:
    """File a new report, or revise one that was sent back or not reviewed yet.

    ``base_version`` is the version the person saw; ``None`` means they think they are filing
    the first report for the period. ``today`` lets the demo file reports as of a past day.
    """
    if acting_user is not None and not policy.can(acting_user, access.AREA, "write", agency):
        raise PermissionDenied
    now = timezone.now()
    today = today or timezone.localdate()
    _check_can_report(activity, period, agency, today)
    _check_figures(activity, data.figures)
    report = ProgressReport.objects.select_for_update().filter(period=period, agency=agency).first()
    if report is not None and report.version != base_version:
        raise ReportConflict(
            _(
                "%(agency)s's report for %(period)s was saved by someone else (version "
                "%(version)s) since you opened it. Nothing was saved: reload it and make your "
                "changes again."
            )
            % {"agency": agency, "period": period.label, "version": report.version}
        )
    if report is None and base_version is not None:
        raise ReportConflict(_("The report you were editing no longer exists."))
    if report is not None and report.status == ReportStatus.ACCEPTED:
        raise ValidationError(_("This report was accepted and can no longer be changed."))
    kind = ReportEventKind.SUBMITTED if report is None else ReportEventKind.REVISED
    if report is None:
        report = ProgressReport(activity=activity, period=period, agency=agency, version=0)
    report.summary = data.summary.strip()
    report.problems = data.problems.strip()
    report.proposals = data.proposals.strip()
    report.links = data.links.strip()
    report.status = ReportStatus.SUBMITTED
    report.version += 1
    report.submitted_by = acting_user if acting_user and acting_user.is_authenticated else None
    report.submitted_at = now if today == timezone.localdate() else clock.as_of(today)
    try:
        with transaction.atomic():
            save_with_audit(
                report,
                acting_user=acting_user,
                verb="submit" if kind == ReportEventKind.SUBMITTED else "revise",
                agency=agency,
            )
    except IntegrityError:
        # Someone filed the first report for this period between our read and our write.
        raise ReportConflict(
            _(
                "%(agency)s's report for %(period)s was just filed by someone else. Nothing was "
                "saved: open it and make your changes there."
            )
            % {"agency": agency, "period": period.label}
        ) from None
    report.figures.exclude(target_id__in=data.figures).delete()
    for target_id, (value, unit) in data.figures.items():
        ReportFigure.objects.update_or_create(
            report=report, target_id=target_id, defaults={"value": value, "unit": unit}
        )
    for title, upload in data.files:
        Evidence.objects.create(
            report=report,
            title=title or upload.name or "",
            file=upload,
            uploaded_by=report.submitted_by,
        )
    ReportEvent.objects.create(
        report=report,
        kind=kind,
        version=report.version,
        actor=report.submitted_by,
        at=report.submitted_at,
    )
    return report


@transaction.atomic
def do_review_report(
    report: ProgressReport,
    *,
    accept: bool,
    comment: str,
    acting_user: User | AnonymousUser | None,
    base_version: int,
    today: date | None = None,
) -> ProgressReport:
    """Accept a report, or send it back with a comment saying what to fix."""
    if acting_user is not None and not access.can_review_reports(acting_user):
        raise PermissionDenied
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.version != base_version:
        raise ReportConflict(
            _(
                "The report was revised (now version %(version)s) while you were reviewing it. "
                "Read the new version before deciding."
            )
            % {"version": report.version}
        )
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            _("This report was already reviewed (%(status)s).")
            % {"status": report.get_status_display()}
        )
    if not accept and not comment.strip():
        raise ValidationError(_("Say what the agency should fix when you send a report back."))
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    verb = "accept" if accept else "return"
    save_with_audit(report, acting_user=acting_user, verb=verb, agency=report.agency)
    at = timezone.now() if today is None else clock.as_of(today)
    ReportEvent.objects.create(
        report=report,
        kind=ReportEventKind.ACCEPTED if accept else ReportEventKind.RETURNED,
        version=report.version,
        comment=comment.strip(),
        actor=acting_user if acting_user and acting_user.is_authenticated else None,
        at=at,
    )
    _refresh_completion(report.activity, today)
    if not accept:
        from beacon.plans.tasks import send_report_returned

        report_id = report.pk
        transaction.on_commit(lambda: send_report_returned.delay(report_id))
    return report


@transaction.atomic
def do_create_calendar_feed(
    agency: Agency, *, acting_user: User | AnonymousUser | None
) -> CalendarFeed:
    """A new secret address for the agency's deadlines; any older address stops working."""
    if acting_user is not None and not policy.can(acting_user, access.AREA, "write", agency):
        raise PermissionDenied
    for old in CalendarFeed.objects.filter(agency=agency, revoked_at__isnull=True):
        _revoke(old, acting_user)
    feed = CalendarFeed.objects.create(
        agency=agency,
        created_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    audit.record(actor=acting_user, action="calendarfeed.create", instance=feed, agency=agency)
    return feed


def _revoke(feed: CalendarFeed, acting_user: User | AnonymousUser | None) -> None:
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    audit.record(actor=acting_user, action="calendarfeed.revoke", instance=feed, agency=feed.agency)


@transaction.atomic
def do_revoke_calendar_feed(
    feed: CalendarFeed, *, acting_user: User | AnonymousUser | None
) -> None:
    if acting_user is not None and not policy.can(acting_user, access.AREA, "write", feed.agency):
        raise PermissionDenied
    if feed.revoked_at is None:
        _revoke(feed, acting_user)
