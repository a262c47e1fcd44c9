from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beacon.dissemination.adapters import display_reason, kind_label


class Channel(models.Model):
    """One place Beacon delivers to: the national portal, a partner, the kiosks, a list, an account.

    ``config`` holds the adapter's settings (an endpoint, a list, an account name); a secret is
    never stored here, only the name of the environment variable that holds it.
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=40)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Language codes this channel carries; empty means every content language."),
    )
    config = models.JSONField(_("settings"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def kind_display(self) -> str:
        return kind_label(self.kind)

    def carries(self, language: str) -> bool:
        return not self.languages or language in self.languages


class DeliveryStatus(models.TextChoices):
    HELD = "held", _("held for approval")
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    FAILED = "failed", _("failed, will retry")
    DEAD = "dead", _("dead")
    CANCELLED = "cancelled", _("cancelled")


class DeliveryAction(models.TextChoices):
    PUBLISH = "publish", _("publish")
    UPDATE = "update", _("update")
    WITHDRAW = "withdraw", _("withdraw")


# Statuses a worker may pick up once ``next_attempt_at`` has come; SENDING is picked up only when
# its lease ran out (the worker that held it died mid-way).
DUE_STATUSES = (DeliveryStatus.QUEUED, DeliveryStatus.FAILED)
DONE_STATUSES = (DeliveryStatus.SENT, DeliveryStatus.ACKNOWLEDGED)
OPEN_STATUSES = (
    DeliveryStatus.HELD,
    DeliveryStatus.QUEUED,
    DeliveryStatus.SENDING,
    DeliveryStatus.FAILED,
)


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def due(self) -> DeliveryQuerySet:
        """Rows a worker may claim now: due retries, and sends whose worker's lease ran out."""
        now = timezone.now()
        return self.filter(
            models.Q(status__in=DUE_STATUSES, next_attempt_at__lte=now)
            | models.Q(status=DeliveryStatus.SENDING, lease_until__lt=now)
        )

    def open(self) -> DeliveryQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def done(self) -> DeliveryQuerySet:
        return self.filter(status__in=DONE_STATUSES)


class Delivery(models.Model):
    """One item, in one language, to one channel: a row of the transactional outbox.

    Rows are created in the transaction that publishes the item, so an item is never published
    without its deliveries nor the reverse. ``payload`` is the ``Message`` frozen at that moment;
    ``idempotency_key`` goes to the receiver with every attempt, so a delivery re-sent after a
    worker died is kept once. ``approved_at`` starts the latency clock the board measures.
    """

    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="deliveries"
    )
    language = models.CharField(_("language"), max_length=12)
    item_key = models.CharField(_("item"), max_length=200, db_index=True)
    item_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("item type"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    item_id = models.PositiveBigIntegerField(_("item id"), null=True, blank=True)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The agency the item belongs to: its officers see this delivery."),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    action = models.CharField(
        _("action"), max_length=10, choices=DeliveryAction.choices, default=DeliveryAction.PUBLISH
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    payload = models.JSONField(_("message"), default=dict)
    idempotency_key = models.CharField(_("idempotency key"), max_length=255, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=120, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    remote_id = models.CharField(_("receiver's id"), max_length=300, blank=True)
    detail = models.TextField(_("receiver's answer"), blank=True)
    approved_at = models.DateTimeField(_("approved"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-approved_at", "channel_id", "language"]
        indexes = [
            # The worker's two questions: what is due, and whose lease ran out.
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["status", "lease_until"], name="delivery_lease"),
            models.Index(fields=["channel", "status"], name="delivery_channel_status"),
            models.Index(fields=["item_type", "item_id"], name="delivery_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item_key} [{self.language}] → {self.channel_id} ({self.status})"

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    def last_error_display(self) -> str:
        return display_reason(self.last_error)

    @property
    def latency_s(self) -> float | None:
        """Seconds from approval to delivery (acknowledgement if any, else sending)."""
        done = self.acknowledged_at or self.sent_at
        return (done - self.approved_at).total_seconds() if done else None


class AttemptOutcome(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    SENT = "sent", _("sent, awaiting acknowledgement")
    TEMPORARY = "temporary", _("temporary failure")
    PERMANENT = "permanent", _("permanent failure")
    LOST = "lost", _("worker stopped mid-way")


class DeliveryAttempt(models.Model):
    """Append-only log of every try: the office's proof of what went out, when, and the answer."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="log"
    )
    started_at = models.DateTimeField(_("started"))
    duration_s = models.FloatField(_("duration (s)"), default=0)
    worker = models.CharField(_("worker"), max_length=120, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=AttemptOutcome.choices)
    error = models.TextField(_("error"), blank=True)
    remote_id = models.CharField(_("receiver's id"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.outcome} at {self.started_at:%Y-%m-%d %H:%M:%S}"

    def error_display(self) -> str:
        return display_reason(self.error)


class Targeting(models.Model):
    """Where one item goes, when it should not go everywhere its language is carried.

    Keyed by the item's ``translation_key`` so that one choice covers every translation of a
    page; without a row, an item goes to every active channel that carries its language.
    """

    translation_key = models.UUIDField(_("item"), unique=True)
    channels = models.ManyToManyField(
        Channel,
        verbose_name=_("channels"),
        blank=True,
        related_name="+",
        help_text=_("Only these channels; none chosen means every active channel."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Only these languages; empty means every language the item is published in."),
    )

    class Meta:
        verbose_name = _("targeting")
        verbose_name_plural = _("targeting")

    def __str__(self) -> str:
        return str(self.translation_key)


class FeedToken(models.Model):
    """A partner's key to a pull feed; only its hash is stored, and revoking it shuts them out."""

    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="tokens"
    )
    label = models.CharField(_("partner"), max_length=120)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("feed token")
        verbose_name_plural = _("feed tokens")

    def __str__(self) -> str:
        return f"{self.channel} – {self.label}"
