"""Every write of the translation app: glossary, pre-translation, segments, approval, publishing.

Each action runs in one transaction and records its audit event in it (STYLE.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from anyascii import anyascii
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from beacon.core import audit, policy
from beacon.core.actions import save_with_audit
from beacon.core.city import get_city_profile
from beacon.core.models import Agency
from beacon.translation import pipeline
from beacon.translation.access import can_translate, source_agency
from beacon.translation.engines import configured_engine
from beacon.translation.models import (
    GlossaryTerm,
    MemoryUnit,
    SegmentSuggestion,
    TermKind,
    TranslationReview,
    TranslatorProfile,
)
from beacon.translation.pipeline import glossary
from beacon.translation.pipeline.memory import (
    MemoryEntry,
    MemoryMatch,
    best_match,
    length_window,
    source_key,
)
from beacon.translation.signals import translation_approved

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from beacon.core.types import UserLike

FUZZY_THRESHOLD = 0.75
HELP_THRESHOLD = 0.5
SegmentKey = tuple[int, int]  # (String id, TranslationContext id)


class GlossaryConflict(ValidationError):
    """A term already has a different approved translation; the existing one is kept."""


# --- glossary ------------------------------------------------------------------------------


def terms_for(source: str, target: str) -> list[glossary.Term]:
    rows = GlossaryTerm.objects.filter(source_language=source, target_language=target)
    return [row.as_term() for row in rows]


@transaction.atomic
def do_save_term(term: GlossaryTerm, *, acting_user: UserLike | None) -> GlossaryTerm:
    """Add or change a term; refuse a second, different translation of the same source term."""
    if acting_user is not None and not policy.can(acting_user, "glossary", "write"):
        raise PermissionDenied
    clash = (
        GlossaryTerm.objects.filter(
            source_language=term.source_language,
            target_language=term.target_language,
            source_key=glossary.key(term.source_term),
        )
        .exclude(pk=term.pk)
        .first()
    )
    if clash is not None:
        if glossary.key(clash.target_term) == glossary.key(term.target_term):
            return clash
        raise GlossaryConflict(
            _("“%(term)s” already has the approved translation “%(existing)s” in %(lang)s.")
            % {
                "term": term.source_term,
                "existing": clash.target_term,
                "lang": clash.target_language,
            }
        )
    save_with_audit(
        term, acting_user=acting_user, verb="update" if term.pk else "create", agency=None
    )
    return term


@dataclass
class SeedReport:
    created: int
    conflicts: list[str]


def do_seed_glossary(*, acting_user: UserLike | None) -> SeedReport:
    """Terms from what Beacon already knows: agency names and the city's official names.

    A conflict with a term someone already approved is reported and the existing term kept.
    """
    profile = get_city_profile()
    if profile is None:
        return SeedReport(0, [])
    source = profile.source_language
    candidates: list[tuple[str, str, str, str]] = []
    for agency in Agency.objects.active():
        for language, name in (agency.names or {}).items():
            candidates.append((agency.name, language, name, TermKind.AGENCY))
    official = {form.language: form.form for form in profile.name_forms.all() if form.is_official}
    for language, name in official.items():
        if language != source and source in official:
            candidates.append((official[source], language, name, TermKind.PLACE))
    created, conflicts = 0, []
    for source_term, language, target_term, kind in candidates:
        if language == source:
            continue
        term = GlossaryTerm(
            source_language=source,
            source_term=source_term,
            target_language=language,
            target_term=target_term,
            kind=kind,
        )
        exists = GlossaryTerm.objects.filter(
            source_language=source, target_language=language, source_key=glossary.key(source_term)
        ).exists()
        try:
            do_save_term(term, acting_user=acting_user)
        except GlossaryConflict as exc:
            conflicts.append(exc.messages[0])
            continue
        created += not exists
    return SeedReport(created, conflicts)


# --- translation memory --------------------------------------------------------------------


def memory_for(
    source: str, target: str, threshold: float = FUZZY_THRESHOLD
) -> Callable[[str], list[MemoryEntry]]:
    """A lookup of memory candidates for one sentence: the exact key, then a length window."""
    units = MemoryUnit.objects.filter(source_language=source, target_language=target)

    def lookup(text: str) -> list[MemoryEntry]:
        exact = units.filter(source_key=source_key(text)).first()
        if exact is not None:
            return [MemoryEntry(exact.source_text, exact.target_text)]
        low, high = length_window(text, threshold)
        nearby = units.filter(source_length__gte=low, source_length__lte=high)[:500]
        return [MemoryEntry(unit.source_text, unit.target_text) for unit in nearby]

    return lookup


def remember(
    source: str, target: str, source_text: str, target_text: str, user: UserLike | None
) -> None:
    MemoryUnit.objects.update_or_create(
        source_language=source,
        target_language=target,
        source_key=source_key(source_text),
        defaults={
            "source_text": source_text,
            "target_text": target_text,
            "approved_by": user if user is not None and user.is_authenticated else None,
            "approved_at": timezone.now(),
        },
    )


@dataclass
class SegmentHelp:
    """What the translator is shown beside a segment: the nearest memory, the glossary's terms."""

    memory: MemoryMatch | None
    terms: list[glossary.Term]


