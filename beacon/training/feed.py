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

from beacon.training import access, ical

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

_SALT = "beacon.training.calendar"
# Sessions that ended longer ago than this are left out of the feed.
PAST_DAYS = 180


def feed_token(user: AbstractBaseUser | AnonymousUser) -> str:
    return signing.Signer(salt=_SALT).sign(str(user.pk))


def _user_for_token(token: str) -> AbstractBaseUser | None:
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
    events = []
    for session in sessions.filter(ends_on__gte=since).order_by("starts_on"):
        events.append(
            ical.Event(
                uid=f"training-session-{session.pk}@beacon",
                summary=session.course.title,
                start=datetime.datetime.combine(session.starts_on, session.day_starts_at, tz),
                end=datetime.datetime.combine(session.ends_on, session.day_ends_at, tz),
                location=session.place or session.online_url,
                description=session.course.summary,
                url=base_url.rstrip("/") + reverse("training_session_roster", args=[session.pk]),
                cancelled=session.is_cancelled,
            )
        )
    return ical.calendar(_("Training sessions"), events, now=timezone.now())
