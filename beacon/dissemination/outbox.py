"""The transactional outbox: deliveries are rows written with the item, then worked off.

The life of a delivery::

    held ──release──▶ queued ──claim──▶ sending ──▶ acknowledged
                        ▲                 │ └────▶ sent ──acknowledge──▶ acknowledged
                        │                 ├─ temporary error ─▶ failed ─(backoff)─▶ claim again
                        └──── retry ──────┴─ permanent error, or too many tries ─▶ dead

- ``enqueue`` is called inside the transaction that publishes the item, so the item and its
  deliveries commit together; the worker is kicked only once they have.
- ``claim_due`` hands a worker a few due rows under a lease; a row whose lease ran out (its worker
  died mid-way) is due again. The receiver gets the same idempotency key on every attempt, so
  sending again after a death never makes two copies.
- ``deliver`` renews the row's lease just before it calls the channel's adapter, and skips the
  row if the lease is gone: a batch of slow sends outlives the lease it was claimed under, and the
  rows left waiting in it may have been taken over and sent by another worker meanwhile. It then
  logs the attempt and moves the row on, writing only while it still holds the lease, so a slow
  worker that lost its row cannot overwrite the outcome of the one that took over.
- ``kick_worker`` is best-effort: the rows are committed and the beat sweep finds them, so a
  broker that is down when a publish commits is logged, never turned into an error page.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from beacon.core import audit
from beacon.dissemination import access
from beacon.dissemination.adapters import (
    Message,
    PermanentError,
    Receipt,
    TemporaryError,
    adapter_for,
    reason,
)
from beacon.dissemination.models import (
    AttemptOutcome,
    Channel,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Targeting,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from beacon.core.models import Agency

logger = logging.getLogger("beacon.dissemination.outbox")


class Target(NamedTuple):
    channel: Channel
    language: str


def _setting(name: str) -> float:
    return float(getattr(settings, name))


# ---------------------------------------------------------------------------------------------
# Creating deliveries


def targets_for(item: Any) -> list[Target]:
    """The channels and language one item (a page in one language) is meant for.

    Every active channel that carries the item's language, narrowed by the item's ``Targeting``
    row (shared by all its translations) when it has one.
    """
    language = _language_of(item)
    channels = [c for c in Channel.objects.filter(is_active=True) if c.carries(language)]
    translation_key = getattr(item, "translation_key", None)
    targeting = (
        Targeting.objects.filter(translation_key=translation_key).first()
        if translation_key
        else None
    )
    if targeting is not None:
        chosen = {c.pk for c in targeting.channels.all()}
        if chosen:
            channels = [c for c in channels if c.pk in chosen]
        if targeting.languages and language not in targeting.languages:
            channels = []
    return [Target(channel, language) for channel in channels]


def _language_of(item: Any) -> str:
    locale = getattr(item, "locale", None)
    if locale is not None:
        return str(locale.language_code)
    return str(getattr(item, "language", settings.LANGUAGE_CODE))


def next_version(item_key: str, language: str) -> int:
    """One more than the highest version of the item in that language so far (1 if new)."""
    sent = Delivery.objects.filter(item_key=item_key, language=language)
    highest = sent.aggregate(v=Max("version"))["v"]
    return (highest or 0) + 1


def idempotency_key(channel: Channel, message: Message) -> str:
    """Stable for one (item, version, action, language, channel): the same on every attempt."""
    return f"{message.item_key}:{message.language}:v{message.version}:{message.action}@{channel.pk}"


def enqueue(
    message: Message,
    channels: Iterable[Channel],
    *,
    item: models.Model | None = None,
    agency: Agency | None = None,
    approved_at: datetime | None = None,
    held: bool = False,
) -> list[Delivery]:
    """Write one delivery of ``message`` per channel; call it inside the publishing transaction.

    The message's ``idempotency_key`` is filled in per channel. Enqueuing the same message twice
    (a signal sent twice in one transaction) creates nothing new. ``held`` rows wait for
    ``release`` (a social post draft waiting for its approval). The worker is kicked when the
    transaction commits; nothing is sent if it rolls back.
    """
    approved_at = approved_at or timezone.now()
    item_type = ContentType.objects.get_for_model(item) if item is not None else None
    created: list[Delivery] = []
    with transaction.atomic():
        for channel in channels:
            frozen = replace(message, idempotency_key=idempotency_key(channel, message))
            delivery, is_new = Delivery.objects.get_or_create(
                idempotency_key=frozen.idempotency_key,
                defaults={
                    "channel": channel,
                    "language": message.language,
                    "item_key": message.item_key,
                    "item_type": item_type,
                    "item_id": item.pk if item is not None else None,
                    "agency": agency,
                    "title": message.title[:300],
                    "action": message.action,
                    "version": message.version,
                    "payload": frozen.as_dict(),
                    "status": DeliveryStatus.HELD if held else DeliveryStatus.QUEUED,
                    "next_attempt_at": None if held else approved_at,
                    "approved_at": approved_at,
                },
            )
            if is_new:
                created.append(delivery)
        if any(d.status == DeliveryStatus.QUEUED for d in created):
            transaction.on_commit(kick_worker)
    return created


def kick_worker() -> None:
    """Ask a Celery worker to look at the outbox now (the sweep catches anything this misses).

    Off (``BEACON_DELIVERY_KICK``) where the outbox is worked by ``deliver_outbox`` processes.
    It runs after the commit, so the deliveries are safe whatever happens here: a broker that is
    down or refuses is logged and left to the sweep. One quick connection attempt and no publish
    retries, so a request does not wait seconds on a dead broker either.
    """
    from beacon.dissemination.tasks import deliver_due

    if not settings.BEACON_DELIVERY_KICK:
        return
    app = deliver_due.app
    if app.conf.task_always_eager:  # tasks run in this process: there is no broker to reach
        deliver_due.apply_async()
        return
    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_max=1, timeout=2)
            deliver_due.apply_async(retry=False, producer=broker.Producer())
    except Exception as exc:  # any broker failure; the beat sweep delivers the rows anyway
        logger.warning("could not kick the outbox worker (the sweep will deliver): %s", exc)


# ---------------------------------------------------------------------------------------------
# Working off the outbox


def claim_due(worker: str, limit: int = 10) -> list[Delivery]:
    """Atomically take up to ``limit`` due deliveries for ``worker``, under a lease.

    Due: queued or failed whose time has come, or sending whose lease ran out (the worker that
    held it died; the lost attempt is logged). Fair between channels: a channel with a long
    backlog or a slow receiver does not starve the others. PostgreSQL locks the rows with
    ``SKIP LOCKED``; SQLite (one writer at a time) takes them with a conditional UPDATE.
    """
    now = timezone.now()
    lease_until = now + timedelta(seconds=_setting("BEACON_DELIVERY_LEASE_SECONDS"))
    with transaction.atomic():
        # An item's versions reach a channel in order: an update or withdrawal waits while an
        # earlier version to the same channel is still on its way.
        earlier = Delivery.objects.filter(
            channel=OuterRef("channel"),
            item_key=OuterRef("item_key"),
            language=OuterRef("language"),
            version__lt=OuterRef("version"),
            status__in=(DeliveryStatus.QUEUED, DeliveryStatus.SENDING, DeliveryStatus.FAILED),
        )
        candidates = (
            Delivery.objects.due().exclude(Exists(earlier)).order_by("next_attempt_at", "pk")
        )
        if connection.vendor == "postgresql":
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        rows: list[dict[str, Any]] = [
            dict(row)
            for row in candidates.values("pk", "channel_id", "status", "claimed_by")[: limit * 5]
        ]
        chosen = _fair_share(rows, limit)
        lost = [r for r in chosen if r["status"] == DeliveryStatus.SENDING]
        claimed = (
            Delivery.objects.due()
            .filter(pk__in=[r["pk"] for r in chosen])
            .update(
                status=DeliveryStatus.SENDING,
                claimed_by=worker,
                lease_until=lease_until,
                attempts=F("attempts") + 1,
            )
        )
        if not claimed:
            return []
        mine = list(
            Delivery.objects.select_related("channel")
            .filter(pk__in=[r["pk"] for r in chosen], claimed_by=worker, lease_until=lease_until)
            .order_by("next_attempt_at", "pk")
        )
        mine_ids = {d.pk for d in mine}
        DeliveryAttempt.objects.bulk_create(
            DeliveryAttempt(
                delivery_id=r["pk"],
                started_at=now,
                worker=r["claimed_by"],
                outcome=AttemptOutcome.LOST,
                error=WORKER_LOST,
            )
            for r in lost
            if r["pk"] in mine_ids
        )
    return mine


def _fair_share(rows: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Take rows round-robin over channels, oldest first within each channel."""
    by_channel: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_channel.setdefault(row["channel_id"], []).append(row)
    chosen: list[dict[str, Any]] = []
    while len(chosen) < limit and any(by_channel.values()):
        for queue in by_channel.values():
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    return chosen


