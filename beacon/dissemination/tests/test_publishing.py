"""Publishing, republishing and unpublishing a page writes its deliveries with it."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_published

from beacon import publishing as publishing_flow
from beacon.dissemination import outbox, publishing
from beacon.dissemination.models import Channel, Delivery, DeliveryAction, DeliveryStatus, Targeting
from beacon.dissemination.tests.conftest import file_channel
from beacon.portal.models import NewsArticlePage


def _rows(page: Any) -> list[tuple[str, str, str, int]]:
    rows = Delivery.objects.filter(item_key=f"page-{page.translation_key}").exclude(
        status=DeliveryStatus.CANCELLED
    )
    return sorted(rows.values_list("channel__name", "language", "action", "version"))


def _publish(page: Any, capture: Any) -> None:
    with capture(execute=True):
        page.save_revision().publish()


def test_publishing_a_page_enqueues_it_for_each_channel_and_language(
    newsroom: Any, django_capture_on_commit_callbacks: Any
) -> None:
    file_channel("everything")
    file_channel("english", languages=["en"])
    with django_capture_on_commit_callbacks(execute=True):
        from beacon.portal.tests.fixtures import _publish_samples

        published = _publish_samples(newsroom)
    article = published.article
    # Wagtail publishes the English translation twice in one go (synchronised, then approved):
    # the first version never goes out, the second is the publication.
    assert _rows(article) == [
        ("english", "en", "publish", 2),
        ("everything", "en", "publish", 2),
        ("everything", "fr", "publish", 1),
        ("everything", "vi", "publish", 1),
    ]
    superseded = Delivery.objects.filter(status=DeliveryStatus.CANCELLED, language="en")
    assert superseded.count() == 2
    # Themes and documents are the site's furniture: they are not syndicated.
    assert not Delivery.objects.filter(item_key=f"page-{published.theme.translation_key}")
    assert Delivery.objects.filter(item_key=f"page-{published.event.translation_key}").exists()
    vi = Delivery.objects.get(
        channel__name="everything", language="vi", item_key=f"page-{article.translation_key}"
    )
    assert vi.agency == newsroom.personas.district
    assert vi.status == DeliveryStatus.ACKNOWLEDGED
    written = Path(settings.VAR_DIR) / "exchange" / "everything" / vi.remote_id
    doc = json.loads(written.read_text())
    assert doc["language"] == "vi"
    assert doc["renditions"][0]["href"].startswith("http://testserver/vi/")
    assert doc["bodies"][0]["value"] == "<p>Du khách có thể tự tay nặn gốm.</p>"


def test_republishing_sends_an_update_and_unpublishing_a_withdrawal(
    published: Any, django_capture_on_commit_callbacks: Any
) -> None:
    article = NewsArticlePage.objects.get(pk=published.article.pk)
    channel = file_channel("portal", languages=["vi"])
    _publish(article, django_capture_on_commit_callbacks)
    assert _rows(article) == [("portal", "vi", "publish", 1)]
    article.title = "Bát Tràng mở cửa đón khách"
    _publish(article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert _rows(article) == [
        ("portal", "vi", "publish", 1),
        ("portal", "vi", "update", 2),
        ("portal", "vi", "withdraw", 3),
    ]
    withdrawal = Delivery.objects.get(action=DeliveryAction.WITHDRAW)
    assert withdrawal.status == DeliveryStatus.ACKNOWLEDGED
    doc = json.loads(
        (Path(settings.VAR_DIR) / "exchange" / "portal" / withdrawal.remote_id).read_text()
    )
    assert doc["pubstatus"] == "canceled"
    # A channel switched off since still gets nothing new; one that had the item gets updates.
    channel.is_active = False
    channel.save()
    _publish(article, django_capture_on_commit_callbacks)
    assert len(_rows(article)) == 3


def test_targeting_narrows_the_channels_and_languages_of_every_translation(
    published: Any, django_capture_on_commit_callbacks: Any
) -> None:
    chosen = file_channel("chosen")
    file_channel("left-out")
    targeting = Targeting.objects.create(
        translation_key=published.article.translation_key, languages=["vi", "en"]
    )
    targeting.channels.add(chosen)
    for page in Page.objects.filter(translation_key=published.article.translation_key).specific():
        _publish(page, django_capture_on_commit_callbacks)
    # Publishing the source page republishes its translations too (synchronised fields).
    assert {row[:2] for row in _rows(published.article)} == {("chosen", "en"), ("chosen", "vi")}
    assert outbox.targets_for(published.event) != []


def test_a_publication_left_without_deliveries_is_enqueued_by_the_sweep(
    published: Any, django_capture_on_commit_callbacks: Any
) -> None:
    article = NewsArticlePage.objects.get(pk=published.article.pk)
    channel = file_channel("portal", languages=["vi"])
    Channel.objects.filter(pk=channel.pk).update(created_at=timezone.now() - timedelta(hours=1))
    # The process dies between Wagtail's save and the signal that writes the deliveries.
    page_published.disconnect(dispatch_uid="beacon-publishing-published")
    try:
        article.save_revision().publish()
    finally:
        publishing_flow.connect()
    assert _rows(article) == []
    assert publishing.reconcile() == 0  # published a moment ago: its request may still be writing
    Page.objects.filter(pk=article.pk).update(
        last_published_at=timezone.now() - timedelta(minutes=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.reconcile() == 1
    assert _rows(article) == [("portal", "vi", "publish", 1)]
    assert publishing.reconcile() == 0


def test_the_sweep_leaves_alone_pages_published_before_their_channels_existed(
    published: Any,
) -> None:
    file_channel("portal", languages=["vi"])
    Page.objects.filter(pk=published.article.pk).update(
        last_published_at=timezone.now() - timedelta(minutes=5)
    )
    assert publishing.reconcile() == 0
    assert _rows(published.article) == []
