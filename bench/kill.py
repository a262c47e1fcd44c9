"""Repeated SIGKILLs of outbox workers during a fan-out: how many deliveries are lost or doubled.

Sets up a throwaway PostgreSQL database (``--database-url``, created and dropped here) and a
Redis broker database (``--broker``, flushed first), two loopback receivers (one fast, one that
takes ``--slow`` seconds per request; both keep one copy per ``Idempotency-Key``, as the national
portal does), and ``--workers`` real Celery worker processes on the ``dissemination`` queue.
It enqueues ``--items`` items to both channels in one go, then kills a random worker with
SIGKILL every ``--every`` seconds (only one up for ``--min-age`` seconds, so that it is working,
not starting; a fresh one takes its place) until ``--kills`` kills are done, while playing the
beat's sweep (``deliver_due`` every 2 s). Then it waits for the outbox to drain and counts, per
delivery key:

- ``lost``: enqueued, never stored by its receiver;
- ``processed_twice``: stored twice by a receiver (the goal is 0; the key makes it so);
- ``resent``: requests beyond the first for one key (a worker killed after the receiver stored
  the delivery but before it recorded the answer: sent again, deduplicated by the key);
- ``claims_taken_over``: claims a killed worker held, found expired and taken by another (the
  proof that the kills landed mid-work).

Prints one JSON line per phase and a summary line.

    .venv/bin/python bench/kill.py --kills 100 --items 200
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET_ENV = "BEACON_BENCH_RECEIVER_SECRET"  # noqa: S105 (the name of the variable)


def _admin_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def _recreate_database(database_url: str, *, drop_only: bool = False) -> None:
    import psycopg

    admin, name = _admin_url(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def _environment(var_dir: Path, database_url: str, broker: str, lease: int) -> dict[str, str]:
    from beacon.dissemination.tests.receiver import SECRET

    env = {
        "DJANGO_SETTINGS_MODULE": "beacon.settings",
        "BEACON_VAR_DIR": str(var_dir),
        "BEACON_SECRET_KEY": os.environ.get("BEACON_SECRET_KEY", "bench-only-secret"),
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker,
        "BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
        "BEACON_DELIVERY_LEASE_SECONDS": str(lease),
        "BEACON_DELIVERY_BACKOFF_SECONDS": "1",
        "BEACON_DELIVERY_BATCH": "5",
        "BEACON_DELIVERY_MAX_ATTEMPTS": "50",
        "BEACON_LOG_LEVEL": "WARNING",
        SECRET_ENV: SECRET,
    }
    os.environ.update(env)
    return {**os.environ, **env}


def _worker(n: int, env: dict[str, str], logs: Path) -> subprocess.Popen[bytes]:
    command = [
        PYTHON, "-m", "celery", "--app", "beacon", "worker", "--queues", "dissemination",
        "--pool", "solo", "--hostname", f"kill{n}@%h", "--loglevel", "WARNING",
        "--without-heartbeat", "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    log = (logs / f"worker-{n}.log").open("ab")
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def _emit(**values: Any) -> None:
    print(json.dumps(values), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/beacon_kill")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--every", type=float, default=0.7, help="seconds between two kills")
    parser.add_argument(
        "--min-age",
        type=float,
        default=8,
        help="kill only workers up this long (started and working)",
    )
    parser.add_argument("--slow", type=float, default=0.2, help="the slow receiver's delay")
    parser.add_argument("--lease", type=int, default=5, help="the outbox lease, seconds")
    parser.add_argument("--deadline", type=float, default=900)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    import redis

    redis.Redis.from_url(args.broker).flushdb()
    _recreate_database(args.database_url)
    with tempfile.TemporaryDirectory(prefix="beacon-kill-") as tmp:
        var_dir = Path(tmp)
        env = _environment(var_dir, args.database_url, args.broker, args.lease)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.utils import timezone

        from beacon.dissemination import outbox
        from beacon.dissemination.adapters import Message
        from beacon.dissemination.models import (
            AttemptOutcome,
            Channel,
            Delivery,
            DeliveryAttempt,
            DeliveryStatus,
        )
        from beacon.dissemination.tasks import deliver_due
        from beacon.dissemination.tests.receiver import Receiver, ReceiverServer

        started = time.monotonic()
        call_command("migrate", verbosity=0)
        _emit(phase="migrated", seconds=round(time.monotonic() - started, 1))

        fast, slow = Receiver(), Receiver(mode="slow", delay=args.slow)
        with ReceiverServer(fast), ReceiverServer(slow):
            channels = [
                Channel.objects.create(
                    name=name,
                    kind="ninjs",
                    config={"endpoint": receiver.url, "secret_env": SECRET_ENV},
                )
                for name, receiver in (("fast", fast), ("slow", slow))
            ]
            workers = {n: _worker(n, env, var_dir) for n in range(args.workers)}
            born = dict.fromkeys(workers, time.monotonic())
            time.sleep(3)
            with transaction.atomic():
                for i in range(args.items):
                    message = Message(
                        item_key=f"item-{i}",
                        idempotency_key="",
                        action="publish",
                        language="en",
                        title=f"Item {i}",
                        url=f"https://city.example/en/news/{i}/",
                        summary="",
                        body_html="<p>Kill test.</p>",
                        published_at=timezone.now(),
                    )
                    outbox.enqueue(message, channels)
            total = Delivery.objects.count()
            _emit(phase="enqueued", deliveries=total, workers=args.workers)

            stop = threading.Event()

            def beat() -> None:
                while not stop.wait(2):
                    deliver_due.delay()

            threading.Thread(target=beat, daemon=True).start()
            kills = 0
            next_id = args.workers
            rng = random.Random(15)
            while kills < args.kills and time.monotonic() - started < args.deadline:
                time.sleep(args.every)
                grown = [n for n in workers if time.monotonic() - born[n] >= args.min_age]
                if not grown:
                    continue
                victim = rng.choice(grown)
                workers[victim].send_signal(signal.SIGKILL)
                workers[victim].wait(10)
                kills += 1
                del workers[victim]
                workers[next_id] = _worker(next_id, env, var_dir)
                born[next_id] = time.monotonic()
                next_id += 1
            killed_at = time.monotonic()
            _emit(
                phase="killed",
                kills=kills,
                seconds=round(killed_at - started, 1),
                acknowledged_by_then=Delivery.objects.filter(
                    status=DeliveryStatus.ACKNOWLEDGED
                ).count(),
            )

            done = (DeliveryStatus.ACKNOWLEDGED, DeliveryStatus.SENT, DeliveryStatus.DEAD)
            while time.monotonic() - started < args.deadline:
                if Delivery.objects.exclude(status__in=done).count() == 0:
                    break
                time.sleep(1)
            stop.set()
            for process in workers.values():
                process.terminate()
            for process in workers.values():
                process.wait(30)

            keys = set(Delivery.objects.values_list("idempotency_key", flat=True))
            statuses = Counter(Delivery.objects.values_list("status", flat=True))
            # Claims a killed worker held when it died, found and taken over by another.
            taken_over = DeliveryAttempt.objects.filter(outcome=AttemptOutcome.LOST).count()
            processed: Counter[str] = fast.processed + slow.processed
            requests = Counter(
                seen.headers.get("idempotency-key", "") for seen in fast.requests + slow.requests
            )
        connection.close()
    _recreate_database(args.database_url, drop_only=True)
    summary = {
        "database": "postgresql",
        "broker": "redis",
        "workers": args.workers,
        "kills": kills,
        "deliveries": len(keys),
        "lost": len(keys - set(processed)),
        "processed_twice": sum(1 for count in processed.values() if count > 1),
        "resent": sum(count - 1 for count in requests.values() if count > 1),
        "statuses": dict(statuses),
        "claims_taken_over": taken_over,
        "drain_s": round(time.monotonic() - killed_at, 1),
        "total_s": round(time.monotonic() - started, 1),
    }
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