def segment_help(translation: Translation, texts: Sequence[str]) -> list[SegmentHelp]:
    """Memory and glossary help for each source text of a translation, new text included.

    Pre-translation only fills a segment from a memory match of at least 75 %; a translator
    working on a new sentence still gains from a looser match (from 50 %, shown with its score)
    and from the approved names the sentence contains.
    """
    source_language = translation.source.locale.language_code
    target_language = translation.target_locale.language_code
    lookup = memory_for(source_language, target_language, HELP_THRESHOLD)
    terms = terms_for(source_language, target_language)
    return [
        SegmentHelp(
            memory=best_match(text, lookup(text), HELP_THRESHOLD),
            terms=[term for _start, _end, term in glossary.find(text, terms)],
        )
        for text in texts
    ]


# --- requesting and pre-filling translations -----------------------------------------------


def target_locales() -> list[Locale]:
    """The locales the office publishes in besides the source (city profile ∩ configured)."""
    profile = get_city_profile()
    languages = profile.target_languages if profile else []
    return list(Locale.objects.filter(language_code__in=languages).order_by("language_code"))


def is_source_page(page: Page) -> bool:
    """Whether the page is written in the source language (not a translation of another)."""
    return page.locale_id not in {locale.pk for locale in target_locales()}


def _translator_for(language: str) -> Any:
    """The first translator who works into the language (a handful of people: read them all)."""
    for candidate in TranslatorProfile.objects.select_related("user").order_by("pk"):
        if language in candidate.languages and candidate.user.is_active:
            return candidate.user
    return None


@transaction.atomic
def do_request_translations(page: Page, *, acting_user: UserLike | None) -> list[Translation]:
    """Freeze the page's latest draft as translation source and pre-fill every target locale.

    Run again after the source changed: only segments without a translation get new work.
    """
    page = page.specific
    latest = page.get_latest_revision_as_object()
    source = _update_source(latest)
    translations = []
    for locale in target_locales():
        if locale.pk == source.locale_id:
            continue
        translation, created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        TranslationReview.objects.get_or_create(
            translation=translation,
            defaults={"assignee": _translator_for(locale.language_code)},
        )
        do_pretranslate(translation)
        translation.save_target(user=acting_user, publish=False)
        if created:
            audit.record(
                actor=acting_user,
                action="translation.request",
                instance=translation,
                changes={"locale": [None, locale.language_code]},
                agency=getattr(page, "agency", None),
            )
        translations.append(translation)
    return translations


def _segment_texts_of(source: TranslationSource) -> list[tuple[str, str]]:
    return list(
        StringSegment.objects.filter(source=source)
        .order_by("order")
        .values_list("context__path", "string__data")
    )


def _update_source(instance: Any) -> TranslationSource:
    """Freeze the instance as translation source; its date moves only when its text changed.

    Approved translations count as out of date when the source is newer than their approval.
    A change to a field that is synchronised, not translated (the agency, the image, a date)
    updates the source's content, which the translations copy, but keeps its date, so nobody
    is asked to approve every language again for it.
    """
    before = TranslationSource.objects.get_for_instance_or_none(instance)
    previous = (before.last_updated_at, _segment_texts_of(before)) if before else None
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    if previous is not None and _segment_texts_of(source) == previous[1]:
        TranslationSource.objects.filter(pk=source.pk).update(last_updated_at=previous[0])
        source.last_updated_at = previous[0]
    return source


@dataclass
class PretranslateReport:
    filled: dict[str, int]
    waiting: int


