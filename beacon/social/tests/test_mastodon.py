"""The Mastodon adapter against a fake Mastodon on loopback, alone and through the outbox."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from beacon.dissemination import outbox
from beacon.dissemination.adapters import Message, PermanentError, TemporaryError, display_reason
from beacon.dissemination.models import Channel, DeliveryStatus
from beacon.social.actions import message_for
from beacon.social.mastodon import MastodonAdapter, RateLimited
from beacon.social.models import PostStatus, SocialPost
from beacon.social.tests.conftest import make_article, make_image, mastodon_config
from beacon.social.tests.fake_mastodon import TOKEN, FakeMastodon

pytestmark = pytest.mark.django_db


def make_channel(url: str, name: str = "Mastodon EN", **config: Any) -> Channel:
    return Channel.objects.create(
        name=name, kind="mastodon", languages=["en"], config=mastodon_config(url, **config)
    )


def make_post(personas: Any, channel: Channel, **fields: Any) -> SocialPost:
    first = SocialPost.objects.select_related("page").first()
    page = first.page if first is not None else make_article(agency=personas.district)
    defaults: dict[str, Any] = {
        "platform": "mastodon",
        "language": "en",
        "text": "Bat Trang pottery village welcomes visitors",
        "hashtags": "#Heritage",
        "status": PostStatus.APPROVED,
        "agency": personas.district,
    }
    return SocialPost.objects.create(channel=channel, page=page, **(defaults | fields))


def send(channel: Channel, post: SocialPost, key: str = "k-1", **changes: Any) -> Any:
    from dataclasses import replace

    message = replace(message_for(post), idempotency_key=key, **changes)
    return MastodonAdapter().deliver(channel, message)


def test_it_posts_a_status_with_its_image_and_alt_text(
    personas: Any, fake_mastodon: FakeMastodon
) -> None:
    channel = make_channel(fake_mastodon.url)
    image = make_image("Blue and white pots drying in a courtyard")
    post = make_post(personas, channel, image=image, image_alt=image.description)

    receipt = send(channel, post)

    status = fake_mastodon.statuses[receipt.remote_id]
    assert status["content"] == "Bat Trang pottery village welcomes visitors\n\n#Heritage"
    assert status["language"] == "en" and status["visibility"] == "public"
    media = fake_mastodon.media[status["media_ids"][0]]
    assert media["description"] == "Blue and white pots drying in a courtyard"
    assert media["jpeg"] and media["polls"] >= 1  # 202 first, then polled until processed
    post.refresh_from_db()
    assert post.status == PostStatus.POSTED
    assert post.remote_id == receipt.remote_id and post.posted_url == status["url"]


def test_it_never_posts_twice_for_one_idempotency_key(
    personas: Any, fake_mastodon: FakeMastodon
) -> None:
    channel = make_channel(fake_mastodon.url)
    post = make_post(personas, channel)
    first = send(channel, post, key="same")
    again = send(channel, post, key="same")
    assert first.remote_id == again.remote_id
    assert len(fake_mastodon.statuses) == 1


def test_it_edits_then_deletes_a_posted_status(personas: Any, fake_mastodon: FakeMastodon) -> None:
    channel = make_channel(fake_mastodon.url)
    post = make_post(personas, channel)
    remote_id = send(channel, post).remote_id
    post.refresh_from_db()
    post.text = "Bat Trang: open every day"

    assert send(channel, post, key="k-2").remote_id == remote_id
    assert fake_mastodon.statuses[remote_id]["edited"]
    assert ("PUT", f"/api/v1/statuses/{remote_id}") in fake_mastodon.requests

    # The page is withdrawn: its message carries no remote id, the post on this channel has one.
    page_withdrawal = Message(
        item_key=f"page-{post.page.translation_key}",
        idempotency_key="w-1",
        action="withdraw",
        language="en",
        title=post.page.title,
        url="",
    )
    assert MastodonAdapter().deliver(channel, page_withdrawal).remote_id == remote_id
    assert remote_id not in fake_mastodon.statuses
    # Withdrawing what is already gone is done, not an error.
    assert MastodonAdapter().deliver(channel, page_withdrawal).detail == "deleted"


@pytest.mark.parametrize(
    ("misbehave", "reason"),
    [
        ({"fail_with": 500}, "HTTP 500"),
        ({"fail_with": 503}, "HTTP 503"),
        ({"garbage": True}, "not JSON"),
        ({"delay": 1.5}, "No answer"),
    ],
)
def test_it_calls_5xx_garbage_and_slowness_temporary(
    personas: Any, fake_mastodon: FakeMastodon, misbehave: dict[str, Any], reason: str
) -> None:
    channel = make_channel(fake_mastodon.url, timeout=0.5)
    post = make_post(personas, channel)
    for name, value in misbehave.items():
        setattr(fake_mastodon, name, value)
    with pytest.raises(TemporaryError, match=reason):
        send(channel, post)
    assert not fake_mastodon.statuses


def test_it_calls_a_server_that_is_down_temporary(
    personas: Any, fake_mastodon: FakeMastodon
) -> None:
    channel = make_channel(fake_mastodon.url)
    post = make_post(personas, channel)
    fake_mastodon.stop()
    with pytest.raises(TemporaryError, match=r"Connection to 127\.0\.0\.1 failed"):
        send(channel, post)


def test_it_passes_on_how_long_a_rate_limit_asks_to_wait(
    personas: Any, fake_mastodon: FakeMastodon
) -> None:
    channel = make_channel(fake_mastodon.url)
    post = make_post(personas, channel)
    fake_mastodon.fail_with, fake_mastodon.retry_after = 429, "120"
    with pytest.raises(RateLimited) as caught:
        send(channel, post)
    assert caught.value.retry_after == 120.0
    assert isinstance(caught.value, TemporaryError)


def test_it_reports_refusals_as_permanent_with_the_servers_message(
    personas: Any, fake_mastodon: FakeMastodon, monkeypatch: Any
) -> None:
    channel = make_channel(fake_mastodon.url)
    post = make_post(personas, channel)
    fake_mastodon.fail_with = 422
    with pytest.raises(PermanentError, match="HTTP 422: Validation failed: Text is too long"):
        send(channel, post)
    fake_mastodon.fail_with = None
    monkeypatch.setenv("BEACON_TEST_MASTODON_TOKEN", "revoked")
    with pytest.raises(PermanentError, match="HTTP 401: The access token is invalid"):
        send(channel, post)
    monkeypatch.delenv("BEACON_TEST_MASTODON_TOKEN")
    with pytest.raises(PermanentError, match="BEACON_TEST_MASTODON_TOKEN"):
        send(channel, post)
    assert not fake_mastodon.statuses


def test_it_reads_the_access_token_from_a_file(
    personas: Any, fake_mastodon: FakeMastodon, monkeypatch: Any, tmp_path: Any
) -> None:
    channel = make_channel(fake_mastodon.url)
    post = make_post(personas, channel)
    token = tmp_path / "token"
    token.write_text(TOKEN + "\n", encoding="utf-8")
    monkeypatch.delenv("BEACON_TEST_MASTODON_TOKEN")
    monkeypatch.setenv("BEACON_TEST_MASTODON_TOKEN_FILE", str(token))
    send(channel, post)
    assert len(fake_mastodon.statuses) == 1
    monkeypatch.setenv("BEACON_TEST_MASTODON_TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(PermanentError, match="BEACON_TEST_MASTODON_TOKEN_FILE points to"):
        send(channel, post)


def test_it_refuses_a_private_address_unless_allowed(
    personas: Any, fake_mastodon: FakeMastodon, settings: Any
) -> None:
    settings.BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS = []
    channel = make_channel(fake_mastodon.url)
    post = make_post(personas, channel)
    channel.config["instance"] = fake_mastodon.url.replace("http://", "https://")
    with pytest.raises(PermanentError, match="non-public address"):
        send(channel, post)
    channel.config["instance"] = "http://social.example.org"
    with pytest.raises(PermanentError, match="must be reached over HTTPS") as refused:
        send(channel, post)
    assert not fake_mastodon.requests
    with translation.override("vi"):
        assert display_reason(str(refused.value)) == (
            "Phải kết nối tới máy chủ Mastodon qua HTTPS: http://social.example.org"
        )


def test_it_refuses_a_message_that_is_not_an_approved_post(
    personas: Any, fake_mastodon: FakeMastodon
) -> None:
    channel = make_channel(fake_mastodon.url)
    page_message = Message(
        item_key="page-x", idempotency_key="p-1", action="publish", language="en", title="T", url=""
    )
    with pytest.raises(PermanentError, match="Only approved social posts"):
        MastodonAdapter().deliver(channel, page_message)
    assert not fake_mastodon.requests


def test_the_outbox_retries_a_down_server_then_gives_up_while_others_move(
    personas: Any, fake_mastodon: FakeMastodon, settings: Any
) -> None:
    from beacon.social.tests.fake_mastodon import running

    settings.BEACON_DELIVERY_MAX_ATTEMPTS = 2
    healthy = make_channel(fake_mastodon.url, name="Mastodon healthy")
    with running() as gone:
        down = make_channel(gone.url, name="Mastodon down")
    post_ok = make_post(personas, healthy)
    post_down = make_post(personas, down)
    ok = outbox.enqueue(message_for(post_ok), [healthy], item=post_ok)[0]
    doomed = outbox.enqueue(message_for(post_down), [down], item=post_down)[0]

    outbox.work("test-worker")

    ok.refresh_from_db()
    doomed.refresh_from_db()
    assert ok.status == DeliveryStatus.ACKNOWLEDGED and ok.remote_id
    assert doomed.status == DeliveryStatus.FAILED
    assert doomed.next_attempt_at is not None and doomed.next_attempt_at > timezone.now()
    assert "Connection to 127.0.0.1 failed" in doomed.last_error

    doomed.next_attempt_at = timezone.now() - timedelta(seconds=1)
    doomed.save(update_fields=["next_attempt_at"])
    outbox.work("test-worker")
    doomed.refresh_from_db()
    assert doomed.status == DeliveryStatus.DEAD
    assert "Gave up after 2 attempts" in doomed.last_error
    assert "Connection to 127.0.0.1 failed" in doomed.last_error
    assert len(fake_mastodon.statuses) == 1