def backoff(attempts: int) -> timedelta:
    """Exponential backoff with full jitter: base·2^(n-1), capped, times a random 0.5 to 1."""
    base = _setting("BEACON_DELIVERY_BACKOFF_SECONDS")
    cap = _setting("BEACON_DELIVERY_BACKOFF_MAX_SECONDS")
    delay = min(cap, base * 2 ** max(0, attempts - 1))
    return timedelta(seconds=delay * random.uniform(0.5, 1.0))  # noqa: S311 (jitter, not secrets)


# Stored in English, translated when shown (``adapters.display_reason``).
WORKER_LOST = reason(gettext_noop("The worker stopped before it recorded an answer; sent again."))
GAVE_UP = reason(gettext_noop("Gave up after %(n)d attempts. Last error: %(error)s"))


def renew_lease(delivery: Delivery) -> bool:
    """Extend the lease of a claimed row by a full lease, if this worker still holds it.

    The lease this worker was given (``lease_until``) is the token: the update only matches
    while the row is still ``sending`` under that very lease and the lease has not run out. A
    row whose lease ran out may have been claimed, and sent, by another worker; it is not ours
    to send any more, even if nobody has taken it yet (its claim may be on its way).
    """
    now = timezone.now()
    until = now + timedelta(seconds=_setting("BEACON_DELIVERY_LEASE_SECONDS"))
    renewed = Delivery.objects.filter(
        pk=delivery.pk,
        status=DeliveryStatus.SENDING,
        claimed_by=delivery.claimed_by,
        lease_until=delivery.lease_until,
        lease_until__gt=now,
    ).update(lease_until=until)
    if renewed:
        delivery.lease_until = until
    return bool(renewed)