def do_pretranslate(translation: Translation) -> PretranslateReport:
    """Fill the untranslated segments of one translation through the pipeline."""
    source_language = translation.source.locale.language_code
    target_language = translation.target_locale.language_code
    segments = list(
        StringSegment.objects.filter(source=translation.source)
        .annotate_translation(translation.target_locale)
        .select_related("string", "context")
        .order_by("order")
    )
    todo = [segment for segment in segments if segment.translation is None]
    options = pipeline.Options(
        source=source_language,
        target=target_language,
        fuzzy_threshold=FUZZY_THRESHOLD,
        engine=configured_engine(),
    )
    suggestions = pipeline.pretranslate(
        [segment.string.data for segment in todo],
        memory_for=memory_for(source_language, target_language),
        terms=terms_for(source_language, target_language),
        options=options,
    )
    report = PretranslateReport({}, 0)
    for segment, suggestion in zip(todo, suggestions, strict=True):
        if suggestion.text is not None:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=translation.target_locale,
                context=segment.context,
                defaults={
                    "data": suggestion.text,
                    "translation_type": (
                        StringTranslation.TRANSLATION_TYPE_MACHINE
                        if suggestion.origin == pipeline.MACHINE
                        else StringTranslation.TRANSLATION_TYPE_MANUAL
                    ),
                    "tool_name": suggestion.engine or suggestion.origin,
                    "has_error": False,
                },
            )
            report.filled[suggestion.origin] = report.filled.get(suggestion.origin, 0) + 1
        else:
            report.waiting += 1
        SegmentSuggestion.objects.update_or_create(
            translation=translation,
            string=segment.string,
            context=segment.context,
            defaults={
                "origin": suggestion.origin,
                "score": suggestion.score,
                "engine": suggestion.engine,
                "error": suggestion.error,
                "missing_terms": [
                    {"source": t.source, "target": t.target} for t in suggestion.missing_terms
                ],
            },
        )
    Translation.objects.filter(pk=translation.pk).update(
        translations_last_updated_at=timezone.now()
    )
    return report


# --- the translator's work -----------------------------------------------------------------


@transaction.atomic
def do_save_segments(
    translation: Translation, texts: dict[SegmentKey, str], *, acting_user: UserLike
) -> int:
    """Store a translator's texts for some segments; re-check them against the glossary."""
    if not can_translate(acting_user, translation):
        raise PermissionDenied
    source_language = translation.source.locale.language_code
    terms = terms_for(source_language, translation.target_locale.language_code)
    segments = {
        (segment.string_id, segment.context_id): segment
        for segment in StringSegment.objects.filter(source=translation.source).select_related(
            "string"
        )
    }
    changed = 0
    for key, text in texts.items():
        segment = segments.get(key)
        text = text.strip()
        if segment is None or not text:
            continue
        current = StringTranslation.objects.filter(
            translation_of_id=key[0], context_id=key[1], locale=translation.target_locale
        ).first()
        if current is not None and current.data == text:
            continue
        StringTranslation.objects.update_or_create(
            translation_of_id=key[0],
            context_id=key[1],
            locale=translation.target_locale,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "tool_name": "",
                "last_translated_by": acting_user,
                "has_error": False,
                "field_error": "",
            },
        )
        flagged = glossary.missing(segment.string.data, text, terms)
        SegmentSuggestion.objects.update_or_create(
            translation=translation,
            string_id=key[0],
            context_id=key[1],
            defaults={
                "origin": SegmentSuggestion.Origin.HUMAN,
                "score": None,
                "engine": "",
                "error": "",
                "missing_terms": [{"source": t.source, "target": t.target} for t in flagged],
            },
        )
        changed += 1
    if changed:
        audit.record(
            actor=acting_user,
            action="translation.edit",
            instance=translation,
            changes={"segments": [None, changed]},
            agency=source_agency(translation),
        )
    return changed


SLUG_PATH = "slug"


