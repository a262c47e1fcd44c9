"""Private links: ``<id>-<HMAC of the row's secret>``, keyed with the installation's secret.

As in the newsletters app, a leaked database yields no working link and a new secret key voids
them all. A confirmation link also carries the time it was issued and expires; the links to
cancel a registration, to see a press request's status, or to show a ticket do not.
"""

from __future__ import annotations

import time
from typing import TypeVar

from django.conf import settings
from django.core import signing
from django.db.models import Model
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

M = TypeVar("M", bound=Model)


def _digest(purpose: str, row: Model, extra: str = "") -> str:
    value = f"{row.pk}:{row.secret}:{extra}"  # type: ignore[attr-defined]
    return salted_hmac(f"beacon.outreach.{purpose}", value, algorithm="sha256").hexdigest()[:40]


def make(purpose: str, row: Model) -> str:
    return f"{row.pk}-{_digest(purpose, row)}"


def make_expiring(purpose: str, row: Model, *, now: float | None = None) -> str:
    issued = int_to_base36(int(now if now is not None else time.time()))
    return f"{row.pk}-{issued}-{_digest(purpose, row, issued)}"


def _row(model: type[M], pk: str) -> M | None:
    if not pk.isdigit():
        return None
    return model._default_manager.filter(pk=int(pk)).first()


def check(purpose: str, model: type[M], token: str) -> M | None:
    pk, _sep, digest = token.partition("-")
    row = _row(model, pk)
    if row is None or not constant_time_compare(digest, _digest(purpose, row)):
        return None
    return row


def check_expiring(purpose: str, model: type[M], token: str) -> M | None:
    """The row, if the token is genuine and younger than the confirmation window."""
    parts = token.split("-")
    if len(parts) != 3:
        return None
    pk, issued, digest = parts
    row = _row(model, pk)
    if row is None or not constant_time_compare(digest, _digest(purpose, row, issued)):
        return None
    try:
        age = time.time() - base36_to_int(issued)
    except ValueError:
        return None
    if age > settings.BEACON_NEWSLETTER_CONFIRM_HOURS * 3600:
        return None
    return row


def form_token(*, now: float | None = None) -> str:
    """A public form's token, instead of a CSRF cookie (the portal sets none)."""
    return signing.dumps(int(now if now is not None else time.time()), salt="beacon.outreach.form")


def check_form_token(token: str) -> bool:
    """A genuine token, at least a few seconds (a person's pace) and at most three hours old."""
    try:
        issued = int(signing.loads(token, salt="beacon.outreach.form"))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    age = time.time() - issued
    return settings.BEACON_NEWSLETTER_FORM_MIN_SECONDS <= age <= 3 * 3600
