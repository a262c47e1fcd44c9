"""The kiosks with the real outbox: a delivery is proven when a kiosk fetches it, and an
emergency notice goes out on every other channel, marked urgent."""

from __future__ import annotations

from typing import Any

from beacon.dissemination import outbox
from beacon.dissemination.models import Channel, Delivery, DeliveryStatus
from beacon.kiosks import actions, api
from beacon.kiosks.models import EmergencyNotice, PlaylistRule, Slide
from beacon.kiosks.tests.conftest import Fleet, make_message


def test_a_kiosk_fetch_acknowledges_the_outbox_delivery(client: Any, fleet: Fleet) -> None:
    fleet.channel.config = {"groups": ["gate-a"]}
    fleet.channel.save()
    [delivery] = outbox.enqueue(
        make_message("news-9", idempotency_key="", extra={"type": "eventpage"}), [fleet.channel]
    )
    outbox.work("test")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert Slide.objects.get(item_key="news-9").category == "events"
    PlaylistRule.objects.filter(group=fleet.group_a).update(categories=["news", "events"])
    api.forget_cached()
    auth = {"Authorization": f"Bearer {fleet.token_a}"}
    response = client.get("/kiosk/api/playlist", headers=auth)
    assert [item["key"] for item in response.json()["slides"]] == ["news-9"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.ACKNOWLEDGED
    assert "A-01" in delivery.detail


def test_an_emergency_notice_goes_out_on_the_other_channels(fleet: Fleet, personas: Any) -> None:
    feed = Channel.objects.create(name="Partner feed", kind="feed", languages=["en", "fr"])
    notice = actions.do_issue_emergency_notice(
        EmergencyNotice(
            agency=personas.district,
            title={"vi": "Sơ tán", "en": "Evacuate", "fr": "Évacuez"},
            body={"en": "Follow the staff."},
        ),
        [fleet.group_a],
        acting_user=personas.officer,
    )
    deliveries = Delivery.objects.filter(item_key=f"kiosks.emergency.{notice.pk}")
    assert {(d.channel_id, d.language) for d in deliveries} == {(feed.pk, "en"), (feed.pk, "fr")}
    english = deliveries.get(language="en")
    assert english.payload["urgency"] == "emergency"
    assert english.payload["summary"] == "Follow the staff."
    assert not deliveries.filter(channel=fleet.channel).exists()
    actions.do_withdraw_emergency_notice(notice, acting_user=personas.officer)
    assert deliveries.filter(action="withdraw").count() == 2