def deliver(delivery: Delivery) -> Delivery:
    """Send one claimed delivery through its channel's adapter and record what happened.

    The lease is renewed first; a row this worker no longer holds is left alone (returned as it
    now stands), because another worker owns it and may already have sent it.
    """
    if not renew_lease(delivery):
        logger.info("delivery %s: lease lost before sending, left to its new worker", delivery.pk)
        delivery.refresh_from_db()
        return delivery
    return _send(delivery)


def _send(delivery: Delivery) -> Delivery:
    message = Message.from_dict(delivery.payload)
    started = timezone.now()
    clock = time.monotonic()
    outcome: str
    error = ""
    receipt = Receipt(acknowledged=False)
    try:
        receipt = adapter_for(delivery.channel.kind).deliver(delivery.channel, message)
        outcome = AttemptOutcome.ACKNOWLEDGED if receipt.acknowledged else AttemptOutcome.SENT
    except PermanentError as exc:
        outcome, error = AttemptOutcome.PERMANENT, str(exc) or exc.__class__.__name__
    except TemporaryError as exc:
        outcome, error = AttemptOutcome.TEMPORARY, str(exc) or exc.__class__.__name__
    except Exception as exc:  # an adapter's bug must not stop the outbox
        outcome, error = AttemptOutcome.TEMPORARY, f"{exc.__class__.__name__}: {exc}"
    duration = time.monotonic() - clock
    return _record(delivery, started, duration, outcome, error, receipt)


def _record(
    delivery: Delivery,
    started: datetime,
    duration: float,
    outcome: str,
    error: str,
    receipt: Receipt,
) -> Delivery:
    now = timezone.now()
    changes: dict[str, Any] = {"claimed_by": "", "lease_until": None, "last_error": error}
    if outcome in (AttemptOutcome.ACKNOWLEDGED, AttemptOutcome.SENT):
        changes |= {"sent_at": now, "remote_id": receipt.remote_id, "detail": receipt.detail}
        changes["status"] = DeliveryStatus.SENT
        if outcome == AttemptOutcome.ACKNOWLEDGED:
            changes |= {"status": DeliveryStatus.ACKNOWLEDGED, "acknowledged_at": now}
    elif outcome == AttemptOutcome.PERMANENT:
        changes |= {"status": DeliveryStatus.DEAD, "next_attempt_at": None}
    elif delivery.attempts >= _setting("BEACON_DELIVERY_MAX_ATTEMPTS"):
        changes |= {"status": DeliveryStatus.DEAD, "next_attempt_at": None}
        changes["last_error"] = GAVE_UP % {"n": delivery.attempts, "error": error}
    else:
        changes |= {
            "status": DeliveryStatus.FAILED,
            "next_attempt_at": now + backoff(delivery.attempts),
        }
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            started_at=started,
            duration_s=duration,
            worker=delivery.claimed_by,
            outcome=outcome,
            error=error,
            remote_id=receipt.remote_id,
        )
        # Only while our lease holds: a worker that took the row over owns its outcome now.
        held = Delivery.objects.filter(
            pk=delivery.pk,
            status=DeliveryStatus.SENDING,
            claimed_by=delivery.claimed_by,
            lease_until=delivery.lease_until,
        ).update(**changes)
    if held:
        for name, value in changes.items():
            setattr(delivery, name, value)
    else:
        delivery.refresh_from_db()
    return delivery


