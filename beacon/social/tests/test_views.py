"""The post screen: the length shown as the platform counts it, bad edits refused with a reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from beacon.dissemination.models import Channel
from beacon.social.models import PostStatus, SocialPost
from beacon.social.tests.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(personas: Any) -> SocialPost:
    channel = Channel.objects.create(name="Bluesky", kind="export", config={"platform": "bluesky"})
    return SocialPost.objects.create(
        channel=channel,
        platform="bluesky",
        page=make_article(agency=personas.district),
        agency=personas.district,
        language="vi",
        text="Làng gốm Bát Tràng",
    )


def test_it_refuses_an_edit_over_the_limit_and_keeps_the_draft(
    client: Any, personas: Any, post: SocialPost
) -> None:
    client.force_login(personas.officer)
    response = client.post(reverse("social:post", args=[post.pk]), {"text": "gốm " * 100})
    assert response.status_code == 200
    assert "Bluesky counts this post as 399 characters; its limit is 300" in (
        response.content.decode()
    )
    post.refresh_from_db()
    assert post.text == "Làng gốm Bát Tràng" and post.edited_by is None


def test_it_refuses_an_image_without_alt_text(client: Any, personas: Any, post: SocialPost) -> None:
    from beacon.social.tests.conftest import make_image

    client.force_login(personas.officer)
    image = make_image()
    response = client.post(
        reverse("social:post", args=[post.pk]), {"text": "Gốm", "image": image.pk}
    )
    assert response.status_code == 200
    assert "an image needs its alt text" in response.content.decode()
    post.refresh_from_db()
    assert post.image is None


def test_an_officer_edits_and_submits_and_then_cannot_edit(
    client: Any, personas: Any, post: SocialPost
) -> None:
    client.force_login(personas.officer)
    page = client.get(reverse("social:post", args=[post.pk])).content.decode()
    assert "18 of 300 characters" in page
    client.post(reverse("social:post", args=[post.pk]), {"text": "Gốm", "hashtags": "DiSản"})
    client.post(reverse("social:submit", args=[post.pk]))
    post.refresh_from_db()
    assert post.status == PostStatus.SUBMITTED and post.full_text() == "Gốm\n\n#DiSản"
    assert post.submitted_by == personas.officer and post.edited_by == personas.officer
    client.post(reverse("social:post", args=[post.pk]), {"text": "Changed after submission"})
    post.refresh_from_db()
    assert post.text == "Gốm"
