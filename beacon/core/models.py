"""The city, its agencies, the people who work in them, and the audit trail of what they did."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from beacon.core.languages import validate_language, validate_languages
from beacon.core.roles import AgencyKind, Role


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class CityProfile(ClusterableModel):
    """The city Beacon serves: its names, its languages and its clock.

    There is one profile per installation; nothing in the code is specific to one city.
    """

    name = models.CharField(_("official name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100)
    source_language = models.CharField(
        _("source language"), max_length=12, default="vi", validators=[validate_language]
    )
    target_languages = models.JSONField(
        _("target languages"),
        default=list,
        validators=[validate_languages],
        help_text=_("Language codes the office publishes in besides the source, e.g. en, fr, zh."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Ho_Chi_Minh", validators=[validate_time_zone]
    )
    required_translations = models.JSONField(
        _("translations required before review"),
        default=dict,
        blank=True,
        help_text=_(
            "Per page type, the target languages a translator must approve before the reviewer "
            "decides; the other languages follow, published as soon as they are approved. "
            '"*" stands for every other page type; an empty list lets the source be published '
            'at once. Example: {"newsarticlepage": ["fr"], "*": []}. '
            "Without an entry, every target language is required."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("city profile")
        verbose_name_plural = _("city profile")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.source_language in (self.target_languages or []):
            raise ValidationError(
                {"target_languages": _("The source language cannot also be a target language.")}
            )
        rules = self.required_translations
        if not isinstance(rules, dict) or not all(
            isinstance(key, str) and isinstance(value, list) for key, value in rules.items()
        ):
            raise ValidationError(
                {
                    "required_translations": _(
                        "Give a list of language codes for each page type, e.g. "
                        '{"newsarticlepage": ["fr"], "*": []}.'
                    )
                }
            )
        unknown = sorted(
            {code for codes in rules.values() for code in codes} - set(self.target_languages)
        )
        if unknown:
            raise ValidationError(
                {
                    "required_translations": _("Not target languages: %(codes)s.")
                    % {"codes": ", ".join(map(str, unknown))}
                }
            )

    def required_languages(self, page_type: str) -> list[str]:
        """The target languages approved before a page of this type (model name) is reviewed.

        The page type's own entry, else the "*" entry, else every target language (the
        strictest choice, and what an office that configured nothing expects).
        """
        rules = self.required_translations or {}
        chosen = rules.get(page_type, rules.get("*"))
        if chosen is None:
            return list(self.target_languages)
        return [language for language in self.target_languages if language in chosen]

    @property
    def working_languages(self) -> list[str]:
        return [self.source_language, *self.target_languages]

    def name_in(self, language: str) -> str:
        """The official name in a language, falling back to the short name."""
        for form in self.name_forms.all():
            if form.language == language and form.is_official:
                return form.form
        return self.short_name


class CityNameForm(models.Model):
    """One way the city is written: official names and the spellings found in the press."""

    profile = ParentalKey(CityProfile, on_delete=models.CASCADE, related_name="name_forms")
    language = models.CharField(_("language"), max_length=12, validators=[validate_language])
    form = models.CharField(_("name form"), max_length=120)
    is_official = models.BooleanField(_("official"), default=False)

    class Meta:
        verbose_name = _("name form")
        verbose_name_plural = _("name forms")
        ordering = ["language", "-is_official", "form"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "language", "form"], name="core_cityname_unique_form"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form} ({self.language})"


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)

    def of_kind(self, *kinds: str) -> AgencyQuerySet:
        return self.filter(kind__in=kinds)


# The plugin cannot type the reverse manager ``led_activities``: Activity's base, modelcluster's
# ClusterableModel, ships no type hints, so Activity gets no default manager to build it from.
class Agency(models.Model):  # type: ignore[django-manager-missing]
    """A body that takes part in external-information work, placed in the city's tree."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A short unique code, used in imports and exports, e.g. SO-TTTT."),
    )
    name = models.CharField(_("name"), max_length=255, help_text=_("In the source language."))
    names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            'Language code to name, e.g. {"en": "Department of ...", "fr": "Service ..."}.'
        ),
    )
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="lead"),
                name="core_agency_one_lead",
                violation_error_message=_("There is already a lead agency."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, language: str | None = None) -> str:
        """The name in the given (or active) language, or the source-language name."""
        language = (language or translation.get_language() or "").split("-")[0]
        # Robust to a names value that failed validation: a form showing its errors renders it.
        name = self.names.get(language) if isinstance(self.names, dict) else None
        return name if isinstance(name, str) and name else self.name

    def public_name(self, language: str) -> str:
        """The name a reader of a public page in this language can read.

        The source-language name only for readers of that language: a reader of a language
        the agency has no name in gets its English name, where it has one (a Chinese reader
        is more likely to read "Hoan Kiem District" than "Quận Hoàn Kiếm").
        """
        from beacon.core.city import get_city_profile

        names = self.names if isinstance(self.names, dict) else {}
        language = language.split("-")[0]
        profile = get_city_profile()
        source = profile.source_language if profile else ""
        for code in (language,) if language == source else (language, "en"):
            name = names.get(code)
            if isinstance(name, str) and name:
                return name
        return self.name

    def ancestor_ids(self) -> list[int]:
        """Ids of the parents up to the root; stops at a loop instead of running forever."""
        ids: list[int] = []
        seen = {self.pk}
        parent_id = self.parent_id
        while parent_id is not None and parent_id not in seen:
            ids.append(parent_id)
            seen.add(parent_id)
            parent_id = (
                Agency.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
            )
        return ids

    def clean(self) -> None:
        if self.pk is not None and self.pk in Agency(parent_id=self.parent_id).ancestor_ids():
            raise ValidationError(
                {"parent": _("An agency cannot be placed under itself or one of its own units.")}
            )
        names = self.names or {}
        if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
            # display_name() and __str__ expect text: a number or a list here breaks every page
            # that shows the agency.
            raise ValidationError(
                {"names": _('Give names as language code to text, e.g. {"en": "District 1"}.')}
            )
        for language in names:
            validate_language(language)


class Membership(models.Model):
    """A person's role in one agency. Permissions follow from these rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("role in an agency")
        verbose_name_plural = _("people and roles")
        ordering = ["agency__name", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="core_membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency}"


class ImmutableError(Exception):
    """Raised when code tries to change or remove an audit event."""


class AuditEvent(models.Model):
    """One change made through an action: who, what, when, and the values before and after.

    Rows are written once, in the same transaction as the change they describe, and are never
    updated or deleted by the application.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableError("audit events cannot be deleted")


class WorkerHeartbeat(models.Model):
    """When a background worker last ran a scheduled job: proof that worker and scheduler live."""

    name = models.CharField(max_length=100, primary_key=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")

    def __str__(self) -> str:
        return f"{self.name} {self.seen_at:%Y-%m-%d %H:%M:%S}"


class ProcessLock(models.Model):
    """A named lock held by one process until ``expires_at``: the singleton scheduler's, say.

    In the database, not the broker or a file, so it holds across machines with the database
    they all share; a holder that dies releases it by letting it expire (see ``core/locks.py``).
    """

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=200)
    acquired_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("process lock")

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder} until {self.expires_at:%Y-%m-%d %H:%M:%S}"
