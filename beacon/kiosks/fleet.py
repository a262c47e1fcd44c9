"""The state of the fleet: which kiosks are offline while their place is open, and alerts.

A kiosk is online when its last heartbeat is under 2 minutes old, stale under 15, offline
beyond. Only kiosks holding a valid token count: a retired device is not an outage. Each outage
is alerted once (``offline_alerted_at``), and the next heartbeat ends it.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from beacon.core import policy
from beacon.core.roles import Role
from beacon.kiosks.access import AREA
from beacon.kiosks.models import STALE_WITHIN, Kiosk
from beacon.kiosks.playlist import local_now


def offline_while_open(
    kiosks: list[Kiosk] | None = None, now: datetime | None = None
) -> list[Kiosk]:
    """Kiosks with a valid token, no heartbeat for 15 minutes, at a time their place is open."""
    now = now or timezone.now()
    if kiosks is None:
        kiosks = list(
            Kiosk.objects.select_related("group__agency")
            .exclude(token_hash="")
            .filter(token_revoked_at=None)
            .filter(Q(last_heartbeat_at=None) | Q(last_heartbeat_at__lt=now - STALE_WITHIN))
        )
    moment = local_now(now).time()
    return [
        k for k in kiosks if k.has_token and k.status(now) == "offline" and k.is_open_at(moment)
    ]


def _recipients(kiosk: Kiosk) -> list[str]:
    """Coordinators, and officers whose reach covers the kiosk's agency, with an e-mail."""
    users = (
        get_user_model()
        ._default_manager.filter(
            is_active=True, memberships__role__in=[Role.COORDINATOR, Role.OFFICER]
        )
        .exclude(email="")
        .distinct()
    )
    return sorted(u.email for u in users if policy.can(u, AREA, "write", kiosk.group.agency))


def _mail(kiosk_id: int) -> None:
    kiosk = Kiosk.objects.select_related("group__agency").get(pk=kiosk_id)
    recipients = _recipients(kiosk)
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Kiosk offline: %(name)s") % {"name": kiosk.name}
        seen = (
            timezone.localtime(kiosk.last_heartbeat_at).strftime("%Y-%m-%d %H:%M")
            if kiosk.last_heartbeat_at
            else gettext("never")
        )
        text = gettext(
            "The kiosk %(name)s (%(location)s) has sent no heartbeat since %(seen)s, during its "
            "opening hours. Last error: %(error)s"
        ) % {
            "name": kiosk.name,
            "location": kiosk.location or kiosk.group.name,
            "seen": seen,
            "error": kiosk.last_error() or "-",
        }
    send_mail(subject, text, None, recipients)


def check_fleet(now: datetime | None = None) -> int:
    """Alert each new outage once; returns how many kiosks were newly alerted."""
    now = now or timezone.now()
    alerted = 0
    for kiosk in offline_while_open(now=now):
        if kiosk.offline_alerted_at is not None:
            continue
        with transaction.atomic():
            updated = Kiosk.objects.filter(pk=kiosk.pk, offline_alerted_at=None).update(
                offline_alerted_at=now
            )
            if updated:
                transaction.on_commit(partial(_mail, kiosk.pk))
                alerted += 1
    return alerted
