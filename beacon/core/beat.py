"""The beat scheduler as a singleton: however many run, only the lock's holder sends jobs.

Two schedulers (a second machine started for redundancy, a restart that overlaps the old one)
would otherwise send every periodic job twice. Each ``tick`` first takes or renews the
``celery-beat`` lock (``core/locks.py``); a scheduler without it sends nothing and checks again
a few seconds later, so a standby takes over within ``LOCK_TTL`` of the holder's death. Ticks are
never further apart than a third of the lock's life, so a live holder always renews in time.

Selected with ``CELERY_BEAT_SCHEDULER`` (settings.py); the schedule file stays per machine.
"""

from __future__ import annotations

import logging
from typing import Any

from celery.beat import PersistentScheduler
from django.db import DatabaseError, connection

from beacon.core import locks

logger = logging.getLogger("beacon.core.beat")

LOCK_NAME = "celery-beat"
LOCK_TTL = 30.0
STANDBY_INTERVAL = 5.0


class SingletonScheduler(PersistentScheduler):
    """Celery's file-backed scheduler, ticking only while it holds the database lock."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.holder = locks.this_process()
        self.leading = False
        super().__init__(*args, **kwargs)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        if not self._lead():
            return STANDBY_INTERVAL
        return min(float(super().tick(*args, **kwargs)), LOCK_TTL / 3)

    def _lead(self) -> bool:
        try:
            leading = locks.acquire(LOCK_NAME, self.holder, LOCK_TTL)
        except DatabaseError as exc:
            # Without the database nobody can prove who leads: send nothing until it answers,
            # and open a fresh connection next tick (a dropped one is not reused).
            logger.warning("beat lock unavailable, standing by: %s", exc)
            connection.close()
            leading = False
        if leading != self.leading:
            logger.info("beat %s: %s", self.holder, "leading" if leading else "standing by")
            self.leading = leading
        return leading

    def close(self) -> None:
        super().close()
        if self.leading:
            try:
                locks.release(LOCK_NAME, self.holder)
            except DatabaseError:
                logger.warning("beat lock not released; it expires in %ss", LOCK_TTL)
