"""Background jobs: outreach mails, event reminders, and erasing contacts past retention."""

from __future__ import annotations

import smtplib

from celery import shared_task

from beacon.outreach import actions, mailing


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=110,
    time_limit=120,
)
def send_mail(kind: str, pk: int) -> None:
    mailing.KINDS[kind](kind, pk)


@shared_task(soft_time_limit=50, time_limit=60, max_retries=0)
def send_reminders() -> int:
    """Remind registrants the day before (each once: the mail records ``reminded_at``)."""
    due = actions.due_reminders()
    for pk in due:
        send_mail.delay("registration_reminder", pk)
    return len(due)


@shared_task(soft_time_limit=110, time_limit=120, max_retries=0)
def erase_expired_contacts() -> int:
    return actions.do_erase_expired_contacts()
