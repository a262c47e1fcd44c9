"""The database lock and the singleton beat scheduler built on it.

Before ``SingletonScheduler`` every running beat sent every periodic job: two schedulers (a
standby machine, an overlapping restart) doubled them all.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from beacon.celery import app
from beacon.core import beat, locks
from beacon.core.models import ProcessLock
from beacon.core.tests.threads import retry_when_locked


def test_it_gives_a_lock_to_one_holder_until_it_expires(db: Any) -> None:
    assert locks.acquire("job", "a", ttl=30)
    assert not locks.acquire("job", "b", ttl=30)
    assert locks.acquire("job", "a", ttl=30)  # a renews its own
    assert locks.holder_of("job") == "a"
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=True):
        assert locks.holder_of("job") == ""
        assert locks.acquire("job", "b", ttl=30)
        assert not locks.acquire("job", "a", ttl=30)  # a stalled past its lease: b has it now
    assert ProcessLock.objects.get().holder == "b"


def test_it_frees_a_lock_on_release_by_its_holder_only(db: Any) -> None:
    assert locks.acquire("job", "a", ttl=30)
    assert not locks.release("job", "b")
    assert locks.release("job", "a")
    assert locks.acquire("job", "b", ttl=30)


def _contend(name: str, holder: str, start: threading.Barrier, won: list[str]) -> None:
    try:
        start.wait(5)
        if retry_when_locked(lambda: locks.acquire(name, holder, ttl=30)):
            won.append(holder)
    finally:
        connection.close()


def test_two_threads_racing_for_a_lock_never_both_get_it(transactional_db: Any) -> None:
    if connection.vendor == "sqlite" and "memory" not in str(connection.settings_dict["NAME"]):
        pytest.skip("threads share the test database only in memory on SQLite")
    for round_ in range(10):
        start = threading.Barrier(2)
        won: list[str] = []
        threads = [
            threading.Thread(target=_contend, args=(f"race-{round_}", holder, start, won))
            for holder in ("a", "b")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert len(won) == 1, round_


def _scheduler(tmp_path: Path, name: str) -> beat.SingletonScheduler:
    scheduler = beat.SingletonScheduler(
        app=app, schedule_filename=str(tmp_path / f"{name}-schedule"), lazy=True
    )
    scheduler.holder = name
    scheduler.setup_schedule()
    return scheduler


def _runs(scheduler: beat.SingletonScheduler) -> int:
    return sum(entry.total_run_count for entry in scheduler.schedule.values())


def test_of_two_beat_schedulers_only_the_lock_holder_sends_jobs(
    db: Any, tmp_path: Path, settings: Any
) -> None:
    # Jobs are published to an in-process broker: only the count of sends matters here.
    kept = app.conf.broker_url
    app.conf["broker_url"] = "memory://"
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]
    try:
        first, second = _scheduler(tmp_path, "first"), _scheduler(tmp_path, "second")
        # A minute on, the every-minute jobs are due: only the first to take the lock sends.
        with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=True):
            assert all(first.tick() <= beat.LOCK_TTL / 3 for _ in range(3))
            assert second.tick() == beat.STANDBY_INTERVAL
        assert first.leading and not second.leading
        assert _runs(first) > 0
        assert _runs(second) == 0
        # The holder dies without releasing: the standby takes over once the lock expires.
        later = timezone.now() + timedelta(seconds=61 + beat.LOCK_TTL + 61)
        with time_machine.travel(later, tick=True):
            for _ in range(3):
                second.tick()
            assert second.leading
            assert first.tick() == beat.STANDBY_INTERVAL
        assert _runs(second) > 0
        second.close()
        assert locks.holder_of(beat.LOCK_NAME) == ""
    finally:
        app.conf["broker_url"] = kept
        app._pool = None  # type: ignore[attr-defined]
        app.amqp._producer_pool = None  # type: ignore[attr-defined]
