"""When a list's digests go out: the next weekly or monthly slot in the city's time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from beacon.core.city import get_city_profile
from beacon.newsletters.models import Cadence, NewsletterList


def city_zone() -> ZoneInfo:
    profile = get_city_profile()
    return ZoneInfo(profile.time_zone if profile is not None else settings.TIME_ZONE)


def next_run(newsletter: NewsletterList, after: datetime) -> datetime:
    """The first slot of the list strictly after ``after``, as an aware datetime.

    Slots are wall-clock times in the city (08:00 on Mondays stays 08:00 whatever the offset),
    so they are computed on local dates and localised at the end.
    """
    zone = city_zone()
    local = after.astimezone(zone)
    day = local.date()
    for _step in range(0, 62):
        if newsletter.cadence == Cadence.WEEKLY:
            fits = day.weekday() == newsletter.weekday
        else:
            fits = day.day == newsletter.day_of_month
        if fits:
            slot = datetime(day.year, day.month, day.day, newsletter.hour, tzinfo=zone)
            if slot > local:
                return slot
        day += timedelta(days=1)
    raise ValueError(f"no slot found for list {newsletter.slug!r}")  # pragma: no cover
