"""The day an action happens on: the real clock, or a day its caller gives.

Actions that compare dates (a session has started, a report period is open) take an optional
``today``. The demo loaders pass theirs so that everything they build tells the same date as
the data they place around it, and tests pass one so they hold on any date.
"""

from __future__ import annotations

import datetime

from django.utils import timezone


def today_or_real(today: datetime.date | None) -> datetime.date:
    """``today`` when given, else the city's current date."""
    return today or timezone.localdate()


def moment(today: datetime.date | None) -> datetime.datetime:
    """Now, or nine in the morning of ``today`` in the city's time zone when a day is given."""
    if today is None:
        return timezone.now()
    return as_of(today)


def as_of(day: datetime.date) -> datetime.datetime:
    """Nine in the morning of ``day`` in the city's time zone: a working-day time stamp."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
