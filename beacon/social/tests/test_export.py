"""Export packs: the text as it should be pasted, the image at the platform's size, a manifest."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from beacon.dissemination.models import Channel
from beacon.social.models import PostStatus, SocialPost
from beacon.social.tests.conftest import make_article, make_image

pytestmark = pytest.mark.django_db


def approved(personas: Any, platform: str, slug: str, **fields: Any) -> SocialPost:
    channel, _ = Channel.objects.get_or_create(
        name=f"Export {platform}", kind="export", defaults={"config": {"platform": platform}}
    )
    return SocialPost.objects.create(
        channel=channel,
        platform=platform,
        page=make_article(agency=personas.district, slug=slug),
        agency=personas.district,
        language="vi",
        text="Làng gốm Bát Tràng mở cửa đón khách",
        hashtags="#DiSản #HàNội",
        status=PostStatus.APPROVED,
        **fields,
    )


def unzip(response: Any) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_a_post_pack_holds_its_text_its_image_and_a_manifest(client: Any, personas: Any) -> None:
    image = make_image("Bình gốm men lam")
    post = approved(personas, "x", "gom", image=image, image_alt=image.description)
    client.force_login(personas.officer)

    pack = unzip(client.get(reverse("social:export", args=[post.pk])))

    manifest = json.loads(pack.read("manifest.json").decode("utf-8"))["posts"]
    assert len(manifest) == 1
    entry = manifest[0]
    assert entry["platform"] == "x" and entry["language"] == "vi"
    assert entry["alt_text"] == "Bình gốm men lam"
    assert entry["characters"] == post.length() and entry["limit"] == 280
    assert pack.read(entry["text_file"]).decode("utf-8") == (
        "Làng gốm Bát Tràng mở cửa đón khách\n\n#DiSản #HàNội\n"
    )
    with Image.open(io.BytesIO(pack.read(entry["image_file"]))) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (1600, 900)  # 2400x1350 fitted inside X's 1600x900


def test_a_day_pack_holds_that_days_approved_posts_only(client: Any, personas: Any) -> None:
    now = timezone.now()
    today = approved(personas, "facebook", "a", scheduled_for=now)
    approved(personas, "zalo", "b", scheduled_for=now)
    approved(personas, "linkedin", "c", scheduled_for=now + timedelta(days=2))
    draft = approved(personas, "bluesky", "d", scheduled_for=now)
    draft.status = PostStatus.DRAFT
    draft.save()
    client.force_login(personas.officer)

    day = timezone.localdate(now).isoformat()
    pack = unzip(client.get(reverse("social:day_export") + f"?day={day}"))

    platforms = [e["platform"] for e in json.loads(pack.read("manifest.json"))["posts"]]
    assert sorted(platforms) == ["facebook", "zalo"]
    assert f"{today.pk:05d}-facebook-vi.txt" in pack.namelist()
    client.force_login(personas.other_officer)
    other = unzip(client.get(reverse("social:day_export") + f"?day={day}"))
    assert json.loads(other.read("manifest.json"))["posts"] == []


def test_only_an_approved_post_of_ones_reach_is_exported(client: Any, personas: Any) -> None:
    post = approved(personas, "x", "gom")
    client.force_login(personas.other_officer)
    assert client.get(reverse("social:export", args=[post.pk])).status_code == 404
    post.status = PostStatus.SUBMITTED
    post.save()
    client.force_login(personas.officer)
    response = client.get(reverse("social:export", args=[post.pk]))
    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/zip"


def test_an_officer_marks_an_exported_post_posted(client: Any, personas: Any) -> None:
    post = approved(personas, "zalo", "gom")
    client.force_login(personas.officer)
    bad = client.post(reverse("social:mark_posted", args=[post.pk]), {"url": "not a url"})
    assert bad.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    client.post(reverse("social:mark_posted", args=[post.pk]), {"url": "https://zalo.me/p/9"})
    post.refresh_from_db()
    assert post.status == PostStatus.POSTED and post.posted_url == "https://zalo.me/p/9"
