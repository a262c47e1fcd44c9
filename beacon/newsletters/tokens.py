"""Links in mails: keyed hashes of a subscription's secret, and the subscribe form's token.

A link token is ``<subscription id>-<HMAC>``; the HMAC covers the row's secret (and, for a
confirmation, the time it was issued), keyed with the installation's secret key, so a leaked
database does not yield working links and a new secret voids the old ones. Unsubscribe links
never expire (old mails must keep working); confirmation links do.

The subscribe form posts without a cookie (the portal sets none), so instead of Django's CSRF
cookie it carries a signed, time-limited token: a form older than its lifetime, or submitted
faster than a person could, is refused.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

from beacon.newsletters.models import Subscription

_CONFIRM = "beacon.newsletters.confirm"
_UNSUBSCRIBE = "beacon.newsletters.unsubscribe"
_FORM = "beacon.newsletters.form"


def _digest(purpose: str, subscription: Subscription, extra: str = "") -> str:
    value = f"{subscription.pk}:{subscription.secret}:{extra}"
    return salted_hmac(purpose, value, algorithm="sha256").hexdigest()[:40]


def unsubscribe_token(subscription: Subscription) -> str:
    return f"{subscription.pk}-{_digest(_UNSUBSCRIBE, subscription)}"


def confirm_token(subscription: Subscription, *, now: float | None = None) -> str:
    issued = int_to_base36(int(now if now is not None else time.time()))
    return f"{subscription.pk}-{issued}-{_digest(_CONFIRM, subscription, issued)}"


def _subscription(pk: str) -> Subscription | None:
    if not pk.isdigit():
        return None
    return Subscription.objects.select_related("newsletter").filter(pk=int(pk)).first()


def check_unsubscribe_token(token: str) -> Subscription | None:
    pk, _sep, digest = token.partition("-")
    subscription = _subscription(pk)
    if subscription is None or not constant_time_compare(
        digest, _digest(_UNSUBSCRIBE, subscription)
    ):
        return None
    return subscription


def check_confirm_token(token: str) -> Subscription | None:
    """The subscription, if the token is genuine and younger than the confirmation window."""
    parts = token.split("-")
    if len(parts) != 3:
        return None
    pk, issued, digest = parts
    subscription = _subscription(pk)
    if subscription is None or not constant_time_compare(
        digest, _digest(_CONFIRM, subscription, issued)
    ):
        return None
    try:
        age = time.time() - base36_to_int(issued)
    except ValueError:
        return None
    if age > settings.BEACON_NEWSLETTER_CONFIRM_HOURS * 3600:
        return None
    left, asked = subscription.unsubscribed_at, subscription.confirmation_sent_at
    if left is not None and (asked is None or left > asked):
        return None  # an unsubscription outlives the links mailed before it
    return subscription


def form_token(*, now: float | None = None) -> str:
    return signing.dumps(int(now if now is not None else time.time()), salt=_FORM)


def check_form_token(token: str, *, now: float | None = None) -> bool:
    """A genuine token, at least a few seconds and at most a few hours old."""
    try:
        issued = int(signing.loads(token, salt=_FORM))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    age = (now if now is not None else time.time()) - issued
    return settings.BEACON_NEWSLETTER_FORM_MIN_SECONDS <= age <= 3 * 3600
