"""The outbox's life cycle against a real receiver on loopback."""

from __future__ import annotations

import json
import os
import socket
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from beacon.core.models import AuditEvent
from beacon.dissemination import outbox
from beacon.dissemination.adapters import Message
from beacon.dissemination.models import AttemptOutcome, Delivery, DeliveryStatus
from beacon.dissemination.tests.conftest import push_channel
from beacon.dissemination.tests.receiver import Receiver, ReceiverServer


def _message(key: str = "page-1", language: str = "en", **fields: Any) -> Message:
    values: dict[str, Any] = {
        "item_key": key,
        "idempotency_key": "",
        "action": "publish",
        "language": language,
        "title": "Bát Tràng pottery village",
        "url": "https://hanoi.example/en/news/bat-trang/",
        "summary": "Five centuries of ceramics.",
        "body_html": "<p>Clay from the Red River.</p>",
        "published_at": timezone.now(),
        **fields,
    }
    return Message(**values)


def _enqueue(*channels: Any, **fields: Any) -> list[Delivery]:
    with transaction.atomic():
        return outbox.enqueue(_message(**fields), channels)


def _work() -> int:
    return outbox.work("test-worker", batch=5, budget_s=20)


def test_it_writes_one_delivery_per_channel_and_keeps_them_on_enqueue_again(
    db: Any, receiver: Receiver
) -> None:
    first, second = push_channel(receiver.url, name="A"), push_channel(receiver.url, name="B")
    made = _enqueue(first, second)
    again = _enqueue(first, second)
    assert len(made) == 2
    assert again == []
    assert {d.status for d in made} == {DeliveryStatus.QUEUED}
    assert len({d.idempotency_key for d in made}) == 2


