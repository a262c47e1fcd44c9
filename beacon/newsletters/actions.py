"""Every write to lists, subscriptions and digests.

Readers' own steps (subscribe, confirm, unsubscribe) are not written to the audit log: it would
copy their addresses into a second place, and the subscription row already says when each step
happened. Staff actions (lists, "send now") are audited like every other change.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from beacon.core import audit
from beacon.core.actions import save_with_audit
from beacon.newsletters import access
from beacon.newsletters.models import (
    Digest,
    DigestStatus,
    NewsletterList,
    Subscription,
    SubscriptionStatus,
    new_secret,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# One confirmation mail per address and list in this window, however often the form is sent:
# the form cannot be used to flood someone's mailbox.
CONFIRMATION_INTERVAL = timedelta(hours=1)


def normalise_email(email: str) -> str:
    """Addresses compare case-insensitively in practice (RFC 5321 allows otherwise; no one does)."""
    return email.strip().lower()


@transaction.atomic
def do_subscribe(newsletter: NewsletterList, email: str) -> bool:
    """Ask the address's owner to confirm (double opt-in); True if a confirmation was mailed.

    The answer to the reader is the same whatever happens here, so the form never tells
    whether an address is on a list. An address that unsubscribed or bounced stays so until
    its owner follows the new confirmation link.
    """
    from beacon.newsletters.tasks import send_confirmation

    now = timezone.now()
    subscription, created = Subscription.objects.select_for_update().get_or_create(
        newsletter=newsletter, email=normalise_email(email)
    )
    if subscription.status == SubscriptionStatus.CONFIRMED:
        return False
    sent = subscription.confirmation_sent_at
    if not created and sent is not None and now - sent < CONFIRMATION_INTERVAL:
        return False
    subscription.secret = new_secret()
    subscription.confirmation_sent_at = now
    subscription.save(update_fields=["secret", "confirmation_sent_at"])
    pk = subscription.pk
    transaction.on_commit(lambda: send_confirmation.delay(pk))
    return True


@transaction.atomic
def do_confirm(subscription: Subscription) -> Subscription:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status != SubscriptionStatus.CONFIRMED:
        subscription.status = SubscriptionStatus.CONFIRMED
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.bounces = 0
        subscription.save()
    return subscription


@transaction.atomic
def do_unsubscribe(subscription: Subscription) -> Subscription:
    """Stop mailing the address at once, including a digest being sent right now."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status != SubscriptionStatus.UNSUBSCRIBED:
        subscription.status = SubscriptionStatus.UNSUBSCRIBED
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["status", "unsubscribed_at"])
    return subscription


@transaction.atomic
def do_purge_unconfirmed(*, dry_run: bool = False) -> int:
    """Delete subscriptions never confirmed within the confirmation window."""
    cutoff = timezone.now() - timedelta(hours=settings.BEACON_NEWSLETTER_CONFIRM_HOURS)
    expired = Subscription.objects.filter(
        status=SubscriptionStatus.PENDING, confirmation_sent_at__lt=cutoff
    )
    count = expired.count()
    if not dry_run:
        expired.delete()
    return count


@transaction.atomic
def do_save_list(
    newsletter: NewsletterList, *, acting_user: User | AnonymousUser | None
) -> NewsletterList:
    if acting_user is not None and not access.can_manage(acting_user, newsletter.agency):
        raise PermissionDenied
    verb = "update" if newsletter.pk else "create"
    save_with_audit(newsletter, acting_user=acting_user, verb=verb, agency=newsletter.agency)
    return newsletter


@transaction.atomic
def do_send_now(digest: Digest, *, acting_user: User | AnonymousUser | None) -> Digest:
    """Close the collecting digest now and mail it (new items go to the next one)."""
    from beacon.newsletters.tasks import send_digest

    digest = Digest.objects.select_for_update().select_related("newsletter").get(pk=digest.pk)
    if acting_user is not None and not access.can_manage(acting_user, digest.newsletter.agency):
        raise PermissionDenied
    if digest.status != DigestStatus.PENDING or not digest.entries:
        return digest
    digest.scheduled_for = timezone.now()
    digest.save(update_fields=["scheduled_for"])
    audit.record(
        actor=acting_user,
        action="digest.send_now",
        instance=digest,
        changes={},
        agency=digest.newsletter.agency,
    )
    pk = digest.pk
    transaction.on_commit(lambda: send_digest.delay(pk))
    return digest
