"""Drafts suggested on publication, edited, submitted, approved like content, sent by the outbox."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import Locale

from beacon.core.actions import do_grant_role
from beacon.core.models import AuditEvent
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.dissemination import outbox
from beacon.dissemination.models import Channel, Delivery, DeliveryStatus
from beacon.dissemination.publishing import message_for as page_message
from beacon.social import actions
from beacon.social.models import PostStatus, SocialPost
from beacon.social.tests.conftest import make_article, mastodon_config
from beacon.social.tests.fake_mastodon import FakeMastodon

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(personas: Any) -> Any:
    thu = UserFactory(username="thu")
    do_grant_role(thu, personas.lead, Role.REVIEWER, acting_user=None)
    return thu


def export_channel(platform: str = "x", **config: Any) -> Channel:
    return Channel.objects.create(
        name=f"{platform} (vi, en)",
        kind="export",
        languages=["vi", "en"],
        config={"platform": platform, **config},
    )


def test_it_suggests_a_post_per_social_channel_when_an_item_is_published(
    published: Any,
) -> None:
    # The fixture publishes before any channel exists; a channel added later gets drafts from
    # the next publication (here: suggested directly, as the receiver does).
    x = export_channel("x", hashtags=["Hanoi"])
    Channel.objects.create(name="Partner API", kind="syndication", languages=["en"])
    english = published.article.get_translation(Locale.objects.get(language_code="en"))
    made = actions.suggest_posts(english)
    assert [post.channel for post in made] == [x]
    post = made[0]
    assert post.platform == "x" and post.language == "en"
    assert post.agency == published.article.agency
    assert post.text.startswith("Bat Trang pottery village welcomes visitors\n\n")
    assert post.text.endswith(english.get_full_url())
    assert post.hashtags == "#Heritage #Hanoi"
    assert post.status == PostStatus.DRAFT
    assert actions.suggest_posts(english) == []  # once per channel
    assert AuditEvent.objects.filter(action="socialpost.suggest").count() == 1


def test_publishing_an_item_suggests_its_posts(
    newsroom: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from beacon.portal.tests.fixtures import _publish_samples

    export_channel("bluesky")
    with django_capture_on_commit_callbacks(execute=True):
        samples = _publish_samples(newsroom)
    languages = set(
        SocialPost.objects.filter(
            page__translation_key=samples.article.translation_key
        ).values_list("language", flat=True)
    )
    assert languages == {"vi", "en"}  # the channel carries vi and en, not fr
    # Only items (articles, events…) get posts, not themes or the document library.
    assert not SocialPost.objects.filter(page__translation_key=samples.theme.translation_key)


def test_it_refuses_a_post_over_the_platforms_limit_with_a_clear_message(
    personas: Any,
) -> None:
    channel = export_channel("x")
    post = SocialPost(
        channel=channel,
        platform="x",
        page=make_article(agency=personas.district),
        agency=personas.district,
        language="en",
        text="Hà Nội " * 40,
    )
    with pytest.raises(ValidationError) as caught:
        post.full_clean()
    message = caught.value.message_dict["text"][0]
    # 279 characters once trailing space is gone, and X weighs each "ộ" (U+1ED9) 2.
    assert "X (Twitter) counts this post as 319 characters; its limit is 280" in message
    assert "by 39" in message


def test_it_requires_alt_text_with_an_image(personas: Any) -> None:
    from beacon.social.tests.conftest import make_image

    post = SocialPost(
        channel=export_channel("facebook"),
        platform="facebook",
        page=make_article(agency=personas.district),
        language="en",
        text="Bat Trang",
        image=make_image(),
        image_alt=" ",
    )
    with pytest.raises(ValidationError) as caught:
        post.full_clean()
    assert "image_alt" in caught.value.message_dict


def _draft(personas: Any, channel: Channel) -> SocialPost:
    return SocialPost.objects.create(
        channel=channel,
        platform=actions.platform_of(channel),
        page=make_article(agency=personas.district),
        agency=personas.district,
        language="en",
        text="Bat Trang pottery village welcomes visitors",
    )


def test_nobody_approves_their_own_post_and_officers_do_not_approve(
    personas: Any, reviewer: Any
) -> None:
    post = _draft(personas, export_channel())
    post.text = "Bat Trang, open every day"
    with pytest.raises(PermissionDenied):
        actions.do_save_post(post, acting_user=reviewer)  # reviewers read posts, not write them
    with pytest.raises(PermissionDenied):
        actions.do_save_post(post, acting_user=personas.other_officer)
    actions.do_save_post(post, acting_user=personas.coordinator)
    actions.do_submit_post(post, acting_user=personas.officer)
    for person in (personas.officer, personas.other_officer, personas.outsider):
        with pytest.raises(PermissionDenied):
            actions.do_approve_post(post, acting_user=person)
    with pytest.raises(PermissionDenied):  # the coordinator edited it
        actions.do_approve_post(post, acting_user=personas.coordinator)
    with pytest.raises(ValidationError):
        actions.do_save_post(post, acting_user=personas.officer)  # submitted: no more edits
    assert SocialPost.objects.get(pk=post.pk).status == PostStatus.SUBMITTED

    actions.do_reject_post(post, acting_user=reviewer, comment="Say when it opens.")
    assert post.status == PostStatus.REJECTED and post.is_editable()
    actions.do_submit_post(post, acting_user=personas.officer)
    actions.do_approve_post(post, acting_user=reviewer)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED and post.reviewed_by == reviewer
    actions_logged = list(
        AuditEvent.objects.filter(action__startswith="socialpost.").values_list("action", flat=True)
    )
    assert actions_logged.count("socialpost.submit") == 2
    assert "socialpost.reject" in actions_logged and "socialpost.approve" in actions_logged


def test_approval_sends_the_approved_text_to_mastodon(
    personas: Any,
    reviewer: Any,
    fake_mastodon: FakeMastodon,
    eager_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    channel = Channel.objects.create(
        name="Mastodon", kind="mastodon", config=mastodon_config(fake_mastodon.url)
    )
    post = _draft(personas, channel)
    post.hashtags = "#Heritage #Hanoi"
    actions.do_save_post(post, acting_user=personas.officer)
    actions.do_submit_post(post, acting_user=personas.officer)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_approve_post(post, acting_user=reviewer)

    delivery = Delivery.objects.get(channel=channel)
    assert delivery.status == DeliveryStatus.ACKNOWLEDGED
    assert delivery.item_key == f"social:{post.pk}"
    status = fake_mastodon.statuses[delivery.remote_id]
    assert status["content"] == ("Bat Trang pottery village welcomes visitors\n\n#Heritage #Hanoi")
    post.refresh_from_db()
    assert post.status == PostStatus.POSTED and post.posted_url == status["url"]


def test_approval_releases_the_delivery_held_for_the_post(
    personas: Any,
    reviewer: Any,
    fake_mastodon: FakeMastodon,
    eager_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    channel = Channel.objects.create(
        name="Mastodon", kind="mastodon", config=mastodon_config(fake_mastodon.url)
    )
    post = _draft(personas, channel)
    page = post.page.specific
    # What the outbox writes for a social channel when the page is published: a held row.
    held = outbox.enqueue(
        page_message(page, "publish", 1), [channel], item=page, agency=page.agency, held=True
    )[0]
    actions.do_submit_post(post, acting_user=personas.officer)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_approve_post(post, acting_user=reviewer)

    held.refresh_from_db()
    assert Delivery.objects.filter(channel=channel).count() == 1
    assert held.status == DeliveryStatus.ACKNOWLEDGED
    assert held.payload["extra"]["text"] == post.full_text()
    assert fake_mastodon.statuses[held.remote_id]["content"] == post.full_text()


def test_an_exported_post_is_acknowledged_when_marked_posted(
    personas: Any,
    reviewer: Any,
    eager_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    channel = export_channel("zalo")
    post = _draft(personas, channel)
    actions.do_submit_post(post, acting_user=personas.officer)
    with pytest.raises(ValidationError):
        actions.do_mark_posted(post, url="https://zalo.me/p/1", acting_user=personas.officer)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_approve_post(post, acting_user=reviewer)
    delivery = Delivery.objects.get(channel=channel)
    assert delivery.status == DeliveryStatus.SENT  # waiting in the export pack

    with pytest.raises(PermissionDenied):
        actions.do_mark_posted(post, url="https://zalo.me/p/1", acting_user=personas.other_officer)
    actions.do_mark_posted(post, url="https://zalo.me/p/1", acting_user=personas.officer)
    delivery.refresh_from_db()
    post.refresh_from_db()
    assert delivery.status == DeliveryStatus.ACKNOWLEDGED
    assert delivery.remote_id == "https://zalo.me/p/1"
    assert post.status == PostStatus.POSTED and post.posted_at is not None
