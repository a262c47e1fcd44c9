"""The issue's journey: a monitored article → a claim → candidates → a confirmed match → a
response drafted, translated, approved by a reviewer → a published fact-check page whose
ClaimReview markup is valid against the schema.org vocabulary.

Tuấn's journey (JOURNEYS.md): a French daily says metro line 3 carries fewer than 5,000
passengers a day; the transport department's verified ridership answers it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.test import Client
from django.urls import reverse
from wagtail_localize.models import Translation

from beacon.dissemination.models import Channel, Delivery
from beacon.factbase.actions import do_extract_claims
from beacon.factbase.models import Claim, ClaimStatus, FactCheckPage, Response
from beacon.factbase.tests import schemaorg
from beacon.factbase.tests.conftest import METRO, METRO_VI, PARKS, PARKS_VI, Desk
from beacon.monitoring import ingest
from beacon.monitoring.gazetteer import build_options
from beacon.monitoring.models import Article
from beacon.monitoring.tests.conftest import Web, demo_page, make_source, rss
from beacon.portal.workflow import ReviewerApprovalTask, TranslationsApprovedTask
from beacon.translation.actions import do_approve_translation
from beacon.translation.tests.segments import fill_untranslated

METRO_PAGE = "lequotidien.example/monde/asie/hanoi-metro-ligne-3.html"


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _json_ld(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert match is not None
    return json.loads(match.group(1))


def _monitored_article(web: Web, settings: Any) -> Article:
    settings.BEACON_MONITOR_HOST_INTERVAL = 0
    page_url = web.page("/quotidien/metro.html", demo_page(METRO_PAGE))
    feed = web.page("/quotidien/rss.xml", rss([("metro", page_url)]),
                    content_type="application/rss+xml")  # fmt: skip
    source = make_source(feed, name="Le Quotidien (démo)")
    polled = ingest.poll_source(source)
    ready = ingest.fetch_items(polled.new_ids) + polled.fetched_ids
    stored = ingest.analyse_items(ready, build_options()).stored
    assert len(stored) == 1
    return Article.objects.get(pk=stored[0])


def _translate_and_approve(translation: Translation, translator: Any) -> None:
    """The translator writes what pre-translation left empty, then approves."""
    fill_untranslated(translation, translator)
    do_approve_translation(translation, acting_user=translator)


def test_it_answers_a_monitored_claim_with_a_published_fact_check(
    desk: Desk, web: Web, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    metro = desk.approved_fact(METRO_VI, METRO, topic="transport")
    desk.approved_fact(PARKS_VI, PARKS, topic="environment")

    # 1. The French article is ingested by the monitor; its check-worthy sentences are claims.
    article = _monitored_article(web, settings)
    assert article.language == "fr" and article.about_city
    claims = do_extract_claims(article)
    assert claims, "the ridership claim should be check-worthy"
    claim = next(c for c in claims if "5 000" in c.text)
    assert {"number", "city"} <= set(claim.reasons)
    assert not any("urbanistes rappellent" in c.text and c.score > claim.score for c in claims)

    # 2. Tuấn matches it: the transport department's fact comes first, across languages.
    tuan = _login(desk.analyst)
    assert tuan.post(reverse("factbase:claim_match", args=[claim.pk])).status_code == 302
    screen = tuan.get(reverse("factbase:claim", args=[claim.pk]))
    assert screen.status_code == 200
    best = claim.candidates.order_by("rank").first()
    assert best is not None and best.fact_id == metro.pk
    assert f"{best.score:.3f}" in screen.content.decode()

    # 3. He confirms it and drafts the response: French (the claim's) and Vietnamese (source).
    confirm = reverse("factbase:candidate_decide", args=[claim.pk, best.pk, "confirm"])
    assert tuan.post(confirm).status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.MATCHED
    drafted = tuan.post(reverse("factbase:claim_respond", args=[claim.pk]), {"verdict": "false"})
    assert drafted.status_code == 302
    response = Response.objects.get(claim=claim)
    page = response.page
    assert not page.live and page.locale.language_code == "vi"
    assert METRO_VI in str(page.explanation)
    assert "Sở Giao thông vận tải" in str(page.explanation)  # the evidence is cited
    assert [fact.pk for fact in page.cited_facts()] == [metro.pk]
    french = page.get_translation(page.locale.__class__.objects.get(language_code="fr"))
    assert METRO["fr"] in str(french.specific.explanation)
    assert isinstance(page.current_workflow_task.specific, TranslationsApprovedTask)

    # 4. The translators approve; the reviewer, never an author, approves the whole.
    for translation in Translation.objects.filter(source__object_id=page.translation_key):
        translator = (
            desk.newsroom.translator_fr
            if translation.target_locale.language_code == "fr"
            else desk.newsroom.translator_en
        )
        _translate_and_approve(translation, translator)
    page.refresh_from_db()
    assert isinstance(page.current_workflow_task.specific, ReviewerApprovalTask)
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", page.current_workflow_task_state.pk],
    )
    tuan.post(approve)
    page.refresh_from_db()
    assert not page.live
    exchange = Channel.objects.create(
        name="National portal", kind="file", config={"folder": "national-portal"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _login(desk.reviewer).post(approve).status_code == 302

    # 5. Published in three languages, with the time to respond recorded.
    page.refresh_from_db()
    assert page.live
    response.refresh_from_db()
    assert response.published_at is not None
    assert response.time_to_respond is not None and response.time_to_respond.total_seconds() > 0
    assert FactCheckPage.objects.live().filter(translation_key=page.translation_key).count() == 3

    # 6. The public French page carries ClaimReview markup valid against schema.org.
    french.refresh_from_db()
    html = Client().get(french.url).content.decode()
    data = _json_ld(html)
    assert schemaorg.errors(data) == []
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == claim.text
    assert data["inLanguage"] == "fr"
    assert data["reviewRating"]["ratingValue"] == 1
    assert (data["reviewRating"]["bestRating"], data["reviewRating"]["worstRating"]) == (5, 1)
    assert data["itemReviewed"]["appearance"]["url"] == article.url
    assert data["author"]["@type"] == "GovernmentOrganization"
    assert data["url"].endswith(french.url)
    assert METRO["fr"] in html
    article_html = html[html.index("<article") : html.index("</article>")]
    assert article_html.count("Verdict") == 1  # once, above the explanation; not inside it too

    # 7. And it goes out on the channels, in each language, with its explanation.
    sent = Delivery.objects.filter(channel=exchange, item_key=f"page-{page.translation_key}")
    assert sorted(sent.values_list("language", flat=True)) == ["en", "fr", "vi"]
    french_delivery = sent.get(language="fr")
    assert METRO["fr"] in french_delivery.payload["body_html"]

    listing = tuan.get(reverse("factbase:responses")).content.decode()
    assert page.title in listing
    assert Claim.objects.get(pk=claim.pk).responses.count() == 1
