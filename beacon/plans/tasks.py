"""Background jobs of the plans app: reminders before and after reporting deadlines.

The daily scan (``send_plan_reminders``, on the beat schedule) finds who owes which report and
queues one ``send_reminder`` per agency and period; each of those sends at most once, because a
``Reminder`` row is written in the same transaction as the decision to send.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beacon.core.roles import Role
from beacon.plans.models import (
    Activity,
    PlanStatus,
    ProgressReport,
    Reminder,
    ReminderKind,
    ReportingPeriod,
    report_close_days,
    report_due_days,
)

log = logging.getLogger(__name__)


def reminder_lead_days() -> int:
    return int(getattr(settings, "BEACON_PLANS_REMINDER_DAYS", 7))


def _recipients(agency_id: int) -> list[str]:
    """The e-mail addresses of the agency's officers who can act on the reminder."""
    return sorted(
        set(
            get_user_model()
            ._default_manager.filter(
                is_active=True,
                memberships__agency_id=agency_id,
                memberships__role=Role.OFFICER,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


@shared_task(time_limit=120, soft_time_limit=110, max_retries=0)
def send_plan_reminders() -> int:
    """Queue a reminder for each report due within the lead time, or past due and still open."""
    today = timezone.localdate()
    due_from = today - timedelta(days=report_due_days())
    soon = due_from + timedelta(days=reminder_lead_days())
    oldest = due_from - timedelta(days=report_close_days())
    periods = list(
        ReportingPeriod.objects.filter(end__gte=oldest, end__lte=soon)
        .filter(activity__in=Activity.objects.not_done(today))
        .exclude(activity__programme__plan__status=PlanStatus.CLOSED)
        .select_related("activity")
        .prefetch_related("activity__cooperating_agencies")
    )
    filed: defaultdict[int, set[int]] = defaultdict(set)
    for period_id, agency_id in ProgressReport.objects.filter(period__in=periods).values_list(
        "period_id", "agency_id"
    ):
        filed[period_id].add(agency_id)
    sent: defaultdict[tuple[int, str], set[int]] = defaultdict(set)
    for period_id, kind, agency_id in Reminder.objects.filter(period__in=periods).values_list(
        "period_id", "kind", "agency_id"
    ):
        sent[(period_id, kind)].add(agency_id)
    queued = 0
    for period in periods:
        kind = ReminderKind.MISSING if period.end < due_from else ReminderKind.UPCOMING
        owing = period.activity.agency_ids() - filed[period.pk] - sent[(period.pk, kind)]
        for agency_id in sorted(owing):
            send_reminder.delay(period.pk, agency_id, kind)
            queued += 1
    return queued


@shared_task(
    time_limit=60,
    soft_time_limit=50,
    autoretry_for=(OSError,),
    max_retries=3,
    retry_backoff=60,
)
def send_reminder(period_id: int, agency_id: int, kind: str) -> int:
    """E-mail one agency's officers about one report; returns how many were written to."""
    period = ReportingPeriod.objects.select_related("activity").filter(pk=period_id).first()
    if period is None or ProgressReport.objects.filter(period=period, agency_id=agency_id).exists():
        return 0
    recipients = _recipients(agency_id)
    try:
        with transaction.atomic():
            Reminder.objects.create(
                period=period, agency_id=agency_id, kind=kind, recipients=len(recipients)
            )
            if recipients:
                _send(period, kind, recipients)
    except IntegrityError:
        log.info("reminder %s for period %s, agency %s already sent", kind, period_id, agency_id)
        return 0
    return len(recipients)


def _send(period: ReportingPeriod, kind: str, recipients: list[str]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "period": period,
            "activity": period.activity,
            "missing": kind == ReminderKind.MISSING,
            "url": settings.BASE_URL + reverse("plans:activity", args=[period.activity_id]),
        }
        subject = (
            _("Report missing: %(activity)s, %(period)s")
            if kind == ReminderKind.MISSING
            else _("Report due soon: %(activity)s, %(period)s")
        ) % {"activity": period.activity, "period": period.label}
        body = render_to_string("plans/email/reminder.txt", context)
    send_mail(subject, body, None, recipients)


@shared_task(
    time_limit=60, soft_time_limit=50, autoretry_for=(OSError,), max_retries=3, retry_backoff=60
)
def send_report_returned(report_id: int) -> int:
    """Tell the reporting agency's officers that their report was sent back, and why."""
    report = (
        ProgressReport.objects.select_related("activity", "period", "agency")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return 0
    recipients = _recipients(report.agency_id)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        event = report.events.filter(kind="returned").last()
        body = render_to_string(
            "plans/email/returned.txt",
            {
                "report": report,
                "comment": event.comment if event else "",
                "url": settings.BASE_URL + reverse("plans:report", args=[report.pk]),
            },
        )
        subject = _("Report sent back: %(activity)s, %(period)s") % {
            "activity": report.activity,
            "period": report.period.label,
        }
    send_mail(subject, body, None, recipients)
    return len(recipients)