def test_it_writes_nothing_when_the_publishing_transaction_rolls_back(
    db: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    channel = push_channel(receiver.url)
    with (
        django_capture_on_commit_callbacks() as kicks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.enqueue(_message(), [channel])
        raise RuntimeError("the page failed to save")
    assert not Delivery.objects.exists()
    assert kicks == []


def test_it_delivers_signed_ninjs_once_and_records_the_receivers_id(
    db: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    channel = push_channel(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = _enqueue(channel)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.ACKNOWLEDGED
    assert delivery.remote_id == "remote-1"
    assert delivery.latency_s is not None and delivery.latency_s >= 0
    (seen,) = receiver.requests
    assert seen.signed
    assert seen.headers["idempotency-key"] == delivery.idempotency_key
    doc = json.loads(seen.body)
    assert doc["pubstatus"] == "usable"
    assert doc["uri"].endswith("page-1/en")
    assert doc["headlines"][0]["value"] == "Bát Tràng pottery village"
    assert [a.outcome for a in delivery.log.all()] == [AttemptOutcome.ACKNOWLEDGED]


def test_it_sends_an_atom_entry_and_a_tombstone_for_a_withdrawal(
    db: Any, receiver: Receiver
) -> None:
    channel = push_channel(receiver.url, kind="atom")
    _enqueue(channel)
    _enqueue(channel, action="withdraw", version=2)
    _work()
    bodies = [seen.body.decode() for seen in receiver.requests]
    assert "<entry>" in bodies[0] and "deleted-entry" not in bodies[0]
    assert "deleted-entry" in bodies[1]
    assert "tag:" in bodies[1]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.ACKNOWLEDGED}


@pytest.mark.parametrize(
    ("mode", "reason"),
    [("500", "HTTP 500"), ("garbage", "not JSON"), ("html", "not JSON")],
)
def test_it_retries_a_broken_receiver_then_declares_the_delivery_dead(
    db: Any, receiver: Receiver, mode: str, reason: str
) -> None:
    receiver.mode = mode
    (delivery,) = _enqueue(push_channel(receiver.url))
    _work()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DEAD
    assert delivery.attempts == 3
    assert "Gave up after 3 attempts" in delivery.last_error
    assert reason in delivery.last_error
    assert len(receiver.requests) == 3
    outcomes = list(delivery.log.values_list("outcome", flat=True))
    assert outcomes == [AttemptOutcome.TEMPORARY] * 3


def test_it_gives_up_at_once_on_a_4xx(db: Any, receiver: Receiver) -> None:
    receiver.mode = "400"
    (delivery,) = _enqueue(push_channel(receiver.url))
    _work()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DEAD
    assert delivery.attempts == 1
    assert "HTTP 400" in delivery.last_error and "no such category" in delivery.last_error


def test_it_backs_off_between_tries(db: Any, receiver: Receiver, settings: Any) -> None:
    settings.BEACON_DELIVERY_BACKOFF_SECONDS = 60
    receiver.mode = "500"
    (delivery,) = _enqueue(push_channel(receiver.url))
    _work()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.next_attempt_at is not None
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=25) < wait <= timedelta(seconds=60)
    assert _work() == 0


def test_a_slow_or_down_receiver_does_not_hold_up_the_other_channels(
    db: Any, receiver: Receiver, settings: Any
) -> None:
    settings.BEACON_DELIVERY_TIMEOUT = 1
    settings.BEACON_DELIVERY_BACKOFF_SECONDS = 60
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        down_url = f"http://127.0.0.1:{closed.getsockname()[1]}/inbox"
    slow = Receiver(mode="slow", delay=3)
    with ReceiverServer(slow):
        down = push_channel(down_url, name="down")
        sluggish = push_channel(slow.url, name="slow")
        healthy = push_channel(receiver.url, name="healthy")
        for n in range(4):
            _enqueue(down, sluggish, healthy, key=f"page-{n}")
        _work()
    statuses = dict(Delivery.objects.filter(channel=healthy).values_list("item_key", "status"))
    assert set(statuses.values()) == {DeliveryStatus.ACKNOWLEDGED}
    assert len(statuses) == 4
    down_errors = set(Delivery.objects.filter(channel=down).values_list("last_error", flat=True))
    slow_errors = set(
        Delivery.objects.filter(channel=sluggish).values_list("last_error", flat=True)
    )
    assert all("failed" in error for error in down_errors)
    assert all("No answer" in error for error in slow_errors)
    assert set(Delivery.objects.exclude(channel=healthy).values_list("status", flat=True)) == {
        DeliveryStatus.FAILED
    }


def test_it_refuses_plain_http_and_private_addresses_not_allowed(
    db: Any, receiver: Receiver, settings: Any
) -> None:
    settings.BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS = []
    plain, private = _enqueue(
        push_channel(receiver.url, name="plain"),
        push_channel(receiver.url.replace("http://", "https://"), name="private"),
    )
    _work()
    plain.refresh_from_db()
    private.refresh_from_db()
    assert plain.status == private.status == DeliveryStatus.DEAD
    assert "Plain HTTP is refused" in plain.last_error
    assert "non-public address" in private.last_error
    assert receiver.requests == []


def test_it_declares_dead_a_channel_without_its_secret(
    db: Any, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BEACON_TEST_RECEIVER_SECRET")
    (delivery,) = _enqueue(push_channel(receiver.url))
    _work()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DEAD
    assert "BEACON_TEST_RECEIVER_SECRET" in delivery.last_error


def test_it_signs_with_a_secret_read_from_a_file(
    db: Any, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    secret = tmp_path / "secret"
    secret.write_text(os.environ["BEACON_TEST_RECEIVER_SECRET"] + "\n", encoding="utf-8")
    monkeypatch.delenv("BEACON_TEST_RECEIVER_SECRET")
    monkeypatch.setenv("BEACON_TEST_RECEIVER_SECRET_FILE", str(secret))
    (delivery,) = _enqueue(push_channel(receiver.url))
    _work()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.ACKNOWLEDGED
    (seen,) = receiver.requests
    assert seen.signed


def test_a_dead_delivery_can_be_retried_by_hand_and_the_retry_is_audited(
    personas: Any, receiver: Receiver
) -> None:
    receiver.mode = "500"
    (delivery,) = _enqueue(push_channel(receiver.url))
    Delivery.objects.filter(pk=delivery.pk).update(agency=personas.district)
    _work()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DEAD
    with pytest.raises(PermissionDenied):
        outbox.retry(delivery, personas.other_officer)
    receiver.mode = "ok"
    outbox.retry(delivery, personas.officer)
    assert AuditEvent.objects.filter(action="delivery.retry", actor=personas.officer).exists()
    _work()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.ACKNOWLEDGED
    with pytest.raises(ValidationError):
        outbox.retry(delivery, personas.coordinator)


def test_a_held_delivery_waits_for_its_release(db: Any, receiver: Receiver) -> None:
    channel = push_channel(receiver.url)
    with transaction.atomic():
        (draft,) = outbox.enqueue(_message(title="Draft"), [channel], held=True)
    assert _work() == 0
    outbox.release(draft, _message(title="Approved post"))
    _work()
    draft.refresh_from_db()
    assert draft.status == DeliveryStatus.ACKNOWLEDGED
    assert json.loads(receiver.requests[0].body)["headlines"][0]["value"] == "Approved post"
    with pytest.raises(ValidationError):
        outbox.release(draft, _message())


def test_a_later_acknowledgement_is_recorded_once(db: Any) -> None:
    from beacon.dissemination.models import Channel

    channel = Channel.objects.create(name="Partners", kind="feed")
    (delivery,) = _enqueue(channel)
    _work()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    outbox.acknowledge(delivery.idempotency_key, remote_id="kiosk-7", detail="shown")
    first = Delivery.objects.get(pk=delivery.pk)
    outbox.acknowledge(delivery, remote_id="again")
    again = Delivery.objects.get(pk=delivery.pk)
    assert first.status == again.status == DeliveryStatus.ACKNOWLEDGED
    assert again.remote_id == "kiosk-7"
    assert again.acknowledged_at == first.acknowledged_at


def test_cancelling_stops_a_delivery_before_it_goes_out(personas: Any, receiver: Receiver) -> None:
    (delivery,) = _enqueue(push_channel(receiver.url))
    outbox.cancel(delivery, personas.coordinator)
    assert _work() == 0
    assert receiver.requests == []
    with pytest.raises(ValidationError):
        outbox.cancel(delivery, personas.coordinator)


def test_two_workers_never_claim_the_same_delivery_and_a_lost_lease_is_taken_over(
    db: Any, receiver: Receiver
) -> None:
    channel = push_channel(receiver.url)
    for n in range(6):
        _enqueue(channel, key=f"page-{n}")
    first = outbox.claim_due("w1", 4)
    second = outbox.claim_due("w2", 4)
    assert len(first) == 4 and len(second) == 2
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert outbox.claim_due("w3", 4) == []
    # w1 dies: its lease runs out and w3 takes its rows over, logging the lost attempt.
    Delivery.objects.filter(claimed_by="w1").update(lease_until=timezone.now() - timedelta(1))
    taken = outbox.claim_due("w3", 10)
    assert {d.pk for d in taken} == {d.pk for d in first}
    assert all(d.attempts == 2 for d in taken)
    lost = Delivery.objects.get(pk=first[0].pk).log.get()
    assert lost.outcome == AttemptOutcome.LOST and lost.worker == "w1"
    # w1 wakes up and tries to record: the row is w3's now, so w1's outcome is not written.
    outbox.deliver(first[0])
    assert Delivery.objects.get(pk=first[0].pk).claimed_by == "w3"


def test_claims_are_shared_fairly_between_channels(db: Any, receiver: Receiver) -> None:
    busy, quiet = push_channel(receiver.url, name="busy"), push_channel(receiver.url, name="quiet")
    for n in range(8):
        _enqueue(busy, key=f"busy-{n}")
    _enqueue(quiet, key="quiet-0")
    claimed = outbox.claim_due("w", 3)
    assert quiet.pk in {d.channel_id for d in claimed}
