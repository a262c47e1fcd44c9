from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(time_limit=120, soft_time_limit=110, max_retries=0)
def publish_scheduled() -> None:
    """Every minute (Celery beat): publish and unpublish pages whose time has come.

    Wagtail's own ``publish_scheduled`` command does the work, so the rules are Wagtail's:
    approved revisions with a past go-live time are published, pages past their expiry are
    unpublished. Publishing a source page then publishes its approved translations.
    """
    call_command("publish_scheduled")
