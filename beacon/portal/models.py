"""The portal's page types, one tree per language (wagtail-localize keeps them in step).

Every content page belongs to an agency (who may edit it follows from that) and carries a
summary used in listings, feeds, Open Graph and schema.org markup.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from beacon.portal.forms import ContentPageForm
from beacon.portal.workflow import ReviewerApprovalTask, TranslationsApprovedTask

__all__ = [
    "ArticlePage",
    "DocumentLibraryPage",
    "EventIndexPage",
    "EventPage",
    "GoverningDocumentPage",
    "HomePage",
    "NewsIndexPage",
    "ReviewerApprovalTask",
    "StandardPage",
    "StoryPage",
    "ThemeIndexPage",
    "ThemePage",
    "TranslationsApprovedTask",
]

OWNED_CONTENT_PANELS = [*Page.content_panels, FieldPanel("agency")]
"""The head of every content tab: the title, then the agency the page belongs to (the author
sees where it is filed, and it starts as the author's own agency)."""

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ContentPage(Page):
    """Fields shared by every page that says something: owner, summary, image."""

    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The agency this page belongs to: its officers may propose changes."),
    )
    summary = models.TextField(
        _("summary"), max_length=400, blank=True, help_text=_("One or two sentences.")
    )
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    base_form_class = ContentPageForm

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    override_translatable_fields = [SynchronizedField("agency"), SynchronizedField("image")]

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.image is not None and not (self.image.description or "").strip():
            raise ValidationError(
                {"image": _("This image has no alt text: describe it in the image library.")}
            )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from beacon.portal.seo import page_meta

        context = super().get_context(request, *args, **kwargs)
        context["meta"] = page_meta(self, request)
        return context


class HomePage(ContentPage):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    parent_page_types = ["wagtailcore.Page"]
    content_panels = [*OWNED_CONTENT_PANELS, FieldPanel("summary"), FieldPanel("intro")]
    max_count_per_parent = None

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        pages = ArticlePage.objects.live().public().filter(locale=self.locale)
        latest = list(pages.specific().order_by("-date", "-first_published_at")[:7])
        context["lead"] = latest[0] if latest else None
        context["latest"] = latest[1:]
        context["events"] = (
            EventPage.objects.live()
            .public()
            .filter(locale=self.locale, start__gte=timezone.now() - datetime.timedelta(days=1))
            .order_by("start")[:3]
        )
        context["themes"] = ThemePage.objects.live().public().filter(locale=self.locale)[:6]
        context["documents"] = (
            GoverningDocumentPage.objects.live()
            .public()
            .filter(locale=self.locale)
            .order_by("-signed_on")[:4]
        )
        return context


class NewsIndexPage(ContentPage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.NewsArticlePage", "portal.StoryPage"]
    content_panels = [*OWNED_CONTENT_PANELS, FieldPanel("summary")]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        children = (
            ArticlePage.objects.child_of(self)
            .live()
            .public()
            .specific()
            .order_by("-date", "-first_published_at")
        )
        context["items"] = Paginator(children, 12).get_page(request.GET.get("page"))
        return context


class ArticlePage(ContentPage):
    """A news article or a feature story: text, date, theme."""

    date = models.DateField(_("date"), default=datetime.date.today)
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES)
    theme = models.ForeignKey(
        "portal.ThemePage",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    place = models.CharField(_("place"), max_length=120, blank=True)

    is_creatable = False
    syndicate = True  # the outbox sends it to every channel (beacon.dissemination.publishing)
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types: list[str] = []
    search_fields = [*ContentPage.search_fields, index.SearchField("body")]
    content_panels = [
        *OWNED_CONTENT_PANELS,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("place"), FieldPanel("theme")]),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    override_translatable_fields = [
        *ContentPage.override_translatable_fields,
        SynchronizedField("date"),
        SynchronizedField("theme"),
    ]

    class Meta:
        verbose_name = _("article")

    schema_type = "NewsArticle"


class NewsArticlePage(ArticlePage):
    is_creatable = True

    class Meta:
        verbose_name = _("news article")


class StoryPage(ArticlePage):
    is_creatable = True
    schema_type = "Article"

    class Meta:
        verbose_name = _("feature story")


