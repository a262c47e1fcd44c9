"""Hoa and Pierre's day (JOURNEYS.md) in Chromium: write, translate, review, publish everywhere.

Hoa writes a news article in the page editor; Beacon pre-translates it from the translation
memory and the glossary (no machine engine is configured, as in the demo); Pierre reviews the
French segment by segment, fills what is left and approves; the English is approved by the
coordinator, as in the demo; Thu approves the whole. The article is then on the portal in
Vietnamese and French, in the feeds, and in the outbox with a delivery per channel.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

from beacon.core.tests.journeys import Journey
from beacon.dissemination.demo import load_dissemination_demo
from beacon.dissemination.models import Delivery
from beacon.dissemination.publishing import item_key_for
from beacon.portal.demo_loader import load_glossary
from beacon.portal.models import NewsArticlePage
from beacon.portal.setup import do_set_up_portal
from beacon.translation.actions import (
    do_approve_translation,
    do_save_segments,
    ensure_translator_profile,
    remember,
)
from beacon.translation.models import SegmentSuggestion

pytestmark = pytest.mark.browser

TITLE = "Hà Nội đón mùa du lịch mới"
AGENCY_VI = "Sở Thông tin và Truyền thông"
AGENCY_FR = "Service de l'information et de la communication"
KNOWN_VI = "Hà Nội chào đón du khách quốc tế."
KNOWN_FR = "Hanoï accueille les visiteurs internationaux."
NEW_VI = "Mùa du lịch mới bắt đầu từ tháng Mười Một."
TITLE_FR = "Hanoï ouvre sa nouvelle saison touristique"
NEW_FR = "La nouvelle saison touristique commence en novembre."


def _write(journey: Journey, news_pk: int) -> NewsArticlePage:
    page = journey.login("hoa")
    journey.goto(f"/admin/pages/add/portal/newsarticlepage/{news_pk}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", KNOWN_VI)
    body = page.locator(".Draftail-Editor [contenteditable=true]").first
    body.click()
    page.keyboard.type(AGENCY_VI)
    page.keyboard.press("Enter")
    page.keyboard.type(NEW_VI)
    # Draftail saves its state into the form's field a moment after the last key.
    page.wait_for_function(
        "text => document.getElementById('id_body').value.includes(text)", arg=NEW_VI
    )
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    page.locator("button[name=action-submit]").click()
    page.wait_for_url(lambda url: "/add/" not in url)
    return NewsArticlePage.objects.get(locale__language_code="vi", title=TITLE)


def _translation(article: NewsArticlePage, language: str) -> Translation:
    return Translation.objects.get(
        source__object_id=article.translation_key, target_locale__language_code=language
    )


def _texts_left(translation: Translation) -> dict[tuple[int, int], str]:
    """What the coordinator writes in the segments that nothing pre-filled."""
    segments = StringSegment.objects.filter(source=translation.source).annotate_translation(
        translation.target_locale
    )
    return {
        (s.string_id, s.context_id): f"({translation.target_locale.language_code}) {s.string.data}"
        for s in segments.select_related("string")
        if s.translation is None
    }


def test_it_takes_an_article_from_hoa_through_pierre_and_thu_to_every_channel(
    journey: Journey,
) -> None:
    tree = do_set_up_portal()
    load_glossary()
    load_dissemination_demo()
    # Pierre translates into French, as the publishing demo sets him up.
    ensure_translator_profile(get_user_model()._default_manager.get(username="pierre"), ["fr"])
    remember("vi", "fr", KNOWN_VI, KNOWN_FR, None)
    remember("vi", "en", KNOWN_VI, "Hanoi welcomes international visitors.", None)

    article = _write(journey, tree.sections["news"].pk)
    assert not article.live
    fr = Locale.objects.get(language_code="fr")
    origins = {
        s.string.data: s.origin
        for s in SegmentSuggestion.objects.filter(translation__target_locale=fr)
    }
    assert (origins.get(KNOWN_VI), origins.get(AGENCY_VI)) == ("memory", "glossary")

    # Pierre (whose admin was in French) reviews the French from the status board.
    journey.logout()
    page = journey.login("pierre")
    journey.goto("/admin/translation/status/")
    page.locator(f"a[href$='/admin/translation/{_translation(article, 'fr').pk}/']").click()

    def segment(text: str) -> Any:
        """The row of the French segment whose Vietnamese source is ``text``."""
        found = StringSegment.objects.get(
            source__object_id=article.translation_key, string__data=text
        )
        field = page.locator(f"#segment-{found.string_id}-{found.context_id}")
        return page.locator("table.segments tbody tr", has=field)

    assert segment(KNOWN_VI).locator("textarea").input_value() == KNOWN_FR
    assert segment(KNOWN_VI).locator(".w-status", has_text="Bộ nhớ dịch").is_visible()
    assert segment(AGENCY_VI).locator("textarea").input_value() == AGENCY_FR
    assert segment(AGENCY_VI).locator(".w-status", has_text="Bảng thuật ngữ").is_visible()
    segment(TITLE).locator("textarea").fill(TITLE_FR)
    segment(NEW_VI).locator("textarea").fill(NEW_FR)
    page.get_by_role("button", name="Lưu và phê duyệt").click()
    page.wait_for_url("**/admin/translation/status/")
    journey.logout()

    # The city's other languages have no translator in the demo: the coordinator does them.
    lan = get_user_model()._default_manager.get(username="lan")
    for other in Translation.objects.filter(source__object_id=article.translation_key).exclude(
        target_locale=fr
    ):
        do_save_segments(other, _texts_left(other), acting_user=lan)
        do_approve_translation(other, acting_user=lan)

    page = journey.login("thu")
    journey.goto(f"/admin/pages/{article.pk}/edit/")
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Phê duyệt và xuất bản", exact=True).click()
    article.refresh_from_db()
    assert article.live

    french = article.get_translation(fr)
    assert french.live
    portal = journey.new_page(locale="fr-FR")
    journey.goto(french.url, portal)
    portal.get_by_role("heading", name=TITLE_FR).wait_for()
    journey.goto(article.url, portal)
    portal.get_by_role("heading", name=TITLE).wait_for()
    atom = portal.request.get(f"{journey.url}/fr/feeds/news.atom").text()
    assert TITLE_FR in atom
    deliveries = Delivery.objects.filter(item_key=item_key_for(article))
    assert deliveries.filter(language="fr").exists()
    assert deliveries.filter(language="vi").exists()
    journey.goto(french.url, portal)
    journey.screenshot("journey-newsroom", portal)
