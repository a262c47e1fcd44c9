"""Reporting periods of the insights report: a month, a quarter or a year, and what it is
compared with (the period before, and the same period a year earlier).

Pure calendar arithmetic over dates, tested without the database. A period is keyed ``2026-03``,
``2026-Q1`` or ``2026``, the keys the URLs, the API and the stored reports use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

KINDS = ("month", "quarter", "year")
_KEY = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])))?$")


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("%(month)02d/%(year)d") % {"month": self.start.month, "year": self.start.year}
        if self.kind == "quarter":
            return _("Quarter %(quarter)d, %(year)d") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        return _("Year %(year)d") % {"year": self.start.year}

    @property
    def since(self) -> datetime:
        """The first instant of the period in the city's time zone."""
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first instant after the period (periods are half-open in time)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        return containing(self.start - timedelta(days=1), self.kind)

    def last_year(self) -> Period:
        return containing(_shift_year(self.start, -1), self.kind)

    def months(self) -> list[str]:
        """The ``YYYY-MM`` keys of the months the period covers."""
        keys, day = [], self.start
        while day <= self.end:
            keys.append(f"{day.year}-{day.month:02d}")
            day = _month_end(day) + timedelta(days=1)
        return keys


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _month_end(day: date) -> date:
    first_of_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def containing(day: date, kind: str) -> Period:
    """The month, quarter or year that holds ``day``."""
    if kind == "month":
        start = day.replace(day=1)
        return Period(kind, start, _month_end(start))
    if kind == "quarter":
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(kind, start, _month_end(date(day.year, start.month + 2, 1)))
    if kind == "year":
        return Period(kind, date(day.year, 1, 1), date(day.year, 12, 31))
    raise ValueError(f"unknown period kind {kind!r}")


def last_complete(kind: str, today: date) -> Period:
    """The latest month, quarter or year that has ended by ``today``."""
    return containing(today, kind).previous()


def parse(key: str) -> Period:
    """``2026-03``, ``2026-Q1`` or ``2026`` to its period; ValueError for anything else."""
    match = _KEY.match(key.strip())
    if not match:
        raise ValueError(f"not a period: {key!r}")
    year = int(match["year"])
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise ValueError(f"not a month: {key!r}")
        return containing(date(year, month, 1), "month")
    if match["quarter"]:
        return containing(date(year, (int(match["quarter"]) - 1) * 3 + 1, 1), "quarter")
    return containing(date(year, 1, 1), "year")


def first_working_day(year: int, month: int) -> date:
    """The first Monday-to-Friday day of a month: when the office sends the last period's report.

    Public holidays are not known to Beacon; a holiday that falls on that day moves nothing, and
    the report is simply there when the office comes back.
    """
    day = date(year, month, 1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def ended_before(today: date) -> list[Period]:
    """The periods whose report is due ``today``: if today is the first working day of a month,
    the month that just ended, and the quarter (and year) that ended with it."""
    if today != first_working_day(today.year, today.month):
        return []
    month = last_complete("month", today)
    due = [month]
    for kind in ("quarter", "year"):
        period = containing(month.end, kind)
        if period.end == month.end:
            due.append(period)
    return due
