from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from beacon.core.models import WorkerHeartbeat


# Both limits are set: with only time_limit, the project-wide soft limit
# (CELERY_TASK_SOFT_TIME_LIMIT, ten minutes) would exceed it and Celery refuses to send the task.
@shared_task(time_limit=30, soft_time_limit=25, max_retries=0)
def record_heartbeat(name: str = "default") -> str:
    """Scheduled every minute: its timestamp in /healthz shows that worker and beat are alive."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": now})
    return now.isoformat()
