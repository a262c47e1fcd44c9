"""Writes to channels and feed tokens, each in one transaction with its audit row."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from beacon.core import audit
from beacon.core.actions import save_with_audit
from beacon.dissemination import access
from beacon.dissemination.models import Channel, FeedToken

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def _check(user: User | AnonymousUser | None) -> None:
    if user is not None and not access.can_manage_channels(user):
        raise PermissionDenied


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_save_channel(channel: Channel, *, acting_user: User | AnonymousUser | None) -> Channel:
    _check(acting_user)
    verb = "update" if channel.pk else "create"
    save_with_audit(channel, acting_user=acting_user, verb=verb, agency=None)
    return channel


@transaction.atomic
def do_issue_feed_token(
    channel: Channel, label: str, *, acting_user: User | AnonymousUser | None
) -> str:
    """Create a partner's token and return it; it is shown once, only its hash is kept."""
    _check(acting_user)
    token = secrets.token_urlsafe(32)
    row = FeedToken.objects.create(channel=channel, label=label, token_hash=hash_token(token))
    audit.record(actor=acting_user, action="feedtoken.create", instance=row)
    return token


@transaction.atomic
def do_revoke_feed_token(token: FeedToken, *, acting_user: User | AnonymousUser | None) -> None:
    _check(acting_user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=acting_user, action="feedtoken.revoke", instance=token)
