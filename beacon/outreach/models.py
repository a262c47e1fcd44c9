"""Partners, events with public registration, foreign press requests and community stories.

Beacon works on content, not people. The only personal data here are what people gave to be
contacted or to take part: a partner's contact who consented (date and source recorded, erased
on withdrawal or when the retention date passes), a registration to an event, a journalist's
request and a story's author. Each row holds a random secret from which the private links in
mails are derived (``beacon.outreach.tokens``), so no link is guessable and none needs a login.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beacon.core.models import Agency


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def new_code() -> str:
    """A check-in code short enough to type: 8 letters and digits without look-alikes."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class PartnerKind(models.TextChoices):
    SISTER_CITY = "sister_city", _("Sister or partner city")
    EMBASSY = "embassy", _("Embassy or consulate")
    INTERNATIONAL_ORG = "international_org", _("International organisation")
    FOREIGN_MEDIA = "foreign_media", _("Foreign media")
    FRIENDSHIP = "friendship", _("Friendship association")
    OVERSEAS_VIETNAMESE = "overseas_vietnamese", _("Overseas Vietnamese association")
    CHAMBER = "chamber", _("Foreign business chamber")
    COMMUNITY = "community", _("Foreign community group")
    UNIVERSITY = "university", _("University")


class PartnerQuerySet(models.QuerySet["Partner"]):
    def for_agencies(self, ids: set[int] | None) -> PartnerQuerySet:
        return self if ids is None else self.filter(agency_id__in=ids)


