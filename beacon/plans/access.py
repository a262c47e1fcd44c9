"""Access to plans, activities and reports, following the ``plans`` area of the policy.

Views never fetch these objects directly: they call the functions below, which answer 404 for
what the user may not see and 403 for what they may see but not change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from beacon.core import policy
from beacon.core.models import Agency
from beacon.core.policy import Rule, Scope
from beacon.core.roles import Role
from beacon.plans.models import Activity, ActivityQuerySet, Plan, ProgressReport

if TYPE_CHECKING:
    from beacon.core.types import UserLike

AREA = "plans"

# Everyone reads the plan of their own agency; the coordinator shapes it, officers report on it.
AREAS = {
    AREA: {
        **{role: Rule(Scope.OWN, Scope.NONE) for role in Role},
        Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
        Role.OFFICER: Rule(Scope.OWN, Scope.OWN),
    }
}


def can_edit_plans(user: UserLike) -> bool:
    """Only someone whose write scope is every agency shapes the plan and reviews reports."""
    return policy.agency_ids_for(user, AREA, "write") is policy.ALL_AGENCIES


def can_review_reports(user: UserLike) -> bool:
    return can_edit_plans(user)


def plans_for_user(user: UserLike) -> QuerySet[Plan]:
    """The plans themselves are shared by everyone who works on any part of them."""
    if not policy.can(user, AREA, "read"):
        return Plan.objects.none()
    return Plan.objects.all()


def get_plan_for_user(user: UserLike, pk: int) -> Plan:
    plan = plans_for_user(user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def activities_for_user(user: UserLike) -> ActivityQuerySet:
    ids = policy.agency_ids_for(user, AREA, "read")
    queryset = cast(ActivityQuerySet, Activity.objects.all())
    if ids is policy.ALL_AGENCIES:
        return queryset
    return queryset.for_agencies(ids)


def get_activity_for_user(user: UserLike, pk: int, *, write: bool = False) -> Activity:
    activity = (
        Activity.objects.select_related("programme__plan", "lead_agency").filter(pk=pk).first()
    )
    if activity is None:
        raise Http404
    if not activities_for_user(user).filter(pk=pk).exists():
        raise Http404
    if write and not can_edit_plans(user):
        raise PermissionDenied
    return activity


def reporting_agencies_for(user: UserLike, activity: Activity) -> list[Agency]:
    """The agencies on the activity that the user may file reports for."""
    on_activity = activity.agency_ids()
    ids = policy.agency_ids_for(user, AREA, "write")
    if ids is not policy.ALL_AGENCIES:
        on_activity &= ids
    return list(Agency.objects.filter(pk__in=on_activity).order_by("name"))


def reports_for_user(user: UserLike) -> QuerySet[ProgressReport]:
    """Reports of the user's agencies, and every report on the activities they lead."""
    queryset = ProgressReport.objects.select_related("activity", "agency", "period")
    ids = policy.agency_ids_for(user, AREA, "read")
    if ids is policy.ALL_AGENCIES:
        return queryset
    return queryset.filter(Q(agency_id__in=ids) | Q(activity__lead_agency_id__in=ids))


def get_report_for_user(user: UserLike, pk: int, *, write: bool = False) -> ProgressReport:
    report = reports_for_user(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    if write and not policy.can(user, AREA, "write", report.agency):
        raise PermissionDenied
    return report


def writable_agencies_for_user(user: UserLike) -> QuerySet[Agency]:
    """Agencies the user may act for: file their reports, manage their calendar addresses."""
    ids = policy.agency_ids_for(user, AREA, "write")
    if ids is policy.ALL_AGENCIES:
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=ids)
