"""The publishing demo: themes, articles and stories, events and governing documents.

``load_publishing_demo()`` is idempotent: a page whose slug already exists under its section is
left as it is. Every page goes through the real path: the Vietnamese page is published, its
translations are requested and pre-filled from the translation memory (where the demo's
approved translations were put, as a translator's earlier work would be), then approved by a
translator and published with it. Some translations are left drafted and not yet approved, so
that the status board and the backlog have something to show.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from anyascii import anyascii
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail_localize.models import StringSegment, TranslationSource
from wagtail_localize.strings import StringValue

from beacon.core.models import Agency
from beacon.portal import demo_files
from beacon.portal.demo import content
from beacon.portal.models import (
    EventPage,
    GoverningDocumentPage,
    NewsArticlePage,
    StoryPage,
    ThemePage,
)
from beacon.portal.setup import do_set_up_portal
from beacon.portal.uploads import check_document
from beacon.translation.actions import (
    GlossaryConflict,
    do_approve_translation,
    do_request_translations,
    do_save_segments,
    do_save_term,
    do_seed_glossary,
    ensure_translator_profile,
    remember,
)
from beacon.translation.models import GlossaryTerm

SOURCE = "vi"


@dataclass
class DemoReport:
    pages: int = 0
    created: int = 0
    glossary_terms: int = 0
    conflicts: list[str] = field(default_factory=list)


def _user(username: str) -> Any:
    return get_user_model()._default_manager.filter(username=username).first()


def _data(text: str) -> str:
    """A text as wagtail-localize stores it in a segment (escaped like HTML)."""
    return StringValue.from_plaintext(text).data


def load_glossary(report: DemoReport | None = None) -> None:
    """The glossary alone: the official names a translation starts from (journeys load it)."""
    report = report or DemoReport()
    seeded = do_seed_glossary(acting_user=None)
    report.conflicts.extend(seeded.conflicts)
    for vi, en, fr, kind in content.GLOSSARY:
        for language, target in (("en", en), ("fr", fr)):
            term = GlossaryTerm(
                source_language=SOURCE,
                source_term=vi,
                target_language=language,
                target_term=target,
                kind=kind,
            )
            try:
                do_save_term(term, acting_user=None)
            except GlossaryConflict as exc:
                report.conflicts.append(exc.messages[0])
    report.glossary_terms = GlossaryTerm.objects.count()


def _images() -> dict[str, Any]:
    Image = get_image_model()
    images = {}
    for key, (palette, motif, alt) in content.IMAGES.items():
        title = f"demo-{key}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            data = demo_files.illustration(palette, motif)
            upload = ImageFile(io.BytesIO(data), name=f"{title}.png")
            image = Image(title=title, description=alt, file=upload)
            image.save()
        images[key] = image
    return images


def _document(number: str, title: str, issuer: str) -> Any:
    Document = get_document_model()
    name = f"demo-{slugify(anyascii(number))}"
    document = Document.objects.filter(title=name).first()
    if document is None:
        data = demo_files.pdf([number, title, issuer, "Demo document - Beacon"])
        upload = ContentFile(data, name=f"{name}.pdf")
        check_document(f"{name}.pdf", upload, upload.size)
        document = Document(title=name)
        document.file.save(upload.name, upload, save=False)
        document.save()
    return document


@dataclass
class Translators:
    editor: Any
    by_language: dict[str, Any]


def demo_translators() -> Translators:
    pierre = _user("pierre")
    if pierre is not None:
        ensure_translator_profile(pierre, ["fr"])
    coordinator = _user("lan")
    return Translators(
        editor=_user("hoa"),
        # The demo city has one translator, for French; the coordinator approves English.
        by_language={"fr": pierre or coordinator, "en": coordinator or pierre},
    )


def _translate(
    page: Page,
    texts: dict[str, dict[str, str]],
    reviewed: list[str],
    people: Translators,
) -> None:
    """Request translations; approve the reviewed languages, draft the others."""
    for language in reviewed:
        for source_text, target_text in texts[language].items():
            remember(SOURCE, language, _data(source_text), _data(target_text), None)
    translations = do_request_translations(page, acting_user=people.editor)
    source = TranslationSource.objects.get_for_instance(page)
    segments = {
        segment.string.data: (segment.string_id, segment.context_id)
        for segment in StringSegment.objects.filter(source=source).select_related("string")
    }
    for translation in translations:
        language = translation.target_locale.language_code
        if language not in texts:
            continue
        translator = people.by_language.get(language)
        if translator is None:
            continue
        drafted = {
            segments[_data(source_text)]: _data(target_text)
            for source_text, target_text in texts[language].items()
            if _data(source_text) in segments
        }
        do_save_segments(translation, drafted, acting_user=translator)
        if language in reviewed:
            do_approve_translation(translation, acting_user=translator)


def _texts(spec: dict[str, Any], fields: list[str]) -> dict[str, dict[str, str]]:
    """Source text → target text per language, for the translatable fields of a spec."""
    texts: dict[str, dict[str, str]] = {}
    for language in ("en", "fr"):
        if language not in spec:
            continue
        pairs: dict[str, str] = {}
        for name in fields:
            source, target = spec[SOURCE].get(name), spec[language].get(name)
            if isinstance(source, list):
                pairs.update(zip(source, target, strict=True))
            elif source:
                pairs[source] = target
        pairs[spec["slug"]] = slugify(anyascii(spec[language]["title"]))[:60]
        texts[language] = pairs
    return texts


def _body(paragraphs: list[str]) -> str:
    from django.utils.html import escape

    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def publish_translated(
    parent: Page,
    page: Page,
    texts: dict[str, dict[str, str]],
    reviewed: list[str],
    people: Translators,
) -> Page:
    """Publish a Vietnamese page, then its translations (source text → target text per language)."""
    parent.add_child(instance=page)
    page.save_revision(user=people.editor).publish()
    _translate(page, texts, reviewed, people)
    return page


def _agency(code: str | None) -> Agency | None:
    return Agency.objects.filter(code=code).first() if code else None


def load_publishing_demo(report: Callable[[str], None] = lambda _line: None) -> DemoReport:
    """Set up the portal and load the demo content (safe to run again)."""
    result = DemoReport()
    tree = do_set_up_portal()
    people = demo_translators()
    load_glossary(result)
    report(f"Glossary: {result.glossary_terms} terms ({len(result.conflicts)} conflicts kept)")
    images = _images()
    zone = ZoneInfo("Asia/Ho_Chi_Minh")

    themes: dict[str, ThemePage] = {}
    for spec in content.THEMES:
        parent = tree.sections["themes"]
        existing = ThemePage.objects.child_of(parent).filter(slug=spec["slug"]).first()
        if existing is None:
            existing = ThemePage(
                title=spec[SOURCE]["title"],
                slug=spec["slug"],
                summary=spec[SOURCE]["summary"],
                image=images[spec["image"]],
            )
            texts = _texts(spec, ["title", "summary"])
            publish_translated(parent, existing, texts, ["en", "fr"], people)
            result.created += 1
        themes[spec["key"]] = existing
        result.pages += 1

    documents: dict[str, GoverningDocumentPage] = {}
    for spec in content.DOCUMENTS:
        parent = tree.sections["documents"]
        page = GoverningDocumentPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
        if page is None:
            page = GoverningDocumentPage(
                title=spec[SOURCE]["title"],
                slug=spec["slug"],
                summary=spec[SOURCE]["summary"],
                number=spec["number"],
                document_type=spec["type"],
                issuing_body=spec[SOURCE]["issuing_body"],
                signed_on=datetime.date.fromisoformat(spec["signed_on"]),
                effective_on=datetime.date.fromisoformat(spec["effective_on"]),
                status=spec["status"],
                amends=documents.get(spec.get("amends", "")),
                replaces=documents.get(spec.get("replaces", "")),
                document=_document(
                    spec["number"], spec[SOURCE]["title"], spec[SOURCE]["issuing_body"]
                ),
                agency=_agency(spec.get("agency")),
            )
            texts = _texts(spec, ["title", "summary", "issuing_body"])
            publish_translated(parent, page, texts, ["en", "fr"], people)
            result.created += 1
        documents[spec["key"]] = page
        result.pages += 1

    for spec in content.ARTICLES:
        parent = tree.sections["news"]
        if Page.objects.child_of(parent).filter(slug=spec["slug"]).exists():
            result.pages += 1
            continue
        model = StoryPage if spec["kind"] == "story" else NewsArticlePage
        page = model(
            title=spec[SOURCE]["title"],
            slug=spec["slug"],
            summary=spec[SOURCE]["summary"],
            date=datetime.date.fromisoformat(spec["date"]),
            place=spec[SOURCE].get("place", ""),
            body=_body(spec[SOURCE]["body"]),
            theme=themes.get(spec.get("theme", "")),
            image=images.get(spec.get("image", "")),
            agency=_agency(spec.get("agency")),
        )
        texts = _texts(spec, ["title", "summary", "place", "body"])
        publish_translated(parent, page, texts, spec.get("reviewed", ["en", "fr"]), people)
        result.pages += 1
        result.created += 1

    for spec in content.EVENTS:
        parent = tree.sections["events"]
        if Page.objects.child_of(parent).filter(slug=spec["slug"]).exists():
            result.pages += 1
            continue
        day = datetime.datetime.now(tz=zone).date() + datetime.timedelta(days=spec["in_days"])
        start = datetime.datetime.combine(day, datetime.time(spec["hour"]), tzinfo=zone)
        page = EventPage(
            title=spec[SOURCE]["title"],
            slug=spec["slug"],
            summary=spec[SOURCE]["summary"],
            start=start,
            end=start + datetime.timedelta(hours=spec["hours"]),
            venue=spec[SOURCE]["venue"],
            address=spec[SOURCE]["address"],
            body=_body(spec[SOURCE]["body"]),
            image=images.get(spec.get("image", "")),
            agency=_agency(spec.get("agency")),
        )
        texts = _texts(spec, ["title", "summary", "venue", "address", "body"])
        publish_translated(parent, page, texts, ["en", "fr"], people)
        result.pages += 1
        result.created += 1
    report(f"Portal: {result.pages} demo pages ({result.created} new), in vi, en and fr")
    return result
