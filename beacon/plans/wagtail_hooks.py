"""The plans app in the admin: the Plans menu, its screens, the editors and dashboard lines."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from beacon.core import dashboard, policy
from beacon.plans import access, admin_urls
from beacon.plans.admin_views import structure_viewsets
from beacon.plans.models import ReportStatus
from beacon.plans.reporting import owed_reports


def reader(user: Any) -> bool:
    return policy.can(user, access.AREA, "read")


class _PlansMenuItem(MenuItem):
    """A menu entry shown to whoever the ``shown`` test lets through."""

    def __init__(self, *args: Any, shown: Any = reader, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shown = shown

    def is_shown(self, request: HttpRequest) -> bool:
        return bool(self.shown(request.user))


@hooks.register("register_admin_urls")
def register_plans_urls() -> list[Any]:
    return [path("plans/", include((admin_urls, "plans"), namespace="plans"))]


@hooks.register("register_admin_viewset")
def register_structure_viewsets() -> list[Any]:
    return structure_viewsets()


def plans_menu_items() -> list[MenuItem]:
    editor = access.can_edit_plans
    return [
        _PlansMenuItem(
            gettext_lazy("Dashboard"), reverse_lazy("plans:dashboard"), icon_name="tasks", order=10
        ),
        _PlansMenuItem(
            gettext_lazy("Activities"),
            reverse_lazy("plans:activities"),
            icon_name="list-ul",
            order=20,
        ),
        _PlansMenuItem(
            gettext_lazy("Progress reports"),
            reverse_lazy("plans:reports"),
            icon_name="doc-full",
            order=30,
        ),
        _PlansMenuItem(
            gettext_lazy("Timeline"), reverse_lazy("plans:timeline"), icon_name="calendar", order=40
        ),
        _PlansMenuItem(
            gettext_lazy("Who does what"), reverse_lazy("plans:matrix"), icon_name="table", order=50
        ),
        _PlansMenuItem(
            gettext_lazy("Deadline calendars"),
            reverse_lazy("plans:calendars"),
            icon_name="date",
            order=60,
            shown=lambda user: policy.can(user, access.AREA, "write"),
        ),
        _PlansMenuItem(
            gettext_lazy("Import a plan"),
            reverse_lazy("plans:import"),
            icon_name="upload",
            order=70,
            shown=editor,
        ),
        _PlansMenuItem(
            gettext_lazy("Edit plans"),
            reverse_lazy("plans_plan:index"),
            icon_name="folder-open-inverse",
            order=80,
            shown=editor,
        ),
        _PlansMenuItem(
            gettext_lazy("Edit programmes"),
            reverse_lazy("plans_programme:index"),
            icon_name="folder-inverse",
            order=81,
            shown=editor,
        ),
        _PlansMenuItem(
            gettext_lazy("Edit activities"),
            reverse_lazy("plans_activity:index"),
            icon_name="edit",
            order=82,
            shown=editor,
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_plans_menu() -> MenuItem:
    menu = Menu(items=plans_menu_items())
    return SubmenuMenuItem(gettext_lazy("Plans"), menu, icon_name="tasks", order=200)


@dashboard.register
def plan_lines(request: HttpRequest) -> list[dashboard.Line]:
    """Late activities, reports waiting for review or sent back, deadlines in the next week."""
    user = request.user
    if not policy.can(user, access.AREA, "read"):
        return []
    today = timezone.localdate()
    activities = access.activities_for_user(user)
    lines: list[dashboard.Line] = []
    late = activities.overdue(today).count()
    if late:
        lines.append(
            dashboard.Line(
                _("activities of the plan are late"),
                reverse("plans:activities") + "?status=late",
                late,
                "critical",
            )
        )
    if access.can_review_reports(user):
        waiting = access.reports_for_user(user).filter(status=ReportStatus.SUBMITTED).count()
        if waiting:
            lines.append(
                dashboard.Line(
                    _("progress reports wait for your review"),
                    reverse("plans:reports") + "?status=submitted",
                    waiting,
                    "warning",
                )
            )
    else:
        returned = access.reports_for_user(user).filter(status=ReportStatus.RETURNED).count()
        if returned:
            lines.append(
                dashboard.Line(
                    _("of your reports were sent back for changes"),
                    reverse("plans:reports") + "?status=returned",
                    returned,
                    "warning",
                )
            )
    reach = policy.agency_ids_for(user, access.AREA, "read")
    upcoming = sum(len(owed.agencies) for owed in owed_reports(activities, today, 7, reach))
    if upcoming:
        lines.append(
            dashboard.Line(
                _("reports fall due in the next 7 days and are not filed yet"),
                reverse("plans:dashboard") + "#upcoming",
                upcoming,
            )
        )
    return lines
