"""Community stories: submission with photos (checked by content, EXIF and GPS removed), e-mail
confirmation, rate limit, moderation by an editor of the agency, publication as a portal page."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from beacon.core.actions import do_grant_role
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.outreach.models import CommunityStory, StoryStatus
from beacon.outreach.tests.conftest import City, CommittingClient, last_mail_to, link_in
from beacon.portal.models import StoryPage

People = Callable[[], CommittingClient]


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 42.0), 3: "E", 4: (105.0, 51.0, 12.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def submit(client: CommittingClient, city: City, files: list[SimpleUploadedFile],
           **extra: str) -> int:  # fmt: skip
    path = "/en/stories/share/"
    token = client.get(path).context["form"]["token"].value()
    data = {
        "title": "Morning by the lake", "body": "The lake at dawn.", "place": "Hoan Kiem",
        "agency": city.newsroom.personas.district.pk, "author_name": "Tom",
        "email": "tom@example.org", "licence": "cc-by-4.0", "consent": "on",
        "photo_description": "The lake at dawn", "token": token, "photos": files, **extra,
    }  # fmt: skip
    return client.post(path, data).status_code


@pytest.mark.django_db
def test_it_strips_location_confirms_by_mail_and_publishes_after_moderation(
    city: City, people: People
) -> None:
    original = photo_with_gps()
    assert b"PhoneMaker" in original
    client = people()
    assert submit(client, city, [SimpleUploadedFile("p.jpg", original, "image/jpeg")]) == 303
    story = CommunityStory.objects.get()
    assert story.status == StoryStatus.UNCONFIRMED and story.language == "en"
    stored = story.photos.get().image.file.read()
    assert b"PhoneMaker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    client.post(link_in(last_mail_to("tom@example.org"), "/stories/confirm/"))
    story.refresh_from_db()
    assert story.status == StoryStatus.SUBMITTED

    editor = UserFactory(username="editor-q-a")
    do_grant_role(editor, city.newsroom.personas.district, Role.EDITOR, acting_user=None)
    other_editor = UserFactory(username="editor-q-b")
    do_grant_role(other_editor, city.newsroom.personas.other_district, Role.EDITOR,
                  acting_user=None)  # fmt: skip
    url = f"/admin/outreach/stories/{story.pk}/"
    intruder = people()
    intruder.force_login(other_editor)
    assert intruder.post(url, {"step": "publish"}).status_code in (302, 404)
    moderator = people()
    moderator.force_login(editor)
    answer = moderator.post(url, {"step": "publish"}, follow=True)
    assert [str(m) for m in answer.context["messages"]] == []
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    page = StoryPage.objects.get(pk=story.page_id)
    assert page.live and page.locale.language_code == "en" and page.image is not None
    assert "Tom" in page.body and client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_it_refuses_files_that_are_not_images(city: City, people: People) -> None:
    client = people()
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script>", "image/jpeg")
    assert submit(client, city, [fake]) == 400
    assert not CommunityStory.objects.exists()


@pytest.mark.django_db
def test_it_limits_submissions_per_connection(city: City, people: People, settings: object) -> None:
    settings.BEACON_OUTREACH_RATE_LIMIT = 2  # type: ignore[attr-defined]
    client = people()
    codes = [submit(client, city, [], title=f"Story {n}") for n in range(3)]
    assert codes == [303, 303, 429]
    assert CommunityStory.objects.count() == 2


@pytest.mark.django_db
def test_it_requires_consent(city: City, people: People) -> None:
    client = people()
    assert submit(client, city, [], consent="") == 400
    assert not CommunityStory.objects.exists()
