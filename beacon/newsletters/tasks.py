"""Background jobs: confirmation mails, due digests in batches, purging unconfirmed addresses.

A digest is mailed by a chain of small jobs: each mails one batch and enqueues the next while
addresses are ready; addresses waiting for a retry are picked up again by the periodic job.
"""

from __future__ import annotations

import smtplib

from celery import shared_task

from beacon.newsletters import actions, mailing
from beacon.newsletters.models import Subscription, SubscriptionStatus


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=110,
    time_limit=120,
)
def send_confirmation(subscription_id: int) -> bool:
    subscription = (
        Subscription.objects.select_related("newsletter").filter(pk=subscription_id).first()
    )
    if subscription is None or subscription.status == SubscriptionStatus.CONFIRMED:
        return False
    mailing.send_confirmation_mail(subscription)
    return True


@shared_task(soft_time_limit=280, time_limit=300, max_retries=0)
def send_digest(digest_id: int) -> int:
    """Start the digest if due, mail one batch, and enqueue the next batch if one is ready."""
    mailing.start_digest(digest_id)
    ready = mailing.send_batch(digest_id)
    if ready:
        send_digest.delay(digest_id)
    return ready


@shared_task(soft_time_limit=50, time_limit=60, max_retries=0)
def send_due_digests() -> int:
    due = mailing.due_digests()
    for digest_id in due:
        send_digest.delay(digest_id)
    return len(due)


@shared_task(soft_time_limit=280, time_limit=300, max_retries=0)
def purge_unconfirmed() -> int:
    return actions.do_purge_unconfirmed()
