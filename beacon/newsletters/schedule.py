"""When a list's digests go out: the next weekly or monthly slot in the city's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule
from django.conf import settings

from beacon.core.city import get_city_profile
from beacon.newsletters.models import Cadence, NewsletterList


def city_zone() -> ZoneInfo:
    profile = get_city_profile()
    return ZoneInfo(profile.time_zone if profile is not None else settings.TIME_ZONE)


def next_run(newsletter: NewsletterList, after: datetime) -> datetime:
    """The first slot of the list strictly after ``after``, as an aware datetime.

    Slots are wall-clock times in the city (08:00 on Mondays stays 08:00 whatever the offset),
    so the recurrence (``dateutil.rrule``) runs on the city's local, naive time and the slot is
    localised at the end. A monthly day the month lacks (the 31st) skips that month.
    """
    zone = city_zone()
    local = after.astimezone(zone).replace(tzinfo=None)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if newsletter.cadence == Cadence.WEEKLY:
        rule = rrule(WEEKLY, byweekday=newsletter.weekday, byhour=newsletter.hour, dtstart=start)
    else:
        rule = rrule(
            MONTHLY, bymonthday=newsletter.day_of_month, byhour=newsletter.hour, dtstart=start
        )
    slot = rule.after(local)  # minutes and seconds are those of ``start``: zero
    if slot is None:  # pragma: no cover  (a weekly or monthly rule always has a next slot)
        raise ValueError(f"no slot found for list {newsletter.slug!r}")
    aware: datetime = slot.replace(tzinfo=zone)
    return aware
