from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from wagtail.models import Page


@shared_task(time_limit=300, soft_time_limit=290, max_retries=2, default_retry_delay=30)
def request_translations(page_id: int, user_id: int | None = None) -> int:
    """Pre-translate a source page after it was saved; returns the number of target locales.

    The engine's own time limit (BEACON_MT_TIMEOUT) keeps one slow engine from using up the
    task's; a failed engine leaves segments waiting for a human, it does not fail the task.
    """
    from beacon.translation.actions import do_request_translations

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    user = get_user_model()._default_manager.filter(pk=user_id).first() if user_id else None
    return len(do_request_translations(page, acting_user=user))
