"""The fact base: verified facts with evidence, fact-check pages, claims, matches and responses.

A fact is a Wagtail snippet with drafts, revisions and a workflow: it is "approved" when its
reviewed revision is live, and "retired" when its agency withdraws it. Only approved facts
inside their validity period are citable (``FactQuerySet.citable``).

Fact-check pages live here rather than in ``portal``: their verdict, citations and ClaimReview
markup belong to the fact base, and ``portal`` stays a set of generic page types. They are
ordinary ``ContentPage`` s, so the portal's workflow, translations, feeds and channels apply.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from beacon.core.languages import language_choices
from beacon.lib.sanitise import plain_text
from beacon.portal.models import OWNED_CONTENT_PANELS, RICH_TEXT_FEATURES, ContentPage


def normalise(text: str) -> str:
    """The form of a statement used to spot duplicates: case and spacing do not count."""
    return " ".join(text.casefold().split())


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class FactStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    RETIRED = "retired", _("Retired")


class FactQuerySet(models.QuerySet["Fact"]):
    def approved(self) -> FactQuerySet:
        return self.filter(live=True, retired_at__isnull=True)

    def citable(self, on: datetime.date | None = None) -> FactQuerySet:
        """Approved, not retired, and valid on the day (today in the city by default)."""
        day = on or timezone.localdate()
        return (
            self.approved()
            .filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day))
            .filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day))
        )

    def due_for_review(self, on: datetime.date | None = None) -> FactQuerySet:
        day = on or timezone.localdate()
        return self.approved().filter(review_on__lte=day)


class Fact(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """A verified statement in the source language, with its translations and its evidence."""

    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("owning agency"),
        on_delete=models.PROTECT,
        related_name="facts",
        help_text=_("The agency that vouches for this fact: its reviewers approve it."),
    )
    language = models.CharField(_("language"), max_length=12, choices=language_choices)
    statement = models.TextField(_("statement"), max_length=2000)
    topic = models.CharField(_("topic"), max_length=80, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("After this day the fact is no longer cited (e.g. a yearly figure)."),
    )
    review_on = models.DateField(_("review on"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    retired_reason = models.CharField(_("why retired"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FactQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("agency"), FieldPanel("language"), FieldPanel("topic")]),
                FieldPanel("statement"),
                FieldRowPanel(
                    [FieldPanel("valid_from"), FieldPanel("valid_until"), FieldPanel("review_on")]
                ),
            ],
            heading=_("Fact"),
        ),
        InlinePanel("translations", label=_("Translations")),
        InlinePanel("evidence", label=_("Evidence"), min_num=1),
    ]

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.statement[:80]

    @property
    def specific(self) -> Fact:
        """The workflow's reviewer task reads ``obj.specific.agency``, as it does for pages."""
        return self

    @property
    def status(self) -> str:
        if self.retired_at is not None:
            return FactStatus.RETIRED
        return FactStatus.APPROVED if self.live else FactStatus.DRAFT

    def get_status_display(self) -> str:
        return str(FactStatus(self.status).label)

    def is_citable(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return (
            self.status == FactStatus.APPROVED
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or self.valid_until >= day)
        )

    def statements(self) -> dict[str, str]:
        """The statement in every language it has: the source and each translation."""
        found = {t.language: t.statement for t in self.translations.all() if t.statement.strip()}
        found[self.language] = self.statement
        return found

    def statement_in(self, language: str) -> str:
        return self.statements().get(language, "")

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("A fact cannot expire before it starts.")})
        same = Fact.objects.filter(language=self.language, retired_at__isnull=True).exclude(
            pk=self.pk
        )
        wanted = normalise(self.statement)
        for other in same.only("pk", "statement"):
            if normalise(other.statement) == wanted:
                raise ValidationError(
                    {
                        "statement": _("The same statement is already fact #%(id)d.")
                        % {"id": other.pk}
                    }
                )


class FactTranslation(Orderable):
    fact = ParentalKey(Fact, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=12, choices=language_choices)
    statement = models.TextField(_("statement"), max_length=2000)

    panels = [FieldPanel("language"), FieldPanel("statement")]

    class Meta(Orderable.Meta):
        verbose_name = _("translation")
        constraints = [
            models.UniqueConstraint(fields=["fact", "language"], name="factbase_one_per_language")
        ]


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Portal document")
    STATISTIC = "statistic", _("Official statistic")
    LINK = "link", _("Link")


