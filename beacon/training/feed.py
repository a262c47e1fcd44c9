"""The iCalendar feed of training sessions, one private address per person.

Calendar clients cannot log in, so the address carries a signed token naming the person; what
the feed lists is decided at each fetch by that person's current roles, so taking away the
roles (or the account) empties it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from beacon.training import access

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

_SALT = "beacon.training.calendar"
# Sessions that ended longer ago than this are left out of the feed.
PAST_DAYS = 180


def feed_token(user: User | AnonymousUser) -> str:
    return signing.Signer(salt=_SALT).sign(str(user.pk))


def _user_for_token(token: str) -> User | None:
    try:
        pk = int(signing.Signer(salt=_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return get_user_model()._default_manager.filter(pk=pk, is_active=True).first()


def feed_for_token(token: str, base_url: str) -> str | None:
    """The calendar for the person the token names, or None for a bad token or no access."""
    user = _user_for_token(token)
    if user is None:
        return None
    sessions = access.sessions_for_user(user)
    if not sessions.exists():
        return None
    since = timezone.localdate() - datetime.timedelta(days=PAST_DAYS)
    tz = timezone.get_current_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//Beacon//Training//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Training sessions"))
    now = timezone.now()
    for session in sessions.filter(ends_on__gte=since).order_by("starts_on"):
        start = datetime.datetime.combine(session.starts_on, session.day_starts_at, tz)
        end = datetime.datetime.combine(session.ends_on, session.day_ends_at, tz)
        event = Event()
        event.add("uid", f"training-session-{session.pk}@beacon")
        event.add("dtstamp", now)
        event.add("dtstart", start.astimezone(datetime.UTC))
        event.add("dtend", end.astimezone(datetime.UTC))
        event.add("summary", session.course.title)
        if location := session.place or session.online_url:
            event.add("location", location)
        if session.course.summary:
            event.add("description", session.course.summary)
        event.add(
            "url", base_url.rstrip("/") + reverse("training_session_roster", args=[session.pk])
        )
        event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
