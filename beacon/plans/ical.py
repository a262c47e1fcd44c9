"""An agency's deadlines as iCalendar (RFC 5545), for the calendar program its officers use.

Each reporting period the agency owes becomes an all-day event on the day the report is due,
and each activity it leads an event on its deadline. UIDs are stable, so calendar programs update
events in place when dates move.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from beacon.core.models import Agency
from beacon.plans.models import Activity, ProgressReport, ReportingPeriod


def _event(uid: str, day: date, summary: str, url: str, description: str = "") -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("url", url)
    if description:
        event.add("description", description)
    return event


def agency_calendar(agency: Agency, *, since: date) -> bytes:
    host = settings.BASE_URL.split("//", 1)[-1]
    calendar = Calendar()
    calendar.add("prodid", "-//Beacon//Plans//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Deadlines: %(agency)s") % {"agency": agency.display_name()})
    activities = Activity.objects.live().for_agency(agency).filter(deadline__gte=since)
    filed = set(ProgressReport.objects.filter(agency=agency).values_list("period_id", flat=True))
    periods = ReportingPeriod.objects.filter(activity__in=activities).select_related("activity")
    for period in periods:
        url = settings.BASE_URL + reverse("plans:activity", args=[period.activity_id])
        done = _("(filed)") if period.pk in filed else ""
        title = _("Report due: %(activity)s · %(period)s") % {
            "activity": period.activity,
            "period": period.label,
        }
        calendar.add_component(
            _event(
                f"plans-period-{period.pk}-agency-{agency.pk}@{host}",
                period.due,
                f"{title} {done}".strip(),
                url,
            )
        )
    for activity in activities.filter(lead_agency=agency):
        calendar.add_component(
            _event(
                f"plans-activity-{activity.pk}@{host}",
                activity.deadline,
                f"{_('Deadline')}: {activity}",
                settings.BASE_URL + reverse("plans:activity", args=[activity.pk]),
                activity.deliverables,
            )
        )
    return calendar.to_ical()
