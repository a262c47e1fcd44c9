"""Mailing digests: start a due digest, send it in batches, finish it.

Steps, each safe to repeat after a crash:

1. ``start_digest``: a due digest with items turns ``sending`` and gets one ``DigestSend`` row
   per confirmed subscriber (a due digest without items just moves to the next period).
2. ``send_batch``: claims a batch of queued rows (``sending``, with a lease), mails each one
   through Django's e-mail backend and records the outcome. A temporary failure (the server is
   down or slow, a 4xx) puts the row back with exponential backoff, up to a number of attempts;
   a permanent one (a 5xx for the address) fails the row with its reason and counts a bounce
   against the subscription, which stops being mailed after a few in a row. Rows whose lease
   ran out (the worker died while mailing) are failed, not retried: nobody is mailed twice.
3. ``finish_digest``: once no row is left to try, the digest is ``sent`` and the outbox
   deliveries of its items are acknowledged.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from beacon.newsletters.models import (
    Digest,
    DigestSend,
    DigestStatus,
    SendStatus,
    Subscription,
    SubscriptionStatus,
)
from beacon.newsletters.schedule import next_run
from beacon.newsletters.tokens import unsubscribe_token

logger = logging.getLogger(__name__)


def absolute(path_or_url: str) -> str:
    if path_or_url.startswith(("http://", "https://")) or not path_or_url:
        return path_or_url
    return settings.BASE_URL + path_or_url


def unsubscribe_url(subscription: Subscription) -> str:
    with translation.override(subscription.newsletter.language):
        path = reverse("newsletters_unsubscribe", args=[unsubscribe_token(subscription)])
    return absolute(path)


def list_headers(subscription: Subscription) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: one-click unsubscribe by POST, and a mailbox if set."""
    targets = [f"<{unsubscribe_url(subscription)}>"]
    if settings.BEACON_NEWSLETTER_UNSUBSCRIBE_MAILTO:
        targets.append(
            f"<mailto:{settings.BEACON_NEWSLETTER_UNSUBSCRIBE_MAILTO}?subject=unsubscribe>"
        )
    host = settings.BASE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"<{subscription.newsletter.slug}.newsletters.{host}>",
        "Precedence": "bulk",
    }


def _entries(digest: Digest) -> list[dict[str, Any]]:
    items = []
    for entry in digest.entries:
        item = dict(entry)
        item["url"] = absolute(entry["url"])
        item["image_url"] = absolute(entry.get("image_url") or "")
        published = entry.get("published_at")
        item["published_at"] = datetime.fromisoformat(published) if published else None
        items.append(item)
    return items


def render_digest(digest: Digest, subscription: Subscription | None) -> dict[str, str]:
    """Subject, text and HTML of a digest in the list's language (a preview has no recipient)."""
    newsletter = digest.newsletter
    with (
        translation.override(newsletter.language),
        timezone.override(timezone.localtime(digest.scheduled_for).tzinfo),
    ):
        context = {
            "newsletter": newsletter,
            "digest": digest,
            "entries": _entries(digest),
            "portal_url": absolute(f"/{newsletter.language}/"),
            "unsubscribe_url": unsubscribe_url(subscription) if subscription else "",
        }
        return {
            "subject": render_to_string("newsletters/email/digest_subject.txt", context).strip(),
            "text": render_to_string("newsletters/email/digest.txt", context),
            "html": render_to_string("newsletters/email/digest.html", context),
        }


def digest_mail(
    digest: Digest, subscription: Subscription, connection: BaseEmailBackend
) -> EmailMultiAlternatives:
    parts = render_digest(digest, subscription)
    mail = EmailMultiAlternatives(
        subject=parts["subject"],
        body=parts["text"],
        from_email=digest.newsletter.from_email,
        to=[subscription.email],
        headers=list_headers(subscription),
        connection=connection,
    )
    mail.attach_alternative(parts["html"], "text/html")
    return mail


@transaction.atomic
def start_digest(digest_id: int, *, now: datetime | None = None) -> bool:
    """Turn a due pending digest into a sending one; True if there is something to mail."""
    now = now or timezone.now()
    digest = Digest.objects.select_for_update().select_related("newsletter").get(pk=digest_id)
    if digest.status != DigestStatus.PENDING or digest.scheduled_for > now:
        return False
    if not digest.entries:
        digest.period_start = digest.scheduled_for
        digest.scheduled_for = next_run(digest.newsletter, max(now, digest.scheduled_for))
        digest.save(update_fields=["period_start", "scheduled_for"])
        return False
    digest.status = DigestStatus.SENDING
    digest.save(update_fields=["status"])
    create_sends(digest, now)
    return True


