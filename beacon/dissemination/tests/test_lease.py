"""A batch of slow sends outlives its lease: no delivery is sent twice, and a broker that is down
after a publish commits loses nothing and raises nothing.

Before ``renew_lease`` a worker sent every row of the batch it had claimed, even the ones whose
lease had run out and that another worker had meanwhile claimed and sent: the receiver got them
twice. The kick after commit raised when the broker was down, after the rows had committed.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from beacon.celery import app
from beacon.dissemination import outbox
from beacon.dissemination.models import Delivery, DeliveryStatus
from beacon.dissemination.tests.conftest import push_channel
from beacon.dissemination.tests.receiver import Receiver, ReceiverServer, Seen
from beacon.dissemination.tests.test_outbox import _message

LEASE = 2.0


def _requests_per_key(receiver: Receiver) -> Counter[str]:
    return Counter(seen.headers["idempotency-key"] for seen in receiver.requests)


def _enqueue(channel: Any, count: int) -> list[Delivery]:
    with transaction.atomic():
        return [d for n in range(count) for d in outbox.enqueue(_message(f"p-{n}"), [channel])]


def test_it_skips_a_row_whose_lease_ran_out_while_it_waited_in_the_batch(
    db: Any, receiver: Receiver, settings: Any
) -> None:
    settings.BEACON_DELIVERY_KICK = False
    channel = push_channel(receiver.url)
    _enqueue(channel, 3)
    batch = outbox.claim_due("slow", limit=3)
    outbox.deliver(batch[0])
    # The first send took longer than the lease: the rest of the batch is due again.
    later = timezone.now() + timedelta(seconds=2 * settings.BEACON_DELIVERY_LEASE_SECONDS)
    with time_machine.travel(later, tick=True):
        assert outbox.work("fast", batch=3) == 2
        left = [outbox.deliver(row) for row in batch[1:]]
    assert [row.claimed_by for row in left] == ["", ""]
    assert {row.status for row in Delivery.objects.all()} == {DeliveryStatus.ACKNOWLEDGED}
    assert set(_requests_per_key(receiver).values()) == {1}


class GatedReceiver(Receiver):
    """Answers the n-th request only when ``gate`` opens; the first takes ``LEASE / 2``."""

    def __init__(self, gated: int) -> None:
        super().__init__()
        self.gated = gated
        self.gate = threading.Event()
        self.waiting = threading.Event()

    def answer(self, seen: Seen) -> tuple[int, str, bytes]:
        with self.lock:
            n = len(self.requests)
        if n == 1:
            time.sleep(LEASE / 2)
        if n == self.gated:
            self.waiting.set()
            self.gate.wait(30)
        return super().answer(seen)


def test_a_slow_receiver_is_never_sent_one_delivery_twice(
    transactional_db: Any, settings: Any
) -> None:
    """Worker A claims three rows and sends slowly; B takes the one A has not reached yet.

    A's first send takes half a lease, its second hangs at the receiver until its claim lease on
    the third has run out; B claims and sends the third; then A goes on and must skip it.
    """
    if connection.vendor == "sqlite" and "memory" not in str(connection.settings_dict["NAME"]):
        pytest.skip("threads share the test database only in memory on SQLite")
    settings.BEACON_DELIVERY_KICK = False
    settings.BEACON_DELIVERY_LEASE_SECONDS = LEASE
    settings.BEACON_DELIVERY_TIMEOUT = 30
    receiver = GatedReceiver(gated=2)
    with ReceiverServer(receiver):
        channel = push_channel(receiver.url)
        _enqueue(channel, 3)
        sent_by_a: list[int] = []

        def worker_a() -> None:
            try:
                sent_by_a.append(outbox.work("a", batch=3, budget_s=30))
            finally:
                connection.close()

        a = threading.Thread(target=worker_a)
        a.start()
        assert receiver.waiting.wait(30)
        third = Delivery.objects.order_by("pk").last()
        assert third is not None and third.lease_until is not None
        wait = (third.lease_until - timezone.now()).total_seconds() + 0.2
        time.sleep(max(0.0, wait))
        sent_by_b = outbox.work("b", batch=3, budget_s=30)
        receiver.gate.set()
        a.join(30)
    assert (sent_by_a, sent_by_b) == ([2], 1)
    assert {row.status for row in Delivery.objects.all()} == {DeliveryStatus.ACKNOWLEDGED}
    per_key = _requests_per_key(receiver)
    assert len(per_key) == 3
    assert set(per_key.values()) == {1}


def test_a_broker_that_refuses_after_commit_loses_nothing_and_raises_nothing(
    db: Any,
    receiver: Receiver,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    caplog: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Celery's broker_url reads CELERY_BROKER_URL before its configuration (the run on Redis).
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    settings.BEACON_DELIVERY_KICK = True
    app.conf.task_always_eager = False
    kept = app.conf.broker_url
    app.conf["broker_url"] = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    try:
        channel = push_channel(receiver.url)
        with django_capture_on_commit_callbacks(execute=True) as kicks:
            made = _enqueue(channel, 2)
    finally:
        app.conf["broker_url"] = kept
    assert kicks
    assert "could not kick the outbox worker" in caplog.text
    assert {d.status for d in Delivery.objects.filter(pk__in=[d.pk for d in made])} == {
        DeliveryStatus.QUEUED
    }
    assert outbox.work("sweep") == 2
    assert set(_requests_per_key(receiver).values()) == {1}
