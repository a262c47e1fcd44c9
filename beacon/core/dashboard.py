"""The admin home page greets each person with what concerns their roles.

Each area contributes lines through ``dashboard_lines``; later apps (plans, publishing,
monitoring, kiosks, training) add theirs by registering a provider here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from beacon.core import access, policy
from beacon.core.city import get_city_profile
from beacon.core.forms import confirmed_device
from beacon.core.models import Agency, AuditEvent
from beacon.core.roles import AgencyKind


@dataclass(frozen=True)
class Line:
    """One line of the dashboard: a sentence, a number, and where a click takes you."""

    text: str
    url: str
    count: int | None = None
    tone: str = "info"  # info, warning or critical


Provider = Callable[[HttpRequest], list[Line]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    _providers.append(provider)
    return provider


_TONE_ORDER = {"critical": 0, "warning": 1, "info": 2}


def dashboard_lines(request: HttpRequest) -> list[Line]:
    """Every app's lines, what needs action first (stable within a tone)."""
    lines: list[Line] = []
    for provider in _providers:
        lines.extend(provider(request))
    return sorted(lines, key=lambda line: _TONE_ORDER.get(line.tone, 3))


@register
def organisation_lines(request: HttpRequest) -> list[Line]:
    """What the coordinator watches over the organisation, and what an agency must complete."""
    user = request.user
    lines: list[Line] = []
    if policy.can(user, "audit", "read"):
        since = timezone.now() - timedelta(days=1)
        changes = AuditEvent.objects.filter(at__gte=since).count()
        lines.append(
            Line(_("changes recorded in the last 24 hours"), reverse("core_audit:index"), changes)
        )
    if policy.agency_ids_for(user, "people", "write") is policy.ALL_AGENCIES:
        users = get_user_model()._default_manager.filter(is_active=True, is_superuser=False)
        without_role = users.filter(memberships__isnull=True).count()
        if without_role:
            lines.append(
                Line(
                    _("active accounts hold no role in any agency"),
                    reverse("wagtailusers_users:index"),
                    without_role,
                    "warning",
                )
            )
        unstaffed = (
            Agency.objects.active()
            .filter(memberships__isnull=True)
            .exclude(kind=AgencyKind.PARTNER)
            .count()
        )
        if unstaffed:
            lines.append(
                Line(
                    _("agencies have nobody working in Beacon yet"),
                    reverse("core_membership:index"),
                    unstaffed,
                )
            )
    for agency in access.agencies_for_user(user, write=True).filter(
        pk__in=list(user.memberships.values_list("agency_id", flat=True))  # type: ignore[union-attr]
    ):
        if not (agency.email and agency.phone):
            lines.append(
                Line(
                    _("%(agency)s: contact details are incomplete")
                    % {"agency": agency.display_name()},
                    reverse("core_agency:edit", args=[agency.pk]),
                    tone="warning",
                )
            )
    if user.memberships.exists() and not confirmed_device(user):  # type: ignore[union-attr]
        lines.append(
            Line(
                _("Protect your account: turn on two-step login"),
                reverse("core_two_step"),
            )
        )
    return lines


class DashboardPanel(Component):
    template_name = "core/dashboard_panel.html"
    order = 10

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        user = self.request.user
        held = user.memberships.select_related("agency")  # type: ignore[union-attr]
        memberships = list(held.order_by("agency__name", "role"))
        profile = get_city_profile()
        return {
            "memberships": memberships,
            "lines": dashboard_lines(self.request),
            "city": profile,
            "agency_count": access.agencies_for_user(user).count(),
            "people_url": reverse("core_membership:index"),
            "agencies_url": reverse("core_agency:index"),
        }