def create_sends(digest: Digest, now: datetime) -> None:
    """One row per reader confirmed when the digest starts; those who come later wait."""
    subscriptions = digest.newsletter.subscriptions.confirmed().values_list("pk", flat=True)
    DigestSend.objects.bulk_create(
        [
            DigestSend(digest=digest, subscription_id=pk, next_attempt_at=now)
            for pk in subscriptions
        ],
        ignore_conflicts=True,
    )


@dataclass(frozen=True)
class Failure:
    reason: str
    permanent: bool
    connection_lost: bool


def classify(exc: Exception) -> Failure:
    """Whether an SMTP error is about this address for good, and whether the link is gone.

    A refused recipient or refused data concern this address (5xx for good, 4xx for now);
    anything else (refused connection, timeout, garbage, a greeting or sender refused) is the
    server's problem: this address and the rest of the batch wait for the next attempt.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
        reason = f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
        return Failure(reason[:300], permanent=code >= 500, connection_lost=False)
    if isinstance(exc, smtplib.SMTPDataError):
        answer = exc.smtp_error
        detail = answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)
        permanent = 500 <= exc.smtp_code < 600
        return Failure(f"{exc.smtp_code} {detail}"[:300], permanent, connection_lost=False)
    return Failure(f"{type(exc).__name__}: {exc}"[:300], permanent=False, connection_lost=True)


def _backoff(attempts: int) -> timedelta:
    seconds = settings.BEACON_NEWSLETTER_RETRY_SECONDS * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, 6 * 3600))


def _retry_later(send: DigestSend, reason: str, now: datetime) -> None:
    if send.attempts >= settings.BEACON_NEWSLETTER_MAX_ATTEMPTS:
        send.status = SendStatus.FAILED
        send.reason = f"gave up after {send.attempts} attempts: {reason}"[:300]
    else:
        send.status = SendStatus.QUEUED
        send.reason = reason
        send.next_attempt_at = now + _backoff(send.attempts)
    send.save(update_fields=["status", "reason", "next_attempt_at"])


def _bounce(subscription: Subscription) -> None:
    subscription.bounces += 1
    if subscription.bounces >= settings.BEACON_NEWSLETTER_BOUNCE_LIMIT:
        subscription.status = SubscriptionStatus.BOUNCING
    subscription.save(update_fields=["bounces", "status"])


def _claim(digest: Digest, now: datetime, limit: int) -> list[DigestSend]:
    lease = now + timedelta(seconds=3 * settings.BEACON_NEWSLETTER_SMTP_TIMEOUT + 60)
    with transaction.atomic():
        DigestSend.objects.filter(
            digest=digest, status=SendStatus.SENDING, next_attempt_at__lt=now
        ).update(
            status=SendStatus.FAILED,
            reason="interrupted while mailing; not retried, so that nobody gets it twice",
        )
        rows = list(
            DigestSend.objects.select_for_update(skip_locked=True)
            .filter(digest=digest, status=SendStatus.QUEUED, next_attempt_at__lte=now)
            .order_by("pk")[:limit]
        )
        for row in rows:
            row.status = SendStatus.SENDING
            row.attempts += 1
            row.next_attempt_at = lease
        DigestSend.objects.bulk_update(rows, ["status", "attempts", "next_attempt_at"])
    return rows


def send_batch(digest_id: int, *, limit: int | None = None) -> int:
    """Mail one batch of the digest; return how many rows are ready to be mailed right now."""
    digest = Digest.objects.select_related("newsletter").get(pk=digest_id)
    if digest.status != DigestStatus.SENDING:
        return 0
    now = timezone.now()
    rows = _claim(digest, now, limit or settings.BEACON_NEWSLETTER_BATCH)
    subscriptions = Subscription.objects.select_related("newsletter").in_bulk(
        [row.subscription_id for row in rows]
    )
    connection = get_connection(timeout=settings.BEACON_NEWSLETTER_SMTP_TIMEOUT)
    try:
        for index, row in enumerate(rows):
            subscription = subscriptions[row.subscription_id]
            if subscription.status != SubscriptionStatus.CONFIRMED:
                row.status = SendStatus.FAILED
                row.reason = f"no longer subscribed ({subscription.status})"
                row.save(update_fields=["status", "reason"])
                continue
            try:
                digest_mail(digest, subscription, connection).send()
            except Exception as exc:
                failure = classify(exc)
                logger.info("digest %s to #%s: %s", digest.pk, subscription.pk, failure.reason)
                if failure.permanent:
                    row.status = SendStatus.FAILED
                    row.reason = failure.reason
                    row.save(update_fields=["status", "reason"])
                    _bounce(subscription)
                    continue
                _retry_later(row, failure.reason, now)
                if failure.connection_lost:  # the server is gone: the rest wait with this one
                    for later in rows[index + 1 :]:
                        _retry_later(later, failure.reason, now)
                    break
                continue
            row.status = SendStatus.SENT
            row.sent_at = timezone.now()
            row.reason = ""
            row.save(update_fields=["status", "sent_at", "reason"])
            if subscription.bounces:
                subscription.bounces = 0
                subscription.save(update_fields=["bounces"])
    finally:
        connection.close()
    finish_digest(digest.pk)
    return DigestSend.objects.filter(
        digest=digest, status=SendStatus.QUEUED, next_attempt_at__lte=timezone.now()
    ).count()


@transaction.atomic
def finish_digest(digest_id: int) -> bool:
    """Mark the digest sent once no row is left to try, and acknowledge its deliveries."""
    digest = Digest.objects.select_for_update().get(pk=digest_id)
    if digest.status != DigestStatus.SENDING:
        return False
    open_rows = digest.sends.filter(status__in=[SendStatus.QUEUED, SendStatus.SENDING])
    if open_rows.exists():
        return False
    digest.status = DigestStatus.SENT
    digest.sent_at = timezone.now()
    digest.recipients = digest.sends.filter(status=SendStatus.SENT).count()
    digest.save(update_fields=["status", "sent_at", "recipients"])
    transaction.on_commit(lambda: acknowledge_deliveries(digest))
    return True


def acknowledge_deliveries(digest: Digest) -> None:
    """Tell the outbox that the deliveries of the digest's items arrived.

    An entry filed without a delivery (the demo, a test) has nothing to acknowledge.
    """
    from beacon.dissemination import outbox
    from beacon.dissemination.models import Delivery

    detail = f"Mailed in the digest of {digest.newsletter.name} to {digest.recipients} readers."
    for entry in digest.entries:
        for key in entry.get("delivery_keys", []):
            try:
                outbox.acknowledge(key, remote_id=f"digest-{digest.pk}", detail=detail)
            except Delivery.DoesNotExist:
                logger.info("digest %s: no delivery %s to acknowledge", digest.pk, key)


def due_digests(now: datetime | None = None) -> list[int]:
    """Pending digests whose time has come, and sending ones with rows ready to retry."""
    now = now or timezone.now()
    due = Digest.objects.filter(
        status=DigestStatus.PENDING, scheduled_for__lte=now, newsletter__is_active=True
    ).values_list("pk", flat=True)
    retry = (
        Digest.objects.filter(status=DigestStatus.SENDING, sends__next_attempt_at__lte=now)
        .filter(sends__status__in=[SendStatus.QUEUED, SendStatus.SENDING])
        .values_list("pk", flat=True)
        .distinct()
    )
    return sorted({*due, *retry})


def mail_due_digests() -> None:
    """Start and mail every due digest to the end, in this process (commands, demo, tests)."""
    for digest_id in due_digests():
        start_digest(digest_id)
        while send_batch(digest_id):
            pass


def send_confirmation_mail(subscription: Subscription) -> None:
    """The double opt-in mail: one link that confirms, in the list's language."""
    from beacon.newsletters.tokens import confirm_token

    newsletter = subscription.newsletter
    with translation.override(newsletter.language):
        path = reverse("newsletters_confirm", args=[confirm_token(subscription)])
        context = {
            "newsletter": newsletter,
            "confirm_url": absolute(path),
            "hours": settings.BEACON_NEWSLETTER_CONFIRM_HOURS,
        }
        subject = render_to_string("newsletters/email/confirm_subject.txt", context).strip()
        body = render_to_string("newsletters/email/confirm.txt", context)
    connection = get_connection(timeout=settings.BEACON_NEWSLETTER_SMTP_TIMEOUT)
    EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=newsletter.from_email,
        to=[subscription.email],
        headers={"Auto-Submitted": "auto-generated"},
        connection=connection,
    ).send()
