"""Who may read which insights: the scopes (whole city, or one agency with its units) a person
may choose, through the ``insights`` area of the policy."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from beacon.core import policy
from beacon.core.models import Agency
from beacon.core.roles import AgencyKind

AREA = "insights"
# Agencies a coordinator can pick as a scope: those that own work, not each commune.
SCOPE_KINDS = (AgencyKind.LEAD, AgencyKind.DEPARTMENT, AgencyKind.DISTRICT, AgencyKind.BORDER_GATE)


def can_read(user: Any) -> bool:
    return policy.can(user, AREA, "read")


def can_manage(user: Any) -> bool:
    """Storing reports and publishing figures is the coordinator's (a write scope of ALL)."""
    return policy.agency_ids_for(user, AREA, "write") is policy.ALL_AGENCIES


def scopes_for_user(user: Any) -> list[Agency | None]:
    """What the person may choose: None (the whole city) and agencies, or their own agencies.

    An officer's scopes are the top agencies of their reach: a district officer gets the
    district (its communes are counted inside it), never the whole city.
    """
    ids = policy.agency_ids_for(user, AREA, "read")
    if ids is policy.ALL_AGENCIES:
        agencies = Agency.objects.filter(kind__in=SCOPE_KINDS).order_by("kind", "name")
        return [None, *agencies]
    assert ids is not None  # noqa: S101  (ALL_AGENCIES handled above)
    reach = Agency.objects.filter(pk__in=ids).order_by("name")
    return [agency for agency in reach if agency.parent_id not in ids]


def get_scope_for_user(user: Any, agency_pk: int | None) -> Agency | None:
    """The scope asked for, if the person may read it; their first scope when none is asked."""
    if not can_read(user):
        raise PermissionDenied
    ids = policy.agency_ids_for(user, AREA, "read")
    if agency_pk is None:
        if ids is policy.ALL_AGENCIES:
            return None
        scopes = scopes_for_user(user)
        if not scopes:
            raise PermissionDenied
        return scopes[0]
    agency = Agency.objects.filter(pk=agency_pk).first()
    if agency is None:
        raise PermissionDenied
    if ids is not policy.ALL_AGENCIES and agency.pk not in ids:
        raise PermissionDenied
    return agency
