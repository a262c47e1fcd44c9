"""Named locks with a time to live, kept in the database every process shares.

``acquire`` takes a free or expired lock, or renews one this holder already has, with one
conditional UPDATE (or the INSERT of a lock nobody ever took); the database decides, so two
processes on two machines never both hold it. A holder renews before ``ttl`` runs out; one that
dies or stalls loses the lock when it expires, and the next ``acquire`` of another process takes
it over. Used for the singleton beat scheduler (``core/beat.py``).
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from beacon.core.models import ProcessLock


def this_process() -> str:
    """Host and process id: unique among the processes that share one database."""
    return f"{socket.gethostname()}:{os.getpid()}"


def acquire(name: str, holder: str, ttl: float) -> bool:
    """Take or renew lock ``name`` for ``holder`` for ``ttl`` seconds; False if another holds it."""
    now = timezone.now()
    expires_at = now + timedelta(seconds=ttl)
    taken = ProcessLock.objects.filter(
        models.Q(holder=holder) | models.Q(expires_at__lte=now), name=name
    ).update(holder=holder, acquired_at=now, expires_at=expires_at)
    if taken:
        return True
    try:
        with transaction.atomic():
            ProcessLock.objects.create(
                name=name, holder=holder, acquired_at=now, expires_at=expires_at
            )
    except IntegrityError:
        return False  # another process holds it (or created it a moment ago)
    return True


def release(name: str, holder: str) -> bool:
    """Give the lock up now, if ``holder`` has it: the next process need not wait for expiry."""
    deleted, _ = ProcessLock.objects.filter(name=name, holder=holder).delete()
    return bool(deleted)


def holder_of(name: str) -> str:
    """Who holds the lock now ("" when nobody does or it expired)."""
    lock = ProcessLock.objects.filter(name=name, expires_at__gt=timezone.now()).first()
    return lock.holder if lock is not None else ""
