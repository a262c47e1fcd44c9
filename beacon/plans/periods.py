"""Reporting periods of an activity, from its dates and how often it reports.

A pure function over dates, so that the calendar arithmetic is tested without the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date


def _month_end(day: date) -> date:
    end: date = day + relativedelta(day=31)  # relativedelta clips day=31 to the month's last
    return end


def _quarter_end(day: date) -> date:
    last_month = ((day.month - 1) // 3 + 1) * 3
    return _month_end(date(day.year, last_month, 1))


def periods_for(start: date, deadline: date, recurrence: str) -> list[Period]:
    """Cut [start, deadline] into calendar months, quarters or years; the ends are clipped.

    A one-off activity has one period, keyed ``once``; others are keyed ``2025-10``,
    ``2025-Q4`` or ``2025``, so that a period keeps its key when the dates move a little.
    """
    if recurrence == "once" or deadline < start:
        return [Period("once", start, deadline)]
    periods: list[Period] = []
    day = start
    while day <= deadline:
        if recurrence == "monthly":
            end, key = _month_end(day), f"{day.year}-{day.month:02d}"
        elif recurrence == "quarterly":
            end, key = _quarter_end(day), f"{day.year}-Q{(day.month - 1) // 3 + 1}"
        else:
            end, key = date(day.year, 12, 31), str(day.year)
        end = min(end, deadline)
        periods.append(Period(key, day, end))
        day = end + timedelta(days=1)
    return periods