class Evidence(Orderable):
    """What a fact rests on: a document of the portal, an official statistic, or a link."""

    fact = ParentalKey(Fact, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=12, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.CharField(_("value"), max_length=60, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("title")]),
        FieldPanel("document"),
        FieldRowPanel(
            [FieldPanel("value"), FieldPanel("unit"), FieldPanel("source"), FieldPanel("as_of")]
        ),
        FieldPanel("url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def clean(self) -> None:
        super().clean()
        if self.kind == EvidenceKind.DOCUMENT and self.document_id is None:
            raise ValidationError({"document": _("Choose the document.")})
        if self.kind == EvidenceKind.STATISTIC and not (self.value and self.source and self.as_of):
            raise ValidationError(
                {"value": _("A statistic needs its value, its source and its as-of date.")}
            )
        if self.kind == EvidenceKind.LINK and not self.url:
            raise ValidationError({"url": _("Give the address.")})

    def citation(self) -> str:
        """One line naming the evidence, as a response cites it."""
        if self.kind == EvidenceKind.STATISTIC:
            as_of = self.as_of.isoformat() if self.as_of else ""
            return f"{self.title}: {self.value} {self.unit} ({self.source}, {as_of})".strip()
        return self.title

    def address(self) -> str:
        if self.kind == EvidenceKind.DOCUMENT and self.document is not None:
            return str(self.document.url)
        return self.url


# --- fact-check pages ----------------------------------------------------------------------


class Verdict(models.TextChoices):
    ACCURATE = "accurate", _("Accurate")
    MOSTLY_ACCURATE = "mostly_accurate", _("Mostly accurate")
    MISLEADING = "misleading", _("Misleading")
    FALSE = "false", _("False")
    UNPROVEN = "unproven", _("Unproven")


# The published rating scale (ClaimReview ``ratingValue``, best 5, worst 1); "unproven" is not
# a point on the scale, so its rating carries only its name.
RATINGS: dict[str, int | None] = {
    Verdict.ACCURATE: 5,
    Verdict.MOSTLY_ACCURATE: 4,
    Verdict.MISLEADING: 2,
    Verdict.FALSE: 1,
    Verdict.UNPROVEN: None,
}
BEST_RATING = 5
WORST_RATING = 1


class FactCheckIndexPage(ContentPage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["factbase.FactCheckPage"]
    content_panels = [*OWNED_CONTENT_PANELS, FieldPanel("summary")]

    class Meta:
        verbose_name = _("fact-check index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["items"] = (
            FactCheckPage.objects.child_of(self).live().public().order_by("-first_published_at")
        )
        return context


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


class FactCheckPage(ContentPage):
    """A claim as it circulated, a verdict on the published scale, and the facts behind it."""

    claim_reviewed = models.TextField(_("claim"), max_length=2000)
    claim_outlet = models.CharField(_("where it appeared"), max_length=200, blank=True)
    claim_url = models.URLField(_("address of the claim"), max_length=1000, blank=True)
    claim_date = models.DateField(_("when it appeared"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    explanation = RichTextField(_("explanation"), features=RICH_TEXT_FEATURES)

    syndicate = True  # the outbox sends it to every channel (beacon.dissemination.publishing)
    syndication_body_field = "explanation"
    parent_page_types = ["factbase.FactCheckIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("claim_reviewed"),
        index.SearchField("explanation"),
    ]
    content_panels = [
        *OWNED_CONTENT_PANELS,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("claim_reviewed"),
                FieldRowPanel([FieldPanel("claim_outlet"), FieldPanel("claim_date")]),
                FieldPanel("claim_url"),
            ],
            heading=_("The claim"),
        ),
        FieldPanel("verdict"),
        FieldPanel("explanation"),
        InlinePanel("citations", label=_("Facts cited")),
    ]
    override_translatable_fields = [
        *ContentPage.override_translatable_fields,
        SynchronizedField("claim_outlet"),
        SynchronizedField("claim_url"),
        SynchronizedField("claim_date"),
        SynchronizedField("verdict"),
    ]
    schema_type = "ClaimReview"

    class Meta:
        verbose_name = _("fact check")

    def cited_facts(self) -> list[Fact]:
        return [c.fact for c in self.citations.select_related("fact").order_by("sort_order")]

    def reader_explanation(self) -> str:
        """The explanation with each cited fact's statement in the page's language.

        A translation of the page starts as a copy of the source, so a statement its translator
        has not reached yet is still in the fact's language: it is shown in the page's language
        when the fact has a translation in it, else as it is, marked with its language (screen
        readers and translation tools then read it right).
        """
        language = self.locale.language_code
        shown: dict[str, tuple[str, str]] = {}
        for fact in self.cited_facts():
            if fact.language != language:
                translated = fact.statement_in(language)
                key = normalise(fact.statement)
                shown[key] = (
                    (translated, language) if translated else (fact.statement, fact.language)
                )

        def swap(block: re.Match[str]) -> str:
            found = shown.get(normalise(plain_text(block[1])))
            if found is None:
                return block[0]
            statement, statement_language = found
            if statement_language == language:
                return f"<p>{escape(statement)}</p>"
            return f'<p lang="{statement_language}">{escape(statement)}</p>'

        return _PARAGRAPH.sub(swap, self.explanation) if shown else self.explanation

    def structured_data(self, request: HttpRequest, url: str, language: str) -> dict[str, Any]:
        from beacon.factbase.markup import claim_review

        return claim_review(self, url=url, language=language)


class FactCheckCitation(Orderable):
    page = ParentalKey(FactCheckPage, on_delete=models.CASCADE, related_name="citations")
    fact = models.ForeignKey(
        Fact, verbose_name=_("fact"), on_delete=models.PROTECT, related_name="citations"
    )

    panels = [FieldPanel("fact")]

    def clean(self) -> None:
        super().clean()
        if self.fact_id and self._state.adding and not self.fact.is_citable():
            raise ValidationError(
                {"fact": _("This fact is retired, expired or not approved: it cannot be cited.")}
            )


# --- claims, candidates, requests, responses -----------------------------------------------


class ClaimStatus(models.TextChoices):
    NEW = "new", _("New")
    MATCHED = "matched", _("Matched")
    REJECTED = "rejected", _("Rejected")
    NEEDS_FACT = "needs_fact", _("Needs a fact")


class ClaimQuerySet(models.QuerySet["Claim"]):
    def with_status(self, status: str) -> ClaimQuerySet:
        return self.filter(status=status) if status in ClaimStatus.values else self


class Claim(models.Model):
    """A check-worthy sentence from a monitored article, or pasted by an analyst."""

    article = models.ForeignKey(
        "monitoring.Article",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="claims",
    )
    text = models.TextField(_("claim"))
    language = models.CharField(_("language"), max_length=12)
    score = models.FloatField(_("check-worthiness"), default=1.0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    detected_at = models.DateTimeField(_("detected"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.NEW
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    matched_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        ordering = ["-detected_at", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "text"],
                name="factbase_claim_once_per_article",
                condition=models.Q(article__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def reason_labels(self) -> list[str]:
        """Why the sentence was picked, in the reader's language (stored as codes)."""
        from beacon.factbase.claims import REASON_LABELS

        return [str(REASON_LABELS.get(code, code)) for code in self.reasons or []]


class Decision(models.TextChoices):
    PENDING = "pending", _("To decide")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class Candidate(models.Model):
    """A fact or fact check the matcher proposes for a claim, with its scores."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="candidates")
    key = models.CharField(max_length=80)
    fact = models.ForeignKey(
        Fact, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    fact_check = models.ForeignKey(
        FactCheckPage, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=12, blank=True)
    text = models.TextField(blank=True)
    score = models.FloatField(_("score"))
    lexical = models.FloatField(_("lexical"))
    dense = models.FloatField(_("dense"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["claim", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "key"], name="factbase_candidate_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.score:.3f})"


class FactRequestQuerySet(models.QuerySet["FactRequest"]):
    def open(self) -> FactRequestQuerySet:
        return self.filter(closed_at__isnull=True)


class FactRequest(models.Model):
    """A claim no fact answers yet: a task for the agency that should establish one."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="fact_requests")
    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    fact = models.ForeignKey(Fact, null=True, blank=True, on_delete=models.SET_NULL)

    objects = FactRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("fact request")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.agency}: {self.claim}"


class ResponseQuerySet(models.QuerySet["Response"]):
    def needing_review(self) -> ResponseQuerySet:
        """Published responses that cite a fact retired after they went out."""
        return self.filter(
            published_at__isnull=False,
            page__citations__fact__retired_at__isnull=False,
        ).distinct()


class Response(models.Model):
    """The answer to a claim: a fact-check page, and how long it took to publish it."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="responses")
    page = models.OneToOneField(FactCheckPage, on_delete=models.PROTECT, related_name="response")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.page)

    @property
    def time_to_respond(self) -> datetime.timedelta | None:
        if self.published_at is None:
            return None
        return self.published_at - self.claim.detected_at


class IndexVector(models.Model):
    """The embedding of one indexed text, so that a process rebuilds the index without a model."""

    key = models.CharField(max_length=80)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "text_hash"], name="factbase_vector_once")
        ]

    def __str__(self) -> str:
        return self.key


class ClaimScan(models.Model):
    """An article already searched for claims (whether or not it had any)."""

    article = models.OneToOneField(
        "monitoring.Article", on_delete=models.CASCADE, related_name="claim_scan"
    )
    scanned_at = models.DateTimeField(default=timezone.now)
    found = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.article_id}: {self.found}"
