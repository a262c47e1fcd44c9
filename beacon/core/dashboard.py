"""The admin home page greets each person with what concerns their roles.

Each area contributes lines through ``dashboard_lines``; later apps (plans, publishing,
monitoring, kiosks, training) add theirs by registering a provider here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from beacon.core import access, policy
from beacon.core.city import get_city_profile
from beacon.core.models import Agency, AuditEvent


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


def dashboard_lines(request: HttpRequest) -> list[Line]:
    lines: list[Line] = []
    for provider in _providers:
        lines.extend(provider(request))
    return lines


@register
def organisation_lines(request: HttpRequest) -> list[Line]:
    user = request.user
    lines: list[Line] = []
    if policy.can(user, "audit", "read"):
        since = timezone.now() - timezone.timedelta(days=1)
        changes = AuditEvent.objects.filter(at__gte=since).count()
        lines.append(
            Line(_("changes recorded in the last 24 hours"), reverse("core_audit:index"), changes)
        )
        without_role = (
            get_user_model()
            ._default_manager.filter(is_active=True, memberships__isnull=True, is_superuser=False)
            .count()
        )
        if without_role:
            lines.append(
                Line(
                    _("active accounts hold no role in any agency"),
                    reverse("wagtailusers_users:index"),
                    without_role,
                    "warning",
                )
            )
        inactive = Agency.objects.filter(is_active=False).count()
        if inactive:
            lines.append(
                Line(
                    _("agencies are inactive"),
                    reverse("core_agency:index") + "?is_active=false",
                    inactive,
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
        memberships = list(
            user.memberships.select_related("agency").order_by("agency__name", "role")
        )  # type: ignore[union-attr]
        profile = get_city_profile()
        return {
            "memberships": memberships,
            "lines": dashboard_lines(self.request),
            "city": profile,
            "agency_count": access.agencies_for_user(user).count(),
            "people_url": reverse("core_membership:index"),
            "agencies_url": reverse("core_agency:index"),
        }
