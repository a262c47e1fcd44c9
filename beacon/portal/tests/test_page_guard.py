"""Issue 12, findings 2 and 3: another district's drafts and translations stay out of reach.

Wagtail's page screens and wagtail-localize's translation editor asked Wagtail's page
permissions only (officers hold "change" on the whole tree). Every admin route that names a
page or a translation now asks Beacon's access function for it
(``beacon.core.guard.AdminObjectGuardMiddleware``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from beacon.portal.models import NewsArticlePage
from beacon.translation.actions import do_request_translations

SECRET = "Bản nháp mật của quận B"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class Drafts:
    page: NewsArticlePage
    english: Translation


@pytest.fixture
def drafts(newsroom: Any) -> Drafts:
    page = NewsArticlePage(
        title=SECRET,
        slug="nhap-b",
        body="<p>Nội dung nháp.</p>",
        agency=newsroom.personas.other_district,
    )
    newsroom.tree.sections["news"].add_child(instance=page)
    page.save_revision(user=newsroom.personas.other_officer)
    page.save_revision(user=newsroom.personas.other_officer)
    translations = do_request_translations(page, acting_user=newsroom.editor)
    english = next(t for t in translations if t.target_locale.language_code == "en")
    return Drafts(page, english)


def _draft_routes(page: NewsArticlePage) -> list[str]:
    first, second = page.revisions.order_by("pk").values_list("pk", flat=True)
    return [
        reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, second]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first, second]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
        reverse("wagtailadmin_pages:usage", args=[page.pk]),
        reverse("wagtailadmin_explore", args=[page.pk]),
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
    ]


def test_it_keeps_another_districts_draft_unreadable(newsroom: Any, drafts: Drafts) -> None:
    minh = _client(newsroom.personas.officer)
    for url in _draft_routes(drafts.page):
        response = minh.get(url)
        assert response.status_code in {302, 403, 404}, url
        assert SECRET not in response.content.decode(), url


def test_it_still_shows_the_draft_to_its_own_district(newsroom: Any, drafts: Drafts) -> None:
    hung = _client(newsroom.personas.other_officer)
    for url in _draft_routes(drafts.page):
        response = hung.get(url)
        assert response.status_code == 200, url


def _string_state(translation: Translation) -> set[tuple[int, str]]:
    rows = StringTranslation.objects.filter(locale=translation.target_locale)
    return set(rows.values_list("translation_of_id", "data"))


def _po_with_every_msgstr(translation: Translation) -> bytes:
    po = translation.export_po()
    for entry in po:
        entry.msgstr = "Overwritten by another district"
    return str(po).encode()


@pytest.mark.parametrize("who", ["officer", "other_officer"])
def test_it_keeps_officers_from_writing_translations(
    newsroom: Any, drafts: Drafts, who: str
) -> None:
    """Minh (another district) may not touch it; Hùng (its own district) translates nothing."""
    translation = drafts.english
    before = _string_state(translation)
    client = _client(getattr(newsroom.personas, who))
    segment = StringSegment.objects.filter(source=translation.source).first()
    assert segment is not None
    upload = SimpleUploadedFile("t.po", _po_with_every_msgstr(translation))
    responses = [
        client.post(
            reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload}
        ),
        client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            "value=Overwritten",
            content_type="application/x-www-form-urlencoded",
        ),
        client.post(reverse("wagtail_localize:stop_translation", args=[translation.pk])),
    ]
    assert all(response.status_code in {302, 403, 404} for response in responses)
    assert [r["Location"] for r in responses if r.status_code == 302] == []
    translation.refresh_from_db()
    assert translation.enabled
    assert _string_state(translation) == before


def test_it_hides_another_districts_translation_file(newsroom: Any, drafts: Drafts) -> None:
    minh = _client(newsroom.personas.officer)
    url = reverse("wagtail_localize:download_pofile", args=[drafts.english.pk])
    assert minh.get(url).status_code == 404
    lan = _client(newsroom.personas.coordinator)
    assert lan.get(url).status_code == 200
