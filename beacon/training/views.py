"""Training screens. Each view fetches through ``access``, validates, calls one action, renders.

The admin views live under /admin/training/ (Wagtail wraps them in its login check); the
certificate verification page and the calendar feed are public and set no cookies.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from beacon.core import policy
from beacon.training import access, actions
from beacon.training.certificates import render_certificate_pdf, verification_url
from beacon.training.coverage import EXPIRING_DAYS, coverage_rows
from beacon.training.feed import feed_for_token, feed_token
from beacon.training.figures import with_units
from beacon.training.forms import AttendanceForm, NominateForm, ResultForm, RevokeForm
from beacon.training.models import Attendance, Certificate, Session, Status

DEFAULT_MONTHS = 24


def _nominable(request: HttpRequest, session: Session) -> Any:
    """Officers the user may put forward for this session: theirs, active, in the targets."""
    officers = access.nominable_officers_for_user(request.user).active()
    taken = session.enrolments.exclude(status=Status.WITHDRAWN).values("officer_id")
    officers = officers.exclude(pk__in=taken)
    targets = set(session.target_agencies.values_list("pk", flat=True))
    if targets:
        officers = officers.filter(agency_id__in=with_units(targets))
    return officers.order_by("agency__name", "full_name")


def _roster(
    request: HttpRequest, session: Session, *, error: str = "", status: int = 200
) -> TemplateResponse:
    user = request.user
    enrolments = list(
        access.enrolments_for_user(user)
        .filter(session=session)
        .select_related("certificate")
        .order_by("nominated_at", "pk")
    )
    waiting_order = list(session.enrolments.waiting_in_order().values_list("pk", flat=True))
    marks = {
        (row.enrolment_id, row.day): row.present
        for row in Attendance.objects.filter(enrolment__in=enrolments)
    }
    days = session.days()
    enrolled = [e for e in enrolments if e.status == Status.ENROLLED]
    for enrolment in enrolled:
        enrolment.marks = [marks.get((enrolment.pk, day)) for day in days]  # type: ignore[attr-defined]
    waiting = sorted(
        (e for e in enrolments if e.status == Status.WAITLISTED),
        key=lambda e: waiting_order.index(e.pk),
    )
    for enrolment in waiting:
        enrolment.position = waiting_order.index(enrolment.pk) + 1  # type: ignore[attr-defined]
    can_nominate = access.may_nominate(user)
    return TemplateResponse(
        request,
        "training/roster.html",
        {
            "session": session,
            "course": session.course,
            "days": days,
            "enrolled": enrolled,
            "waiting": waiting,
            "withdrawn": [e for e in enrolments if e.status == Status.WITHDRAWN],
            "seats_taken": session.seats_taken(),
            "waiting_count": len(waiting_order),
            "targets": list(session.target_agencies.all()),
            "trainers": list(session.trainers.all()),
            "can_nominate": can_nominate,
            "can_record": policy.can(user, access.RECORDS, "write"),
            "can_edit": policy.can(user, access.CATALOGUE, "write"),
            "nominate_form": NominateForm(officers=_nominable(request, session))
            if can_nominate
            else None,
            "feed_url": request.build_absolute_uri(
                reverse("training_calendar", args=[feed_token(user)])
            ),
            "error": error,
            "page_title": str(session),
            "header_icon": "calendar",
        },
        status=status,
    )


def session_roster(request: HttpRequest, pk: int) -> TemplateResponse:
    return _roster(request, access.get_session_for_user(request.user, pk))


def _refused(request: HttpRequest, session: Session, exc: ValidationError) -> TemplateResponse:
    return _roster(request, session, error=" ".join(exc.messages), status=400)


@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponseBase:
    session = access.get_session_for_user(request.user, pk)
    officers = access.nominable_officers_for_user(request.user)
    form = NominateForm(request.POST, officers=officers)
    if not form.is_valid():
        raw = request.POST.get("officer", "")
        if raw.isdigit() and access.officers_for_user(request.user).filter(pk=int(raw)).exists():
            raise PermissionDenied
        return _roster(
            request, session, error=_("Choose one of your agency's officers."), status=400
        )
    try:
        enrolment = actions.do_nominate_officer(
            session, form.cleaned_data["officer"], acting_user=request.user
        )
    except ValidationError as exc:
        return _refused(request, session, exc)
    if enrolment.status == Status.ENROLLED:
        messages.success(request, _("%(name)s is enrolled.") % {"name": enrolment.officer})
    else:
        messages.warning(
            request,
            _("The session is full: %(name)s is on the waiting list.")
            % {"name": enrolment.officer},
        )
    return redirect("training_session_roster", session.pk)


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponseBase:
    enrolment = access.get_enrolment_for_user(request.user, pk)
    try:
        actions.do_withdraw_enrolment(enrolment, acting_user=request.user)
    except ValidationError as exc:
        return _refused(request, enrolment.session, exc)
    messages.success(request, _("%(name)s is withdrawn.") % {"name": enrolment.officer})
    return redirect("training_session_roster", enrolment.session_id)


@require_POST
def record_attendance(request: HttpRequest, pk: int) -> HttpResponseBase:
    session = access.get_session_for_user(request.user, pk)
    if not policy.can(request.user, access.RECORDS, "write"):
        raise PermissionDenied
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        return _roster(
            request, session, error=_("Give a day and the officers present."), status=400
        )
    try:
        actions.do_record_attendance(
            session,
            form.cleaned_data["day"],
            form.cleaned_data["present"],
            acting_user=request.user,
        )
    except ValidationError as exc:
        return _refused(request, session, exc)
    messages.success(
        request,
        _("Attendance for %(day)s recorded.")
        % {"day": form.cleaned_data["day"].strftime("%d/%m/%Y")},
    )
    return redirect("training_session_roster", session.pk)


@require_POST
def record_result(request: HttpRequest, pk: int) -> HttpResponseBase:
    enrolment = access.get_enrolment_for_user(request.user, pk, area=access.RECORDS, write=True)
    form = ResultForm(request.POST)
    if not form.is_valid():
        return _roster(
            request, enrolment.session, error=_("Give a score from 0 to 100."), status=400
        )
    try:
        actions.do_record_result(enrolment, form.cleaned_data["score"], acting_user=request.user)
    except ValidationError as exc:
        return _refused(request, enrolment.session, exc)
    return redirect("training_session_roster", enrolment.session_id)


@require_POST
def issue_certificate(request: HttpRequest, pk: int) -> HttpResponseBase:
    enrolment = access.get_enrolment_for_user(request.user, pk, area=access.RECORDS, write=True)
    try:
        certificate = actions.do_issue_certificate(enrolment, acting_user=request.user)
    except ValidationError as exc:
        return _refused(request, enrolment.session, exc)
    messages.success(request, _("Certificate %(number)s issued.") % {"number": certificate.number})
    return redirect("training_session_roster", enrolment.session_id)


@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = access.get_certificate_for_user(request.user, pk)
    response = HttpResponse(render_certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.number}.pdf"'
    return response


def revoke_certificate(request: HttpRequest, pk: int) -> HttpResponseBase:
    certificate = access.get_certificate_for_user(request.user, pk, write=True)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_revoke_certificate(
                certificate, form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Certificate %(number)s revoked.") % {"number": certificate.number}
            )
            return redirect("training_session_roster", certificate.enrolment.session_id)
    return TemplateResponse(
        request,
        "training/revoke.html",
        {
            "certificate": certificate,
            "form": form,
            "verify_url": verification_url(certificate),
            "page_title": _("Revoke certificate %(number)s") % {"number": certificate.number},
            "header_icon": "warning",
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def officer_record(request: HttpRequest, pk: int) -> TemplateResponse:
    """One officer: who they are, the sessions they were put forward for, and what came of it."""
    officer = access.get_officer_for_user(request.user, pk)
    enrolments = list(
        officer.enrolments.select_related("session__course", "certificate").order_by(
            "-session__starts_on"
        )
    )
    today = timezone.localdate()
    for enrolment in enrolments:
        certificate = getattr(enrolment, "certificate", None)
        enrolment.validity = certificate.validity(today) if certificate else None  # type: ignore[attr-defined]
    return TemplateResponse(
        request,
        "training/officer.html",
        {
            "officer": officer,
            "enrolments": enrolments,
            "competencies": list(officer.competencies.all()),
            "can_edit": policy.can(request.user, access.PEOPLE, "write", officer.agency),
            "page_title": officer.full_name,
            "header_icon": "user",
        },
    )


@require_GET
def coverage(request: HttpRequest) -> TemplateResponse:
    """Per agency: officers, trained in the last N months, certificates expiring soon."""
    ids = policy.agency_ids_for(request.user, access.PEOPLE, "read")
    if ids is not policy.ALL_AGENCIES and not ids:
        raise PermissionDenied
    try:
        months = min(max(int(request.GET.get("months", DEFAULT_MONTHS)), 1), 120)
    except ValueError:
        months = DEFAULT_MONTHS
    rows = coverage_rows(ids, today=timezone.localdate(), months=months)
    only_gaps = request.GET.get("gaps") == "1"
    shown = [row for row in rows if row.nobody_trained] if only_gaps else rows
    return TemplateResponse(
        request,
        "training/coverage.html",
        {
            "rows": shown,
            "months": months,
            "only_gaps": only_gaps,
            "month_choices": (6, 12, 24, 36),
            "expiring_days": EXPIRING_DAYS,
            "totals": {
                "agencies": len(rows),
                "gaps": sum(1 for row in rows if row.nobody_trained),
                "officers": sum(row.officers for row in rows),
                "trained": sum(row.trained for row in rows),
                "expiring": sum(row.expiring for row in rows),
            },
            "page_title": _("Training coverage"),
            "header_icon": "group",
        },
    )


@never_cache
@require_GET
def verify(request: HttpRequest, code: str) -> TemplateResponse:
    """The public check behind the certificate's QR code: name, course, dates, validity only."""
    # No code holds a NUL, and PostgreSQL refuses to compare text with one: an unknown code.
    certificates = Certificate.objects.select_related("enrolment__session")
    certificate = None if "\x00" in code else certificates.filter(code=code).first()
    validity = certificate.validity(timezone.localdate()) if certificate else None
    response = TemplateResponse(
        request,
        "training/verify.html",
        {"certificate": certificate, "validity": validity},
        status=200 if certificate else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    body = feed_for_token(token, request.build_absolute_uri("/"))
    if body is None:
        return HttpResponse(status=404)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
