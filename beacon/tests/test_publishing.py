"""The publishing flow (``beacon/publishing.py``), from the click on "Publish" to the partner.

Hoa writes an article in Vietnamese; Emma and Pierre approve its English and French; Lan, the
coordinator, publishes. The flow then publishes the translations, writes the outbox's
deliveries (which the worker hands to the national portal's folder), suggests the social posts,
and, for a fact check, records the time the response took.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from beacon import publishing
from beacon.dissemination.models import Channel, Delivery, DeliveryStatus
from beacon.factbase.models import Claim, FactCheckPage, Response
from beacon.factbase.setup import fact_check_index
from beacon.portal.models import NewsArticlePage
from beacon.social.models import SocialPost
from beacon.translation.actions import do_approve_translation, do_request_translations
from beacon.translation.tests.segments import fill_untranslated


def _written_and_translated(newsroom: Any, page: Any, parent: Any) -> Any:
    """The editor's draft under ``parent``, with every translation approved by its translator."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=newsroom.editor)
    translators = {"en": newsroom.translator_en, "fr": newsroom.translator_fr}
    for translation in do_request_translations(page, acting_user=newsroom.editor):
        translator = translators[translation.target_locale.language_code]
        fill_untranslated(translation, translator)
        do_approve_translation(translation, acting_user=translator)
    return page


def test_it_lists_the_steps_in_the_order_they_run() -> None:
    assert [name for name, _step in publishing.PUBLISH_STEPS] == [
        "portal cache",
        "translations",
        "outbox",
        "social",
        "fact base",
    ]


def test_a_publish_goes_from_the_editors_click_to_the_partners_folder(
    newsroom: Any, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    settings.VAR_DIR = tmp_path
    Channel.objects.create(
        name="National portal", kind="file", config={"folder": "national-portal"}
    )
    Channel.objects.create(
        name="X (vi, en)", kind="export", languages=["vi", "en"], config={"platform": "x"}
    )
    article = _written_and_translated(
        newsroom,
        NewsArticlePage(
            title="Hà Nội đón mùa du lịch mới",
            slug="mua-du-lich-moi",
            summary="Làng gốm Bát Tràng đón du khách.",
            body="<p>Du khách có thể tự nặn gốm.</p>",
            agency=newsroom.personas.district,
        ),
        newsroom.tree.sections["news"],
    )
    assert not article.live

    # 1. The coordinator publishes the Vietnamese page (the "Publish" button).
    with django_capture_on_commit_callbacks(execute=True):
        article.get_latest_revision().publish(user=newsroom.personas.coordinator)

    # 2. Translations: the approved English and French went live with it.
    live = NewsArticlePage.objects.live().filter(translation_key=article.translation_key)
    assert sorted(live.values_list("locale__language_code", flat=True)) == ["en", "fr", "vi"]

    # 3. Outbox: one delivery per language; the worker delivered each to the partner's folder.
    deliveries = Delivery.objects.filter(
        item_key=f"page-{article.translation_key}", channel__name="National portal"
    ).exclude(status=DeliveryStatus.CANCELLED)
    assert sorted(deliveries.values_list("language", "status")) == [
        ("en", DeliveryStatus.ACKNOWLEDGED),
        ("fr", DeliveryStatus.ACKNOWLEDGED),
        ("vi", DeliveryStatus.ACKNOWLEDGED),
    ]
    received = [json.loads(path.read_text()) for path in tmp_path.rglob("*.json")]
    assert {item["language"] for item in received} >= {"vi", "en", "fr"}

    # 4. Social: a draft post per language the social channel carries, its delivery held until
    # the post is approved.
    posts = SocialPost.objects.filter(page__translation_key=article.translation_key)
    assert sorted(posts.values_list("language", flat=True)) == ["en", "vi"]


def test_a_fact_checks_first_publish_records_the_time_its_response_took(
    newsroom: Any, django_capture_on_commit_callbacks: Any
) -> None:
    claim = Claim.objects.create(
        text="Tuyến metro số 3 chỉ chở 5.000 khách mỗi ngày.",
        language="vi",
        detected_at=timezone.now() - timedelta(hours=5),
    )
    index = fact_check_index("vi")
    page = FactCheckPage(
        title="Metro số 3 chở 32.000 khách mỗi ngày",
        slug="metro-so-3",
        claim_reviewed=claim.text,
        verdict="false",
        explanation="<p>Sở Giao thông vận tải: 32.000 lượt mỗi ngày.</p>",
    )
    page.live = False
    index.add_child(instance=page)
    response = Response.objects.create(claim=claim, page=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=newsroom.editor).publish(user=newsroom.personas.coordinator)

    # 5. Fact base: the response counts from the claim's detection to this first publish.
    response.refresh_from_db()
    assert response.published_at is not None
    assert response.time_to_respond == response.published_at - claim.detected_at
