"""Background jobs of the training app: seat notices and reminders by e-mail.

The daily job only decides what is due and enqueues one small job per e-mail; each of those
writes a ReminderLog row before sending, so a rerun (or a second scheduler) never sends twice.
"""

from __future__ import annotations

import datetime
import smtplib
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beacon.training.models import Certificate, Enrolment, ReminderLog, Status

# Days before a session starts, and before a certificate expires, when a reminder goes out.
SESSION_REMINDER_DAYS = (7, 1)
EXPIRY_REMINDER_DAYS = (60, 14)

_MAIL_ERRORS = (smtplib.SMTPException, OSError)


def _send_once(key: str, recipient: str, subject: str, body: str) -> bool:
    """Send one e-mail unless a reminder with this key was sent already."""
    if not recipient:
        return False
    with transaction.atomic():
        try:
            ReminderLog.objects.create(key=key)
        except IntegrityError:
            return False
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    return True


def _session_text(enrolment: Enrolment) -> str:
    session = enrolment.session
    return _("%(course)s, %(start)s to %(end)s, %(place)s") % {
        "course": session.course.title,
        "start": session.starts_on.strftime("%d/%m/%Y"),
        "end": session.ends_on.strftime("%d/%m/%Y"),
        "place": session.place or session.online_url,
    }


@shared_task(
    time_limit=60, soft_time_limit=50, autoretry_for=_MAIL_ERRORS, max_retries=3, retry_backoff=True
)
def send_seat_notice(enrolment_id: int) -> bool:
    """Tell an officer promoted from the waiting list that a seat is theirs."""
    enrolment = (
        Enrolment.objects.select_related("officer", "session__course")
        .filter(pk=enrolment_id, status=Status.ENROLLED)
        .first()
    )
    if enrolment is None:
        return False
    return _send_once(
        f"seat:{enrolment.pk}:{enrolment.nominated_at:%Y%m%d%H%M%S}",
        enrolment.officer.email,
        _("A seat is yours: %(course)s") % {"course": enrolment.session.course.title},
        _("A seat freed up and you are now enrolled in: %(session)s.")
        % {"session": _session_text(enrolment)},
    )


@shared_task(
    time_limit=60, soft_time_limit=50, autoretry_for=_MAIL_ERRORS, max_retries=3, retry_backoff=True
)
def send_cancellation_notice(enrolment_id: int) -> bool:
    """Tell a nominated officer (enrolled or waiting) that the session will not take place."""
    enrolment = (
        Enrolment.objects.select_related("officer", "session__course")
        .filter(pk=enrolment_id, session__is_cancelled=True)
        .exclude(status=Status.WITHDRAWN)
        .first()
    )
    if enrolment is None:
        return False
    return _send_once(
        f"cancelled:{enrolment.pk}",
        enrolment.officer.email,
        _("Cancelled: %(course)s") % {"course": enrolment.session.course.title},
        _("This training session is cancelled: %(session)s.")
        % {"session": _session_text(enrolment)},
    )


def _session_key(enrolment_id: int, starts_on: datetime.date, threshold: int) -> str:
    return f"session:{enrolment_id}:{starts_on}:{threshold}"


def _expiry_key(certificate_id: int, threshold: int) -> str:
    return f"expiry:{certificate_id}:{threshold}"


@shared_task(
    time_limit=60, soft_time_limit=50, autoretry_for=_MAIL_ERRORS, max_retries=3, retry_backoff=True
)
def send_session_reminder(enrolment_id: int, threshold: int) -> bool:
    """Remind an enrolled officer of a session starting within ``threshold`` days."""
    enrolment = (
        Enrolment.objects.select_related("officer", "session__course")
        .filter(pk=enrolment_id, status=Status.ENROLLED, session__is_cancelled=False)
        .first()
    )
    if enrolment is None:
        return False
    session = enrolment.session
    days = (session.starts_on - timezone.localdate()).days
    if days < 0:
        return False
    return _send_once(
        _session_key(enrolment.pk, session.starts_on, threshold),
        enrolment.officer.email,
        ngettext("Reminder: training in %(days)d day", "Reminder: training in %(days)d days", days)
        % {"days": days},
        _("You are enrolled in: %(session)s. Daily from %(start)s to %(end)s.")
        % {
            "session": _session_text(enrolment),
            "start": session.day_starts_at.strftime("%H:%M"),
            "end": session.day_ends_at.strftime("%H:%M"),
        },
    )


@shared_task(
    time_limit=60, soft_time_limit=50, autoretry_for=_MAIL_ERRORS, max_retries=3, retry_backoff=True
)
def send_expiry_reminder(certificate_id: int, threshold: int) -> bool:
    """Remind a certificate holder that it expires within ``threshold`` days."""
    certificate = (
        Certificate.objects.not_revoked()
        .select_related("enrolment__officer")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None or certificate.expires_on is None:
        return False
    verify = settings.BASE_URL + reverse("training_verify", args=[certificate.code])
    return _send_once(
        _expiry_key(certificate.pk, threshold),
        certificate.enrolment.officer.email,
        _("Your training certificate expires on %(date)s")
        % {"date": certificate.expires_on.strftime("%d/%m/%Y")},
        _(
            "Your certificate %(number)s for %(course)s expires on %(date)s. "
            "Ask your agency to nominate you for a refresher session. Check it: %(url)s"
        )
        % {
            "number": certificate.number,
            "course": certificate.course_title,
            "date": certificate.expires_on.strftime("%d/%m/%Y"),
            "url": verify,
        },
    )


def _windows(thresholds: tuple[int, ...]) -> list[tuple[int, int, int]]:
    """(first, last, threshold) day ranges: (7, 1) gives 2-7 days ahead for the 7-day reminder
    and 0-1 for the 1-day one, so each reminder is sent once and a late nomination gets only
    the nearest."""
    windows, low = [], 0
    for threshold in sorted(thresholds):
        windows.append((low, threshold, threshold))
        low = threshold + 1
    return windows


@shared_task(time_limit=120, soft_time_limit=110, max_retries=0)
def send_due_reminders() -> int:
    """Daily: enqueue the reminders that are due and not yet sent; returns how many.

    A reminder is due anywhere in its window (not only on its threshold day), so a day the
    scheduler missed is caught up the next day.
    """
    today = timezone.localdate()
    due: list[tuple[str, Any, tuple[int, int]]] = []
    for low, high, threshold in _windows(SESSION_REMINDER_DAYS):
        rows = Enrolment.objects.filter(
            status=Status.ENROLLED,
            session__is_cancelled=False,
            session__starts_on__gte=today + datetime.timedelta(days=low),
            session__starts_on__lte=today + datetime.timedelta(days=high),
        ).exclude(officer__email="")
        for pk, starts_on in rows.values_list("pk", "session__starts_on"):
            key = _session_key(pk, starts_on, threshold)
            due.append((key, send_session_reminder, (pk, threshold)))
    for low, high, threshold in _windows(EXPIRY_REMINDER_DAYS):
        certificates = Certificate.objects.expiring_between(
            today + datetime.timedelta(days=low), today + datetime.timedelta(days=high)
        ).exclude(enrolment__officer__email="")
        for pk in certificates.values_list("pk", flat=True):
            due.append((_expiry_key(pk, threshold), send_expiry_reminder, (pk, threshold)))
    keys = [key for key, _task, _args in due]
    sent = set(ReminderLog.objects.filter(key__in=keys).values_list("key", flat=True))
    queued = 0
    for key, task, args in due:
        if key not in sent:
            task.delay(*args)
            queued += 1
    return queued
