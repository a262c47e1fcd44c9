"""The translation status board: every source item by every target language, and the backlogs.

A cell is one of:

- ``missing``: no translation started, or nothing in it filled yet;
- ``machine``: pre-filled (memory, glossary, engine) and waiting for a translator;
- ``reviewed``: approved by a translator, not live yet;
- ``published``: approved and live;
- ``out_of_date``: approved once, but the source changed since.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from beacon.core import policy
from beacon.portal.access import hidden_page_ids
from beacon.portal.models import DocumentLibraryPage, EventIndexPage, NewsIndexPage, ThemeIndexPage
from beacon.translation.actions import target_locales

# Index pages list other pages; they have nothing of their own to translate.
INDEX_TYPES = (NewsIndexPage, EventIndexPage, ThemeIndexPage, DocumentLibraryPage)


class Status(models.TextChoices):
    MISSING = "missing", _("missing")
    MACHINE = "machine", _("machine / in translation")
    REVIEWED = "reviewed", _("reviewed")
    PUBLISHED = "published", _("published")
    OUT_OF_DATE = "out_of_date", _("out of date")


@dataclass
class Cell:
    status: Status
    translation_id: int | None = None
    progress: tuple[int, int] | None = None
    assignee: str = ""


@dataclass
class Row:
    page: Page
    cells: dict[str, Cell] = field(default_factory=dict)
    # Whether the viewer may open the page's editor, and its translations: links only then.
    can_edit: bool = False
    can_review: bool = False

    @property
    def complete(self) -> bool:
        return all(cell.status == Status.PUBLISHED for cell in self.cells.values())


def cell_status(
    translation: Translation | None, target: Page | None, progress: tuple[int, int] | None
) -> Status:
    if translation is None:
        return Status.MISSING
    review = getattr(translation, "beacon_review", None)
    if review is None or review.approved_at is None:
        return Status.MACHINE if progress and progress[1] else Status.MISSING
    if not review.is_approved_and_current():
        return Status.OUT_OF_DATE
    if target is not None and target.live and not target.has_unpublished_changes:
        return Status.PUBLISHED
    return Status.REVIEWED


def source_pages(user: Any) -> Any:
    """Content pages in the source language, below the home pages, that the user may read."""
    targets = {locale.pk for locale in target_locales()}
    pages = Page.objects.filter(depth__gt=3).exclude(locale_id__in=targets).not_type(*INDEX_TYPES)
    hidden = hidden_page_ids(user)
    if hidden:
        pages = pages.exclude(pk__in=hidden)
    if not policy.can(user, "translation", "read"):
        return pages.none()
    return pages.order_by("-latest_revision_created_at")


def board(pages: list[Page], locales: list[Locale]) -> list[Row]:
    keys = [page.translation_key for page in pages]
    sources = {
        source.object_id: source for source in TranslationSource.objects.filter(object_id__in=keys)
    }
    translations: dict[tuple[int, int], Translation] = {
        (translation.source_id, translation.target_locale_id): translation
        for translation in Translation.objects.filter(
            source__in=sources.values(), enabled=True
        ).select_related("beacon_review", "beacon_review__assignee", "source")
    }
    targets = {
        (page.translation_key, page.locale_id): page
        for page in Page.objects.filter(translation_key__in=keys, locale__in=locales)
    }
    progress_of = _progress(list(sources.values()), locales)
    rows = []
    for page in pages:
        row = Row(page)
        source = sources.get(page.translation_key)
        for locale in locales:
            translation = translations.get((source.pk, locale.pk)) if source else None
            target = targets.get((page.translation_key, locale.pk))
            review = getattr(translation, "beacon_review", None) if translation else None
            progress = progress_of[(source.pk, locale.pk)] if translation and source else None
            row.cells[locale.language_code] = Cell(
                cell_status(translation, target, progress),
                translation.pk if translation else None,
                progress,
                review.assignee.get_username() if review and review.assignee else "",
            )
        rows.append(row)
    return rows


def _progress(
    sources: list[TranslationSource], locales: list[Locale]
) -> dict[tuple[int, int], tuple[int, int]]:
    """(source, locale) to (segments, translated): ``Translation.get_progress`` for the whole
    board in two queries instead of one per cell."""
    segments: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for source_id, string_id, context_id in StringSegment.objects.filter(
        source__in=sources
    ).values_list("source_id", "string_id", "context_id"):
        segments[source_id].append((string_id, context_id))
    done = set(
        StringTranslation.objects.filter(
            translation_of_id__in={string for own in segments.values() for string, _ in own},
            locale__in=locales,
            has_error=False,
        ).values_list("translation_of_id", "context_id", "locale_id")
    )
    progress: dict[tuple[int, int], tuple[int, int]] = {}
    for source in sources:
        own = segments[source.pk]
        for locale in locales:
            translated = sum((string, context, locale.pk) in done for string, context in own)
            progress[(source.pk, locale.pk)] = (len(own), translated)
    return progress


@dataclass
class Backlog:
    """Counts per language (in the order of ``Status``) and open work per translator."""

    per_language: list[tuple[str, list[int]]]
    per_translator: list[tuple[str, int]]


def backlog(rows: list[Row]) -> Backlog:
    counts: dict[str, Counter[str]] = {}
    per_translator: Counter[str] = Counter()
    for row in rows:
        for language, cell in row.cells.items():
            counts.setdefault(language, Counter())[cell.status] += 1
            if cell.translation_id and cell.status not in (Status.REVIEWED, Status.PUBLISHED):
                per_translator[cell.assignee or "—"] += 1
    per_language = [
        (language, [counter[status] for status in Status]) for language, counter in counts.items()
    ]
    return Backlog(per_language, per_translator.most_common())