def derive_slug(translation: Translation) -> None:
    """Give the translated page a slug from its translated title, unless it already has one.

    A slug is an address, not text: nobody is asked to translate it. It follows the title's
    translation (transliterated to ASCII), or keeps the source's slug while there is none.
    """
    segments = {
        segment.context.path: segment
        for segment in StringSegment.objects.filter(
            source=translation.source, context__path__in=[SLUG_PATH, "title"]
        ).select_related("string", "context")
    }
    slug = segments.get(SLUG_PATH)
    if slug is None:
        return
    existing = StringTranslation.objects.filter(
        translation_of=slug.string, context=slug.context, locale=translation.target_locale
    )
    if existing.exists():
        return
    title = segments.get("title")
    title_text = (
        StringTranslation.objects.filter(
            translation_of=title.string, context=title.context, locale=translation.target_locale
        )
        .values_list("data", flat=True)
        .first()
        if title is not None
        else None
    )
    derived = slugify(anyascii(title_text or ""))[:80].strip("-") or slug.string.data
    StringTranslation.objects.create(
        translation_of=slug.string,
        context=slug.context,
        locale=translation.target_locale,
        data=derived,
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        tool_name="slug",
    )


def _segment_texts(translation: Translation) -> list[tuple[str, str | None]]:
    """(source text, valid target text or None) for every segment, in order."""
    segments = (
        StringSegment.objects.filter(source=translation.source)
        .annotate_translation(translation.target_locale)
        .select_related("string")
        .order_by("order")
    )
    return [(segment.string.data, segment.translation) for segment in segments]


@transaction.atomic
def do_approve_translation(translation: Translation, *, acting_user: UserLike) -> None:
    """A translator's approval: every segment filled, the memory learns, the draft is updated.

    When every translation of the source is approved, the workflow moves on to the reviewer;
    when the source is already live (a later correction), the translation goes live too.
    """
    if not can_translate(acting_user, translation):
        raise PermissionDenied
    derive_slug(translation)
    texts = _segment_texts(translation)
    empty = sum(1 for _source, target in texts if target is None)
    if empty:
        raise ValidationError(_("%(count)d segments still need a translation.") % {"count": empty})
    source_language = translation.source.locale.language_code
    target_language = translation.target_locale.language_code
    for source_text, target_text in texts:
        remember(source_language, target_language, source_text, target_text or "", acting_user)
    review, _created = TranslationReview.objects.get_or_create(translation=translation)
    review.approved_by = cast("User", acting_user)
    review.approved_at = timezone.now()
    review.approved_source_at = translation.source.last_updated_at
    review.save()
    source_page = translation.source.get_source_instance()
    translation.save_target(user=acting_user, publish=False)
    audit.record(
        actor=acting_user,
        action="translation.approve",
        instance=translation,
        changes={"locale": [None, target_language]},
        agency=getattr(source_page, "agency", None),
    )
    if isinstance(source_page, Page):
        translation_approved.send(sender=Translation, page=source_page, user=acting_user)
        if source_page.live and source_page.workflow_in_progress is False:
            publish_approved_translations(source_page, user=acting_user)


def approved_translations(page: Page) -> Sequence[Translation]:
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None:
        return []
    found = []
    for translation in Translation.objects.filter(source=source, enabled=True).select_related(
        "beacon_review", "source", "target_locale"
    ):
        review = getattr(translation, "beacon_review", None)
        if review is not None and review.is_approved_and_current():
            found.append(translation)
    return found


def required_locales(page: Page) -> list[Locale]:
    """The target locales approved before the page is reviewed (city profile, per page type)."""
    profile = get_city_profile()
    if profile is None:
        return []
    languages = profile.required_languages(page.specific_class._meta.model_name)
    return [locale for locale in target_locales() if locale.language_code in languages]


def all_translations_approved(page: Page) -> bool:
    """Have translators approved every required language? Then the reviewer may decide.

    With no language required the source goes ahead at once; its translations are published
    when they are approved (``do_approve_translation``).
    """
    expected = {locale.pk for locale in required_locales(page) if locale.pk != page.locale_id}
    if not expected:
        return True
    done = {translation.target_locale_id for translation in approved_translations(page)}
    return expected <= done


def publish_approved_translations(page: Page, *, user: Any = None) -> int:
    """Publish the approved, current translations of a page that has just gone live."""
    count = 0
    for translation in approved_translations(page):
        translation.save_target(user=user, publish=True)
        count += 1
    return count


def unpublish_translations(page: Page) -> int:
    count = 0
    for translated in page.get_translations().live().specific():
        translated.unpublish()
        count += 1
    return count


def ensure_translator_profile(user: Any, languages: list[str]) -> TranslatorProfile:
    profile, _created = TranslatorProfile.objects.get_or_create(user=user)
    wanted = sorted(set(profile.languages) | set(languages))
    if wanted != profile.languages:
        profile.languages = wanted
        profile.save(update_fields=["languages"])
    return profile
