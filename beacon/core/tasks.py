from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from beacon.core.models import WorkerHeartbeat


@shared_task(time_limit=30, max_retries=0)
def record_heartbeat(name: str = "default") -> str:
    """Scheduled every minute: its timestamp in /healthz shows that worker and beat are alive."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": now})
    return now.isoformat()
