"""Every write to the monitor that a person makes goes through one of these functions.

Each checks the policy, runs in one transaction and writes its audit event in it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from beacon.core import audit, policy
from beacon.core.actions import save_with_audit
from beacon.monitoring import access
from beacon.monitoring.models import Alert, Article, Source, ToneLabel

if TYPE_CHECKING:
    from beacon.core.types import UserLike


def _require_manager(user: UserLike | None) -> None:
    if user is not None and not access.can_manage_monitor(user):
        raise PermissionDenied


@transaction.atomic
def do_save_source(source: Source, *, acting_user: UserLike | None) -> Source:
    """Create or update a source; a changed URL starts polling afresh (no stale validators).

    Only a superuser may turn the private-address protection off (or the system, for the
    demo's sources): a source on a private address lets the poller reach the office's network.
    """
    _require_manager(acting_user)
    stored = Source.objects.get(pk=source.pk) if source.pk else None
    was_private = stored.allow_private_network if stored else False
    if (
        source.allow_private_network
        and not was_private
        and acting_user is not None
        and not acting_user.is_superuser
    ):
        raise PermissionDenied
    if stored is not None and stored.url != source.url:
        source.etag = source.last_modified = ""
        source.next_poll_at = None
    save_with_audit(
        source, acting_user=acting_user, verb="update" if source.pk else "create", agency=None
    )
    return source


@transaction.atomic
def do_resume_source(source: Source, *, acting_user: UserLike | None) -> Source:
    """Close the circuit breaker: poll again at once, failures forgotten, last error kept."""
    _require_manager(acting_user)
    source.paused_at = None
    source.failures = 0
    source.next_poll_at = timezone.now()
    save_with_audit(source, acting_user=acting_user, verb="resume", agency=None)
    return source


@transaction.atomic
def do_acknowledge_alert(alert: Alert, *, acting_user: UserLike) -> Alert:
    """Mark an alert as seen and dealt with; acknowledging twice keeps the first record."""
    if not policy.can(acting_user, access.AREA, "write", alert.agency):
        raise PermissionDenied
    if alert.acknowledged_at is not None:
        return alert
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = acting_user if acting_user.is_authenticated else None
    alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
    audit.record(
        actor=acting_user,
        action="alert.acknowledge",
        instance=alert,
        changes={"acknowledged_at": [None, alert.acknowledged_at.isoformat()]},
        agency=alert.agency,
    )
    return alert


@transaction.atomic
def do_correct_tone(article: Article, label: str, *, acting_user: UserLike) -> Article:
    """An analyst's tone for an article: kept over the pipeline's, audited, exported for training.

    Those who manage the monitor (coordinators, analysts) correct; the confidence becomes 1.
    """
    if not access.can_manage_monitor(acting_user):
        raise PermissionDenied
    if label not in ToneLabel.values:
        raise ValueError(f"unknown tone {label!r}")
    before = [article.tone, article.tone_corrected]
    article.tone = label
    article.tone_confidence = 1.0
    article.tone_corrected = True
    article.tone_corrected_by = acting_user if acting_user.is_authenticated else None
    article.tone_corrected_at = timezone.now()
    article.save(
        update_fields=[
            "tone",
            "tone_confidence",
            "tone_corrected",
            "tone_corrected_by",
            "tone_corrected_at",
        ]
    )
    audit.record(
        actor=acting_user,
        action="article.tone.correct",
        instance=article,
        changes={"tone": [before[0], label], "tone_corrected": [before[1], True]},
        agency=None,
    )
    return article
