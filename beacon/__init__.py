"""Beacon: the platform of a city's external-information office."""

from beacon.celery import app as celery_app

__all__ = ["celery_app"]
