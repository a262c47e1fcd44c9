"""The kiosks' lines on the admin dashboard."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.core import policy
from beacon.core.dashboard import Line, register
from beacon.kiosks import access, fleet
from beacon.kiosks.models import EmergencyNotice


@register
def kiosk_lines(request: HttpRequest) -> list[Line]:
    user = request.user
    if not policy.can(user, access.AREA, "read"):
        return []
    lines: list[Line] = []
    kiosks = list(access.kiosks_for_user(user).exclude(token_hash="").filter(token_revoked_at=None))
    down = fleet.offline_while_open(kiosks)
    for kiosk in down[:3]:
        if kiosk.last_heartbeat_at is None:
            text = _("Kiosk %(name)s is offline during opening hours: it never reported")
        else:
            text = _("Kiosk %(name)s is offline during opening hours since %(time)s")
        when = timezone.localtime(kiosk.last_heartbeat_at) if kiosk.last_heartbeat_at else None
        lines.append(
            Line(
                text % {"name": kiosk.name, "time": f"{when:%H:%M}" if when else ""},
                reverse("kiosks_fleet"),
                tone="critical",
            )
        )
    if len(down) > 3:
        lines.append(
            Line(_("more kiosks are offline"), reverse("kiosks_fleet"), len(down) - 3, "critical")
        )
    active = (
        EmergencyNotice.objects.active_at(timezone.now())
        .filter(groups__in=access.groups_for_user(user))
        .distinct()
        .count()
    )
    if active:
        lines.append(
            Line(
                _("emergency notices on the kiosks now"),
                reverse("kiosks_emergencynotice:index"),
                active,
                "warning",
            )
        )
    return lines
