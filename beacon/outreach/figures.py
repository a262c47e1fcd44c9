"""The hook through which other apps (Plans, the insights report) count outreach work.

::

    from beacon.outreach.figures import period_figures

    period_figures({district.pk}, date(2026, 1, 1), date(2026, 3, 31))
    # {"events": 3, "partners": 14, "participants": 212, ...}

The keys are stable:

``events``
    events (not cancelled) that started within [start, end], organised by these agencies or
    with them cooperating;
``registrations``
    confirmed registrations (cancelled ones excluded) to those events;
``participants``
    registrations to those events checked in on the day;
``partners``
    partners of these agencies existing at ``end``;
``partners_new``
    of those, partners added within [start, end];
``press_requests``
    foreign press requests to these agencies received within [start, end];
``press_answered``
    of those, requests answered (within or after the period);
``stories``
    community stories concerning these agencies published within [start, end].

``agency_ids=None`` counts every agency; units are included as permissions include them.
Only reads, a handful of aggregate queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from beacon.core.models import Agency
from beacon.outreach.models import (
    CommunityStory,
    OutreachEvent,
    Partner,
    PressRequest,
    PressStatus,
    Registration,
    RegistrationStatus,
    StoryStatus,
)

FIGURE_KEYS = (
    "events",
    "registrations",
    "participants",
    "partners",
    "partners_new",
    "press_requests",
    "press_answered",
    "stories",
)


def with_units(ids: set[int]) -> set[int]:
    """The agencies and every unit below them, however deep (as permissions count them)."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in Agency.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(ids), list(ids)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    """Aware datetimes for [start 00:00, end+1 00:00) in the city's time zone."""
    from django.utils import timezone

    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    return first, after


def period_figures(
    agency_ids: Iterable[int] | None, start: datetime.date, end: datetime.date
) -> dict[str, int]:
    """Outreach done by these agencies (and their units) between ``start`` and ``end``."""
    ids = None if agency_ids is None else with_units(set(agency_ids))
    first, after = _day_bounds(start, end)
    events = OutreachEvent.objects.for_agencies(ids).filter(
        is_cancelled=False, page__start__gte=first, page__start__lt=after
    )
    registrations = Registration.objects.filter(event__in=events.values("pk"))
    partners = Partner.objects.for_agencies(ids).filter(created_at__lt=after)
    press = PressRequest.objects.for_agencies(ids).filter(
        created_at__gte=first, created_at__lt=after
    )
    stories = CommunityStory.objects.for_agencies(ids).filter(
        status=StoryStatus.PUBLISHED, moderated_at__gte=first, moderated_at__lt=after
    )
    return {
        "events": events.count(),
        "registrations": registrations.filter(status=RegistrationStatus.CONFIRMED).count(),
        "participants": registrations.filter(checked_in_at__isnull=False).count(),
        "partners": partners.count(),
        "partners_new": partners.filter(created_at__gte=first).count(),
        "press_requests": press.count(),
        "press_answered": press.filter(status=PressStatus.ANSWERED).count(),
        "stories": stories.count(),
    }
