"""Screens of the plans app. Each view fetches through ``access``, calls one action and renders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.core import policy
from beacon.core.models import Agency
from beacon.plans import access, actions, charts, reporting
from beacon.plans.forms import (
    AgencyChoiceForm,
    CancelForm,
    PlanChoiceForm,
    ReportForm,
    ReviewForm,
)
from beacon.plans.models import (
    Activity,
    CalendarFeed,
    Evidence,
    Plan,
    PlanStatus,
    ReportingPeriod,
    ReportStatus,
    Status,
    Target,
)


def _require_reader(request: HttpRequest) -> None:
    if not policy.can(request.user, access.AREA, "read"):
        raise PermissionDenied


def _chosen_plan(request: HttpRequest) -> tuple[Plan | None, PlanChoiceForm]:
    """The plan asked for in ``?plan=``, else the newest one in force."""
    plans = access.plans_for_user(request.user)
    form = PlanChoiceForm(request.GET or None)
    form.fields["plan"].queryset = plans  # type: ignore[attr-defined]
    plan = None
    if form.is_valid():
        plan = form.cleaned_data["plan"]
    if plan is None:
        in_force = plans.filter(status=PlanStatus.ACTIVE).order_by("-year", "title").first()
        plan = in_force or plans.order_by("-year", "title").first()
    return plan, form


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def dashboard(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    plan, plan_form = _chosen_plan(request)
    context: dict[str, Any] = {
        "page_title": _("Plan dashboard"),
        "header_icon": "tasks",
        "plan": plan,
        "plan_form": plan_form,
    }
    if plan is not None:
        today = timezone.localdate()
        activities = access.activities_for_user(request.user)
        summary = reporting.summarise(plan, activities, today)
        context.update(
            summary=summary,
            late=[r for r in summary.rows if r.status == Status.LATE],
            waiting=access.reports_for_user(request.user)
            .filter(status=ReportStatus.SUBMITTED, activity__programme__plan=plan)
            .order_by("submitted_at"),
            owed=reporting.owed_reports(
                activities.filter(programme__plan=plan),
                today,
                30,
                policy.agency_ids_for(request.user, access.AREA, "read"),
            )[:20],
            programme_chart=charts.bar_chart(
                [(s.label, s.progress) for s in summary.by_programme],
                title=_("Progress by programme"),
            ),
            agency_chart=charts.bar_chart(
                [(s.label, s.progress) for s in summary.by_agency[:15]],
                title=_("Progress by lead agency"),
            ),
            can_edit=access.can_edit_plans(request.user),
        )
    return TemplateResponse(request, "plans/dashboard.html", context)


def activity_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    plan, plan_form = _chosen_plan(request)
    rows: list[reporting.ActivityRow] = []
    status = request.GET.get("status", "")
    if plan is not None:
        activities = access.activities_for_user(request.user).filter(programme__plan=plan)
        rows = reporting.activity_rows(activities)
        if status in Status.values:
            rows = [r for r in rows if r.status == status]
    return TemplateResponse(
        request,
        "plans/activity_list.html",
        {
            "page_title": _("Activities"),
            "header_icon": "list-ul",
            "plan": plan,
            "plan_form": plan_form,
            "rows": rows,
            "status": status,
            "statuses": Status.choices,
        },
    )


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.get_activity_for_user(request.user, pk)
    today = timezone.localdate()
    visible = access.reports_for_user(request.user).filter(activity=activity)
    by_cell = {(r.period_id, r.agency_id): r for r in visible}
    reporters = access.reporting_agencies_for(request.user, activity)
    reporter_ids = {a.pk for a in reporters}
    agencies = [activity.lead_agency, *activity.cooperating_agencies.order_by("name")]
    periods = list(activity.periods.all())
    grid = [
        (
            period,
            [
                {
                    "agency": agency,
                    "report": by_cell.get((period.pk, agency.pk)),
                    "can_file": agency.pk in reporter_ids
                    and period.is_open(today)
                    and (period.pk, agency.pk) not in by_cell,
                }
                for agency in agencies
            ],
        )
        for period in periods
    ]
    row = reporting.activity_rows(Activity.objects.filter(pk=activity.pk), today)[0]
    # Counted targets have no figures in reports: the contributions table shows the others.
    targets = [target for target, _total in row.targets if target.pk not in row.counted]
    totals = reporting.contributions(visible)
    contributions = [
        (agency, [totals.get((agency.pk, t.pk), (0, 0)) for t in targets])
        for agency in agencies
        if any(key[0] == agency.pk for key in totals)
    ]
    return TemplateResponse(
        request,
        "plans/activity_detail.html",
        {
            "page_title": str(activity),
            "header_icon": "tasks",
            "activity": activity,
            "row": row,
            "agencies": agencies,
            "grid": grid,
            "targets": targets,
            "contributions": contributions,
            "can_edit": access.can_edit_plans(request.user),
            "cancel_form": CancelForm(),
        },
    )


@require_POST
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.get_activity_for_user(request.user, pk, write=True)
    form = CancelForm(request.POST)
    if form.is_valid():
        actions.do_cancel_activity(activity, form.cleaned_data["reason"], acting_user=request.user)
        messages.success(request, _("The activity is cancelled."))
    else:
        messages.error(request, _("Say why the activity is cancelled."))
    return redirect("plans:activity", activity.pk)


def _reported_targets(activity: Activity) -> list[Target]:
    """The targets a report asks figures for: those not counted from training records."""
    return [t for t in activity.targets.all() if not activity.is_counted(t)]


def _report_context(
    activity: Activity,
    period: ReportingPeriod,
    form: ReportForm,
    **extra: Any,
) -> dict[str, Any]:
    targets = list(activity.targets.all())
    counts = activity.counted_totals(timezone.localdate(), targets)
    return {
        "page_title": _("Progress report"),
        "page_subtitle": f"{activity} · {period.label}",
        "header_icon": "doc-full",
        "activity": activity,
        "period": period,
        "form": form,
        # Shown read-only, so that the officer sees what is already counted for the agencies.
        "counted": [(t, counts[t.pk]) for t in targets if t.pk in counts],
        **extra,
    }


def file_report(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """File the first report of one agency for one period (the agency comes from ``?agency=``)."""
    activity = access.get_activity_for_user(request.user, pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk, activity=activity)
    reporters = access.reporting_agencies_for(request.user, activity)
    asked = request.POST.get("agency") or request.GET.get("agency") or ""
    if asked:
        # An agency the user may act for but that has no role here is refused by the action,
        # with a message saying so; one the user may not act for at all is forbidden.
        writable = access.writable_agencies_for_user(request.user)
        agency = writable.filter(pk=asked).first() if asked.isdigit() else None
    else:
        agency = reporters[0] if reporters else None
    if agency is None:
        raise PermissionDenied
    chooser = AgencyChoiceForm(agencies=reporters, initial={"agency": agency})
    targets = _reported_targets(activity)
    form = ReportForm(request.POST or None, request.FILES or None, targets=targets)
    outcome = _save_report(request, form, activity, period, agency)
    if isinstance(outcome, HttpResponse):
        messages.success(request, _("Your report was filed and waits for review."))
        return outcome
    context = _report_context(
        activity,
        period,
        form,
        chooser=chooser if len(reporters) > 1 else None,
        agency=agency,
    )
    return TemplateResponse(request, "plans/report_form.html", context, status=outcome)


def _save_report(
    request: HttpRequest,
    form: ReportForm,
    activity: Activity,
    period: ReportingPeriod,
    agency: Agency,
) -> HttpResponse | int:
    """File or revise through the action: a redirect to the report, or the status to render
    the form again with (400 refused, 409 someone else saved first)."""
    if request.method != "POST":
        return 200
    if not form.is_valid():
        return 400
    try:
        report = actions.do_file_report(
            activity,
            period,
            agency,
            _report_input(form),
            acting_user=request.user,
            base_version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        form.add_error(None, _refusal(exc))
        return 400
    except actions.ReportConflict as exc:
        form.add_error(None, str(exc))
        return 409
    return redirect("plans:report", report.pk)


def _report_input(form: ReportForm) -> actions.ReportInput:
    data = form.cleaned_data
    return actions.ReportInput(
        summary=data["summary"],
        problems=data["problems"],
        proposals=data["proposals"],
        links=data["links"],
        figures=form.figures(),
        files=[("", upload) for upload in data["evidence"]],
    )


def edit_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk, write=True)
    activity = report.activity
    targets = _reported_targets(activity)
    initial = {
        "version": report.version,
        "summary": report.summary,
        "problems": report.problems,
        "proposals": report.proposals,
        "links": report.links,
        **{f"figure_{f.target_id}": f.value for f in report.figures.all()},
    }
    form = ReportForm(request.POST or None, request.FILES or None, targets=targets, initial=initial)
    outcome = _save_report(request, form, activity, report.period, report.agency)
    if isinstance(outcome, HttpResponse):
        messages.success(request, _("Your changes were saved and wait for review."))
        return outcome
    context = _report_context(activity, report.period, form, report=report, agency=report.agency)
    return TemplateResponse(request, "plans/report_form.html", context, status=outcome)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    can_review = access.can_review_reports(request.user) and report.status == ReportStatus.SUBMITTED
    can_edit = (
        report.status != ReportStatus.ACCEPTED
        and policy.can(request.user, access.AREA, "write", report.agency)
        and report.period.is_open(timezone.localdate())
    )
    return TemplateResponse(
        request,
        "plans/report_detail.html",
        {
            "page_title": _("Progress report"),
            "page_subtitle": f"{report.activity} · {report.period.label} · {report.agency}",
            "header_icon": "doc-full",
            "report": report,
            "figures": report.figures.select_related("target"),
            "events": report.events.select_related("actor"),
            "review_form": ReviewForm(initial={"version": report.version}) if can_review else None,
            "can_edit": can_edit,
        },
    )


@require_POST
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    if not access.can_review_reports(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept the report or to send it back."))
        return redirect("plans:report", report.pk)
    try:
        actions.do_review_report(
            report,
            accept=form.cleaned_data["decision"] == "accept",
            comment=form.cleaned_data["comment"],
            acting_user=request.user,
            base_version=form.cleaned_data["version"],
        )
    except (ValidationError, actions.ReportConflict) as exc:
        text = _refusal(exc) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
        return redirect("plans:report", report.pk)
    messages.success(request, _("Your review was recorded."))
    return redirect(reverse("plans:reports") + "?status=submitted")


def report_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    reports = access.reports_for_user(request.user).order_by("-submitted_at")
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    return TemplateResponse(
        request,
        "plans/report_list.html",
        {
            "page_title": _("Progress reports"),
            "header_icon": "doc-full",
            "reports": reports[:300],
            "status": status,
            "statuses": ReportStatus.choices,
        },
    )


def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence, pk=pk)
    access.get_report_for_user(request.user, evidence.report_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = (evidence.file.name or "").rsplit("/", 1)[-1].split("-", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


def _timeline_months(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


def timeline(request: HttpRequest) -> HttpResponse:
    """A Gantt-like chart: one bar per activity across the plan's year, today marked."""
    _require_reader(request)
    plan, plan_form = _chosen_plan(request)
    rows: list[dict[str, Any]] = []
    today = timezone.localdate()
    context: dict[str, Any] = {
        "page_title": _("Timeline"),
        "header_icon": "calendar",
        "plan": plan,
        "plan_form": plan_form,
    }
    if plan is not None:
        first, last = date(plan.year, 1, 1), date(plan.year, 12, 31)
        span = (last - first).days + 1
        activities = access.activities_for_user(request.user).filter(programme__plan=plan)
        for row in reporting.activity_rows(activities, today):
            start = max(row.activity.start, first)
            end = min(row.activity.deadline, last)
            rows.append(
                {
                    "row": row,
                    "left": round(100 * (start - first).days / span, 2),
                    "width": max(0.6, round(100 * ((end - start).days + 1) / span, 2)),
                }
            )
        context.update(
            rows=rows,
            statuses=Status.choices,
            months=_timeline_months(plan.year),
            today_left=round(100 * (today - first).days / span, 2)
            if first <= today <= last
            else None,
        )
    return TemplateResponse(request, "plans/timeline.html", context)


