"""Celery tasks of the kiosks: ids and plain values in, bounded time."""

from __future__ import annotations

from celery import shared_task

from beacon.kiosks import fleet


@shared_task(soft_time_limit=50, time_limit=60)
def check_fleet() -> int:
    """Beat, every minute: alert the agency of each kiosk newly offline during opening hours."""
    return fleet.check_fleet()
