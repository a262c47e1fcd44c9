"""The yearly plan: programmes, activities, their targets, reporting periods and progress reports.

An activity's status is never typed: it is derived from its dates and the reports filed against
its reporting periods (see ``ActivityQuerySet.with_status`` and ``Activity.get_status``). The one
stored piece of derived state, ``Activity.completed_on``, is written only by the review actions
from accepted reports.

An activity ``counted_from_training`` is the exception: its targets in training sessions and
trainees are counted from the training records (``beacon.plans.counted``), which change outside
this app, so whether it is done is computed when read, in Python, for both the SQL and the Python
status; nothing about it is stored.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from beacon.core.models import Agency
from beacon.plans import counted


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In force")
    CLOSED = "closed", _("Closed")


class ProgrammeKind(models.TextChoices):
    PROGRAMME = "programme", _("Programme")
    PROJECT = "project", _("Project")


class Recurrence(models.TextChoices):
    ONCE = "once", _("Once, by the deadline")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    LATE = "late", _("Late")
    CANCELLED = "cancelled", _("Cancelled")


class Unit(models.TextChoices):
    """Units a target is counted in. A figure is refused unless it uses its target's unit."""

    ARTICLES = "articles", _("articles")
    POSTS = "posts", _("social media posts")
    VIDEOS = "videos", _("videos")
    PUBLICATIONS = "publications", _("publications")
    DOCUMENTS = "documents", _("documents")
    EVENTS = "events", _("events")
    SESSIONS = "sessions", _("training sessions")
    TRAINEES = "trainees", _("trainees")
    PEOPLE = "people", _("people")
    VISITS = "visits", _("press visits")
    DELEGATIONS = "delegations", _("delegations")
    SCREENS = "screens", _("screens")
    LANGUAGES = "languages", _("languages")
    CAMPAIGNS = "campaigns", _("campaigns")
    REPORTS = "reports", _("reports")
    PERCENT = "percent", _("percent")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Sent back")


def report_due_days() -> int:
    return int(getattr(settings, "BEACON_PLANS_REPORT_DUE_DAYS", 5))


def report_close_days() -> int:
    return int(getattr(settings, "BEACON_PLANS_REPORT_CLOSE_DAYS", 30))


class Plan(models.Model):
    """One year's plan of external-information work, as adopted by the city."""

    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        help_text=_("The documents the plan implements, one per line."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["year", "title"], name="plans_plan_unique_title")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