def matrix(request: HttpRequest) -> HttpResponse:
    """Agencies by activities: who leads (L) and who cooperates (C)."""
    _require_reader(request)
    plan, plan_form = _chosen_plan(request)
    context: dict[str, Any] = {
        "page_title": _("Who does what"),
        "header_icon": "table",
        "plan": plan,
        "plan_form": plan_form,
    }
    if plan is not None:
        activities = list(
            access.activities_for_user(request.user)
            .filter(programme__plan=plan)
            .select_related("lead_agency", "programme")
            .prefetch_related("cooperating_agencies")
        )
        activities.sort(
            key=lambda a: (a.programme.position, reporting.natural_key(a.code), a.title)
        )
        agencies: dict[int, Any] = {}
        for activity in activities:
            agencies.setdefault(activity.lead_agency_id, activity.lead_agency)
            for agency in activity.cooperating_agencies.all():
                agencies.setdefault(agency.pk, agency)
        columns = sorted(agencies.values(), key=lambda a: (a.kind != "lead", a.code))
        lines = []
        for activity in activities:
            cooperating = {a.pk for a in activity.cooperating_agencies.all()}
            cells = [
                "lead" if a.pk == activity.lead_agency_id else "coop" if a.pk in cooperating else ""
                for a in columns
            ]
            lines.append((activity, cells))
        context.update(columns=columns, lines=lines)
    return TemplateResponse(request, "plans/matrix.html", context)