def work(worker: str, *, batch: int = 10, budget_s: float = 30.0) -> int:
    """Claim and deliver due rows until none are left or the time budget is spent.

    Counts the rows this worker delivered; a row whose lease ran out while it waited its turn
    in the batch is skipped by ``deliver`` and not counted.
    """
    done = 0
    deadline = time.monotonic() + budget_s
    while time.monotonic() < deadline:
        claimed = claim_due(worker, batch)
        if not claimed:
            break
        for delivery in claimed:
            if renew_lease(delivery):
                _send(delivery)
                done += 1
    return done


# ---------------------------------------------------------------------------------------------
# Acknowledgements and hand actions


def acknowledge(delivery: Delivery | str, remote_id: str = "", detail: str = "") -> Delivery:
    """Record the receiver's later proof of delivery (a kiosk showed it, a digest was mailed).

    Takes the delivery or its idempotency key; acknowledging twice changes nothing.
    """
    key = delivery if isinstance(delivery, str) else delivery.idempotency_key
    with transaction.atomic():
        row = Delivery.objects.select_for_update().get(idempotency_key=key)
        if row.status in (DeliveryStatus.CANCELLED, DeliveryStatus.ACKNOWLEDGED):
            return row
        now = timezone.now()
        row.status = DeliveryStatus.ACKNOWLEDGED
        row.acknowledged_at = now
        row.sent_at = row.sent_at or now
        row.remote_id = remote_id or row.remote_id
        row.detail = detail or row.detail
        row.claimed_by, row.lease_until, row.next_attempt_at = "", None, None
        row.save()
    return row


def _check_write(user: User | AnonymousUser | None, delivery: Delivery) -> None:
    if user is not None and not access.can_act_on(user, delivery):
        raise PermissionDenied


@transaction.atomic
def retry(delivery: Delivery, user: User | AnonymousUser | None) -> Delivery:
    """Send a dead, failed or cancelled delivery again now, with a fresh count of attempts."""
    _check_write(user, delivery)
    retriable = (DeliveryStatus.DEAD, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED)
    if delivery.status not in retriable:
        raise ValidationError(_("Only a dead, failing or cancelled delivery can be retried."))
    before = audit.snapshot(delivery)
    delivery.status = DeliveryStatus.QUEUED
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit.record(
        actor=user,
        action="delivery.retry",
        instance=delivery,
        changes=audit.diff(before, audit.snapshot(delivery)),
        agency=delivery.agency,
    )
    transaction.on_commit(kick_worker)
    return delivery


@transaction.atomic
def release(
    delivery: Delivery, message: Message, user: User | AnonymousUser | None = None
) -> Delivery:
    """Queue a held delivery with its approved message (an approved social post draft).

    The approval restarts the latency clock; the idempotency key stays the delivery's own.
    """
    _check_write(user, delivery)
    if delivery.status != DeliveryStatus.HELD:
        raise ValidationError(_("Only a held delivery can be released."))
    now = timezone.now()
    frozen = replace(message, idempotency_key=delivery.idempotency_key)
    delivery.payload = frozen.as_dict()
    delivery.title = message.title[:300]
    delivery.status = DeliveryStatus.QUEUED
    delivery.approved_at = now
    delivery.next_attempt_at = now
    delivery.save()
    audit.record(actor=user, action="delivery.release", instance=delivery, agency=delivery.agency)
    transaction.on_commit(kick_worker)
    return delivery


@transaction.atomic
def cancel(delivery: Delivery, user: User | AnonymousUser | None) -> Delivery:
    """Stop a delivery that has not gone out yet (held, queued or failing)."""
    _check_write(user, delivery)
    cancellable = (DeliveryStatus.HELD, DeliveryStatus.QUEUED, DeliveryStatus.FAILED)
    if delivery.status not in cancellable:
        raise ValidationError(_("Only a delivery that has not gone out can be cancelled."))
    delivery.status = DeliveryStatus.CANCELLED
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "next_attempt_at"])
    audit.record(actor=user, action="delivery.cancel", instance=delivery, agency=delivery.agency)
    return delivery
