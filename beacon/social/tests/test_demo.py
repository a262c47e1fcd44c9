"""The social demo loads on whatever articles are live, once."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from beacon.core.actions import do_grant_role
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.dissemination.models import Delivery, DeliveryStatus
from beacon.social.demo import load_social_demo
from beacon.social.models import PostStatus, SocialPost
from beacon.social.tests.conftest import make_article


def test_it_loads_drafts_a_posted_post_and_an_export_pack_once(personas: Any) -> None:
    hoa, thu = UserFactory(username="hoa"), UserFactory(username="thu")
    do_grant_role(hoa, personas.lead, Role.EDITOR, acting_user=None)
    do_grant_role(thu, personas.lead, Role.REVIEWER, acting_user=None)
    first = make_article("vi", agency=personas.district, slug="mot", title="Phố cổ")
    second = make_article("vi", agency=personas.district, slug="hai", title="Làng gốm")
    for page in (first, second):
        page.first_published_at = timezone.now()
        page.save()
    lines: list[str] = []

    suggested = load_social_demo(lines.append)

    assert suggested == 4  # two articles in Vietnamese: Facebook and Zalo each
    assert "Social: 4 drafts suggested" in lines[0]
    posted = SocialPost.objects.get(status=PostStatus.POSTED)
    assert posted.platform == "facebook" and posted.posted_url
    delivery = Delivery.objects.get(channel=posted.channel)
    assert delivery.status == DeliveryStatus.ACKNOWLEDGED
    packed = SocialPost.objects.get(status=PostStatus.APPROVED)
    assert packed.platform == "zalo"
    assert timezone.localdate(packed.scheduled_for) == timezone.localdate()

    assert load_social_demo() == 0
    assert SocialPost.objects.count() == 4
    assert SocialPost.objects.filter(status=PostStatus.POSTED).count() == 1
