"""Border-gate kiosks: groups of screens, their devices, what they play, and emergency notices.

Every change that alters what a group's screens show bumps ``KioskGroup.version``; the playlist
endpoint derives its ETag from that number, so a kiosk's poll is answered 304 without building
anything until something really changed.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beacon.core.languages import validate_languages
from beacon.core.models import Agency

ONLINE_WITHIN = timedelta(minutes=2)
STALE_WITHIN = timedelta(minutes=15)


def hash_token(token: str) -> str:
    """Tokens are stored only as their SHA-256: a leaked database does not open any kiosk."""
    return hashlib.sha256(token.encode()).hexdigest()


class Category(models.TextChoices):
    NEWS = "news", _("News")
    EVENTS = "events", _("Events")
    CITY = "city", _("City information")
    ENTRY = "entry", _("Entry and travel information")
    EMERGENCY = "emergency", _("Emergency notices")


class KioskGroupQuerySet(models.QuerySet["KioskGroup"]):
    def bump(self) -> int:
        """Tell every kiosk of these groups that its playlist changed."""
        return self.update(version=F("version") + 1)


class KioskGroup(models.Model):
    """Screens that show the same playlist, e.g. "Nội Bài T2 arrivals"."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="kiosk_groups", verbose_name=_("agency")
    )
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        help_text=_("Used in a kiosk channel's settings to send content to this group."),
    )
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = KioskGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiosk group")
        verbose_name_plural = _("kiosk groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("Landscape")
    PORTRAIT = "portrait", _("Portrait")


class Kiosk(models.Model):
    """One screen at a gate; it reads with a device token and reports with heartbeats."""

    group = models.ForeignKey(
        KioskGroup, on_delete=models.PROTECT, related_name="kiosks", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=120, unique=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    terminal = models.CharField(_("terminal"), max_length=60, blank=True)
    gate = models.CharField(_("gate"), max_length=60, blank=True)
    orientation = models.CharField(
        _("orientation"), max_length=12, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[validate_languages],
        help_text=_("Language codes in the order the screen shows them, e.g. vi, en, zh."),
    )
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(
        _("closes at"), null=True, blank=True, help_text=_("Leave both empty for a 24-hour kiosk.")
    )
    token_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    token_issued_at = models.DateTimeField(_("token issued"), null=True, blank=True, editable=False)
    token_revoked_at = models.DateTimeField(
        _("token revoked"), null=True, blank=True, editable=False
    )
    last_heartbeat_at = models.DateTimeField(
        _("last heartbeat"), null=True, blank=True, editable=False
    )
    online_since = models.DateTimeField(_("online since"), null=True, blank=True, editable=False)
    app_version = models.CharField(_("app version"), max_length=40, blank=True, editable=False)
    current_slide = models.CharField(_("current slide"), max_length=200, blank=True, editable=False)
    last_errors = models.JSONField(_("last errors"), default=list, blank=True, editable=False)
    offline_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering = ["group__name", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def agency(self) -> Agency:
        return self.group.agency

    @property
    def has_token(self) -> bool:
        return bool(self.token_hash) and self.token_revoked_at is None

    def status(self, now: datetime | None = None) -> str:
        """online (heartbeat within 2 minutes), stale (within 15) or offline."""
        if self.last_heartbeat_at is None:
            return "offline"
        age = (now or timezone.now()) - self.last_heartbeat_at
        if age <= ONLINE_WITHIN:
            return "online"
        if age <= STALE_WITHIN:
            return "stale"
        return "offline"

    def is_open_at(self, moment: time) -> bool:
        """Is the kiosk's place open at this local time of day (hours may cross midnight)?"""
        if self.opens_at is None or self.closes_at is None:
            return True
        if self.opens_at <= self.closes_at:
            return self.opens_at <= moment < self.closes_at
        return moment >= self.opens_at or moment < self.closes_at

    def last_error(self) -> str:
        return str(self.last_errors[-1]) if self.last_errors else ""


def midnight() -> time:
    """0:00. A callable, not a fixed time: Django's check W161 warns of a fixed time default in
    the ten seconds around that time of day (UTC), and a warning breaks the CLI's one-line
    errors."""
    return time(0, 0)


class PlaylistRule(models.Model):
    """Which categories of content a group shows at which time of day, and for how long each."""

    group = models.ForeignKey(
        KioskGroup, on_delete=models.CASCADE, related_name="rules", verbose_name=_("group")
    )
    categories = models.JSONField(
        _("categories"), default=list, help_text=_("news, events, city, entry")
    )
    starts_at = models.TimeField(_("from"), default=midnight)
    ends_at = models.TimeField(
        _("until"), default=midnight, help_text=_("Equal to 'from' means all day.")
    )
    slide_seconds = models.PositiveSmallIntegerField(_("seconds per slide"), default=12)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("playlist rule")
        verbose_name_plural = _("playlist rules")
        ordering = ["group", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.group} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def applies_at(self, moment: time) -> bool:
        if self.starts_at == self.ends_at:
            return True
        if self.starts_at < self.ends_at:
            return self.starts_at <= moment < self.ends_at
        return moment >= self.starts_at or moment < self.ends_at


class SlideQuerySet(models.QuerySet["Slide"]):
    def valid_at(self, moment: datetime) -> SlideQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=moment),
            Q(valid_until__isnull=True) | Q(valid_until__gt=moment),
        )


class Slide(models.Model):
    """One published item in one language, as the outbox delivered it to one group."""

    group = models.ForeignKey(KioskGroup, on_delete=models.CASCADE, related_name="slides")
    item_key = models.CharField(max_length=200)
    language = models.CharField(max_length=12)
    idempotency_key = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.NEWS)
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    image_url = models.URLField(max_length=1000, blank=True)
    image_alt = models.CharField(max_length=500, blank=True)
    portal_url = models.URLField(max_length=1000)
    published_at = models.DateTimeField(null=True, blank=True)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(auto_now=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    objects = SlideQuerySet.as_manager()

    class Meta:
        verbose_name = _("slide")
        verbose_name_plural = _("slides")
        ordering = ["-published_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "item_key", "language"], name="kiosks_slide_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"


class Severity(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    DANGER = "danger", _("Danger")


class EmergencyNoticeQuerySet(models.QuerySet["EmergencyNotice"]):
    def active_at(self, moment: datetime) -> EmergencyNoticeQuerySet:
        return self.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=moment),
            starts_at__lte=moment,
            withdrawn_at__isnull=True,
        )


class EmergencyNotice(models.Model):
    """A notice that takes over every screen of its groups, in every language in turn."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="emergency_notices", verbose_name=_("agency")
    )
    groups = models.ManyToManyField(KioskGroup, related_name="notices", verbose_name=_("groups"))
    title = models.JSONField(_("title"), default=dict, help_text=_("One title per language."))
    body = models.JSONField(_("text"), default=dict, blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EmergencyNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("emergency notice")
        verbose_name_plural = _("emergency notices")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return next(iter(self.title.values()), "") if self.title else str(self.pk)

    def is_active(self, moment: datetime | None = None) -> bool:
        now = moment or timezone.now()
        return (
            self.withdrawn_at is None
            and self.starts_at <= now
            and (self.ends_at is None or self.ends_at > now)
        )