class EventIndexPage(ContentPage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.EventPage"]
    content_panels = [*OWNED_CONTENT_PANELS, FieldPanel("summary")]

    class Meta:
        verbose_name = _("event calendar")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["items"] = EventPage.objects.child_of(self).live().public().order_by("start")
        return context


class EventPage(ContentPage):
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=255, blank=True)
    body = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)

    syndicate = True  # the outbox sends it to every channel (beacon.dissemination.publishing)
    parent_page_types = ["portal.EventIndexPage"]
    subpage_types: list[str] = []
    search_fields = [*ContentPage.search_fields, index.SearchField("body")]
    content_panels = [
        *OWNED_CONTENT_PANELS,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("address")]),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    override_translatable_fields = [
        *ContentPage.override_translatable_fields,
        SynchronizedField("start"),
        SynchronizedField("end"),
    ]

    class Meta:
        verbose_name = _("event")

    def clean(self) -> None:
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})


class ThemeIndexPage(ContentPage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.ThemePage"]
    content_panels = [*OWNED_CONTENT_PANELS, FieldPanel("summary")]

    class Meta:
        verbose_name = _("theme index")


class ThemePage(ContentPage):
    """A theme or campaign (culture, heritage, investment, tourism…) with its own feeds."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    parent_page_types = ["portal.ThemeIndexPage"]
    subpage_types: list[str] = []
    content_panels = [
        *OWNED_CONTENT_PANELS,
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("intro"),
    ]

    class Meta:
        verbose_name = _("theme or campaign")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["items"] = (
            ArticlePage.objects.live()
            .public()
            .filter(locale=self.locale, theme__translation_key=self.translation_key)
            .specific()
            .order_by("-date", "-first_published_at")[:20]
        )
        return context


class DocumentLibraryPage(ContentPage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.GoverningDocumentPage"]
    content_panels = [*OWNED_CONTENT_PANELS, FieldPanel("summary")]

    class Meta:
        verbose_name = _("document library")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        documents = GoverningDocumentPage.objects.child_of(self).live().public()
        status = request.GET.get("status", "")
        if status in DocumentStatus.values:
            documents = documents.filter(status=status)
        context["items"] = documents.order_by("-signed_on", "title")
        context["statuses"] = DocumentStatus.choices
        context["status"] = status
        return context


class DocumentType(models.TextChoices):
    LAW = "law", _("Law")
    DECREE = "decree", _("Decree")
    DECISION = "decision", _("Decision")
    DIRECTIVE = "directive", _("Directive")
    PLAN = "plan", _("Plan")
    CIRCULAR = "circular", _("Circular")
    LETTER = "letter", _("Official letter")


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPLACED = "replaced", _("Replaced")
    EXPIRED = "expired", _("Expired")


class GoverningDocumentPage(ContentPage):
    """A legal or planning document that governs the work, with its file and its lineage."""

    number = models.CharField(_("number"), max_length=80, help_text=_("e.g. 72/2015/NĐ-CP"))
    document_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    signed_on = models.DateField(_("signed on"))
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.IN_FORCE
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="amended_by",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("notes"), blank=True, features=RICH_TEXT_FEATURES)

    parent_page_types = ["portal.DocumentLibraryPage"]
    subpage_types: list[str] = []
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("number"),
        index.SearchField("issuing_body"),
        index.FilterField("status"),
    ]
    content_panels = [
        *OWNED_CONTENT_PANELS,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("document_type")]),
                FieldPanel("issuing_body"),
                FieldRowPanel(
                    [FieldPanel("signed_on"), FieldPanel("effective_on"), FieldPanel("status")]
                ),
                FieldRowPanel([FieldPanel("amends"), FieldPanel("replaces")]),
                FieldPanel("document"),
            ],
            heading=_("The document"),
        ),
        FieldPanel("body"),
    ]
    override_translatable_fields = [
        *ContentPage.override_translatable_fields,
        SynchronizedField("number"),
        SynchronizedField("document_type"),
        SynchronizedField("signed_on"),
        SynchronizedField("effective_on"),
        SynchronizedField("status"),
        SynchronizedField("amends"),
        SynchronizedField("replaces"),
        SynchronizedField("document"),
        TranslatableField("issuing_body"),
    ]

    class Meta:
        verbose_name = _("governing document")

    schema_type = "Legislation"


class StandardPage(ContentPage):
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES)

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    content_panels = [*OWNED_CONTENT_PANELS, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*ContentPage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("plain page")
