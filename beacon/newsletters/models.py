"""Newsletter lists, their subscriptions, and the digests mailed to them.

Beacon works on content, not people: a subscription keeps only what mailing needs (the address,
the list, its state and when it changed). No opens, clicks or profiles are recorded.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def _language_choices() -> list[tuple[str, str]]:
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)


class NewsletterList(models.Model):
    """One list in one language, optionally narrowed to themes, mailed weekly or monthly.

    The digest goes out on ``weekday`` (weekly) or ``day_of_month`` (monthly) at ``hour``, in
    the city's time zone. A list without themes takes every item in its language.
    """

    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(
        _("name"), max_length=120, help_text=_("In the list's language: readers see it.")
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=500)
    language = models.CharField(_("language"), max_length=10, choices=_language_choices)
    themes = models.ManyToManyField(
        "portal.ThemePage",
        verbose_name=_("themes"),
        blank=True,
        related_name="+",
        help_text=_("Only items of these themes; none means every item in the language."),
    )
    cadence = models.CharField(
        _("cadence"), max_length=10, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("1 to 28, so that every month has it."),
    )
    hour = models.PositiveSmallIntegerField(
        _("hour"), default=8, validators=[MaxValueValidator(23)]
    )
    sender_email = models.EmailField(
        _("sender address"), blank=True, help_text=_("Empty: the installation's address.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("newsletter list")
        verbose_name_plural = _("newsletter lists")
        ordering = ["language", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

    @property
    def from_email(self) -> str:
        return self.sender_email or settings.DEFAULT_FROM_EMAIL


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
    BOUNCING = "bouncing", _("bouncing")


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(status=SubscriptionStatus.CONFIRMED)


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class Subscription(models.Model):
    """One address on one list.

    Links in mails carry keyed hashes (HMAC with the installation's secret key) of this row's
    ``secret``, never the secret itself, so the database alone cannot forge them; a new
    ``secret`` (on re-subscription) voids every earlier link. An unsubscribed row is kept so
    that the address is never mailed again unless its owner confirms a new subscription.
    """

    newsletter = models.ForeignKey(
        NewsletterList,
        verbose_name=_("list"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    email = models.EmailField(_("e-mail address"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.PENDING,
    )
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    created_at = models.DateTimeField(_("subscribed"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    bounces = models.PositiveSmallIntegerField(_("bounces in a row"), default=0)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["newsletter", "email"]
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "email"], name="newsletters_one_per_list")
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.newsletter.slug}"


class DigestStatus(models.TextChoices):
    PENDING = "pending", _("collecting")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")


class Digest(models.Model):
    """The items of one list for one period, mailed once when the period ends.

    ``entries`` are snapshots of the items as the outbox handed them over (one per item, the
    latest version), each with the idempotency keys of the deliveries it acknowledges.
    """

    newsletter = models.ForeignKey(
        NewsletterList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="digests"
    )
    period_start = models.DateTimeField(_("from"))
    scheduled_for = models.DateTimeField(_("mailed at"))
    status = models.CharField(
        _("status"), max_length=10, choices=DigestStatus.choices, default=DigestStatus.PENDING
    )
    entries = models.JSONField(_("items"), default=list, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-scheduled_for"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter"],
                condition=models.Q(status="pending"),
                name="newsletters_one_pending_digest",
            )
        ]

    def __str__(self) -> str:
        return f"{self.newsletter.name}, {timezone.localtime(self.scheduled_for):%Y-%m-%d}"

    def entry_for(self, item_key: str) -> dict[str, Any] | None:
        return next((e for e in self.entries if e["item_key"] == item_key), None)


class SendStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class DigestSend(models.Model):
    """One digest to one subscriber: the record that makes sending resumable.

    A row is marked ``sending`` (committed) before the mail is handed to the server and ``sent``
    after; a row found still ``sending`` after a crash is not retried, so nobody gets it twice.
    """

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="sends")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=SendStatus.choices, default=SendStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "subscription"], name="newsletters_one_send_each"
            )
        ]
        indexes = [models.Index(fields=["digest", "status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.digest_id} → {self.subscription_id}: {self.status}"
