"""Pull feeds: token-guarded, one entry per item in its latest version, paged, with ETag."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client

from beacon.dissemination import actions, feeds, outbox
from beacon.dissemination.models import Channel, Delivery, DeliveryStatus, FeedToken
from beacon.dissemination.tests.test_outbox import _message


@pytest.fixture
def feed(personas: Any) -> tuple[Channel, str]:
    channel = Channel.objects.create(name="Partners", kind="feed")
    token = actions.do_issue_feed_token(channel, "Sister city", acting_user=personas.coordinator)
    with transaction.atomic():
        outbox.enqueue(_message("page-a", title="First"), [channel])
        outbox.enqueue(_message("page-b", title="Second"), [channel])
        outbox.enqueue(
            _message("page-a", title="First, corrected", action="update", version=2), [channel]
        )
    outbox.work("w")
    return channel, token


def _get(path: str, token: str = "", **headers: str) -> Any:
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return Client().get(path, **extra)


def test_it_serves_the_latest_version_of_each_item_and_acknowledges_it(
    feed: tuple[Channel, str],
) -> None:
    channel, token = feed
    response = _get(f"/syndication/{channel.pk}/ninjs.json", token)
    assert response.status_code == 200
    items = response.json()["items"]
    assert sorted(i["headlines"][0]["value"] for i in items) == ["First, corrected", "Second"]
    assert response.json()["next"] is None
    statuses = set(Delivery.objects.filter(version__gte=1).values_list("status", "version"))
    assert (DeliveryStatus.ACKNOWLEDGED, 2) in statuses
    assert (DeliveryStatus.SENT, 1) in statuses  # the old version was never served


def test_it_answers_304_to_a_partner_with_the_current_etag(feed: tuple[Channel, str]) -> None:
    channel, token = feed
    first = _get(f"/syndication/{channel.pk}/atom.xml", token)
    assert first.status_code == 200
    root = ET.fromstring(first.content)  # noqa: S314 (our own output)
    assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) == 2
    again = _get(f"/syndication/{channel.pk}/atom.xml", token, **{"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_it_pages_the_feed(feed: tuple[Channel, str], monkeypatch: pytest.MonkeyPatch) -> None:
    channel, token = feed
    monkeypatch.setattr(feeds, "PAGE_SIZE", 1)
    first = _get(f"/syndication/{channel.pk}/ninjs.json?token={token}").json()
    assert len(first["items"]) == 1 and first["next"].endswith("?page=2")
    second = _get(f"/syndication/{channel.pk}/ninjs.json?page=2&token={token}").json()
    assert second["next"] is None
    assert _get(f"/syndication/{channel.pk}/ninjs.json?page=3&token={token}").status_code == 404
    assert _get(f"/syndication/{channel.pk}/ninjs.json?page=x&token={token}").status_code == 404


def test_it_refuses_a_missing_wrong_or_revoked_token_and_other_channels(
    feed: tuple[Channel, str], personas: Any
) -> None:
    channel, token = feed
    other = Channel.objects.create(name="Other partners", kind="feed")
    assert _get(f"/syndication/{channel.pk}/ninjs.json").status_code == 401
    assert _get(f"/syndication/{channel.pk}/ninjs.json", "wrong").status_code == 401
    assert _get(f"/syndication/{other.pk}/ninjs.json", token).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.do_revoke_feed_token(FeedToken.objects.get(), acting_user=personas.officer)
    actions.do_revoke_feed_token(FeedToken.objects.get(), acting_user=personas.coordinator)
    assert _get(f"/syndication/{channel.pk}/ninjs.json", token).status_code == 401
