"""A worker killed mid-delivery: another takes over, nothing is lost and nothing is doubled.

The workers are real processes (``manage.py deliver_outbox``) on the test database, so this
runs where the database is one other processes can open (PostgreSQL: ``DATABASE_URL=postgres://…``).
The receiver stores a delivery, then holds its answer; the worker is killed with SIGKILL while
it waits, so the row stays ``sending`` with nothing recorded: the worst moment to die.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from beacon.dissemination import outbox
from beacon.dissemination.models import AttemptOutcome, Delivery, DeliveryAttempt, DeliveryStatus
from beacon.dissemination.tests.conftest import push_channel
from beacon.dissemination.tests.receiver import SECRET, Receiver, ReceiverServer
from beacon.dissemination.tests.test_outbox import _message

# Workers in other processes stamp leases and attempts with the machine's clock.
pytestmark = pytest.mark.real_clock

ITEMS = 6


def _worker(name: str, wait: float, log: Path) -> subprocess.Popen[bytes]:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
        "BEACON_DELIVERY_LEASE_SECONDS": "5",
        "BEACON_DELIVERY_BACKOFF_SECONDS": "0",
        "BEACON_TEST_RECEIVER_SECRET": SECRET,
    }
    command = [
        sys.executable, "manage.py", "deliver_outbox", "--worker", name, "--batch", "2",
        "--wait", str(wait),
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)  # noqa: S603


def test_a_worker_killed_mid_delivery_loses_nothing_and_doubles_nothing(
    transactional_db: Any, tmp_path: Path, settings: Any
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): the workers are other processes")
    settings.BEACON_DELIVERY_KICK = False  # only the worker processes deliver
    hold = threading.Event()
    with ReceiverServer(Receiver(hold=hold)) as receiver:
        channel = push_channel(receiver.url)
        with transaction.atomic():
            for n in range(ITEMS):
                outbox.enqueue(_message(f"page-{n}"), [channel])
        doomed = _worker("doomed", 30, tmp_path / "doomed.log")
        assert receiver.arrived.wait(60), (tmp_path / "doomed.log").read_text()
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
        hold.set()
        receiver.hold = None
        in_flight = Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_by="doomed")
        assert in_flight.exists()
        survivor = _worker("survivor", 30, tmp_path / "survivor.log")
        survivor.wait(60)
    rows = list(Delivery.objects.all())
    assert {d.status for d in rows} == {DeliveryStatus.ACKNOWLEDGED}, (
        tmp_path / "survivor.log"
    ).read_text()
    keys = {d.idempotency_key for d in rows}
    assert set(receiver.processed) == keys  # none lost
    assert set(receiver.processed.values()) == {1}  # none processed twice
    sent = [seen.headers["idempotency-key"] for seen in receiver.requests]
    assert len(sent) > len(keys)  # the delivery in flight was sent again, and kept once
    assert {d.remote_id for d in rows} == {receiver.stored[k]["id"] for k in keys}
    lost = DeliveryAttempt.objects.filter(outcome=AttemptOutcome.LOST, worker="doomed")
    assert lost.exists()
