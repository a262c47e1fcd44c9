"""Checks of the services Beacon depends on, shared by /healthz and by start-up."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Connection


def _describe(exc: Exception) -> str:
    """The error on one line: drivers (psycopg) spread theirs over several, with tabs."""
    return " ".join(f"{type(exc).__name__}: {exc}".split())


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the detail says which
        return Check("database", False, _describe(exc))
    return Check("database", True, connection.vendor)


def check_broker(url: str | None = None, timeout: float | None = None) -> Check:
    url = url or settings.CELERY_BROKER_URL
    timeout = timeout or settings.BEACON_HEALTH_TIMEOUT
    scheme = url.split("://", 1)[0]
    try:
        with Connection(url, connect_timeout=timeout, transport_options={"max_retries": 0}) as conn:
            conn.ensure_connection(max_retries=1, timeout=int(timeout))
            # Opening a channel is what proves the SQL and Redis transports really answer.
            conn.default_channel  # noqa: B018
    except Exception as exc:  # kombu wraps each transport's own errors differently
        return Check("broker", False, f"{scheme}: {_describe(exc)}")
    return Check("broker", True, scheme)


def check_worker(max_age_seconds: int = 300) -> Check:
    """Report when the scheduler last had a job run by a worker (informational, never fatal)."""
    from beacon.core.models import WorkerHeartbeat

    beat = WorkerHeartbeat.objects.filter(name="default").first()
    if beat is None:
        return Check("worker", True, "no heartbeat yet")
    age = (timezone.now() - beat.seen_at).total_seconds()
    if age > max_age_seconds:
        return Check("worker", True, f"last heartbeat {int(age)} s ago (stale)")
    return Check("worker", True, f"last heartbeat {int(age)} s ago")
