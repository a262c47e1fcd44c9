"""The city profile of this installation, cached because every request asks for its time zone."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from beacon.core.models import CityProfile

_CACHE_KEY = "beacon:city-profile"


def get_city_profile() -> CityProfile | None:
    profile = cache.get(_CACHE_KEY)
    if profile is None:
        profile = CityProfile.objects.prefetch_related("name_forms").first()
        if profile is not None:
            cache.set(_CACHE_KEY, profile, 300)
    return profile


def forget_city_profile() -> None:
    cache.delete(_CACHE_KEY)


def city_today() -> datetime.date:
    """Today's date on the city's clock, whatever time zone is active (a worker has none)."""
    profile = get_city_profile()
    zone = ZoneInfo(profile.time_zone if profile is not None else settings.TIME_ZONE)
    return timezone.localdate(timezone.now(), zone)
