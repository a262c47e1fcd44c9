"""Tuấn's day (JOURNEYS.md) in Chromium: search across languages, confirm a match, publish a check.

He searches the foreign coverage in Vietnamese by meaning and finds the French article about
metro line 3; on its claim he confirms the ridership fact Beacon proposes and drafts the
response; the translations are approved (the coordinator does them, as in the demo), Thu
approves the whole, and the fact-check page is on the portal in French with its ClaimReview.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail_localize.models import StringSegment, Translation

from beacon.core.tests.journeys import Journey
from beacon.factbase.demo_loader import load_factbase_demo
from beacon.factbase.models import Claim, Decision, Response
from beacon.monitoring.demo_loader import load_monitoring_demo
from beacon.portal.setup import do_set_up_portal
from beacon.translation.actions import do_approve_translation, do_save_segments

pytestmark = pytest.mark.browser


def _approve_translations(page: Any) -> None:
    """The coordinator fills what nothing pre-filled and approves every language."""
    lan = get_user_model()._default_manager.get(username="lan")
    for translation in Translation.objects.filter(source__object_id=page.translation_key):
        segments = StringSegment.objects.filter(source=translation.source).annotate_translation(
            translation.target_locale
        )
        texts = {
            (
                s.string_id,
                s.context_id,
            ): f"({translation.target_locale.language_code}) {s.string.data}"
            for s in segments.select_related("string")
            if s.translation is None
        }
        do_save_segments(translation, texts, acting_user=lan)
        do_approve_translation(translation, acting_user=lan)


def test_it_takes_the_analyst_from_a_vietnamese_search_to_a_published_fact_check(
    journey: Journey,
) -> None:
    do_set_up_portal()
    load_monitoring_demo()
    load_factbase_demo()
    claim = Claim.objects.filter(language="fr", text__contains="moins de 5 000").first()
    assert claim is not None
    page = journey.login("tuan")

    journey.goto("/admin/monitoring/search/")
    page.locator("#id_mode").select_option("meaning")
    page.locator("#id_q").fill("tàu điện tuyến số 3 ít hành khách")
    with page.expect_navigation():
        page.locator("#id_q").press("Enter")
    results = page.locator("table.listing tbody tr")
    results.first.wait_for()
    french = results.filter(has_text=claim.article.title)
    assert french.count() == 1
    assert french.locator("td").nth(3).inner_text() == "fr"

    journey.goto(f"/admin/factbase/claims/{claim.pk}/")
    candidate = claim.candidates.filter(fact__isnull=False).order_by("rank").first()
    confirm = reverse("factbase:candidate_decide", args=[claim.pk, candidate.pk, "confirm"])
    proposed = page.locator("tr", has=page.locator(f"form[action='{confirm}']")).inner_text()
    assert "32 000 passagers par jour" in proposed.replace("\u202f", " ")  # in French, the claim's
    with page.expect_navigation():
        page.locator(f"form[action='{confirm}']").get_by_role("button", name="Xác nhận").click()
    assert claim.candidates.get(pk=candidate.pk).decision == Decision.CONFIRMED
    page.locator("[name=verdict]").select_option("false")
    with page.expect_navigation():
        page.get_by_role("button", name="Soạn bài phản hồi").click()
    fact_check = Response.objects.get(claim=claim).page.specific
    page.wait_for_url(f"**/admin/pages/{fact_check.pk}/edit/")
    journey.logout()

    _approve_translations(fact_check)
    page = journey.login("thu")
    journey.goto(f"/admin/pages/{fact_check.pk}/edit/")
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Phê duyệt và xuất bản", exact=True).click()
    fact_check.refresh_from_db()
    assert fact_check.live

    french_check = fact_check.get_translations().get(locale__language_code="fr")
    reader = journey.new_page(locale="fr-FR")
    journey.goto(french_check.url, reader)
    markup = [
        json.loads(text)
        for text in reader.locator("script[type='application/ld+json']").all_text_contents()
    ]
    review = next(item for item in markup if item.get("@type") == "ClaimReview")
    assert review["claimReviewed"] == claim.text
    journey.screenshot("journey-analyst", reader)
