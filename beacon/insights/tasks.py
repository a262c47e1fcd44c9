"""The periodic report, by beat: on the first working day after a month (and a quarter, and a
year) ends, the whole city's report is generated, kept and mailed to the coordinators."""

from __future__ import annotations

from celery import shared_task

from beacon.core.city import city_today
from beacon.insights import actions, periods
from beacon.insights.models import StoredReport


@shared_task(time_limit=900, soft_time_limit=890, max_retries=2)
def store_due_reports() -> list[str]:
    """Run daily; does nothing except on a first working day, and never twice for a period."""
    stored = []
    for period in periods.ended_before(city_today()):
        if StoredReport.objects.filter(period_key=period.key, agency__isnull=True).exists():
            continue
        actions.do_store_report(period, None, acting_user=None, mail=True)
        stored.append(period.key)
    return stored
