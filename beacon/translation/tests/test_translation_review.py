"""Translator review: engine failures shown, out-of-date translations, only changed segments."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from wagtail.models import Locale

from beacon.portal.models import NewsArticlePage
from beacon.portal.translation_status import Status, board
from beacon.translation.actions import (
    do_approve_translation,
    do_request_translations,
    do_save_segments,
)
from beacon.translation.models import SegmentSuggestion


def _article(newsroom: Any, body: str) -> NewsArticlePage:
    page = NewsArticlePage(
        title="Làng gốm Bát Tràng",
        slug="bat-trang",
        summary="Làng gốm năm trăm năm tuổi.",
        body=body,
        agency=newsroom.personas.lead,
    )
    newsroom.tree.sections["news"].add_child(instance=page)
    page.save_revision(user=newsroom.editor)
    return page


def _fill(translation: Any, user: Any) -> None:
    waiting = SegmentSuggestion.objects.filter(translation=translation, origin="none")
    texts = {(s.string_id, s.context_id): f"Texte {s.string_id}." for s in waiting}
    do_save_segments(translation, texts, acting_user=user)


def test_it_shows_the_engine_error_and_lets_the_segment_wait_for_a_human(
    newsroom: Any, settings: Any, loopback_server: Any
) -> None:
    settings.BEACON_MT_ENGINE = "libretranslate"
    settings.BEACON_MT_URL = loopback_server(
        lambda path, headers, body: (500, b'{"error": "model not loaded"}')
    )
    page = _article(newsroom, "<p>Bát Tràng nằm bên sông Hồng.</p>")
    translations = do_request_translations(page, acting_user=newsroom.editor)
    french = next(t for t in translations if t.target_locale.language_code == "fr")
    notes = SegmentSuggestion.objects.filter(translation=french)
    assert {note.origin for note in notes} == {"none"}
    assert all("LibreTranslate: HTTP 500" in note.error for note in notes)
    client = Client()
    client.force_login(newsroom.translator_fr)
    screen = client.get(reverse("translation_review", args=[french.pk])).content.decode()
    assert "LibreTranslate: HTTP 500" in screen
    assert "Waiting for a translator" in screen
    response = client.post(reverse("translation_review", args=[french.pk]), {"approve": "1"})
    assert response.status_code == 302
    french.refresh_from_db()
    assert french.beacon_review.approved_at is None


def test_it_marks_a_translation_out_of_date_and_reuses_unchanged_segments(
    newsroom: Any,
) -> None:
    page = _article(newsroom, "<p>Bát Tràng nằm bên sông Hồng.</p>")
    [_english, french] = sorted(
        do_request_translations(page, acting_user=newsroom.editor),
        key=lambda t: t.target_locale.language_code,
    )
    locales = list(Locale.objects.filter(language_code__in=["en", "fr"]).order_by("language_code"))
    # No engine and an empty memory: started, nothing filled yet.
    assert {c.status for c in board([page], locales)[0].cells.values()} == {Status.MISSING}
    _fill(french, newsroom.translator_fr)
    do_approve_translation(french, acting_user=newsroom.translator_fr)
    [row] = board([page], locales)
    assert row.cells["fr"].status == Status.REVIEWED
    assert row.cells["en"].status == Status.MISSING

    page.body = "<p>Bát Tràng nằm bên sông Hồng.</p><p>Mỗi năm đón nhiều du khách.</p>"
    page.save_revision(user=newsroom.editor)
    do_request_translations(page, acting_user=newsroom.editor)
    [row] = board([page], locales)
    assert row.cells["fr"].status == Status.OUT_OF_DATE
    assert row.cells["fr"].progress is not None
    total, done = row.cells["fr"].progress
    assert (total, done) == (5, 4)  # title, slug, summary, the old sentence kept; one new
    for translation in (french, _english):
        code = translation.target_locale.language_code
        assert row.cells[code].progress == translation.get_progress()  # the board's bulk count
    waiting = SegmentSuggestion.objects.get(translation=french, origin="none")
    assert waiting.string.data == "Mỗi năm đón nhiều du khách."


def test_it_shows_a_translation_only_to_those_whose_agency_and_language_it_concerns(
    newsroom: Any,
) -> None:
    office_wide = _article(newsroom, "<p>Toàn thành phố.</p>")
    office_wide.agency = None
    office_wide.save_revision(user=newsroom.editor).publish()
    district = NewsArticlePage(
        title="Tin quận A",
        slug="tin-quan-a",
        body="<p>Quận A.</p>",
        agency=newsroom.personas.district,
    )
    newsroom.tree.sections["news"].add_child(instance=district)
    district.save_revision(user=newsroom.editor)
    french = {}
    for page in (office_wide, district):
        [translation] = [
            t
            for t in do_request_translations(page, acting_user=newsroom.editor)
            if t.target_locale.language_code == "fr"
        ]
        french[page.slug] = reverse("translation_review", args=[translation.pk])

    def status(user: Any, url: str) -> int:
        client = Client()
        client.force_login(user)
        return client.get(url).status_code

    personas = newsroom.personas
    assert status(personas.officer, french["tin-quan-a"]) == 200
    assert status(personas.officer, french["bat-trang"]) == 404
    assert status(personas.other_officer, french["tin-quan-a"]) == 404
    assert status(personas.outsider, french["tin-quan-a"]) in (302, 404)
    assert status(newsroom.translator_fr, french["bat-trang"]) == 200
    pierre = Client()
    pierre.force_login(newsroom.translator_en)
    response = pierre.post(french["bat-trang"], {"approve": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_it_helps_with_a_new_text_and_never_asks_for_the_slug(newsroom: Any) -> None:
    from wagtail_localize.models import StringSegment, StringTranslation

    from beacon.translation.actions import do_save_term, remember
    from beacon.translation.models import GlossaryTerm

    do_save_term(
        GlossaryTerm(
            source_language="vi",
            source_term="Bát Tràng",
            target_language="fr",
            target_term="Bat Trang",
            kind="place",
        ),
        acting_user=newsroom.translator_fr,
    )
    remember(
        "vi",
        "fr",
        "Bát Tràng nằm bên bờ sông Hồng.",
        "Bat Trang est au bord du fleuve Rouge.",
        None,
    )
    page = _article(newsroom, "<p>Bát Tràng nằm bên sông Hồng, cách Hà Nội 13 km.</p>")
    translations = do_request_translations(page, acting_user=newsroom.editor)
    french = next(t for t in translations if t.target_locale.language_code == "fr")
    client = Client()
    client.force_login(newsroom.translator_fr)
    url = reverse("translation_review", args=[french.pk])
    screen = client.get(url).content.decode()
    # A new sentence (under the 75 % of pre-translation): the nearest memory and the term.
    assert 'data-help="memory"' in screen
    assert "Bat Trang est au bord du fleuve Rouge." in screen
    assert "“Bát Tràng” → “Bat Trang”" in screen
    # Fields by their labels; the slug is not a segment to translate.
    assert "<small>Body</small>" in screen and "<small>Title</small>" in screen
    assert "<small>body</small>" not in screen and "<small>slug</small>" not in screen
    assert "bat-trang" not in screen

    waiting = StringSegment.objects.filter(source=french.source).exclude(context__path="slug")
    texts = {(s.string_id, s.context_id): f"Texte {s.string_id}." for s in waiting}
    texts[next((s.string_id, s.context_id) for s in waiting if s.context.path == "title")] = (
        "Le village de potiers de Bát Tràng"
    )
    do_save_segments(french, texts, acting_user=newsroom.translator_fr)
    do_approve_translation(french, acting_user=newsroom.translator_fr)
    slug = StringTranslation.objects.get(
        translation_of__segments__context__path="slug", locale=french.target_locale
    )
    assert slug.data == "le-village-de-potiers-de-bat-trang"
