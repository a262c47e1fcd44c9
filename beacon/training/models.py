"""Officers who do external-information work, the courses they take, and what came of them.

A nomination is an enrolment request: it becomes ``enrolled`` while the session has seats and
``waitlisted`` after that, so one row per officer and session tells the whole story (nominated,
enrolled or waiting, attended, assessed, certified).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beacon.core.languages import validate_languages
from beacon.core.models import Agency


def default_day_start() -> datetime.time:
    """8:00. A callable, not a fixed time: Django's check W161 warns of a fixed time default for
    the ten seconds around that time of day (UTC), which made the CLI tests fail at 17:00."""
    return datetime.time(8, 0)


def default_day_end() -> datetime.time:
    """17:00, a callable for the same reason as ``default_day_start``."""
    return datetime.time(17, 0)


class Competency(models.Model):
    """A skill of external-information work that a course grants and an officer holds."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OfficerQuerySet(models.QuerySet["Officer"]):
    def active(self) -> OfficerQuerySet:
        return self.filter(is_active=True)


class Officer(models.Model):
    """A person assigned to external-information work in an agency.

    Many officers never log in to Beacon, so the user account is optional; the name and e-mail
    here are what certificates and reminders use.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="officers"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_officer",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    function = models.CharField(
        _("function"), max_length=200, blank=True, help_text=_("E.g. spokesperson, press officer.")
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_("Language codes the officer works in, e.g. vi, en, fr."),
    )
    competencies = models.ManyToManyField(
        Competency, verbose_name=_("competencies"), blank=True, related_name="officers"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class Level(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Course(models.Model):
    """What is taught; each run of it is a Session."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    topics = models.TextField(_("topics"), blank=True, help_text=_("One topic per line."))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BASIC)
    duration_days = models.PositiveSmallIntegerField(
        _("duration (days)"), default=1, validators=[MinValueValidator(1)]
    )
    hours = models.PositiveSmallIntegerField(_("hours of teaching"), default=8)
    languages = models.JSONField(
        _("teaching languages"), default=list, blank=True, validators=[validate_languages]
    )
    competencies = models.ManyToManyField(
        Competency, verbose_name=_("competencies granted"), blank=True, related_name="courses"
    )
    pass_mark = models.DecimalField(
        _("pass mark"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Lowest score out of 100 that passes."),
    )
    min_attendance = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_("Share of the session's days a trainee must attend to pass."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"),
        default=24,
        help_text=_("0 means the certificate does not expire."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class SessionQuerySet(models.QuerySet["Session"]):
    def scheduled(self) -> SessionQuerySet:
        return self.exclude(is_cancelled=True)

    def upcoming(self, today: datetime.date) -> SessionQuerySet:
        return self.scheduled().filter(starts_on__gte=today)

    def with_counts(self) -> SessionQuerySet:
        return self.annotate(
            enrolled_count=Count("enrolments", filter=Q(enrolments__status=Status.ENROLLED)),
            waiting_count=Count("enrolments", filter=Q(enrolments__status=Status.WAITLISTED)),
        )


class Session(models.Model):
    """One run of a course: dates, place, trainers, seats and the agencies it is meant for."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions"
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    day_starts_at = models.TimeField(_("daily start"), default=default_day_start)
    day_ends_at = models.TimeField(_("daily end"), default=default_day_end)
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="training_sessions",
    )
    capacity = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1)], default=30
    )
    target_agencies = models.ManyToManyField(
        Agency,
        verbose_name=_("target agencies"),
        blank=True,
        related_name="+",
        help_text=_("Only officers of these agencies and their units may be nominated; none: all."),
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="training_session_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.course.title} ({self.starts_on:%d/%m/%Y})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
        if not self.place and not self.online_url:
            raise ValidationError(_("Give a place, an online link, or both."))

    def days(self) -> list[datetime.date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + datetime.timedelta(days=n) for n in range(count)]

    def seats_taken(self) -> int:
        return self.enrolments.filter(status=Status.ENROLLED).count()


class Status(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the waiting list")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def enrolled(self) -> EnrolmentQuerySet:
        return self.filter(status=Status.ENROLLED)

    def waiting_in_order(self) -> EnrolmentQuerySet:
        return self.filter(status=Status.WAITLISTED).order_by("nominated_at", "pk")


class Enrolment(models.Model):
    """An officer's place in a session, from nomination to assessment."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="enrolments"
    )
    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nominated_at = models.DateTimeField(_("nominated"), default=timezone.now)
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["session", "status", "nominated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "officer"], name="training_enrolment_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer} · {self.session}"

    def days_present(self) -> int:
        return self.attendance.filter(present=True).count()

    def attendance_percent(self) -> int:
        days = len(self.session.days())
        return round(100 * self.days_present() / days) if days else 0


class Attendance(models.Model):
    """Whether an enrolled officer was there on one day of the session."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="attendance"
    )
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="training_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.officer} {self.day} {'+' if self.present else '-'}"


def new_verification_code() -> str:
    """128 random bits, URL-safe: the code is the only key to the public verification page."""
    return secrets.token_urlsafe(16)


class CertificateState(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


@dataclass(frozen=True)
class Validity:
    """Whether a certificate holds on a given day, and the sentence its reader is shown."""

    state: str
    reason: str


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def not_revoked(self) -> CertificateQuerySet:
        return self.filter(revoked_at__isnull=True)

    def expiring_between(self, start: datetime.date, end: datetime.date) -> CertificateQuerySet:
        return self.not_revoked().filter(expires_on__gte=start, expires_on__lte=end)


class Certificate(models.Model):
    """Proof that an officer passed a session, checkable by anyone through its code.

    The holder's name and the course title are copied at issue, so the certificate keeps saying
    what it said on the day it was issued.
    """

    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    number = models.CharField(_("number"), max_length=40, unique=True)
    code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_verification_code
    )
    holder_name = models.CharField(_("holder"), max_length=200)
    course_title = models.CharField(_("course"), max_length=255)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} · {self.holder_name}"

    def validity(self, today: datetime.date) -> Validity:
        """Valid, expired or revoked on a given day, with the reason a reader is shown."""
        if self.revoked_at is not None:
            return Validity(
                CertificateState.REVOKED,
                gettext("This certificate was revoked on %(date)s.")
                % {"date": timezone.localdate(self.revoked_at).strftime("%d/%m/%Y")},
            )
        if self.expires_on is not None and self.expires_on < today:
            return Validity(
                CertificateState.EXPIRED,
                gettext("This certificate expired on %(date)s.")
                % {"date": self.expires_on.strftime("%d/%m/%Y")},
            )
        return Validity(CertificateState.VALID, gettext("This certificate is valid."))


class ReminderLog(models.Model):
    """One reminder sent, so that a rerun of the schedule never sends it twice."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return self.key