class Partner(models.Model):
    """An organisation the office works with; owned by one agency, which keeps it up to date."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=PartnerKind.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. FR."))
    languages = models.JSONField(_("languages"), default=list, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="partners"
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def dedupe_key(name: str, country: str) -> str:
        """Two rows name the same partner when their names match ignoring case, spaces, dots."""
        letters = "".join(ch for ch in name.casefold() if ch.isalnum())
        return f"{country.strip().upper()}:{letters}"


class ContactQuerySet(models.QuerySet["Contact"]):
    def reachable(self) -> ContactQuerySet:
        """People who agreed to be contacted and did not withdraw; erased rows never are."""
        return self.filter(withdrawn_at__isnull=True, erased_at__isnull=True).exclude(email="")

    def due_for_erasure(self, today: date) -> ContactQuerySet:
        return self.filter(erased_at__isnull=True).filter(
            Q(withdrawn_at__isnull=False) | Q(keep_until__lt=today)
        )


class Contact(models.Model):
    """A person at a partner who agreed to be contacted; kept no longer than ``keep_until``."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    is_press = models.BooleanField(
        _("press contact"), default=False, help_text=_("On the office's press contacts list.")
    )
    consent_on = models.DateField(_("consent given on"))
    consent_source = models.CharField(
        _("consent source"), max_length=200, help_text=_("Where and how the person agreed.")
    )
    keep_until = models.DateField(_("keep until"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["partner__name", "name"]
        verbose_name = _("contact")

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """A signed agreement (a sister-city MoU…), its dates and the document in the library."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(_("title"), max_length=255)
    signed_on = models.DateField(_("signed on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("agreement")

    def __str__(self) -> str:
        return self.title


class Exchange(models.Model):
    """One line of a partner's history: a visit, a meeting, an event they came to."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="history")
    on = models.DateField(_("date"))
    summary = models.CharField(_("summary"), max_length=300)
    event = models.ForeignKey(
        "OutreachEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-on"]
        verbose_name = _("exchange")

    def __str__(self) -> str:
        return self.summary


class PartnerList(models.Model):
    """A named set of partners an agency invites together (e.g. "Embassies in Hanoi")."""

    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="partner_lists")
    partners = models.ManyToManyField(Partner, related_name="lists", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner list")

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    FRIENDSHIP = "friendship", _("Friendship event")
    PRESS_TRIP = "press_trip", _("Press trip for foreign journalists")
    PRESS_CONFERENCE = "press_conference", _("Press conference")
    CULTURAL_WEEK = "cultural_week", _("Cultural week abroad")
    CONFERENCE = "conference", _("Conference")


class OutreachEventQuerySet(models.QuerySet["OutreachEvent"]):
    def for_agencies(self, ids: set[int] | None) -> OutreachEventQuerySet:
        """Events these agencies organise or cooperate in."""
        if ids is None:
            return self
        return self.filter(Q(organiser_id__in=ids) | Q(cooperating__in=ids)).distinct()

    def held_between(self, start: date, end: date) -> OutreachEventQuerySet:
        return self.filter(
            is_cancelled=False, page__start__date__gte=start, page__start__date__lte=end
        )


class OutreachEvent(models.Model):
    """What outreach adds to a portal event page: registration, capacity, agencies, check-in.

    The page (and its translations) says what the event is; this row, one per event in the
    source language, holds what is the same in every language.
    """

    page = models.OneToOneField(
        "portal.EventPage", on_delete=models.CASCADE, related_name="outreach"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    capacity = models.PositiveIntegerField(_("seats"), default=0, help_text=_("0: no limit."))
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    organiser = models.ForeignKey(
        Agency, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    cooperating = models.ManyToManyField(
        Agency, verbose_name=_("cooperating agencies"), related_name="+", blank=True
    )
    map_url = models.URLField(_("map link"), blank=True)
    registration_open = models.BooleanField(_("registration open"), default=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    objects = OutreachEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("outreach event")

    def __str__(self) -> str:
        return self.page.title

    def seats_taken(self) -> int:
        return self.registrations.filter(status=RegistrationStatus.CONFIRMED).count()

    def has_seat(self) -> bool:
        return not self.capacity or self.seats_taken() < self.capacity


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for e-mail confirmation")
    CONFIRMED = "confirmed", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """One person's seat (or place on the waiting list); no account, links by e-mail."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(max_length=10)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(
        max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    code = models.CharField(max_length=8, default=new_code, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_registration_per_email")
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.event}"


class Invitation(models.Model):
    """An invitation mailed to a partner list's reachable contacts, kept as proof it was sent."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="invitations")
    partner_list = models.ForeignKey(PartnerList, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    sent_to = models.PositiveIntegerField(default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.partner_list} · {self.event}"


class PressStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("Answer in review")
    ANSWERED = "answered", _("Answered")


class PressRequestQuerySet(models.QuerySet["PressRequest"]):
    def for_agencies(self, ids: set[int] | None) -> PressRequestQuerySet:
        return self if ids is None else self.filter(agency_id__in=ids)


class PressRequest(models.Model):
    """A foreign journalist asks to report in the city; the agency concerned answers."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency concerned"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    outlet = models.CharField(_("media outlet"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    topic = models.TextField(_("topic"), max_length=2000)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    places = models.TextField(_("places to visit"), max_length=1000, blank=True)
    interviews = models.TextField(_("interview requests"), max_length=1000, blank=True)
    language = models.CharField(max_length=10)
    status = models.CharField(
        max_length=12, choices=PressStatus.choices, default=PressStatus.RECEIVED
    )
    answer = models.TextField(_("answer"), blank=True)
    approved = models.BooleanField(_("request granted"), null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = PressRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("press request")

    def __str__(self) -> str:
        return f"{self.outlet}: {self.name}"


class StoryStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
    SUBMITTED = "submitted", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0")
    PUBLISH_ONLY = "publish-only", _("Publication by the city only")


class CommunityStoryQuerySet(models.QuerySet["CommunityStory"]):
    def for_agencies(self, ids: set[int] | None) -> CommunityStoryQuerySet:
        return self if ids is None else self.filter(agency_id__in=ids)


class CommunityStory(models.Model):
    """A "Hanoi through your eyes" story: the submission, then the portal page it became."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency concerned"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("your story"), max_length=5000)
    place = models.CharField(_("place"), max_length=120, blank=True)
    language = models.CharField(max_length=10)
    author_name = models.CharField(_("name to publish"), max_length=120)
    email = models.EmailField(_("e-mail"))
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices)
    consent_at = models.DateTimeField(editable=False)
    status = models.CharField(
        max_length=12, choices=StoryStatus.choices, default=StoryStatus.UNCONFIRMED
    )
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    page = models.ForeignKey(
        "portal.StoryPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommunityStoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("community story")
        verbose_name_plural = _("community stories")

    def __str__(self) -> str:
        return self.title


class StoryPhoto(models.Model):
    """A photo of a story, stored without its metadata (EXIF, GPS) in the image library."""

    story = models.ForeignKey(CommunityStory, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return str(self.image)