def calendar_feeds(request: HttpRequest) -> HttpResponse:
    writable = access.writable_agencies_for_user(request.user)
    if not writable.exists():
        raise PermissionDenied
    # Only agencies with work in a plan have deadlines worth a calendar.
    with_work = set(Activity.objects.values_list("lead_agency_id", flat=True))
    with_work |= set(
        Activity.cooperating_agencies.through.objects.values_list("agency_id", flat=True)
    )
    agencies = writable.filter(pk__in=with_work).order_by("name")
    feeds = {
        feed.agency_id: feed
        for feed in CalendarFeed.objects.filter(agency__in=agencies, revoked_at__isnull=True)
    }
    rows = [
        (
            agency,
            feeds.get(agency.pk),
            request.build_absolute_uri(reverse("plans_public:ical", args=[feeds[agency.pk].token]))
            if agency.pk in feeds
            else "",
        )
        for agency in agencies[:200]
    ]
    return TemplateResponse(
        request,
        "plans/calendar_feeds.html",
        {"page_title": _("Deadline calendars"), "header_icon": "calendar", "rows": rows},
    )


@require_POST
def calendar_feed_create(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = access.writable_agencies_for_user(request.user).filter(pk=agency_pk).first()
    if agency is None:
        raise Http404
    actions.do_create_calendar_feed(agency, acting_user=request.user)
    messages.success(request, _("A new calendar address was made; any older one stopped working."))
    return redirect("plans:calendars")


@require_POST
def calendar_feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    feed = CalendarFeed.objects.filter(
        pk=pk, agency__in=access.writable_agencies_for_user(request.user)
    ).first()
    if feed is None:
        raise Http404
    actions.do_revoke_calendar_feed(feed, acting_user=request.user)
    messages.success(request, _("The calendar address no longer works."))
    return redirect("plans:calendars")


def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The public, secret-address calendar of one agency's report deadlines and activity ends."""
    from beacon.plans.ical import agency_calendar

    if "\x00" in token:  # no token has one, and PostgreSQL refuses to compare with it
        raise Http404
    feed = (
        CalendarFeed.objects.select_related("agency")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if feed is None:
        raise Http404
    body = agency_calendar(feed.agency, since=timezone.localdate() - timedelta(days=400))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
