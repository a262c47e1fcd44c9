"""Two Celery worker processes on Redis drain one backlog: no article lost, none stored twice.

Runs where the database is PostgreSQL and the broker is Redis (the scale-out column of
DESIGN.md), e.g. ``DATABASE_URL=postgres://… CELERY_BROKER_URL=redis://…/12``; the workers are
real processes reading the test database, so it needs committed data (``transactional_db``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from beacon.celery import app
from beacon.monitoring import tasks
from beacon.monitoring.models import Article, RawItem
from beacon.monitoring.pipeline import canonical
from beacon.monitoring.synthetic import pages
from beacon.monitoring.tests.conftest import make_source

# Workers in other processes stamp leases and attempts with the machine's clock.
pytestmark = pytest.mark.real_clock

BACKLOG = 48
BATCH = 4
DEADLINE = 240


def _scale_out_ready() -> str:
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL): the workers are other processes"
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        return "needs a Redis broker (CELERY_BROKER_URL=redis://…)"
    return ""


def _worker(name: str, database_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url, "BEACON_WORKER_CONCURRENCY": "1"}
    command = [
        sys.executable, "-m", "celery", "--app", "beacon", "worker", "--queues", "monitoring-cpu",
        "--concurrency", "1", "--pool", "prefork", "--hostname", f"{name}@%h",
        "--loglevel", "INFO", "--without-heartbeat", "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)  # noqa: S603


def _finished(logs: list[Path]) -> int:
    """Tasks the workers have finished, from their logs: each says it succeeded or raised."""
    text = "".join(log.read_text(errors="replace") for log in logs if log.exists())
    return len(re.findall(r"Task \S+\[[0-9a-f-]+\] (?:succeeded|raised)", text))


def test_it_drains_one_backlog_with_two_workers(
    transactional_db: Any, city: Any, tmp_path: Path
) -> None:
    reason = _scale_out_ready()
    if reason:
        pytest.skip(reason)
    source = make_source("https://wire.example/rss.xml", name="Wire")
    made = pages(BACKLOG, seed=11)
    RawItem.objects.bulk_create(
        RawItem(
            source=source,
            url=page.url,
            url_hash=canonical.url_hash(canonical.canonicalise(page.url)),
            html=page.html,
            status=RawItem.Status.FETCHED,
        )
        for page in made
    )
    ids = list(RawItem.objects.order_by("pk").values_list("pk", flat=True))
    app.conf.task_always_eager = False
    app.control.purge()
    for start in range(0, len(ids), BATCH):
        tasks.analyse_items.apply_async(args=[ids[start : start + BATCH]])
    # A task delivered twice (a worker lost mid-task, a redelivery) must store nothing twice.
    tasks.analyse_items.apply_async(args=[ids[:BATCH]])
    sent = len(range(0, len(ids), BATCH)) + 1

    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    logs = [tmp_path / "w1.log", tmp_path / "w2.log"]
    workers = [_worker(f"w{i}", database_url, log) for i, log in enumerate(logs, start=1)]
    pending = RawItem.objects.filter(status=RawItem.Status.FETCHED)
    try:
        # Done when the workers have finished every task sent, the duplicate included.
        deadline = time.monotonic() + DEADLINE
        while _finished(logs) < sent and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    assert _finished(logs) == sent, [log.read_text()[-2000:] for log in logs]
    assert not pending.exists(), [log.read_text()[-2000:] for log in logs]
    kept = [page for page in made if page.about_city]
    assert Article.objects.count() == len(kept)
    assert Article.objects.values("url_hash").distinct().count() == len(kept)
    assert RawItem.objects.filter(status=RawItem.Status.DONE).count() == len(kept)
    assert RawItem.objects.filter(status=RawItem.Status.DISCARDED).count() == BACKLOG - len(kept)
    for log in logs:
        assert "succeeded" in log.read_text(), "each worker took part"
