"""The term base, the translation memory, and the review state of each translation.

Segments and their texts are wagtail-localize's (``StringSegment``, ``StringTranslation``);
Beacon adds where each pre-filled text came from, who approved a translation and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail_localize.models import String, Translation, TranslationContext

from beacon.core.languages import validate_language
from beacon.translation.pipeline import glossary, memory


class TermKind(models.TextChoices):
    AGENCY = "agency", _("Agency")
    PLACE = "place", _("Place")
    TITLE = "title", _("Title or office")
    PROGRAMME = "programme", _("Programme or event")
    OTHER = "other", _("Other")


class GlossaryTerm(models.Model):
    """One official name and its one approved form in another language."""

    source_language = models.CharField(
        _("source language"), max_length=12, validators=[validate_language]
    )
    source_term = models.CharField(_("term"), max_length=255)
    target_language = models.CharField(
        _("target language"), max_length=12, validators=[validate_language]
    )
    target_term = models.CharField(_("approved translation"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=TermKind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    source_key = models.CharField(max_length=255, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["source_term", "target_language"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_key"],
                name="translation_term_unique_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_term} → {self.target_term} ({self.target_language})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.source_key = glossary.key(self.source_term)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def as_term(self) -> glossary.Term:
        return glossary.Term(self.source_term, self.target_term)


class MemoryUnit(models.Model):
    """A sentence and its approved translation, reused for the same or a similar sentence."""

    source_language = models.CharField(max_length=12)
    target_language = models.CharField(max_length=12)
    source_text = models.TextField()
    target_text = models.TextField()
    source_key = models.CharField(max_length=64, editable=False)
    source_length = models.PositiveIntegerField(editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField()

    class Meta:
        verbose_name = _("translation memory unit")
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_key"],
                name="translation_memory_unique_source",
            )
        ]
        indexes = [models.Index(fields=["source_language", "target_language", "source_length"])]

    def __str__(self) -> str:
        return f"{self.source_text[:40]} → {self.target_text[:40]}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.source_key = memory.source_key(self.source_text)
        self.source_length = len(memory.normalise(self.source_text))
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class TranslatorProfile(models.Model):
    """The languages a translator works into; their backlog and dashboard follow from it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translator_profile"
    )
    languages = models.JSONField(_("languages"), default=list)

    class Meta:
        verbose_name = _("translator profile")

    def __str__(self) -> str:
        return f"{self.user} ({', '.join(self.languages)})"


class TranslationReview(models.Model):
    """A translator's approval of one translation, and what the source looked like then."""

    translation = models.OneToOneField(
        Translation, on_delete=models.CASCADE, related_name="beacon_review"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_source_at = models.DateTimeField(
        null=True, blank=True, help_text="The source's last_updated_at when it was approved."
    )

    class Meta:
        verbose_name = _("translation review")

    def __str__(self) -> str:
        return f"{self.translation} approved {self.approved_at}"

    def is_approved_and_current(self) -> bool:
        return (
            self.approved_at is not None
            and self.approved_source_at is not None
            and self.approved_source_at >= self.translation.source.last_updated_at
        )


class SegmentSuggestion(models.Model):
    """Where the pre-filled text of one segment came from, and what the checks found."""

    class Origin(models.TextChoices):
        MEMORY = "memory", _("Translation memory")
        GLOSSARY = "glossary", _("Glossary")
        MACHINE = "machine", _("Machine translation")
        NONE = "none", _("Waiting for a translator")
        HUMAN = "human", _("Translator")

    translation = models.ForeignKey(
        Translation, on_delete=models.CASCADE, related_name="beacon_suggestions"
    )
    string = models.ForeignKey(String, on_delete=models.CASCADE, related_name="+")
    context = models.ForeignKey(TranslationContext, on_delete=models.CASCADE, related_name="+")
    origin = models.CharField(max_length=20, choices=Origin.choices)
    score = models.FloatField(null=True, blank=True)
    engine = models.CharField(max_length=60, blank=True)
    error = models.TextField(blank=True)
    missing_terms = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "string", "context"], name="translation_suggestion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_origin_display()} {self.string_id}"
