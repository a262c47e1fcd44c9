"""Training lines on the admin home: what is coming, what is full, what is running out."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.core import dashboard, policy
from beacon.core.dashboard import Line
from beacon.training import access
from beacon.training.coverage import EXPIRING_DAYS, coverage_rows
from beacon.training.models import Certificate

# The coverage window behind "agencies with nobody trained" on the dashboard.
DASHBOARD_MONTHS = 24


@dashboard.register
def training_lines(request: HttpRequest) -> list[Line]:
    user = request.user
    if not policy.can(user, access.CATALOGUE, "read"):
        return []
    today = timezone.localdate()
    sessions_url = reverse("training_session:index")
    lines: list[Line] = []
    month_end = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    this_month = (
        access.sessions_for_user(user)
        .scheduled()
        .filter(starts_on__gte=today.replace(day=1), starts_on__lt=month_end)
    )
    if this_month.exists():
        lines.append(Line(_("training sessions this month"), sessions_url, this_month.count()))
    upcoming = list(access.sessions_for_user(user).upcoming(today).with_counts())
    seats = sum(max(s.capacity - s.enrolled_count, 0) for s in upcoming)  # type: ignore[attr-defined]
    if upcoming:
        lines.append(Line(_("seats left in upcoming training sessions"), sessions_url, seats))
    people = policy.agency_ids_for(user, access.PEOPLE, "read")
    if people is not policy.ALL_AGENCIES and not people:
        return lines
    coverage_url = reverse("training_coverage")
    expiring = access.certificates_for_user(user).filter(
        pk__in=Certificate.objects.expiring_between(
            today, today + datetime.timedelta(days=EXPIRING_DAYS)
        )
    )
    if expiring.exists():
        lines.append(
            Line(
                _("training certificates expire within %(days)d days") % {"days": EXPIRING_DAYS},
                coverage_url,
                expiring.count(),
                "warning",
            )
        )
    gaps = sum(
        1
        for row in coverage_rows(people, today=today, months=DASHBOARD_MONTHS)
        if row.nobody_trained
    )
    if gaps:
        lines.append(
            Line(_("agencies have nobody trained"), coverage_url + "?gaps=1", gaps, "warning")
        )
    return lines