# The plugin cannot type the reverse manager ``activities``: Activity's base, modelcluster's
# ClusterableModel, ships no type hints, so Activity gets no default manager to build it from.
class Programme(models.Model):  # type: ignore[django-manager-missing]
    """A line of work inside a plan: a programme or a project that groups activities."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="programmes"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ProgrammeKind.choices, default=ProgrammeKind.PROGRAMME
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("programme or project")
        verbose_name_plural = _("programmes and projects")
        ordering = ["plan", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="plans_programme_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class ActivityQuerySet(models.QuerySet["Activity"]):
    def for_agency(self, agency: Agency | int) -> ActivityQuerySet:
        """Activities the agency leads or cooperates in."""
        return self.for_agencies({agency.pk if isinstance(agency, Agency) else agency})

    def for_agencies(self, ids: set[int]) -> ActivityQuerySet:
        """Activities any of the agencies leads or cooperates in (each activity once)."""
        led_or_shared = Q(lead_agency_id__in=ids) | Q(cooperating_agencies__id__in=ids)
        return self.filter(pk__in=Activity.objects.filter(led_or_shared).values("pk"))

    def live(self) -> ActivityQuerySet:
        return self.filter(cancelled_at__isnull=True)

    def counted_done_ids(self, today: date) -> set[int]:
        """Activities here counted from training whose every target is reached as of ``today``.

        The counts live in the training app, out of reach of SQL, so they are computed in Python
        (a few aggregate queries per such activity; a plan has a handful) and handed to the SQL
        status as a list of ids, through the same ``Activity.targets_reached`` as ``get_status``.
        """
        candidates = (
            Activity.objects.filter(
                pk__in=self.values("pk"), counted_from_training=True, cancelled_at__isnull=True
            )
            .select_related("lead_agency")
            .prefetch_related("targets", "cooperating_agencies")
        )
        return {activity.pk for activity in candidates if activity.targets_reached(today)}

    def _done_condition(self, done_ids: set[int]) -> Q:
        """Done: the review actions recorded it, or (counted from training) its counts reach it."""
        return Q(counted_from_training=False, completed_on__isnull=False) | Q(
            counted_from_training=True, pk__in=done_ids
        )

    def _late_condition(self, today: date, done_ids: set[int]) -> Q:
        due = today - timedelta(days=report_due_days())
        missing = ReportingPeriod.objects.filter(
            activity=OuterRef("pk"), end__lt=due, end__gte=due - timedelta(days=report_close_days())
        ).exclude(
            Exists(
                ProgressReport.objects.filter(
                    period=OuterRef("pk"), agency_id=OuterRef("activity__lead_agency_id")
                )
            )
        )
        return (
            Q(cancelled_at__isnull=True)
            & ~self._done_condition(done_ids)
            & (Q(deadline__lt=today) | Q(Exists(missing)))
        )

    def not_done(self, today: date | None = None) -> ActivityQuerySet:
        """Live and not done: the activities still worth a reminder."""
        today = today or timezone.localdate()
        return self.live().exclude(self._done_condition(self.counted_done_ids(today)))

    def overdue(self, today: date | None = None) -> ActivityQuerySet:
        """Not done and past the deadline, or the lead agency owes a report that is past due."""
        today = today or timezone.localdate()
        return self.filter(self._late_condition(today, self.counted_done_ids(today)))

    def with_status(self, today: date | None = None) -> ActivityQuerySet:
        """Annotate ``derived_status`` in SQL, so lists can filter and count by status."""
        today = today or timezone.localdate()
        done_ids = self.counted_done_ids(today)
        has_report = Exists(ProgressReport.objects.filter(activity=OuterRef("pk")))
        return self.annotate(
            derived_status=Case(
                When(cancelled_at__isnull=False, then=Value(Status.CANCELLED)),
                When(self._done_condition(done_ids), then=Value(Status.DONE)),
                When(self._late_condition(today, done_ids), then=Value(Status.LATE)),
                When(Q(start__lte=today) | Q(has_report), then=Value(Status.IN_PROGRESS)),
                default=Value(Status.PLANNED),
                output_field=models.CharField(),
            )
        )


class Activity(ClusterableModel):
    """One piece of work: one lead agency, any cooperating agencies, a period and targets."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme or project"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    code = models.CharField(_("number"), max_length=20, blank=True, help_text=_("e.g. 2.3"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    deliverables = models.TextField(_("expected deliverables"), blank=True)
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="led_activities",
    )
    cooperating_agencies = ParentalManyToManyField(
        Agency,
        verbose_name=_("cooperating agencies"),
        blank=True,
        related_name="cooperating_activities",
    )
    start = models.DateField(_("start"))
    deadline = models.DateField(_("deadline"))
    recurrence = models.CharField(
        _("reporting"),
        max_length=10,
        choices=Recurrence.choices,
        default=Recurrence.ONCE,
        help_text=_("How often the agencies report on this activity."),
    )
    budget = models.DecimalField(
        _("budget (million VND)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_source = models.CharField(_("budget source"), max_length=200, blank=True)
    counted_from_training = models.BooleanField(
        _("counted from records"),
        default=False,
        help_text=_(
            "Targets in training sessions and trainees are counted from the training records, "
            "targets in events from the outreach events held, of the lead and cooperating "
            "agencies (and their units) between the start and the deadline; reports do not ask "
            "for them."
        ),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["programme__position", "code", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "title"], name="plans_activity_unique_title"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("start")),
                name="plans_activity_deadline_after_start",
                violation_error_message=_("The deadline cannot come before the start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def agency_ids(self) -> set[int]:
        """The lead and cooperating agencies: the only ones who may report on the activity."""
        return {self.lead_agency_id, *(a.pk for a in self.cooperating_agencies.all())}

    def get_status(self, today: date | None = None) -> str:
        """The status in Python, for one activity already loaded; agrees with ``with_status``."""
        today = today or timezone.localdate()
        if self.cancelled_at is not None:
            return Status.CANCELLED
        if self.is_done(today):
            return Status.DONE
        if self.deadline < today or self.missing_lead_periods(today):
            return Status.LATE
        if self.start <= today or self.reports.exists():
            return Status.IN_PROGRESS
        return Status.PLANNED

    def is_done(self, today: date) -> bool:
        """Recorded as done by the reviews, or (counted from training) every target reached."""
        if self.counted_from_training:
            return self.targets_reached(today)
        return self.completed_on is not None

    def is_counted(self, target: Target) -> bool:
        """Whether the target is counted from training or outreach records, not reported."""
        return self.counted_from_training and target.unit in counted.COUNTED_UNITS

    def counted_totals(
        self, today: date, targets: list[Target] | None = None
    ) -> dict[int, Decimal]:
        """Target id to its count from the records as of ``today``, for counted targets.

        The lead and cooperating agencies with their units count, between the start and the
        deadline (not after today); the training app says what a session and a trainee are,
        the outreach app what an event is (``beacon.plans.counted``).
        """
        targets = list(self.targets.all()) if targets is None else targets
        own = [t for t in targets if self.is_counted(t)]
        window = counted.training_window(self.start, self.deadline, today)
        if not own or window is None:
            return {t.pk: Decimal(0) for t in own}
        figures = counted.counted_figures(self.agency_ids(), *window, {t.unit for t in own})
        return {t.pk: Decimal(figures[t.unit]) for t in own}

    def targets_reached(self, today: date) -> bool:
        """Every target reached: counted ones by their counts, the others by accepted figures."""
        targets = list(self.targets.all())
        if not targets:
            return False
        totals = {**self.accepted_totals(), **self.counted_totals(today, targets)}
        return all(totals.get(t.pk, Decimal(0)) >= t.quantity for t in targets)

    def missing_lead_periods(self, today: date) -> list[ReportingPeriod]:
        """Periods past due, still open, for which the lead agency has filed nothing."""
        due = today - timedelta(days=report_due_days())
        return [
            period
            for period in self.periods.all()
            if due - timedelta(days=report_close_days()) <= period.end < due
            and not any(r.agency_id == self.lead_agency_id for r in period.reports.all())
        ]

    def accepted_totals(self) -> dict[int, Decimal]:
        """Target id to the sum of figures in accepted reports."""
        totals: dict[int, Decimal] = {}
        figures = ReportFigure.objects.filter(
            report__activity=self, report__status=ReportStatus.ACCEPTED
        )
        for target_id, value in figures.values_list("target_id", "value"):
            totals[target_id] = totals.get(target_id, Decimal(0)) + value
        return totals


class Target(Orderable):
    """A measurable target of an activity: a quantity in one unit, e.g. 24 articles."""

    activity = ParentalKey(Activity, on_delete=models.CASCADE, related_name="targets")
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    description = models.CharField(
        _("details"), max_length=200, blank=True, help_text=_("e.g. in 5 languages")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.quantity.normalize():f} {self.get_unit_display()} {self.description}".strip()


ONCE = "once"


class ReportingPeriod(models.Model):
    """A period an activity is reported on; made from its dates and recurrence by the actions."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="periods")
    key = models.CharField(_("period"), max_length=20)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["activity", "start"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "key"], name="plans_period_unique_key")
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        """The key as people read it: a one-off activity reports once, on the whole of it."""
        return str(_("whole activity")) if self.key == ONCE else self.key

    @property
    def due(self) -> date:
        return self.end + timedelta(days=report_due_days())

    @property
    def closes(self) -> date:
        return self.due + timedelta(days=report_close_days())

    def is_open(self, today: date) -> bool:
        return self.start <= today <= self.closes


class ProgressReport(models.Model):
    """One agency's report on one period of an activity, reviewed by the coordinator.

    ``version`` is the optimistic lock: every save must name the version it was based on.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reports")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("period")
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="plan_reports"
    )
    summary = models.TextField(_("what was done"))
    problems = models.TextField(_("problems met"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    links = models.TextField(
        _("links to published content"), blank=True, help_text=_("One address per line.")
    )
    status = models.CharField(
        _("review"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["period", "agency"], name="plans_report_one_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.period} · {self.agency}"

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class ReportFigure(models.Model):
    """A figure against one target, in the target's unit."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="figures")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="figures")
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="plans_figure_one_per_target")
        ]

    def __str__(self) -> str:
        return f"{self.value.normalize():f} {self.get_unit_display()}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"plans/evidence/{instance.report.activity_id}/{secrets.token_hex(4)}-{filename}"


class Evidence(models.Model):
    """A file that proves the work: photos, minutes, a published brochure."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    title = models.CharField(_("title"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title


class ReportEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    REVISED = "revised", _("revised")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("sent back")


class ReportEvent(models.Model):
    """The history of a report: each submission, revision and review decision, with comments."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=10, choices=ReportEventKind.choices)
    version = models.PositiveIntegerField()
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret address of one agency's deadlines as iCalendar; revoked, it answers 404."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.agency} ({self.created_at:%Y-%m-%d})"


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", _("report due soon")
    MISSING = "missing", _("report missing")


class Reminder(models.Model):
    """A reminder sent to one agency about one period, kept so that it is sent only once."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "agency", "kind"], name="plans_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} {self.agency}"
